package io.jkeepalived.vrrp.track;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a script with a timeout, off the caller's thread; the event loop continues with
 * {@code whenCompleteAsync(action, loop)} and never waits. {@link RunnerScriptExecutor} runs them on the
 * shared io.jkeepalived.exec.ScriptRunner; tests use fakes.
 */
public interface ScriptExecutor extends AutoCloseable {

    /**
     * @param argv    the program and its arguments
     * @param user    run as this user (empty: the daemon's own)
     * @param group   with this group (empty: the user's own)
     * @param timeout after it the script's processes are killed and the outcome is TIMED_OUT
     */
    CompletableFuture<ScriptOutcome> run(List<String> argv, Optional<String> user, Optional<String> group,
                                         Duration timeout);

    @Override
    void close();

    /** How a script run ended. */
    record ScriptOutcome(Kind kind, int exitStatus, String detail) {
        public enum Kind { EXITED, SIGNALLED, TIMED_OUT, NOT_STARTED }

        public boolean succeeded() {
            return kind == Kind.EXITED && exitStatus == 0;
        }

        @Override
        public String toString() {
            return kind == Kind.EXITED ? "exited with status " + exitStatus : detail;
        }
    }
}
