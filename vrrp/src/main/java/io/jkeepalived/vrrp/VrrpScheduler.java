package io.jkeepalived.vrrp;

/**
 * Time for the state machine: a monotonic clock and one-shot timers. The daemon backs it with its
 * event loop; tests with a fake clock. All callbacks must run on the thread that drives the
 * instance (the instance is not thread-safe, by design: one event loop owns it).
 */
public interface VrrpScheduler {

    /** Monotonic nanoseconds (like {@link System#nanoTime()}). */
    long nanoTime();

    /** Runs {@code task} once, {@code delayNanos} from now (0 or less: as soon as possible, never inline). */
    Timer schedule(long delayNanos, Runnable task);

    /**
     * As {@link #schedule}, for a timer whose lateness delays a takeover (the master down timer): the
     * implementation may spend a little CPU to fire it closer to its deadline than its normal wake-up
     * latency allows. The default is {@link #schedule}.
     */
    default Timer schedulePrecise(long delayNanos, Runnable task) {
        return schedule(delayNanos, task);
    }

    /** A scheduled task. */
    interface Timer {
        /** Cancels the task if it has not run; harmless otherwise. */
        void cancel();
    }
}
