package io.jkeepalived.vrrp.loop;

import io.jkeepalived.libc.Libc;
import io.jkeepalived.libc.LinuxException;
import io.jkeepalived.sched.RealtimePolicy;
import io.jkeepalived.sched.ThreadStats;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes real-time scheduling away from an event loop whose turn runs too long without sleeping; the loop takes it
 * back when the turn ends ({@link EventLoop}).
 *
 * <p>Why: under {@code vrrp_rt_priority} keepalived has the kernel kill its VRRP process (RLIMIT_RTTIME's hard
 * limit, 10 ms by default) when it runs that long without sleeping. For one JVM that would be the whole daemon, so
 * jkeepalived leaves the hard limit unlimited ({@code ThreadScheduler}) and keeps the bound itself, here: a real-time
 * thread that runs that long holds a CPU from everything below it. keepalived's C loop never does. A JVM thread can: the first run of any code path loads classes and
 * links call sites, and a turn may carry a reload or a burst of work. The loop's own guard (sleeping at least every
 * quarter of the limit between turns) cannot cut into a single turn; this thread can, from outside. A turn that
 * has been awake for a quarter of the limit and then does not sleep for another eighth (so three eighths in all,
 * below the soft limit's SIGXCPU at half) goes on at SCHED_OTHER, where the kernel does not count; the loop restores its policy and sleeps once at real-time
 * priority, which is what resets the kernel's count.
 *
 * <p>The watchdog costs nothing while the loop is not real-time, and while the loop waits it is parked: the loop
 * wakes it when a wait ends. It runs SCHED_FIFO one step above the loop, so it gets a CPU when it must.
 */
final class RealtimeWatchdog {
    private static final Logger LOG = LoggerFactory.getLogger(RealtimeWatchdog.class);

    /** What the loop ran at before it was demoted, and since when it had been awake. */
    record Demotion(RealtimePolicy saved, long awakeSinceNanos, boolean raced) {
    }

    private final Libc libc;
    private final String name;
    private final AtomicReference<Demotion> demotion = new AtomicReference<>();
    /**
     * Held while the watchdog reads, saves and replaces the loop's policy, and while the loop changes its own
     * (EventLoop.changeScheduling): else a raise between the read and the demotion would be undone by a restore
     * of the older policy.
     */
    final Object schedulingLock = new Object();
    private volatile int loopTid;
    private volatile long thresholdNanos;
    private volatile int ownPriority;
    private volatile boolean parked;
    private volatile boolean closed;
    private volatile long demotions;
    private Thread thread;
    private final CountDownLatch rehearsed = new CountDownLatch(1);
    /** The watchdog thread's own priority now, 0 for an ordinary thread (written by that thread only). */
    private volatile int appliedPriority;

    // Published by the loop thread (its only writer).
    private volatile boolean loopWaiting = true;
    private volatile long awakeSeq;
    private volatile long awakeSinceNanos = System.nanoTime();

    RealtimeWatchdog(Libc libc, String name) {
        this.libc = libc;
        this.name = name;
    }

    /**
     * Loop thread, when it starts and is still an ordinary thread: starts the watchdog thread, which runs its own
     * look-and-demote path once and parks. Waits for that. Nothing of it may be left for the moment the loop is
     * real-time: CI saw the daemon killed right after the loop took SCHED_RR, before its next log line, when the
     * watchdog was first started (and its calls first bound) from the real-time loop.
     */
    synchronized void prepare(int tid) {
        this.loopTid = tid;
        if (thread != null || closed) {
            return;
        }
        thread = new Thread(this::run, name + "-watchdog");
        thread.setDaemon(true);
        thread.start();
        try {
            if (!rehearsed.await(5, TimeUnit.SECONDS)) {
                LOG.warn("{}: the real-time watchdog did not start within 5 s", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Watches the calling (loop) thread from now on, 0 to stop: a stretch awake longer than {@code thresholdNanos}
     * is looked at, and demoted if the thread then does not sleep for half as long again. The watchdog thread itself
     * runs at {@code loopPriority} + 1 (SCHED_FIFO, at most 99); this waits, asleep, until it does, so that it gets a
     * CPU when it must from the loop's next task on.
     */
    void watch(int tid, long thresholdNanos, int loopPriority) {
        prepare(tid);
        int wanted = Math.min(99, Math.max(1, loopPriority + 1));
        synchronized (this) {
            // The loop calls this from a turn: it is awake, since its last afterWait().
            this.loopWaiting = false;
            this.ownPriority = wanted;
            this.thresholdNanos = Math.max(0, thresholdNanos);
        }
        Thread t = thread;
        if (t == null) {
            return;
        }
        LockSupport.unpark(t);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (thresholdNanos > 0 && appliedPriority != wanted && !closed) {
            if (System.nanoTime() > deadline) {
                LOG.warn("{}: the real-time watchdog did not take priority {} within 1 s", name, wanted);
                return;
            }
            LockSupport.parkNanos(50_000L);
        }
    }

    /** Loop thread: about to wait (ppoll, or the guard's sleep). */
    void beforeWait() {
        loopWaiting = true;
    }

    /** Loop thread: the wait is over; a new stretch awake begins. */
    void afterWait(long now) {
        awakeSinceNanos = now;
        awakeSeq++;
        loopWaiting = false;
        if (parked && thresholdNanos > 0) {
            LockSupport.unpark(thread);
        }
    }

    /**
     * Loop thread, under {@link #schedulingLock}: it has just taken its policy back and sleeps next. Counted as the
     * end of a stretch, so that a look made before it cannot demote the thread again (seen once in CI: two
     * demotions and two warnings for one turn).
     */
    void noteRestore(long now) {
        awakeSinceNanos = now;
        awakeSeq++;
    }

    /** Loop thread: the demotion to undo, if the watchdog made one since the last call. */
    Demotion takeDemotion() {
        return demotion.get() == null ? null : demotion.getAndSet(null);
    }

    /** How many turns were demoted so far. */
    long demotions() {
        return demotions;
    }

    void close() {
        closed = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    private void run() {
        rehearse();
        rehearsed.countDown();
        while (!closed) {
            long threshold = thresholdNanos;
            if (threshold > 0 && ownPriority != appliedPriority) {
                int wanted = ownPriority;
                applyOwnPriority(wanted);
                appliedPriority = wanted;
            }
            if (threshold == 0 && appliedPriority != 0) {
                // Nothing to watch (a reload took the loop's real-time priority away): no real-time thread stays.
                appliedPriority = 0;
                applyOwnPriority(0);
            }
            if (threshold == 0 || loopWaiting) {
                // Dekker with afterWait(): either the loop sees parked and unparks, or this sees it awake.
                parked = true;
                if ((thresholdNanos == 0 || loopWaiting) && !closed) {
                    LockSupport.park(this);
                }
                parked = false;
                continue;
            }
            long seq = awakeSeq;
            long since = awakeSinceNanos;
            long awakeFor = System.nanoTime() - since;
            if (awakeFor < threshold) {
                LockSupport.parkNanos(this, threshold - awakeFor);
                continue;
            }
            // Awake that long by the loop's account, but a turn may also have slept inside (a safepoint, a lock):
            // the kernel counts from the last sleep. Demote only if the thread does not sleep for half a bound more.
            // And only if it ran: a thread held off the CPU (real-time throttling, say) is not counted either.
            long before = ThreadStats.voluntarySwitches(loopTid);
            long cpuBefore = ThreadStats.cpuNanos(loopTid);
            LockSupport.parkNanos(this, threshold / 2);
            if (closed || loopWaiting || awakeSeq != seq) {
                continue;
            }
            long after = ThreadStats.voluntarySwitches(loopTid);
            long cpuAfter = ThreadStats.cpuNanos(loopTid);
            boolean ran = cpuBefore < 0 || cpuAfter < 0 || cpuAfter - cpuBefore >= threshold / 4;
            if ((before < 0 || after == before) && ran) {
                demote(seq, since);
                // Look again a bound later: the turn may have raised itself again (a reload, a late timer).
                LockSupport.parkNanos(this, threshold);
            }
        }
    }

    /**
     * Runs the look-and-demote path's reads once while this thread is still ordinary: it is real-time itself, under
     * the same limit, and the first run of a path (a lazily bound jnr-ffi call, classes loaded) is long. The checker
     * side's watchdog was killed by the kernel for exactly that (PolledRealtimeWatchdog).
     */
    private void rehearse() {
        int tid = loopTid;
        ThreadStats.voluntarySwitches(tid);
        ThreadStats.cpuNanos(tid);
        try {
            RealtimePolicy.takeFrom(libc, tid);   // the loop is still ordinary: only reads
            libc.schedGetPriority(tid);
        } catch (LinuxException e) {
            LOG.debug("{}: rehearsal: {}", name, e.getMessage());
        }
        demotion.set(new Demotion(null, 0, true));
        demotion.set(null);
    }

    private void applyOwnPriority(int priority) {
        try {
            RealtimePolicy.setWatchdog(libc, priority);
        } catch (LinuxException e) {
            LOG.warn("{}: the real-time watchdog cannot run at SCHED_FIFO {}: {}", name, priority, e.getMessage());
        }
    }

    private void demote(long seq, long since) {
        synchronized (schedulingLock) {
            demoteLocked(seq, since);
        }
    }

    private void demoteLocked(long seq, long since) {
        if (loopWaiting || awakeSeq != seq) {
            // The turn ended, or the loop has just taken back a demotion and is about to sleep (noteRestore).
            return;
        }
        int tid = loopTid;
        try {
            RealtimePolicy saved = RealtimePolicy.takeFrom(libc, tid);
            if (saved == null) {
                return;
            }
            // The turn may have ended between the look and the demotion: then the loop undoes it without a word.
            boolean raced = awakeSeq != seq;
            Demotion earlier = demotion.get();
            long start = earlier != null ? earlier.awakeSinceNanos() : since;
            demotion.set(new Demotion(saved, start, raced && (earlier == null || earlier.raced())));
            if (!raced) {
                demotions++;
            }
        } catch (LinuxException e) {
            LOG.warn("{}: cannot take real-time scheduling from thread {}: {}", name, tid, e.getMessage());
        }
    }
}
