package io.jkeepalived.exec;

import java.time.Duration;

/**
 * How a script ended.
 *
 * @param outcome    which kind of end
 * @param exitStatus the exit status (0-255) when {@link Outcome#EXITED}, else -1
 * @param signal     the signal that ended it when {@link Outcome#SIGNALLED}, else 0
 * @param elapsed    from the request to the result
 * @param detail     a short explanation for the log (empty when it simply exited)
 */
public record ScriptResult(Outcome outcome, int exitStatus, int signal, Duration elapsed, String detail) {
    public enum Outcome {
        /** The script ran and exited by itself with {@link #exitStatus()}. */
        EXITED,
        /** A signal that the runner did not send ended the script (the OOM killer, a crash, an operator). */
        SIGNALLED,
        /** The timeout struck first; the script's process group is being (or has been) killed. */
        TIMED_OUT,
        /**
         * The script never ran: the program is missing or not executable, too many scripts were queued, it could
         * not start before its timeout, or the runner is closed. Says nothing about what the script checks.
         */
        NOT_STARTED
    }

    static ScriptResult exited(int status, Duration elapsed) {
        return new ScriptResult(Outcome.EXITED, status, 0, elapsed, "");
    }

    static ScriptResult signalled(int signal, Duration elapsed) {
        return new ScriptResult(Outcome.SIGNALLED, -1, signal, elapsed, "killed by signal " + signal);
    }

    static ScriptResult timedOut(Duration timeout, Duration elapsed) {
        return new ScriptResult(Outcome.TIMED_OUT, -1, 0, elapsed, "timed out after " + seconds(timeout));
    }

    static ScriptResult notStarted(String why, Duration elapsed) {
        return new ScriptResult(Outcome.NOT_STARTED, -1, 0, elapsed, why);
    }

    /** Whether the script exited by itself with status 0. */
    public boolean succeeded() {
        return outcome == Outcome.EXITED && exitStatus == 0;
    }

    static String seconds(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + " s" : String.format("%.3f s", millis / 1000.0);
    }

    @Override
    public String toString() {
        return switch (outcome) {
            case EXITED -> "exited with status " + exitStatus;
            case SIGNALLED, TIMED_OUT, NOT_STARTED -> detail;
        };
    }
}
