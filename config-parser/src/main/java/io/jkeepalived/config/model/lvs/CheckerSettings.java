package io.jkeepalived.config.model.lvs;

import java.time.Duration;
import java.util.Objects;

/**
 * The effective schedule of one checker, after inheritance checker -> real server -> virtual server and the
 * checker kind's defaults (retry: 1, MISC_CHECK 0, DNS_CHECK 3; delay_before_retry: 1 s, HTTP_GET/SSL_GET 3 s,
 * DNS_CHECK delay_loop; warmup: delay_loop).
 *
 * <p>A real server goes down after {@code 1 + retry} consecutive failed attempts spaced {@code delayBeforeRetry};
 * attempts are otherwise {@code delayLoop} apart; the first one waits a random time up to {@code warmup}.
 *
 * @param alpha          the real server starts down and needs one success to come up
 * @param logAllFailures log every failure, not only state changes
 */
public record CheckerSettings(Duration delayLoop, long retry, Duration delayBeforeRetry, Duration warmup,
                              boolean alpha, boolean logAllFailures) {
    public CheckerSettings {
        Objects.requireNonNull(delayLoop, "delayLoop");
        Objects.requireNonNull(delayBeforeRetry, "delayBeforeRetry");
        Objects.requireNonNull(warmup, "warmup");
        if (retry < 0) {
            throw new IllegalArgumentException("retry " + retry);
        }
    }
}
