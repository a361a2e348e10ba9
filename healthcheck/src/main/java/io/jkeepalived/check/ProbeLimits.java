package io.jkeepalived.check;

/**
 * Bounds on what one HTTP_GET/SSL_GET attempt reads, so that a hostile or broken server costs a bounded amount.
 * Together with the one connect_timeout deadline per attempt, these end every attempt.
 *
 * @param maxHeaderBytes   the status line and headers, up to and including the blank line. keepalived reads
 *                         them into a 4 KiB buffer and fails a server whose header does not fit (it reports "no
 *                         data received"); we default to 8 KiB, a little more lenient
 * @param maxResponseBytes the whole response; more is a failure (keepalived has no limit and reads until the
 *                         server closes, however long that takes)
 */
public record ProbeLimits(int maxHeaderBytes, long maxResponseBytes) {
    public static final ProbeLimits DEFAULT = new ProbeLimits(8 * 1024, 8L * 1024 * 1024);

    public ProbeLimits {
        if (maxHeaderBytes < 64 || maxResponseBytes < maxHeaderBytes) {
            throw new IllegalArgumentException("maxHeaderBytes must be at least 64 and at most maxResponseBytes");
        }
    }
}
