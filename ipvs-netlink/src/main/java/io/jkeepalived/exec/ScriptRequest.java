package io.jkeepalived.exec;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One run of a script.
 *
 * @param command the program and its arguments
 * @param timeout the longest the caller waits, counted from the request (time spent queued behind other
 *                scripts included): then the result is {@code TIMED_OUT} (or {@code NOT_STARTED} if it never
 *                started) and the script's whole process group is killed
 * @param runAs   the user to run as; empty: the daemon's own user
 */
public record ScriptRequest(ScriptCommand command, Duration timeout, Optional<RunAs> runAs) {
    public ScriptRequest {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(runAs, "runAs");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a script timeout must be positive, not " + timeout);
        }
    }

    public ScriptRequest(ScriptCommand command, Duration timeout) {
        this(command, timeout, Optional.empty());
    }
}
