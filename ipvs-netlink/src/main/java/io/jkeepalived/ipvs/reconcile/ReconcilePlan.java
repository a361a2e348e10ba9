package io.jkeepalived.ipvs.reconcile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.jkeepalived.ipvs.IpvsChange;
import io.jkeepalived.ipvs.RealServerDest;
import io.jkeepalived.ipvs.VirtualService;
import io.jkeepalived.ipvs.VirtualService.ServiceKey;
import io.jkeepalived.ipvs.reconcile.TableRules.DestinationKey;

/**
 * The fewest changes that turn the kernel's table into the desired one, within what jkeepalived owns. Pure:
 * computed from the desired table and what the kernel reported.
 *
 * <p>Services change first (deletes of released services, adds, edits), then destinations service by service
 * (deletes, edits, adds), so a destination is only sent once its service exists. An edit is used whenever
 * the kernel can edit: scheduler, flags, persistence and engine of a service (SET_SERVICE); method, weight,
 * thresholds and tunnel settings of a destination (SET_DEST; measured: the kernel changes a destination's
 * method NAT to DR to TUN in place). Only identity (service key; destination address and port) cannot be
 * edited, and a different identity is a different entry, so a delete and an add are never needed for the
 * same entry.
 *
 * @param serviceChanges     the service-level changes, in order
 * @param destinationChanges per owned service, its destination changes in order
 * @param conflicts          desired entries that cannot all be honoured (e.g. two destinations that normalise
 *                           to the same address and port; the first one wins)
 */
public record ReconcilePlan(List<IpvsChange> serviceChanges, Map<ServiceKey, List<IpvsChange>> destinationChanges,
        List<ReconcileFailure> conflicts) {

    public boolean isEmpty() {
        return serviceChanges.isEmpty() && destinationChanges.values().stream().allMatch(List::isEmpty);
    }

    /** Every change, services first. */
    public List<IpvsChange> all() {
        List<IpvsChange> out = new ArrayList<>(serviceChanges);
        destinationChanges.values().forEach(out::addAll);
        return out;
    }

    /**
     * Plans the changes.
     *
     * @param desired        what jkeepalived owns and wants
     * @param kernelServices every service in the kernel
     * @param kernelDests    the kernel's destinations of an owned service present in the kernel (called only for
     *                       those); null when they could not be read, which leaves that service's destinations
     *                       alone this time
     */
    public static ReconcilePlan of(DesiredTable desired, List<VirtualService> kernelServices,
            Function<VirtualService, List<RealServerDest>> kernelDests) {
        Map<ServiceKey, VirtualService> actual = new HashMap<>();
        for (VirtualService s : kernelServices) {
            actual.put(s.key(), s);
        }
        List<IpvsChange> serviceChanges = new ArrayList<>();
        Map<ServiceKey, List<IpvsChange>> destChanges = new LinkedHashMap<>();
        List<ReconcileFailure> conflicts = new ArrayList<>();

        for (ServiceKey key : desired.released()) {
            VirtualService present = actual.get(key);
            if (present != null) {
                serviceChanges.add(new IpvsChange.DeleteService(present));
            }
        }
        for (ServiceConfig want : desired.services()) {
            VirtualService service = want.service();
            Map<DestinationKey, RealServerDest> wantDests = normalized(want, conflicts);
            VirtualService present = actual.get(want.key());
            List<IpvsChange> changes = new ArrayList<>();
            if (present == null) {
                serviceChanges.add(new IpvsChange.AddService(service));
                for (RealServerDest d : wantDests.values()) {
                    changes.add(new IpvsChange.AddDestination(service, d));
                }
            } else {
                if (!TableRules.sameSettings(service, present)) {
                    serviceChanges.add(new IpvsChange.EditService(service));
                }
                List<RealServerDest> have = kernelDests.apply(present);
                if (have != null) {
                    destinationChanges(service, wantDests, have, changes);
                }
            }
            destChanges.put(want.key(), changes);
        }
        return new ReconcilePlan(serviceChanges, destChanges, conflicts);
    }

    private static Map<DestinationKey, RealServerDest> normalized(ServiceConfig want, List<ReconcileFailure> conflicts) {
        Map<DestinationKey, RealServerDest> out = new LinkedHashMap<>();
        for (RealServerDest d : want.destinations()) {
            RealServerDest n = TableRules.normalize(want.service(), d);
            RealServerDest earlier = out.putIfAbsent(DestinationKey.of(n), n);
            if (earlier != null) {
                conflicts.add(new ReconcileFailure(null, null, "destination " + d.describe() + " of "
                        + want.service().describe() + " is " + n.describe() + " in the table, like " + earlier
                        + ": only the first is programmed"));
            }
        }
        return out;
    }

    private static void destinationChanges(VirtualService service, Map<DestinationKey, RealServerDest> want,
            List<RealServerDest> have, List<IpvsChange> out) {
        Map<DestinationKey, RealServerDest> present = new HashMap<>();
        for (RealServerDest d : have) {
            present.put(DestinationKey.of(d), d);
            if (!want.containsKey(DestinationKey.of(d))) {
                out.add(new IpvsChange.DeleteDestination(service, d));
            }
        }
        List<IpvsChange> adds = new ArrayList<>();
        for (Map.Entry<DestinationKey, RealServerDest> e : want.entrySet()) {
            RealServerDest current = present.get(e.getKey());
            if (current == null) {
                adds.add(new IpvsChange.AddDestination(service, e.getValue()));
            } else if (!TableRules.sameSettings(e.getValue(), current)) {
                out.add(new IpvsChange.EditDestination(service, e.getValue()));
            }
        }
        out.addAll(adds);
    }
}
