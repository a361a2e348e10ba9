package io.jkeepalived.vrrp.runtime;

import io.jkeepalived.rtnl.InterfaceAddress;
import io.jkeepalived.rtnl.Link;
import io.jkeepalived.rtnl.Rtnl;
import io.jkeepalived.rtnl.RtnlEvent;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The links and addresses of the namespace, as rtnetlink last told us: listed at start, then kept up
 * to date from the monitor's events (a lost-events notice means list again). Owned by the event loop.
 */
public final class InterfaceRegistry {
    private final Map<String, Link> byName = new HashMap<>();
    private final Map<Integer, Link> byIndex = new HashMap<>();
    private final Map<Integer, List<InterfaceAddress>> addresses = new HashMap<>();

    /** Replaces everything with a fresh listing. */
    public void reset(List<Link> links, List<InterfaceAddress> all) {
        byName.clear();
        byIndex.clear();
        addresses.clear();
        links.forEach(this::putLink);
        all.forEach(this::putAddress);
    }

    private void putLink(Link link) {
        Link old = byIndex.put(link.index(), link);
        if (old != null && !old.name().equals(link.name())) {
            byName.remove(old.name());
        }
        byName.put(link.name(), link);
    }

    private void putAddress(InterfaceAddress a) {
        List<InterfaceAddress> list = addresses.computeIfAbsent(a.ifIndex(), k -> new ArrayList<>());
        list.removeIf(a::sameAs);
        list.add(a);
    }

    /**
     * Applies one event.
     *
     * @return the name of the interface whose link state may have changed, or null
     */
    public String apply(RtnlEvent event) {
        if (event instanceof RtnlEvent.LinkEvent le) {
            Link link = le.link();
            if (le.change() == RtnlEvent.Change.DELETED) {
                Link old = byIndex.remove(link.index());
                String name = old != null ? old.name() : link.name();
                byName.remove(name);
                addresses.remove(link.index());
                return name;
            }
            putLink(link);
            return link.name();
        }
        if (event instanceof RtnlEvent.AddressEvent ae) {
            InterfaceAddress a = ae.address();
            if (ae.change() == RtnlEvent.Change.DELETED) {
                List<InterfaceAddress> list = addresses.get(a.ifIndex());
                if (list != null) {
                    list.removeIf(a::sameAs);
                }
            } else {
                putAddress(a);
            }
        }
        return null;
    }

    /** The name of the interface with {@code index}, or null when there is none. */
    public String nameOf(int index) {
        Link l = byIndex.get(index);
        return l == null ? null : l.name();
    }

    public Optional<Link> link(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The interface's index, 0 when there is no such interface. */
    public int index(String name) {
        Link l = byName.get(name);
        return l == null ? 0 : l.index();
    }

    /** Up for VRRP: administratively up with carrier (keepalived's IFF_UP and IFF_RUNNING). */
    public boolean usable(String name) {
        Link l = byName.get(name);
        return l != null && l.isAdminUp() && (l.flags() & Rtnl.IFF_RUNNING) != 0;
    }

    public Optional<byte[]> mac(String name) {
        Link l = byName.get(name);
        return l == null || l.address() == null || l.address().length() != 6 ? Optional.empty()
                : Optional.of(l.address().bytes());
    }

    /**
     * The interface's primary IPv4 address: the first one that is not a secondary, leaving out
     * {@code excluded} (our own VIPs, which may still be there after a crash).
     */
    public Optional<Inet4Address> primaryIpv4(String name, List<InetAddress> excluded) {
        for (InterfaceAddress a : addressesOf(name)) {
            if (a.address() instanceof Inet4Address v4 && (a.flags() & Rtnl.IFA_F_SECONDARY) == 0
                    && !excluded.contains(v4)) {
                return Optional.of(v4);
            }
        }
        return Optional.empty();
    }

    /** The interface's link-local IPv6 address (VRRPv3 over IPv6 sends from it). */
    public Optional<Inet6Address> linkLocal(String name) {
        for (InterfaceAddress a : addressesOf(name)) {
            if (a.address() instanceof Inet6Address v6 && v6.isLinkLocalAddress()
                    && (a.flags() & (Rtnl.IFA_F_TENTATIVE | Rtnl.IFA_F_DADFAILED)) == 0) {
                return Optional.of(v6);
            }
        }
        return Optional.empty();
    }

    /** The interface an address is configured on (for unicast_src_ip without an interface). */
    public Optional<String> interfaceOf(InetAddress address) {
        for (Map.Entry<Integer, List<InterfaceAddress>> e : addresses.entrySet()) {
            for (InterfaceAddress a : e.getValue()) {
                if (a.address().equals(address)) {
                    Link l = byIndex.get(e.getKey());
                    if (l != null) {
                        return Optional.of(l.name());
                    }
                }
            }
        }
        return Optional.empty();
    }

    public boolean hasAddress(String name, InetAddress address) {
        return addressesOf(name).stream().anyMatch(a -> a.address().equals(address));
    }

    private List<InterfaceAddress> addressesOf(String name) {
        Link l = byName.get(name);
        return l == null ? List.of() : addresses.getOrDefault(l.index(), List.of());
    }
}
