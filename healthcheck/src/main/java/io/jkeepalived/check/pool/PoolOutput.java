package io.jkeepalived.check.pool;

import io.jkeepalived.exec.ScriptRequest;
import io.jkeepalived.ipvs.reconcile.ServiceConfig;

/**
 * Where a {@link ServicePool} sends its decisions. Called on the thread that feeds the pool (the checkers' event
 * loop): both methods must return at once and never block. Production: {@link PoolManager} queues the table for
 * the reconciler's thread and hands scripts to the {@code ScriptRunner}; tests record the calls.
 */
public interface PoolOutput {

    /** The service as it should be in the kernel now (only called when that changed). */
    void publish(ServiceConfig desired);

    /** Starts a notify or quorum script; its outcome is the runner's business (logged, never waited for). */
    void runScript(ScriptRequest script);

    /**
     * A real server went up or down (keepalived's notify FIFO "RS" line), where its notify_up/down would run,
     * whether it has one or not; on stop with omega, each live one goes down.
     */
    default void realServerChanged(int member, boolean alive) {
    }

    /**
     * The quorum changed (keepalived's "VS" line), where quorum_up/down would run, whether there is one or not;
     * on stop with omega, it goes down whatever it was.
     */
    default void quorumChanged(boolean up) {
    }

    /**
     * The quorum changed at start ({@code initial}) or on a health change (not on stop), with the live real servers'
     * weight it was judged on: what keepalived's quorum mail reports. Called right after {@link #quorumChanged}.
     */
    default void quorumJudged(boolean up, boolean initial, long weightSum) {
    }
}
