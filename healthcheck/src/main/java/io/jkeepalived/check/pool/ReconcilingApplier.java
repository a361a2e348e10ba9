package io.jkeepalived.check.pool;

import java.io.IOException;
import java.util.Objects;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jkeepalived.ipvs.reconcile.DesiredTable;
import io.jkeepalived.ipvs.reconcile.IpvsReconciler;
import io.jkeepalived.ipvs.reconcile.ReconcileReport;

/**
 * Applies desired tables through the reconciler on its own thread, so the checkers' loop never waits for
 * netlink. Tables that arrive while one is being applied are coalesced: only the newest is applied next (the
 * reconciler converges on the whole table, so skipping intermediate ones loses nothing).
 *
 * <p>When the exchange with the kernel breaks down (the outcome unknown), or the kernel refused part of the
 * table, the error is logged and the same table is tried again by itself after a backoff (1 s, doubling up to
 * 60 s, reset by a table that converges), at the next change, or at {@link #retry()}. keepalived 2.2.7 never
 * tries a refused command again.
 */
public final class ReconcilingApplier implements TableApplier, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReconcilingApplier.class);

    private final IpvsReconciler reconciler;
    private final ScheduledExecutorService thread;
    private final Duration firstRetry;
    private final Duration maxRetry;
    /** Touched on the applier's thread only. */
    private Duration nextRetry;
    private ScheduledFuture<?> retryTimer;
    private final AtomicReference<DesiredTable> pending = new AtomicReference<>();
    private final AtomicReference<DesiredTable> lastTried = new AtomicReference<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    public ReconcilingApplier(IpvsReconciler reconciler) {
        this(reconciler, Duration.ofSeconds(1), Duration.ofSeconds(60));
    }

    /** With the retry backoff: {@code firstRetry} after a failure, doubling up to {@code maxRetry}. */
    public ReconcilingApplier(IpvsReconciler reconciler, Duration firstRetry, Duration maxRetry) {
        this.reconciler = Objects.requireNonNull(reconciler, "reconciler");
        this.firstRetry = Objects.requireNonNull(firstRetry, "firstRetry");
        this.maxRetry = Objects.requireNonNull(maxRetry, "maxRetry");
        this.nextRetry = firstRetry;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "jkeepalived-ipvs");
            t.setDaemon(true);
            return t;
        });
        // on close, a pending retry is dropped; the queued tables (the stop table) still run
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.thread = executor;
    }

    @Override
    public void apply(DesiredTable table) {
        Objects.requireNonNull(table, "table");
        pending.getAndUpdate(superseded -> carryReleases(superseded, table));
        schedule();
    }

    /**
     * {@code next} with the releases of a table it supersedes before that one was applied: a service a reload
     * dropped is released in one table only, and must not stay in the kernel because a health change came
     * right after it. A release the newer table wants again is no release any more.
     */
    static DesiredTable carryReleases(DesiredTable superseded, DesiredTable next) {
        if (superseded == null || superseded.released().isEmpty()) {
            return next;
        }
        java.util.Set<io.jkeepalived.ipvs.VirtualService.ServiceKey> released =
                new java.util.HashSet<>(next.released());
        released.addAll(superseded.released());
        next.services().forEach(s -> released.remove(s.key()));
        return released.equals(next.released()) ? next : new DesiredTable(next.services(), released);
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                thread.execute(this::drain);
            } catch (RejectedExecutionException e) {
                scheduled.set(false);
                LOG.warn("IPVS: a table arrived after shutdown and was not applied");
            }
        }
    }

    /** Applies the last table again (e.g. after a broken exchange). */
    public void retry() {
        DesiredTable last = lastTried.get();
        if (last != null) {
            pending.compareAndSet(null, last);
            schedule();
        }
    }

    private void drain() {
        try {
            DesiredTable table;
            while ((table = pending.getAndSet(null)) != null) {
                lastTried.set(table);
                cancelRetry();
                boolean converged = false;
                try {
                    ReconcileReport report = reconciler.reconcile(table);
                    if (!report.unchanged()) {
                        LOG.debug("IPVS: {}", report);
                    }
                    converged = report.converged();
                } catch (IOException | RuntimeException e) {
                    LOG.error("IPVS: could not apply the table: {}", e.getMessage() != null ? e.getMessage() : e);
                }
                if (converged) {
                    nextRetry = firstRetry;
                } else if (pending.get() == null) {
                    scheduleRetry();
                } else {
                    DesiredTable failed = table;
                    pending.updateAndGet(next -> next == null ? null : carryReleases(failed, next));
                }
            }
        } finally {
            scheduled.set(false);
            // a table that arrived between the last getAndSet and the reset above must not wait for the next one
            if (pending.get() != null) {
                schedule();
            }
        }
    }

    private void scheduleRetry() {
        Duration delay = nextRetry;
        nextRetry = nextRetry.multipliedBy(2).compareTo(maxRetry) > 0 ? maxRetry : nextRetry.multipliedBy(2);
        LOG.info("IPVS: the table is tried again in {} ms", delay.toMillis());
        try {
            retryTimer = thread.schedule(this::retry, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing: nothing more is applied
        }
    }

    private void cancelRetry() {
        if (retryTimer != null) {
            retryTimer.cancel(false);
            retryTimer = null;
        }
    }

    /** Waits up to {@code timeoutMillis} for the queued table (the last one: the stop table) to be applied. */
    @Override
    public void close() {
        close(5_000);
    }

    public void close(long timeoutMillis) {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
                LOG.warn("IPVS: the last table was not applied within {} ms", timeoutMillis);
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs {@code task} on the IPVS-programming thread (to set that thread's scheduling). */
    public void onThread(Runnable task) {
        thread.execute(task);
    }
}
