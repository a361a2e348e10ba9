package io.jkeepalived.config.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The scripts run on state changes of a VRRP instance or sync group.
 *
 * <p>{@code any} ({@code notify}) runs after the specific script of the transition, with four extra
 * arguments: {@code INSTANCE|GROUP}, the name, {@code MASTER|BACKUP|FAULT|STOP} and the priority. The
 * others get only the arguments written in their command line.
 *
 * @param master           {@code notify_master}
 * @param backup           {@code notify_backup}
 * @param fault            {@code notify_fault}
 * @param stop             {@code notify_stop}
 * @param any              {@code notify}
 * @param masterRxLowerPri {@code notify_master_rx_lower_pri}; VRRP instances only, always empty for a group
 */
public record NotifyScripts(Optional<ScriptCommand> master, Optional<ScriptCommand> backup,
                            Optional<ScriptCommand> fault, Optional<ScriptCommand> stop,
                            Optional<ScriptCommand> any, Optional<ScriptCommand> masterRxLowerPri) {
    public static final NotifyScripts NONE = new NotifyScripts(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty());

    public NotifyScripts {
        Objects.requireNonNull(master, "master");
        Objects.requireNonNull(backup, "backup");
        Objects.requireNonNull(fault, "fault");
        Objects.requireNonNull(stop, "stop");
        Objects.requireNonNull(any, "any");
        Objects.requireNonNull(masterRxLowerPri, "masterRxLowerPri");
    }

    public boolean isEmpty() {
        return equals(NONE);
    }
}
