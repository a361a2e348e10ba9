package io.jkeepalived.config.model.lvs;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The checker timings a virtual server passes to its real servers and a real server to its checkers, as
 * effective at that level. {@code retry}, {@code delayBeforeRetry} and {@code warmup} stay empty when no level
 * above the checker set them: the checker kind then decides (see {@link CheckerSettings}).
 *
 * @param delayLoop      {@code delay_loop}, 60 s unless set
 * @param connectTimeout {@code connect_timeout}, 5 s unless set
 */
public record CheckDefaults(Duration delayLoop, Duration connectTimeout, OptionalLong retry,
                            Optional<Duration> delayBeforeRetry, Optional<Duration> warmup) {
    public static final Duration DEFAULT_DELAY_LOOP = Duration.ofSeconds(60);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final CheckDefaults KEEPALIVED = new CheckDefaults(DEFAULT_DELAY_LOOP, DEFAULT_CONNECT_TIMEOUT,
            OptionalLong.empty(), Optional.empty(), Optional.empty());

    public CheckDefaults {
        Objects.requireNonNull(delayLoop, "delayLoop");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(delayBeforeRetry, "delayBeforeRetry");
        Objects.requireNonNull(warmup, "warmup");
    }
}
