package io.jkeepalived.sched;

import java.util.OptionalInt;

/**
 * keepalived's answer to a loop that runs late on a loaded machine: when a timer runs more than
 * {@code min_auto_priority_delay} after it was due, the part moves to real-time scheduling (SCHED_RR at its
 * lowest priority, 1) or, if it already has a real-time priority, one step up, never beyond
 * {@code max_auto_priority}. With {@code max_auto_priority} 0 (the default) or -1 it never moves; the late
 * timer is still worth a log line.
 *
 * <p>Pure: the loop tells it when a timer was due and when it ran, both on the loop's own clock, and it
 * answers with the priority to set; the system call is the caller's. One loop thread owns each instance.
 */
public final class AutoPriority {

    /** sched_get_priority_min(SCHED_RR) on Linux. */
    static final int MIN_RR_PRIORITY = 1;

    private final int max;
    private final long minDelayNanos;
    private int current;

    /**
     * @param maxAutoPriority highest priority to raise to; 0 or -1 for never
     * @param minDelayNanos lateness that counts (keepalived: strictly more than this)
     * @param currentRealtimePriority the priority the thread runs at now, 0 when not real-time
     */
    public AutoPriority(int maxAutoPriority, long minDelayNanos, int currentRealtimePriority) {
        this.max = maxAutoPriority;
        this.minDelayNanos = minDelayNanos;
        this.current = currentRealtimePriority;
    }

    /** Whether a timer due at {@code dueNanos} that ran at {@code ranNanos} was late enough to count. */
    public boolean isLate(long dueNanos, long ranNanos) {
        return minDelayNanos > 0 && ranNanos - dueNanos > minDelayNanos;
    }

    /**
     * A timer ran late (see {@link #isLate}): the real-time priority to move to, or empty when it stays
     * (never raising, or already at or above the maximum).
     */
    public OptionalInt onLateTimer() {
        if (max <= 0) {
            return OptionalInt.empty();
        }
        if (current == 0) {
            current = MIN_RR_PRIORITY;
            return OptionalInt.of(current);
        }
        if (current >= max) {
            return OptionalInt.empty();
        }
        current++;
        return OptionalInt.of(current);
    }

    /** The setting of the priority failed: it is not what we believe. */
    public void failed(int previous) {
        current = previous;
    }

    /** The real-time priority the thread has now (as far as this object knows), 0 for none. */
    public int current() {
        return current;
    }
}
