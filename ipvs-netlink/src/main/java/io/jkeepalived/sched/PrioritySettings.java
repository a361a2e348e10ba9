package io.jkeepalived.sched;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What keepalived's process-priority settings ask of one part of the daemon (VRRP or the checkers): the
 * {@code *_rt_priority}, {@code *_priority}, {@code *_rlimit_rttime} and {@code *_no_swap} of that part, and
 * the shared {@code max_auto_priority} / {@code min_auto_priority_delay}.
 *
 * <p>keepalived gives each part a process of its own; jkeepalived is one JVM, so these settings go to the
 * threads that do the part's time-critical work (see {@link ThreadScheduler}), except {@code no_swap}, which
 * locks the whole process in memory because memory belongs to the process.
 *
 * @param realtimePriority SCHED_RR priority 1-99, 0 for none
 * @param nice nice value -20..19, used only when there is no real-time priority (as keepalived)
 * @param rlimitRttimeMicros the *_rlimit_rttime value in microseconds, applied only along with a real-time
 *     priority (soft RLIMIT_RTTIME at half, hard unlimited: {@link ThreadScheduler}) and the bound the real-time
 *     watchdogs work to; 0 for none
 * @param noSwap lock the process in memory
 * @param maxAutoPriority the highest SCHED_RR priority a late timer may raise the part to; 0 or -1 for never
 * @param minAutoPriorityDelay how late a timer must run to count as late
 * @param cpuAffinity the CPUs the part's threads may run on, empty to leave them as they are
 */
public record PrioritySettings(int realtimePriority, int nice, long rlimitRttimeMicros, boolean noSwap,
                               int maxAutoPriority, Duration minAutoPriorityDelay, List<Integer> cpuAffinity) {

    /** keepalived's RLIMIT_RTTIME when the configuration names none: 10 ms (RT_RLIMIT_DEFAULT). */
    public static final long DEFAULT_RLIMIT_RTTIME_MICROS = 10_000;

    /** Nothing asked: the threads keep what they inherited. */
    public static final PrioritySettings NONE = new PrioritySettings(0, 0, DEFAULT_RLIMIT_RTTIME_MICROS, false,
            0, Duration.ofSeconds(1), List.of());

    public PrioritySettings {
        if (realtimePriority < 0 || realtimePriority > 99) {
            throw new IllegalArgumentException("real-time priority " + realtimePriority + " is not in 0..99");
        }
        if (nice < -20 || nice > 19) {
            throw new IllegalArgumentException("nice " + nice + " is not in -20..19");
        }
        if (rlimitRttimeMicros < 0) {
            throw new IllegalArgumentException("negative RLIMIT_RTTIME");
        }
        if (maxAutoPriority < -1 || maxAutoPriority > 99) {
            throw new IllegalArgumentException("max_auto_priority " + maxAutoPriority + " is not in -1..99");
        }
        Objects.requireNonNull(minAutoPriorityDelay, "minAutoPriorityDelay");
        cpuAffinity = List.copyOf(cpuAffinity);
    }

    /** Whether the part's threads are to be touched at all. */
    public boolean changesThreads() {
        return realtimePriority > 0 || nice != 0 || !cpuAffinity.isEmpty();
    }

    /** The automatic raise for late timers, starting from this part's configured real-time priority. */
    public AutoPriority autoPriority() {
        return new AutoPriority(maxAutoPriority, minAutoPriorityDelay.toNanos(), realtimePriority);
    }
}
