package io.jkeepalived.sched;

import io.jkeepalived.libc.Libc;
import io.jkeepalived.libc.LinuxException;

/**
 * A thread's real-time policy as the watchdogs take it away and give it back ({@code RealtimeWatchdog} for the VRRP
 * loop, {@link PolledRealtimeWatchdog} for the checker threads): the policy with its SCHED_RESET_ON_FORK flag, and
 * the static priority.
 */
public record RealtimePolicy(int policy, int priority) {

    /**
     * Sets thread {@code tid} SCHED_OTHER (keeping its SCHED_RESET_ON_FORK flag) if it is SCHED_RR or SCHED_FIFO.
     *
     * @return what it had, or null when it was not real-time (nothing changed)
     */
    public static RealtimePolicy takeFrom(Libc libc, int tid) throws LinuxException {
        int policy = libc.schedGetScheduler(tid);
        int base = policy & ~Libc.SCHED_RESET_ON_FORK;
        if (base != Libc.SCHED_RR && base != Libc.SCHED_FIFO) {
            return null;
        }
        RealtimePolicy saved = new RealtimePolicy(policy, libc.schedGetPriority(tid));
        libc.schedSetScheduler(tid, Libc.SCHED_OTHER | (policy & Libc.SCHED_RESET_ON_FORK), 0);
        return saved;
    }

    /**
     * Gives this policy back to thread {@code tid} if it is still SCHED_OTHER; a thread that took another policy
     * since (a reload, a raise after a late timer) keeps that one.
     *
     * @return whether it was given back
     */
    public boolean giveBackTo(Libc libc, int tid) throws LinuxException {
        if ((libc.schedGetScheduler(tid) & ~Libc.SCHED_RESET_ON_FORK) != Libc.SCHED_OTHER) {
            return false;
        }
        libc.schedSetScheduler(tid, policy, priority);
        return true;
    }

    /** A watchdog's own scheduling: SCHED_FIFO at {@code priority}, or SCHED_OTHER for 0; never inherited. */
    public static void setWatchdog(Libc libc, int priority) throws LinuxException {
        libc.schedSetScheduler(libc.gettid(), (priority == 0 ? Libc.SCHED_OTHER : Libc.SCHED_FIFO)
                | Libc.SCHED_RESET_ON_FORK, priority);
    }
}
