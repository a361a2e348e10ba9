package io.jkeepalived.check;

import java.util.Optional;

/**
 * One checker of a real server as the checkers' loop last saw it, for status reports: read-only values, safe on
 * any thread. Ages are nanoseconds before the moment the status was taken, so that the reader turns them into
 * wall-clock instants with its own clock.
 *
 * @param target              what it checks ("192.0.2.10:80", the MISC_CHECK command)
 * @param up                  the checker's verdict now
 * @param last                the last attempt that finished, empty before the first
 * @param failures            failed attempts since it started
 * @param consecutiveFailures failed attempts since the last success
 */
public record CheckerStatus(CheckerKind kind, String target, boolean up, Optional<LastCheck> last, long attempts,
                            long failures, int consecutiveFailures) {
    /**
     * @param result "success", "failure" or "indeterminate" (the check could not even be attempted)
     * @param detail why, as the log says it
     */
    public record LastCheck(long ageNanos, String result, String detail) {
    }
}
