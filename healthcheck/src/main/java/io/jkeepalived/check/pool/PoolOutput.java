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
}
