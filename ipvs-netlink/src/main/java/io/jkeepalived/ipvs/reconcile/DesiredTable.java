package io.jkeepalived.ipvs.reconcile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.jkeepalived.ipvs.VirtualService.ServiceKey;

/**
 * What jkeepalived wants the kernel's IPVS table to hold, and which part of the table it owns.
 *
 * <p>Ownership is by service key: jkeepalived owns the services it was asked to manage (those in
 * {@code services}) and those it managed before and gives up now ({@code released}, deleted when present).
 * An owned service is owned whole: its settings and its destinations are exactly what {@code services}
 * says, so a destination someone added under it by hand is deleted, and one deleted behind jkeepalived's
 * back is added again. Every other service in the kernel, and everything under it, is left alone.
 *
 * @param services the owned services with their destinations, in the order to program them
 * @param released owned services no longer wanted (e.g. removed from the configuration on reload)
 */
public record DesiredTable(List<ServiceConfig> services, Set<ServiceKey> released) {

    public DesiredTable {
        services = List.copyOf(services);
        released = Set.copyOf(released);
        Set<ServiceKey> seen = new HashSet<>();
        for (ServiceConfig s : services) {
            if (!seen.add(s.key())) {
                throw new IllegalArgumentException("service " + s.service().describe() + " is desired twice");
            }
            if (released.contains(s.key())) {
                throw new IllegalArgumentException("service " + s.service().describe() + " is both desired and released");
            }
        }
    }

    public static DesiredTable of(Collection<ServiceConfig> services) {
        return new DesiredTable(new ArrayList<>(services), Set.of());
    }

    /** The services jkeepalived owns: desired or released. */
    public Set<ServiceKey> owned() {
        Set<ServiceKey> all = new HashSet<>(released);
        for (ServiceConfig s : services) {
            all.add(s.key());
        }
        return all;
    }

    /** The desired services by key, in order. */
    public Map<ServiceKey, ServiceConfig> byKey() {
        Map<ServiceKey, ServiceConfig> m = new LinkedHashMap<>();
        for (ServiceConfig s : services) {
            m.put(s.key(), s);
        }
        return m;
    }

    /**
     * The table for a new configuration: {@code next}'s services, releasing those of {@code previous} that
     * {@code next} no longer has (how a reload hands back what it stopped managing).
     */
    public static DesiredTable replacing(DesiredTable previous, List<ServiceConfig> next) {
        Set<ServiceKey> released = new HashSet<>(previous.owned());
        for (ServiceConfig s : next) {
            released.remove(s.key());
        }
        return new DesiredTable(next, released);
    }
}
