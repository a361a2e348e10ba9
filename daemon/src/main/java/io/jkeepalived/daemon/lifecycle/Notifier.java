package io.jkeepalived.daemon.lifecycle;

/**
 * Tells the service manager how the daemon is doing (sd_notify(3) states: READY=1, RELOADING=1, STOPPING=1,
 * STATUS=...). A seam so that the lifecycle is tested without systemd.
 */
@FunctionalInterface
public interface Notifier {
    /** Does nothing: not started by systemd. */
    Notifier NONE = state -> { };

    /**
     * Sends one notification; must never throw nor block for long.
     *
     * @param state newline-separated {@code VARIABLE=value} lines
     */
    void send(String state);

    /** CLOCK_MONOTONIC in microseconds, as RELOADING=1 wants it (MONOTONIC_USEC). */
    static long monotonicMicros() {
        // HotSpot's System.nanoTime() on Linux is clock_gettime(CLOCK_MONOTONIC): the clock systemd compares with.
        return System.nanoTime() / 1_000;
    }
}
