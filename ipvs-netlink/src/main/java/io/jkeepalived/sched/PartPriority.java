package io.jkeepalived.sched;

import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The priority of one part's loop thread over its life: set when the loop starts, raised when its timers run
 * late (keepalived's max_auto_priority), put back to ordinary scheduling for a reload. Every method must be
 * called on the loop thread it governs.
 */
public final class PartPriority {
    private static final Logger LOG = LoggerFactory.getLogger(PartPriority.class);

    private final ThreadScheduler scheduler;
    private final PrioritySettings settings;
    private final String part;
    private AutoPriority auto;

    public PartPriority(ThreadScheduler scheduler, PrioritySettings settings, String part) {
        this.scheduler = scheduler;
        this.settings = settings;
        this.part = part;
        this.auto = new AutoPriority(settings.maxAutoPriority(), settings.minAutoPriorityDelay().toNanos(), 0);
    }

    /** On the loop thread, first thing: the configured priority. */
    public void apply() {
        if (settings.noSwap()) {
            scheduler.lockProcessInMemory();
        }
        int rt = settings.changesThreads() ? scheduler.applyToCurrentThread(settings, part) : 0;
        auto = new AutoPriority(settings.maxAutoPriority(), settings.minAutoPriorityDelay().toNanos(), rt);
    }

    /** The loop ran at {@code ranNanos} with its earliest timer due at {@code dueNanos} (same clock). */
    public void timerRan(long dueNanos, long ranNanos) {
        if (!auto.isLate(dueNanos, ranNanos)) {
            return;
        }
        long late = ranNanos - dueNanos;
        LOG.info("{}: a timer ran {}.{} s late", part, late / 1_000_000_000L,
                String.format("%06d", (late % 1_000_000_000L) / 1000));
        int before = auto.current();
        OptionalInt next = auto.onLateTimer();
        if (next.isPresent() && !scheduler.raiseCurrentThread(next.getAsInt(), settings.rlimitRttimeMicros(), part)) {
            auto.failed(before);
        }
    }

    /** Ordinary scheduling while a reload's work runs on the loop, as keepalived reloads. */
    public void resetForReload() {
        if (settings.changesThreads() || auto.current() > 0) {
            scheduler.resetCurrentThread(part);
        }
        auto = new AutoPriority(settings.maxAutoPriority(), settings.minAutoPriorityDelay().toNanos(), 0);
    }

    /** The real-time priority this thread has now, 0 for none. */
    public int currentRealtimePriority() {
        return auto.current();
    }

    /**
     * How long the thread may run without sleeping, 0 for as long as it likes: a quarter of RLIMIT_RTTIME while
     * it is real-time (the soft limit, SIGXCPU, is half; the kernel counts in scheduler ticks).
     */
    public long sleepBoundNanos() {
        if (auto.current() == 0 || settings.rlimitRttimeMicros() == 0) {
            return 0;
        }
        return Math.max(100_000L, settings.rlimitRttimeMicros() * 1000 / 4);
    }

    public PrioritySettings settings() {
        return settings;
    }
}
