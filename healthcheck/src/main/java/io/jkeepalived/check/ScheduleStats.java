package io.jkeepalived.check;

import java.time.Duration;

/**
 * How late attempts start compared with when they were due (the schedule drift): each attempt is due at the
 * previous one's end (or start, for MISC_CHECK) plus its delay; the drift is how much later it actually began.
 * Kept as a log2 histogram of microseconds, cheap enough to record every attempt.
 */
public final class ScheduleStats {
    private static final int BUCKETS = 40;

    private final long[] histogram = new long[BUCKETS];
    private long count;
    private long sumNanos;
    private long maxNanos;
    private long attempts;
    private long successes;
    private long failures;
    private long indeterminate;
    /** Failure and no-verdict reasons with their counts, at most MAX_REASONS distinct ones. */
    private final java.util.Map<String, Long> reasons = new java.util.LinkedHashMap<>();
    private static final int MAX_REASONS = 32;

    /** A copy of the figures at one moment. */
    public record Snapshot(long attempts, long successes, long failures, long indeterminate, long samples,
                           Duration mean, Duration p50, Duration p99, Duration p999, Duration max,
                           java.util.Map<String, Long> reasons) {
        @Override
        public String toString() {
            return String.format("%d attempts (%d ok, %d failed, %d no verdict); start drift: mean %s, p50 < %s, "
                            + "p99 < %s, p99.9 < %s, max %s", attempts, successes, failures, indeterminate,
                    micros(mean), micros(p50), micros(p99), micros(p999), micros(max));
        }

        private static String micros(Duration d) {
            long us = d.toNanos() / 1000;
            return us >= 10_000 ? String.format("%.1f ms", us / 1000.0) : us + " us";
        }
    }

    synchronized void recordDrift(long nanos) {
        long n = Math.max(0, nanos);
        count++;
        sumNanos += n;
        maxNanos = Math.max(maxNanos, n);
        long micros = n / 1000;
        int bucket = micros == 0 ? 0 : Math.min(BUCKETS - 1, 64 - Long.numberOfLeadingZeros(micros));
        histogram[bucket]++;
    }

    synchronized void recordResult(ProbeResult.Kind kind, String detail) {
        if (kind != ProbeResult.Kind.SUCCESS) {
            // Digits vary (ports, sizes, times); fold them so that the same reason counts once.
            String reason = kind + ": " + detail.replaceAll("[0-9]+", "N");
            if (reasons.containsKey(reason) || reasons.size() < MAX_REASONS) {
                reasons.merge(reason, 1L, Long::sum);
            }
        }
        attempts++;
        switch (kind) {
            case SUCCESS -> successes++;
            case FAILURE -> failures++;
            case INDETERMINATE -> indeterminate++;
        }
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(attempts, successes, failures, indeterminate, count,
                Duration.ofNanos(count == 0 ? 0 : sumNanos / count), quantile(0.5), quantile(0.99), quantile(0.999),
                Duration.ofNanos(maxNanos), java.util.Map.copyOf(reasons));
    }

    /** Clears the figures, e.g. after a warm-up period. */
    public synchronized void reset() {
        java.util.Arrays.fill(histogram, 0);
        count = 0;
        sumNanos = 0;
        maxNanos = 0;
        attempts = 0;
        successes = 0;
        failures = 0;
        indeterminate = 0;
        reasons.clear();
    }

    /** The upper bound of the bucket holding quantile q. */
    private Duration quantile(double q) {
        if (count == 0) {
            return Duration.ZERO;
        }
        long rank = (long) Math.ceil(q * count);
        long seen = 0;
        for (int b = 0; b < BUCKETS; b++) {
            seen += histogram[b];
            if (seen >= rank) {
                long upperMicros = b == 0 ? 1 : 1L << b;
                return Duration.ofNanos(Math.min(upperMicros * 1000, Math.max(maxNanos, 1000)));
            }
        }
        return Duration.ofNanos(maxNanos);
    }
}
