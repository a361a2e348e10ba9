package io.jkeepalived.check.pool;

import java.util.Objects;
import java.util.Optional;

import io.jkeepalived.exec.ScriptRequest;
import io.jkeepalived.ipvs.RealServerDest;

/**
 * One real server of a virtual server's pool.
 *
 * @param destination      the destination as configured (its weight is the configured one; the live weight comes
 *                         from the checkers)
 * @param inhibitOnFailure {@code inhibit_on_failure}: kept at weight 0 while down instead of being removed
 * @param notifyUp         run when the server comes up (not at start-up: keepalived's {@code rs_init_notifies}
 *                         is off by default)
 * @param notifyDown       run when it goes down
 */
public record PoolMember(RealServerDest destination, boolean inhibitOnFailure, Optional<ScriptRequest> notifyUp,
                         Optional<ScriptRequest> notifyDown) {
    public PoolMember {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(notifyUp, "notifyUp");
        Objects.requireNonNull(notifyDown, "notifyDown");
    }

    public static PoolMember of(RealServerDest destination) {
        return new PoolMember(destination, false, Optional.empty(), Optional.empty());
    }
}
