package io.jkeepalived.vrrp.loop;

import io.jkeepalived.libc.Errno;
import io.jkeepalived.libc.Libc;
import io.jkeepalived.libc.LinuxException;
import io.jkeepalived.libc.PollSet;
import io.jkeepalived.vrrp.VrrpScheduler;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns every VRRP instance: a poll(2) loop over the VRRP sockets, a timer queue
 * behind {@link VrrpScheduler}, and a task queue other threads (script results, link events, signals)
 * hand work to.
 *
 * <p>Each turn runs the due timers first, then gives each readable socket one call of its handler
 * (which reads a bounded batch), then the queued tasks. So a flood of packets on one socket costs at
 * most one batch between two looks at the clock, and our own adverts go out on time.
 *
 * <p>The wait is ppoll(2) with a nanosecond timeout, so a timer fires within the kernel's timer slack
 * (50 us by default) of its deadline on an idle machine, never early.
 */
public final class EventLoop implements VrrpScheduler, Executor, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);
    static final long MAX_WAIT_NANOS = 1_000_000_000L;
    /** How early the loop wakes for a precise timer, to spin until it is due. */
    static final long SPIN_NANOS = 1_000_000L;
    /** The kernel's default timer slack of a thread (prctl PR_SET_TIMERSLACK). */
    static final long TIMER_SLACK_NANOS = 50_000L;
    /** The real-time guard's sleep (see {@link #sleepAtLeastEvery}). */
    private static final long GUARD_SLEEP_NANOS = 50_000L;

    /** Called on the loop thread when a registered descriptor is readable (or in error). */
    @FunctionalInterface
    public interface ReadHandler {
        void readable();
    }

    /** Told, on the loop thread, when the loop ran its earliest timer after it was due (same clock). */
    @FunctionalInterface
    public interface TimerLateness {
        void ran(long dueNanos, long ranNanos);
    }

    private record Registration(int fd, ReadHandler handler) {
    }

    private final Libc libc;
    private final String name;
    private final TimerQueue timers = new TimerQueue();
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<Registration> registrations = new ArrayList<>();
    private final int wakeFd;
    private final ByteBuffer wakeValue = Libc.allocate(8);
    private final ByteBuffer wakeDrain = Libc.allocate(8);
    private final ByteBuffer timespec = Libc.allocate(16);
    private final CountDownLatch finished = new CountDownLatch(1);
    private PollSet pollSet;
    private boolean pollSetStale = true;
    private volatile boolean stopping;
    private volatile Thread thread;
    private volatile TimerLateness lateness = (due, ran) -> { };
    /** 0, or the longest the loop may go without sleeping (a real-time thread under RLIMIT_RTTIME). */
    private volatile long sleepAtLeastEveryNanos;
    /** When the loop last surely slept (loop thread). */
    private long lastSlept = System.nanoTime();
    /** The loop thread's count of voluntary context switches at {@link #lastSlept} (-1: not read yet). */
    private long lastSwitches = -1;
    private final ByteBuffer rusage = Libc.allocate(Libc.RUSAGE_SIZE);
    private final RealtimeWatchdog watchdog;
    /** The loop thread's kernel task id (0 until it runs). */
    private volatile int tid;

    public EventLoop(Libc libc, String name) throws LinuxException {
        this.libc = libc;
        this.name = name;
        this.watchdog = new RealtimeWatchdog(libc, name);
        this.wakeFd = libc.eventfd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
        wakeValue.putLong(0, 1);
    }

    /** Starts the loop thread. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("event loop " + name + " already started");
        }
        Thread t = new Thread(this::run, name);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /**
     * Who hears how late the loop woke for its earliest timer (keepalived's max_auto_priority). Any thread;
     * the watcher runs on the loop.
     */
    public void watchLateness(TimerLateness watcher) {
        lateness = java.util.Objects.requireNonNull(watcher, "watcher");
    }

    /**
     * Makes the loop sleep (briefly) at least every {@code nanos}, 0 to stop. Under a flood of packets ppoll never
     * waits, so the loop would never sleep on its own and would reach the soft RLIMIT_RTTIME (SIGXCPU) and hold its
     * CPU from every ordinary thread (keepalived's hard limit, which we do not set, would have it killed).
     *
     * <p>It also arms the {@link RealtimeWatchdog}: a single turn that runs without sleeping for about one and a
     * half times {@code nanos} goes on at SCHED_OTHER. Call it on the loop thread after setting its real-time priority; the
     * watchdog runs one step above that priority.
     */
    public void sleepAtLeastEvery(long nanos) {
        sleepAtLeastEveryNanos = Math.max(0, nanos);
        if (inLoop()) {
            armWatchdog();
        } else if (thread != null) {
            execute(this::armWatchdog);
        }
    }

    private void armWatchdog() {
        long bound = sleepAtLeastEveryNanos;
        int priority = 0;
        if (bound > 0) {
            try {
                priority = libc.schedGetPriority(tid);
            } catch (LinuxException e) {
                LOG.debug("event loop {}: {}", name, e.getMessage());
            }
        }
        watchdog.watch(tid, bound, priority);
    }

    /**
     * Runs {@code change}, which sets this loop thread's scheduling (its configured priority, a raise after a late
     * timer, a reset for a reload), never halfway through a demotion by the {@link RealtimeWatchdog}. Loop thread.
     */
    public void changeScheduling(Runnable change) {
        synchronized (watchdog.schedulingLock) {
            change.run();
        }
    }

    /** How many turns the {@link RealtimeWatchdog} demoted to SCHED_OTHER so far. */
    public long realtimeDemotions() {
        return watchdog.demotions();
    }

    /** Whether the caller is the loop thread. */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /**
     * Watches {@code fd} for input. From the loop thread, or before {@link #start()}. The handler must
     * read what is ready (a bounded batch), or poll will report the descriptor again at once.
     */
    public void register(int fd, ReadHandler handler) {
        requireLoopOrUnstarted();
        registrations.add(new Registration(fd, handler));
        pollSetStale = true;
    }

    /** Stops watching {@code fd} (the caller closes it). From the loop thread, or before start. */
    public void unregister(int fd) {
        requireLoopOrUnstarted();
        registrations.removeIf(r -> r.fd() == fd);
        pollSetStale = true;
    }

    private void requireLoopOrUnstarted() {
        if (thread != null && !inLoop()) {
            throw new IllegalStateException("event loop " + name + ": call from its own thread");
        }
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    /** Loop thread only (or before start): the VRRP instances' timers. */
    @Override
    public Timer schedule(long delayNanos, Runnable task) {
        requireLoopOrUnstarted();
        return timers.add(System.nanoTime() + Math.max(0, delayNanos), task, false);
    }

    /** As {@link #schedule}, woken a millisecond early and spun to the deadline (master down timers). */
    @Override
    public Timer schedulePrecise(long delayNanos, Runnable task) {
        requireLoopOrUnstarted();
        return timers.add(System.nanoTime() + Math.max(0, delayNanos), task, true);
    }

    /**
     * Runs {@code rounds} precise timers one after another, {@code intervalNanos} apart, then {@code then}; loop
     * thread only. A master down timer is the one time the loop spins, and a backup spins for a millisecond
     * every few seconds at most: left alone, the spin's code is compiled at a takeover, and each compile
     * request wakes the JIT's threads, which took the CPU from the takeover (measured with perf sched: 1-3 ms
     * in most takeovers of a fresh daemon; docs/benchmarks.md). Rehearsing it at start, before any instance
     * runs, has it compiled by then.
     */
    public void rehearsePreciseTimers(int rounds, long intervalNanos, Runnable then) {
        requireLoopOrUnstarted();
        if (rounds <= 0) {
            then.run();
            return;
        }
        schedulePrecise(intervalNanos, () -> rehearsePreciseTimers(rounds - 1, intervalNanos, then));
    }

    /** Runs {@code task} on the loop thread, soon; from any thread. */
    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (!inLoop()) {
            wake();
        }
    }

    private void wake() {
        try {
            libc.write(wakeFd, wakeValue.duplicate().clear());
        } catch (LinuxException e) {
            // EAGAIN: the counter is already non-zero, the loop will wake anyway.
            if (!e.is(Errno.EAGAIN)) {
                LOG.error("event loop {}: cannot wake: {}", name, e.getMessage());
            }
        }
    }

    private void run() {
        tid = libc.gettid();
        // While this thread is still ordinary: the watchdog's thread and code, ready before any real-time turn.
        watchdog.prepare(tid);
        watchdog.afterWait(System.nanoTime());
        if (sleepAtLeastEveryNanos > 0) {
            armWatchdog();
        }
        try {
            while (!stopping) {
                turn();
            }
            runTasks();
        } catch (Throwable t) {
            LOG.error("event loop {} died", name, t);
        } finally {
            watchdog.close();
            finished.countDown();
        }
    }

    /**
     * Runs the timers due by {@code now}, telling the lateness watcher first how late the earliest one is. keepalived
     * looks right after its wait; looking here also sees a delay that falls between the wait and the timers (the
     * process stopped or not scheduled there), which a look after the wait alone misses.
     */
    private void runDueTimers(long now) {
        long due = timers.nextDeadline();
        if (due != Long.MAX_VALUE && now > due) {
            lateness.ran(due, now);
        }
        timers.runDue(now, this::taskFailed);
    }

    private void turn() {
        restoreIfDemoted();
        long now = System.nanoTime();
        long bound = sleepAtLeastEveryNanos;
        if (bound > 0 && now - lastSlept > bound) {
            guardSleep();
            now = System.nanoTime();
        }
        runDueTimers(now);
        runTasks();
        if (pollSetStale) {
            rebuildPollSet();
        }
        long next = timers.nextDeadline();
        long waitNanos;
        boolean spinning = false;
        if (!tasks.isEmpty() || stopping) {
            waitNanos = 0;
        } else if (next == Long.MAX_VALUE) {
            waitNanos = MAX_WAIT_NANOS;
        } else {
            long remaining = next - System.nanoTime();
            if (timers.nextIsPrecise()) {
                // Wake a little early and spin the rest: a sleeping thread wakes up 0.2-1 ms late on a
                // busy (virtual) machine, and a master down timer that late makes the takeover late.
                spinning = remaining <= SPIN_NANOS;
                waitNanos = spinning ? 0 : sleepBeforeSpin(remaining);
            } else {
                waitNanos = Math.max(0, Math.min(MAX_WAIT_NANOS, remaining));
            }
        }
        restoreIfDemoted();
        int ready;
        if (waitNanos > 0) {
            watchdog.beforeWait();
        }
        try {
            // ppoll, not poll: a timer is due to the microsecond, not rounded up to the next millisecond.
            ready = libc.ppoll(pollSet, waitNanos, timespec);
        } catch (LinuxException e) {
            LOG.error("event loop {}: {}", name, e.getMessage());
            sleepQuietly();
            return;
        } finally {
            if (waitNanos > 0) {
                watchdog.afterWait(System.nanoTime());
            }
        }
        if (ready == 0 && waitNanos > 0) {
            lastSlept = System.nanoTime();
        }
        if (ready == 0) {
            if (spinning) {
                Thread.onSpinWait();
            }
            return;
        }
        if (pollSet.returned(0) != 0) {
            drainWake();
        }
        // Timers due by now go before any packet: the adverts we owe are never queued behind a flood.
        runDueTimers(System.nanoTime());
        for (int i = 1; i < pollSet.size(); i++) {
            if (pollSet.returned(i) != 0 && i - 1 < registrations.size()) {
                try {
                    registrations.get(i - 1).handler().readable();
                } catch (RuntimeException e) {
                    taskFailed(e);
                }
            }
        }
    }

    /**
     * How long to sleep before spinning to a precise deadline {@code remaining} ns away. The kernel lets a
     * poll(2) timeout of T end late by up to T/1000 (T/200 for a thread with a positive nice value), or by
     * the thread's timer slack (50 us) when that is more: select_estimate_accuracy() in fs/select.c. So a
     * 3.6 s master down wait, capped at 1 s a turn, may end a whole millisecond late, which eats the spin
     * margin and made the takeover late (measured with perf sched: the loop slept through its spin start
     * and was woken by the other backup's advert). Asking for less by that slack means the wake is never
     * later than the spin start; the next turn then sleeps the short rest with a slack of microseconds.
     */
    static long sleepBeforeSpin(long remaining) {
        long sleep = Math.min(MAX_WAIT_NANOS, remaining - SPIN_NANOS);
        return Math.max(0, sleep - sleep / 200 - TIMER_SLACK_NANOS);
    }

    /**
     * Sleeps unless the thread has slept since the last look (in ppoll waiting for a packet, say): leaving the run
     * queue is what resets the kernel's RLIMIT_RTTIME count. A real-time thread has no timer slack, and a sleep of
     * a microsecond or so expires before the thread is off the CPU: ask for enough to surely sleep.
     */
    private void guardSleep() {
        try {
            long switches = libc.voluntaryContextSwitches(rusage);
            if (switches == lastSwitches || lastSwitches < 0) {
                sleepBriefly();
                switches = libc.voluntaryContextSwitches(rusage);
            }
            lastSwitches = switches;
        } catch (LinuxException e) {
            sleepBriefly();
        }
        lastSlept = System.nanoTime();
    }

    private void sleepBriefly() {
        watchdog.beforeWait();
        try {
            libc.sleepNanos(GUARD_SLEEP_NANOS, timespec);
        } finally {
            watchdog.afterWait(System.nanoTime());
        }
    }

    /**
     * Takes back the real-time policy the {@link RealtimeWatchdog} took from a long turn, unless the turn itself
     * changed the policy since (a reload that set another priority, or none), then sleeps once: only a wake-up at
     * real-time priority resets the kernel's count of time without sleeping.
     */
    private void restoreIfDemoted() {
        RealtimeWatchdog.Demotion d = watchdog.takeDemotion();
        if (d == null) {
            return;
        }
        long awakeMicros = (System.nanoTime() - d.awakeSinceNanos()) / 1000;
        boolean restored = false;
        try {
            synchronized (watchdog.schedulingLock) {
                watchdog.noteRestore(System.nanoTime());
                restored = sleepAtLeastEveryNanos > 0 && d.saved().giveBackTo(libc, tid);
            }
        } catch (LinuxException e) {
            LOG.warn("event loop {}: cannot restore real-time scheduling {}: {}", name, d.saved(), e.getMessage());
        }
        sleepBriefly();
        lastSlept = System.nanoTime();
        if (d.raced()) {
            return;
        }
        LOG.warn("{}: a turn of the event loop took {}.{} ms and ran for more than {} us without sleeping; it went on "
                        + "at SCHED_OTHER, so as not to hold a CPU at real-time priority past the real-time limit "
                        + "(vrrp_rlimit_rttime){}", name,
                awakeMicros / 1000, String.format("%03d", awakeMicros % 1000), sleepAtLeastEveryNanos * 3 / 2 / 1000,
                restored ? "; real-time priority " + d.saved().priority() + " restored" : "");
    }

    private void rebuildPollSet() {
        pollSet = new PollSet(1 + registrations.size());
        pollSet.set(0, wakeFd, Libc.POLLIN);
        for (int i = 0; i < registrations.size(); i++) {
            pollSet.set(i + 1, registrations.get(i).fd(), Libc.POLLIN);
        }
        pollSetStale = false;
    }

    private void drainWake() {
        try {
            libc.read(wakeFd, wakeDrain.clear());
        } catch (LinuxException e) {
            if (!e.is(Errno.EAGAIN)) {
                LOG.error("event loop {}: {}", name, e.getMessage());
            }
        }
    }

    private void runTasks() {
        // Only what was queued before this point: a task that queues another does not starve the timers.
        for (int n = tasks.size(); n > 0; n--) {
            Runnable task = tasks.poll();
            if (task == null) {
                break;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                taskFailed(e);
            }
        }
    }

    private void taskFailed(RuntimeException e) {
        LOG.error("event loop {}: a task failed", name, e);
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Timers queued and not cancelled (loop thread). */
    public int pendingTimers() {
        return timers.size();
    }

    /**
     * Stops the loop after the tasks already queued have run, and waits for it up to {@code patience}.
     *
     * @return whether the loop thread ended in time
     */
    public boolean shutdown(Duration patience) {
        stopping = true;
        if (thread == null) {
            return true;
        }
        if (inLoop()) {
            return false;
        }
        wake();
        try {
            return finished.await(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (shutdown(Duration.ofSeconds(5))) {
            libc.closeQuietly(wakeFd);
        }
    }

    @Override
    public String toString() {
        return "event loop " + name;
    }
}
