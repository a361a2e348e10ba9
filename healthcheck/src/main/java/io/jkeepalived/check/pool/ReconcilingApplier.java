package io.jkeepalived.check.pool;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
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
 * <p>When the exchange with the kernel breaks down (the outcome unknown), the error is logged and the same
 * table is tried again at the next change or {@link #retry()}.
 */
public final class ReconcilingApplier implements TableApplier, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReconcilingApplier.class);

    private final IpvsReconciler reconciler;
    private final ExecutorService thread;
    private final AtomicReference<DesiredTable> pending = new AtomicReference<>();
    private final AtomicReference<DesiredTable> lastTried = new AtomicReference<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    public ReconcilingApplier(IpvsReconciler reconciler) {
        this.reconciler = Objects.requireNonNull(reconciler, "reconciler");
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jkeepalived-ipvs");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void apply(DesiredTable table) {
        pending.set(Objects.requireNonNull(table, "table"));
        schedule();
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
                try {
                    ReconcileReport report = reconciler.reconcile(table);
                    if (!report.unchanged()) {
                        LOG.debug("IPVS: {}", report);
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.error("IPVS: could not apply the table: {}", e.getMessage() != null ? e.getMessage() : e);
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
}
