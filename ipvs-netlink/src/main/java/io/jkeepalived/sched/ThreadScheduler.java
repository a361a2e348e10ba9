package io.jkeepalived.sched;

import io.jkeepalived.libc.Libc;
import io.jkeepalived.libc.LinuxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link PrioritySettings} to the calling thread, the way keepalived applies them to a child process
 * when it starts: a real-time priority as SCHED_RR with SCHED_RESET_ON_FORK (so what the thread spawns, a
 * thread or a script, starts as an ordinary task) and RLIMIT_RTTIME (soft half as keepalived, hard unlimited: see
 * setRealtime); otherwise the nice value. Every failure is one log line and the daemon carries on.
 *
 * <p>Linux schedules threads, not processes: acting on {@code gettid()} touches this thread only, so the JVM's
 * own threads (JIT compilers, GC) keep their ordinary scheduling.
 */
public final class ThreadScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadScheduler.class);

    private final Libc libc;

    public ThreadScheduler(Libc libc) {
        this.libc = libc;
    }

    /**
     * Sets the calling thread to what {@code settings} ask ({@code part} names it in the log: "VRRP").
     *
     * @return the real-time priority the thread now has, 0 for none
     */
    public int applyToCurrentThread(PrioritySettings settings, String part) {
        int tid = libc.gettid();
        if (!settings.cpuAffinity().isEmpty()) {
            try {
                libc.schedSetAffinity(tid, settings.cpuAffinity());
                LOG.info("{}: thread {} runs on CPU(s) {}", part, tid, settings.cpuAffinity());
            } catch (LinuxException e) {
                LOG.warn("{}: unable to set the CPU affinity to {}: {}", part, settings.cpuAffinity(), e.getMessage());
            }
        }
        if (settings.realtimePriority() > 0) {
            return setRealtime(tid, settings.realtimePriority(), settings.rlimitRttimeMicros(), part) ? settings
                    .realtimePriority() : 0;
        }
        if (settings.nice() != 0) {
            try {
                // RESET_ON_FORK: a script or thread this one starts gets nice 0 back, as keepalived resets a
                // script's priority; the kernel resets only negative nice values (positive ones stay).
                libc.schedSetScheduler(tid, Libc.SCHED_OTHER | Libc.SCHED_RESET_ON_FORK, 0);
            } catch (LinuxException e) {
                LOG.info("{}: cannot set SCHED_RESET_ON_FORK on thread {}: {}", part, tid, e.getMessage());
            }
            try {
                libc.setThreadNice(tid, settings.nice());
                LOG.info("{}: thread {} runs at nice {}", part, tid, settings.nice());
            } catch (LinuxException e) {
                LOG.warn("{}: unable to set the priority (nice) to {}: {}", part, settings.nice(), e.getMessage());
            }
        }
        return 0;
    }

    private boolean setRealtime(int tid, int priority, long rlimitMicros, String part) {
        try {
            libc.schedSetScheduler(tid, Libc.SCHED_RR | Libc.SCHED_RESET_ON_FORK, priority);
        } catch (LinuxException e) {
            LOG.warn("{}: cannot raise thread {} to real-time priority {}: {}", part, tid, priority, e.getMessage());
            return false;
        }
        LOG.info("{}: thread {} runs SCHED_RR at priority {}", part, tid, priority);
        if (rlimitMicros > 0) {
            try {
                // Soft at half, as keepalived: the kernel sends SIGXCPU there, which we log. The hard limit, which
                // keepalived also sets to the value, stays unlimited: its SIGKILL ends one keepalived child, which
                // the parent restarts, but here the whole JVM, VRRP and checkers at once. The kernel counts in
                // scheduler ticks (4 ms at HZ=250) while the thread is on a CPU, and on a VM it counted stretches
                // that a thread sleeping every 2 ms could not have run (CheckerPriorityTest's daemon, whose
                // real-time watchdog thread itself was killed: docs/vrrp.md). Our watchdogs take real-time
                // scheduling from a thread that runs too long; the kernel's real-time throttling
                // (sched_rt_runtime_us) still keeps CPU for the rest of the system.
                libc.setrlimit(Libc.RLIMIT_RTTIME, rlimitMicros / 2, Libc.RLIM_INFINITY);
            } catch (LinuxException lifting) {
                // Lifting a hard limit already set needs CAP_SYS_RESOURCE: keepalived's pair then.
                try {
                    libc.setrlimit(Libc.RLIMIT_RTTIME, rlimitMicros / 2, rlimitMicros);
                    LOG.warn("{}: cannot lift the hard real-time CPU limit ({}); the kernel will kill the daemon if a "
                            + "real-time thread runs {} us without sleeping", part, lifting.getMessage(), rlimitMicros);
                } catch (LinuxException e) {
                    LOG.warn("{}: cannot set the real-time CPU limit to {} us: {}", part, rlimitMicros, e.getMessage());
                }
            }
        }
        return true;
    }

    /**
     * A late timer's raise (see {@link AutoPriority}): SCHED_RR at {@code priority} for the calling thread.
     *
     * @return whether it took
     */
    public boolean raiseCurrentThread(int priority, long rlimitMicros, String part) {
        boolean ok = setRealtime(libc.gettid(), priority, rlimitMicros, part);
        if (ok) {
            LOG.info("{}: set realtime priority {} after a late timer", part, priority);
        }
        return ok;
    }

    /** Back to SCHED_OTHER at nice 0 (before a reload, as keepalived reloads at standard scheduling). */
    public void resetCurrentThread(String part) {
        int tid = libc.gettid();
        try {
            libc.schedSetScheduler(tid, Libc.SCHED_OTHER, 0);
            libc.setThreadNice(tid, 0);
        } catch (LinuxException e) {
            LOG.info("{}: cannot reset the scheduling of thread {}: {}", part, tid, e.getMessage());
        }
    }

    /**
     * mlockall(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT): the whole process, pages locked as they are touched,
     * so the JVM's reserved but unused heap is not forced into memory.
     */
    public boolean lockProcessInMemory() {
        try {
            libc.mlockall(Libc.MCL_CURRENT | Libc.MCL_FUTURE | Libc.MCL_ONFAULT);
            LOG.info("Process locked in memory (no_swap)");
            return true;
        } catch (LinuxException e) {
            LOG.info("Unable to lock the process in memory: {}", e.getMessage());
            return false;
        }
    }
}
