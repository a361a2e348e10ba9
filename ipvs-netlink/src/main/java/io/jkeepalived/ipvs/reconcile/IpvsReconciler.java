package io.jkeepalived.ipvs.reconcile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jkeepalived.ipvs.IpvsChange;
import io.jkeepalived.ipvs.IpvsErrors;
import io.jkeepalived.ipvs.RealServerDest;
import io.jkeepalived.ipvs.VirtualService;
import io.jkeepalived.ipvs.VirtualService.ServiceKey;
import io.jkeepalived.ipvs.reconcile.TableRules.DestinationKey;
import io.jkeepalived.libc.LinuxException;

/**
 * Makes the part of the kernel's IPVS table that jkeepalived owns what it should be: reads the table, plans
 * the fewest changes ({@link ReconcilePlan}), applies them, and reports. A table that already matches costs
 * one read (a dump of the services and one of each owned service's destinations) and nothing else.
 *
 * <p>Failures are per object: a refused change is logged in one line naming it ({@link IpvsErrors}) and the
 * others go on; when a service cannot be added, only its own destinations are skipped. Entries deleted
 * behind jkeepalived's back are added again on the next reconcile (keepalived does not: its issue #1877),
 * and logged as restored.
 *
 * <p>Not thread-safe: one reconcile at a time (the daemon serialises them).
 */
public final class IpvsReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(IpvsReconciler.class);

    private final IpvsKernel kernel;
    private final LongSupplier nanoClock;
    /** Service keys and destination identities in place after the last reconcile: what "restored" means. */
    private Set<Object> inPlace = Set.of();
    /** The table {@link #inPlace} was computed for, to skip recomputing it when a reconcile changed nothing. */
    private DesiredTable inPlaceFor;

    public IpvsReconciler(IpvsKernel kernel) {
        this(kernel, System::nanoTime);
    }

    public IpvsReconciler(IpvsKernel kernel, LongSupplier nanoClock) {
        this.kernel = kernel;
        this.nanoClock = nanoClock;
    }

    /**
     * Reconciles once.
     *
     * @throws IOException when the service table cannot be read, or the exchange with the kernel broke down
     *                     while applying (a timeout or a socket error, not a refusal): the outcome is then
     *                     unknown and the next reconcile will see
     */
    public ReconcileReport reconcile(DesiredTable desired) throws IOException {
        long start = nanoClock.getAsLong();
        List<VirtualService> services = kernel.services();
        List<ReconcileFailure> failures = new ArrayList<>();
        Set<ServiceKey> owned = desired.owned();
        ReconcilePlan plan = ReconcilePlan.of(desired, services, s -> {
            if (!owned.contains(s.key())) {
                return null;
            }
            try {
                return kernel.destinations(s);
            } catch (IOException e) {
                failures.add(new ReconcileFailure(null, e instanceof LinuxException le ? le.errno() : null,
                        "read destinations of " + s.describe() + ": " + e.getMessage()));
                return null;
            }
        });
        failures.addAll(plan.conflicts());

        List<IpvsChange> applied = new ArrayList<>();
        List<IpvsChange> restored = new ArrayList<>();
        Set<ServiceKey> notAdded = new HashSet<>();
        apply(plan.serviceChanges(), applied, restored, failures, change -> {
            if (change instanceof IpvsChange.AddService) {
                notAdded.add(change.service().key());
            }
        });
        List<IpvsChange> destChanges = new ArrayList<>();
        int skipped = 0;
        for (Map.Entry<ServiceKey, List<IpvsChange>> e : plan.destinationChanges().entrySet()) {
            if (notAdded.contains(e.getKey())) {
                skipped += e.getValue().size();
            } else {
                destChanges.addAll(e.getValue());
            }
        }
        apply(destChanges, applied, restored, failures, change -> { });
        if (skipped > 0) {
            LOG.warn("IPVS: {} destination change(s) skipped because their service could not be added", skipped);
        }
        if (desired != inPlaceFor || !applied.isEmpty() || !failures.isEmpty()) {
            inPlace = inPlaceAfter(desired, failures, notAdded);
            inPlaceFor = desired;
        }
        ReconcileReport report = new ReconcileReport(List.copyOf(applied), List.copyOf(restored),
                List.copyOf(failures), skipped, java.time.Duration.ofNanos(nanoClock.getAsLong() - start));
        if (!report.unchanged()) {
            LOG.info("IPVS reconcile: {}", report);
        }
        return report;
    }

    private interface FailureListener {
        void failed(IpvsChange change);
    }

    private void apply(List<IpvsChange> changes, List<IpvsChange> applied, List<IpvsChange> restored,
            List<ReconcileFailure> failures, FailureListener onFailure) throws IOException {
        if (changes.isEmpty()) {
            return;
        }
        List<? extends LinuxException> results = kernel.apply(changes);
        for (int i = 0; i < changes.size(); i++) {
            IpvsChange change = changes.get(i);
            LinuxException error = results.get(i);
            if (error == null) {
                applied.add(change);
                if (isRestore(change)) {
                    restored.add(change);
                    LOG.warn("IPVS: restored what was deleted outside jkeepalived: {}", change.describe());
                } else if (LOG.isDebugEnabled()) {
                    // describe() builds a string: not for each of 10,000 changes when nobody reads it
                    LOG.debug("IPVS: {}", change.describe());
                }
            } else {
                String line = IpvsErrors.describe(change, error.errno());
                LOG.warn("IPVS: {}", line);
                failures.add(new ReconcileFailure(change, error.errno(), line));
                onFailure.failed(change);
            }
        }
    }

    private boolean isRestore(IpvsChange change) {
        if (change instanceof IpvsChange.AddService add) {
            return inPlace.contains(add.service().key());
        }
        if (change instanceof IpvsChange.AddDestination add) {
            return inPlace.contains(destinationIdentity(add.service().key(), add.destination()));
        }
        return false;
    }

    private static Object destinationIdentity(ServiceKey service, RealServerDest d) {
        return Map.entry(service, DestinationKey.of(d));
    }

    /** What is known to be in place now: desired entries whose changes (if any) succeeded. */
    private static Set<Object> inPlaceAfter(DesiredTable desired, List<ReconcileFailure> failures,
            Set<ServiceKey> notAdded) {
        Map<Object, Boolean> failed = new HashMap<>();
        for (ReconcileFailure f : failures) {
            if (f.change() instanceof IpvsChange.AddDestination add) {
                failed.put(destinationIdentity(add.service().key(), add.destination()), true);
            }
        }
        Set<Object> out = new HashSet<>();
        for (ServiceConfig s : desired.services()) {
            if (notAdded.contains(s.key())) {
                continue;
            }
            out.add(s.key());
            for (RealServerDest d : s.destinations()) {
                Object id = destinationIdentity(s.key(), TableRules.normalize(s.service(), d));
                if (!failed.containsKey(id)) {
                    out.add(id);
                }
            }
        }
        return out;
    }
}
