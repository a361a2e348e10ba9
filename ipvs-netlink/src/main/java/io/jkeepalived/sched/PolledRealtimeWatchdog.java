package io.jkeepalived.sched;

import io.jkeepalived.libc.Libc;
import io.jkeepalived.libc.LinuxException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps real-time threads whose loops are not ours (netty's checker loop, the IPVS thread) within their
 * rlimit_rttime: a thread found running without a break for a whole period goes on at SCHED_OTHER, and takes its
 * real-time policy back on its own loop when the task that ran so long has ended.
 *
 * <p>Why: keepalived has the kernel kill its process (RLIMIT_RTTIME's hard limit) when a real-time thread runs for
 * the limit without sleeping; for one JVM that would be VRRP too, so the hard limit is left unlimited
 * ({@link ThreadScheduler}) and this thread keeps the bound instead. The VRRP loop tells its own watchdog when it
 * waits; a netty loop cannot, so this one looks from outside, every fifth of the limit, at each thread's voluntary context switches and time on a CPU
 * ({@link ThreadStats}). The same count of sleeps and at least half a period more CPU time means it has not slept
 * since the last look. A thread that stops sleeping is demoted at the second look after at the latest (two fifths
 * of the limit, below the soft limit's SIGXCPU at half). The thread takes its policy back itself, in a task queued
 * on its own loop, which then sleeps once: a wake-up at real-time priority is what resets the kernel's count.
 *
 * <p>Cost: while a thread is watched, two small /proc reads per thread per period (2 ms at the default 10 ms
 * limit); nothing when none is (the thread parks).
 */
public final class PolledRealtimeWatchdog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PolledRealtimeWatchdog.class);

    private static final long RESTORE_SLEEP_NANOS = 50_000L;

    private final class Watched {
        final int tid;
        final String part;
        final Executor onThread;
        long cpuNanos = -1;
        long sleeps = -1;
        volatile RealtimePolicy saved;
        /** Set by the watchdog when it demotes; cleared on the thread itself once it has its policy back. */
        volatile boolean demoted;

        /** Made here, not as a method reference at the demotion: linking one there is CPU on a real-time thread. */
        final Runnable restore = new Runnable() {
            @Override
            public void run() {
                restoreOnThread();
            }
        };

        Watched(int tid, String part, Executor onThread) {
            this.tid = tid;
            this.part = part;
            this.onThread = onThread;
        }

        /**
         * Runs on the watched thread, between two of its tasks: the policy back, then one short sleep, because only
         * a wake-up at real-time priority resets the kernel's count, and the count the thread had when it was
         * demoted is still there. Restoring from outside could not promise that sleep.
         */
        void restoreOnThread() {
            try {
                RealtimePolicy policy = saved;
                if (policy != null && watched.get(tid) == this) {
                    policy.giveBackTo(libc, tid);
                }
                libc.sleepNanos(RESTORE_SLEEP_NANOS, sleepTimespec.get());
            } catch (LinuxException e) {
                LOG.warn("{}: cannot restore real-time scheduling {} on thread {}: {}", part, saved, tid,
                        e.getMessage());
            } finally {
                demoted = false;
            }
        }
    }

    private final ThreadLocal<java.nio.ByteBuffer> sleepTimespec = ThreadLocal.withInitial(() -> Libc.allocate(16));

    private final Libc libc;
    private final String name;
    private final Map<Integer, Watched> watched = new ConcurrentHashMap<>();
    private volatile long periodNanos;
    private volatile int ownPriority;
    private volatile boolean closed;
    private volatile long demotions;
    private Thread thread;
    private final CountDownLatch ready = new CountDownLatch(1);

    public PolledRealtimeWatchdog(Libc libc, String name) {
        this.libc = libc;
        this.name = name;
    }

    /**
     * Watches thread {@code tid} (real-time at {@code priority} under a limit of {@code rlimitMicros}); a second call
     * for the same thread replaces the first, so call it after every change of its scheduling. {@code onThread} runs
     * a task on that very thread (its event loop or executor): that is where a demoted thread gets its policy back.
     */
    public synchronized void watch(int tid, String part, int priority, long rlimitMicros, Executor onThread) {
        if (rlimitMicros <= 0 || priority <= 0) {
            unwatch(tid);
            return;
        }
        watched.put(tid, new Watched(tid, part, onThread));
        periodNanos = rlimitMicros * 1000 / 5;
        ownPriority = Math.max(ownPriority, Math.min(99, priority + 1));
        if (thread == null && !closed) {
            thread = new Thread(this::run, name);
            thread.setDaemon(true);
            thread.start();
        }
        LockSupport.unpark(thread);
        // The caller is real-time already and may compute from its next instruction (a checker's first TLS
        // handshake loads the JDK's whole TLS stack): wait, asleep, until the watchdog runs at its own real-time
        // priority with its code loaded, rather than leave it queued for a CPU behind the JIT's threads.
        try {
            if (!ready.await(1, TimeUnit.SECONDS)) {
                LOG.warn("{}: the real-time watchdog did not start within 1 s", part);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops watching {@code tid} (its scheduling went back to ordinary). */
    public synchronized void unwatch(int tid) {
        watched.remove(tid);
    }

    /** How many times a thread was demoted so far. */
    public long demotions() {
        return demotions;
    }

    @Override
    public void close() {
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
        int applied = 0;
        while (!closed) {
            if (watched.isEmpty()) {
                if (applied != 0) {
                    applied = 0;
                    setOwnScheduling(0);
                }
                LockSupport.park(this);
                continue;
            }
            int wanted = ownPriority;
            if (wanted != applied) {
                if (applied == 0) {
                    rehearse();
                }
                applied = wanted;
                setOwnScheduling(wanted);
                ready.countDown();
            }
            long period = periodNanos;
            for (Watched w : watched.values()) {
                look(w, period);
            }
            LockSupport.parkNanos(this, period);
        }
    }

    private void look(Watched w, long period) {
        long cpu = ThreadStats.cpuNanos(w.tid);
        long slept = ThreadStats.voluntarySwitches(w.tid);
        if (cpu < 0 || slept < 0) {
            watched.remove(w.tid);   // the thread is gone
            return;
        }
        // Not asleep since the last look, and on a CPU for most of the period (preemption, by this watchdog
        // among others, is involuntary: it neither counts as a sleep nor resets the kernel's count).
        boolean stayedOn = slept == w.sleeps && cpu - w.cpuNanos >= period / 2;
        w.cpuNanos = cpu;
        w.sleeps = slept;
        if (w.demoted || !stayedOn) {
            return;
        }
        try {
            RealtimePolicy saved = RealtimePolicy.takeFrom(libc, w.tid);
            if (saved == null) {
                return;
            }
            w.saved = saved;
            w.demoted = true;
            demotions++;
            // Queued now, run when the thread is between tasks again.
            w.onThread.execute(w.restore);
            LOG.warn("{}: thread {} ran for more than {} us without sleeping; it goes on at SCHED_OTHER until its "
                            + "task ends, so as not to hold a CPU at real-time priority past the real-time limit "
                            + "(checker_rlimit_rttime)",
                    w.part, w.tid, period / 2 / 1000);
        } catch (LinuxException | RuntimeException e) {
            w.demoted = false;
            LOG.warn("{}: real-time watchdog on thread {}: {}", w.part, w.tid, e.getMessage());
        }
    }

    /**
     * Runs the look-and-demote path once on this thread, while it is still an ordinary one. The watchdog is itself
     * real-time under the same limit: the first run of a path (a jnr-ffi call bound lazily, classes loaded) took
     * longer than the limit and the kernel killed the JVM for the watchdog's own sake (seen with perf's
     * signal_generate: SIGKILL to jkv-checker-rt).
     */
    private void rehearse() {
        int self = libc.gettid();
        ThreadStats.cpuNanos(self);
        ThreadStats.voluntarySwitches(self);
        try {
            RealtimePolicy.takeFrom(libc, self);   // an ordinary thread: only reads
            libc.schedGetPriority(self);
        } catch (LinuxException e) {
            LOG.debug("{}: rehearsal: {}", name, e.getMessage());
        }
        new Watched(self, name, Runnable::run);
        LOG.debug("{}: thread {} ran for more than {} us without sleeping (rehearsal of the message)", name, self, 0);
    }

    private void setOwnScheduling(int priority) {
        try {
            RealtimePolicy.setWatchdog(libc, priority);
        } catch (LinuxException e) {
            LOG.warn("{}: cannot set its own scheduling to priority {}: {}", name, priority, e.getMessage());
        }
    }
}
