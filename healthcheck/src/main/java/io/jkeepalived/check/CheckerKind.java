package io.jkeepalived.check;

import java.time.Duration;

/** The checker keywords jkeepalived runs, with keepalived's per-kind defaults. */
public enum CheckerKind {
    TCP_CHECK(1, Duration.ofSeconds(1)),
    HTTP_GET(1, Duration.ofSeconds(3)),
    SSL_GET(1, Duration.ofSeconds(3)),
    MISC_CHECK(0, Duration.ofSeconds(1)),
    /** check_dns.c: retry 3, and no delay_before_retry of its own (null: it waits delay_loop). */
    DNS_CHECK(3, null),
    UDP_CHECK(1, Duration.ofSeconds(1)),
    PING_CHECK(1, Duration.ofSeconds(1)),
    SMTP_CHECK(1, Duration.ofSeconds(1)),
    /** Follows a track_file: never probed, so no retry and no delays of its own (check_file.c). */
    FILE_CHECK(0, null);

    private final int defaultRetry;
    private final Duration defaultDelayBeforeRetry;

    CheckerKind(int defaultRetry, Duration defaultDelayBeforeRetry) {
        this.defaultRetry = defaultRetry;
        this.defaultDelayBeforeRetry = defaultDelayBeforeRetry;
    }

    /** keepalived's default {@code retry} for this kind (check_api.c, check_misc.c). */
    public int defaultRetry() {
        return defaultRetry;
    }

    /**
     * keepalived's default {@code delay_before_retry} for this kind (check_api.c, check_http.c); null when the
     * kind's default is its delay_loop (DNS_CHECK).
     */
    public Duration defaultDelayBeforeRetry() {
        return defaultDelayBeforeRetry;
    }
}
