package io.jkeepalived.config.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A FIFO that state-change events are written to ({@code notify_fifo}, {@code vrrp_notify_fifo},
 * {@code lvs_notify_fifo}), with the script keepalived starts to read it.
 *
 * @param path   the FIFO's path
 * @param owner  the user (and group) the FIFO is created for; empty means the default script user
 * @param script the reader keepalived runs, given the FIFO's path as its last argument
 */
public record NotifyFifo(String path, Optional<ScriptUser> owner, Optional<ScriptCommand> script) {
    public NotifyFifo {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(script, "script");
    }
}
