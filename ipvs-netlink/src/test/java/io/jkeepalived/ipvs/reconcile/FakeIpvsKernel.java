package io.jkeepalived.ipvs.reconcile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import io.jkeepalived.ipvs.ForwardingMethod;
import io.jkeepalived.ipvs.IpvsChange;
import io.jkeepalived.ipvs.RealServerDest;
import io.jkeepalived.ipvs.VirtualService;
import io.jkeepalived.ipvs.VirtualService.ServiceKey;
import io.jkeepalived.libc.Errno;
import io.jkeepalived.libc.LinuxException;
import io.jkeepalived.netlink.NetlinkErrorException;

/**
 * An IPVS table in memory that answers as the lab's kernel did: EEXIST for an add of what is there, ESRCH for
 * a missing service, ENOENT for a missing destination or an unknown scheduler, ERANGE for thresholds,
 * EINVAL for a non-TUN destination of the other family; ports, timeouts and netmasks kept exactly as given.
 * Failures can be injected, and every call is counted.
 */
final class FakeIpvsKernel implements IpvsKernel {

    private static final Set<String> SCHEDULERS = Set.of("rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh",
            "sed", "nq", "fo", "ovf", "mh");

    private final Map<ServiceKey, VirtualService> services = new LinkedHashMap<>();
    private final Map<ServiceKey, List<RealServerDest>> dests = new LinkedHashMap<>();
    private final List<List<IpvsChange>> batches = new ArrayList<>();
    private final List<Map.Entry<Predicate<IpvsChange>, Errno>> injected = new ArrayList<>();
    int serviceReads;
    int destinationReads;
    IOException applyBreaksWith;
    IOException destinationReadBreaksWith;

    List<List<IpvsChange>> batches() {
        return batches;
    }

    List<IpvsChange> allApplied() {
        return batches.stream().flatMap(List::stream).toList();
    }

    void resetCounters() {
        batches.clear();
        serviceReads = 0;
        destinationReads = 0;
    }

    /** Every change that matches fails with {@code errno} (the kernel's refusal, as netlink reports it). */
    FakeIpvsKernel failWhen(Predicate<IpvsChange> which, Errno errno) {
        injected.add(Map.entry(which, errno));
        return this;
    }

    /** Puts a service straight into the table, as another tool would. */
    void put(VirtualService s, RealServerDest... ds) {
        services.put(s.key(), s);
        dests.put(s.key(), new ArrayList<>(List.of(ds)));
    }

    void removeDestination(VirtualService s, RealServerDest d) {
        dests.get(s.key()).removeIf(x -> x.sameServer(d));
    }

    void removeService(VirtualService s) {
        services.remove(s.key());
        dests.remove(s.key());
    }

    /** The table, as comparable data: services with their destinations, in insertion order. */
    Map<VirtualService, List<RealServerDest>> table() {
        Map<VirtualService, List<RealServerDest>> out = new LinkedHashMap<>();
        services.forEach((k, s) -> out.put(s, List.copyOf(dests.get(k))));
        return out;
    }

    @Override
    public List<VirtualService> services() {
        serviceReads++;
        return List.copyOf(services.values());
    }

    @Override
    public List<RealServerDest> destinations(VirtualService service) throws IOException {
        destinationReads++;
        if (destinationReadBreaksWith != null) {
            throw destinationReadBreaksWith;
        }
        List<RealServerDest> d = dests.get(service.key());
        return d == null ? List.of() : List.copyOf(d);
    }

    @Override
    public List<? extends LinuxException> apply(List<IpvsChange> changes) throws IOException {
        batches.add(List.copyOf(changes));
        if (applyBreaksWith != null) {
            throw applyBreaksWith;
        }
        List<LinuxException> out = new ArrayList<>();
        for (IpvsChange c : changes) {
            Errno e = injectedFor(c);
            if (e == null) {
                e = execute(c);
            }
            out.add(e == null ? null : new NetlinkErrorException(c.describe(), e, null, -1));
        }
        return out;
    }

    private Errno injectedFor(IpvsChange c) {
        for (Map.Entry<Predicate<IpvsChange>, Errno> e : injected) {
            if (e.getKey().test(c)) {
                return e.getValue();
            }
        }
        return null;
    }

    private Errno execute(IpvsChange c) {
        ServiceKey key = c.service().key();
        boolean exists = services.containsKey(key);
        if (c instanceof IpvsChange.AddService a) {
            if (exists) {
                return Errno.EEXIST;
            }
            if (!SCHEDULERS.contains(a.service().scheduler())) {
                return Errno.ENOENT;
            }
            services.put(key, a.service());
            dests.put(key, new ArrayList<>());
            return null;
        }
        if (!exists) {
            return Errno.ESRCH;
        }
        List<RealServerDest> list = dests.get(key);
        if (c instanceof IpvsChange.EditService e) {
            if (!SCHEDULERS.contains(e.service().scheduler())) {
                return Errno.ENOENT;
            }
            services.put(key, e.service());
            return null;
        }
        if (c instanceof IpvsChange.DeleteService) {
            services.remove(key);
            dests.remove(key);
            return null;
        }
        RealServerDest d = c instanceof IpvsChange.AddDestination a ? a.destination()
                : c instanceof IpvsChange.EditDestination e ? e.destination()
                : ((IpvsChange.DeleteDestination) c).destination();
        int index = -1;
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).sameServer(d)) {
                index = i;
            }
        }
        if (c instanceof IpvsChange.DeleteDestination) {
            if (index < 0) {
                return Errno.ENOENT;
            }
            list.remove(index);
            return null;
        }
        if (d.lowerThreshold() > d.upperThreshold()) {
            return Errno.ERANGE;
        }
        if (d.family() != c.service().family() && d.method() != ForwardingMethod.TUNNEL) {
            return Errno.EINVAL;
        }
        if (c instanceof IpvsChange.AddDestination) {
            if (index >= 0) {
                return Errno.EEXIST;
            }
            list.add(d);
            return null;
        }
        if (index < 0) {
            return Errno.ENOENT;
        }
        list.set(index, d);
        return null;
    }
}
