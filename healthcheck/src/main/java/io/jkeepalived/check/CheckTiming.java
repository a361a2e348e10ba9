package io.jkeepalived.check;

import java.time.Duration;
import java.util.Objects;

/**
 * When a checker runs, resolved from the checker, real server and virtual server blocks (the most specific wins).
 *
 * @param delayLoop        {@code delay_loop}: after a completed check (for MISC_CHECK: after the start of the
 *                         previous run), wait this long. keepalived's default: 60 s
 * @param delayBeforeRetry {@code delay_before_retry}: the wait before a retry. Default 3 s for HTTP_GET and
 *                         SSL_GET, delay_loop for DNS_CHECK, 1 s for the others
 * @param retry            {@code retry} ({@code nb_get_retry}): how many more failed attempts a live server gets
 *                         before it is declared down. Default 1, 0 for MISC_CHECK, 3 for DNS_CHECK
 * @param warmup           {@code warmup}: the first check waits a random time up to this. Default: delay_loop
 * @param alpha            {@code alpha}: the checker starts failed (its real server down) until its first success
 */
public record CheckTiming(Duration delayLoop, Duration delayBeforeRetry, int retry, Duration warmup, boolean alpha) {
    /** keepalived's default {@code delay_loop}. */
    public static final Duration DEFAULT_DELAY_LOOP = Duration.ofSeconds(60);

    public CheckTiming {
        Objects.requireNonNull(delayLoop, "delayLoop");
        Objects.requireNonNull(delayBeforeRetry, "delayBeforeRetry");
        Objects.requireNonNull(warmup, "warmup");
        if (delayLoop.isNegative() || delayLoop.isZero()) {
            throw new IllegalArgumentException("delay_loop must be positive");
        }
        if (delayBeforeRetry.isNegative() || warmup.isNegative()) {
            throw new IllegalArgumentException("delay_before_retry and warmup must not be negative");
        }
        if (retry < 0) {
            throw new IllegalArgumentException("retry must not be negative");
        }
    }

    /** keepalived's defaults for a checker of this kind with this delay_loop (warmup = delay_loop, no alpha). */
    public static CheckTiming keepalivedDefaults(CheckerKind kind, Duration delayLoop) {
        Duration beforeRetry = kind.defaultDelayBeforeRetry() == null ? delayLoop : kind.defaultDelayBeforeRetry();
        return new CheckTiming(delayLoop, beforeRetry, kind.defaultRetry(), delayLoop, false);
    }

    public CheckTiming withRetry(int retry) {
        return new CheckTiming(delayLoop, delayBeforeRetry, retry, warmup, alpha);
    }

    public CheckTiming withDelayBeforeRetry(Duration delayBeforeRetry) {
        return new CheckTiming(delayLoop, delayBeforeRetry, retry, warmup, alpha);
    }

    public CheckTiming withWarmup(Duration warmup) {
        return new CheckTiming(delayLoop, delayBeforeRetry, retry, warmup, alpha);
    }

    public CheckTiming withAlpha(boolean alpha) {
        return new CheckTiming(delayLoop, delayBeforeRetry, retry, warmup, alpha);
    }
}
