package io.jkeepalived.vrrp.vip;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.jkeepalived.vrrp.VirtualAddresses;

/**
 * An instance's virtual addresses with, in no_accept mode, the firewall's drop rule for them: the addresses go
 * into the drop set before they are added to their interfaces, and leave it after they are removed, in
 * keepalived's order ("setting firewall drop rule" / "setting VIPs", "removing VIPs" / "removing firewall drop
 * rule"). In accept mode it passes straight through. A reload may switch the mode of an instance that holds
 * its addresses; {@link #reconfigure} moves them in or out of the set then, as keepalived does.
 */
public final class FirewalledAddresses implements VirtualAddresses {

    private final VirtualAddresses addresses;
    private final VipFirewall firewall;
    private String instance;
    private boolean noAccept;
    /** What the instance holds now (added and not removed), whatever its mode. */
    private final Set<InetAddress> holding = new LinkedHashSet<>();

    public FirewalledAddresses(String instance, boolean noAccept, VirtualAddresses addresses, VipFirewall firewall) {
        this.instance = Objects.requireNonNull(instance, "instance");
        this.noAccept = noAccept;
        this.addresses = Objects.requireNonNull(addresses, "addresses");
        this.firewall = Objects.requireNonNull(firewall, "firewall");
    }

    @Override
    public void add(List<InetAddress> list) {
        List<InetAddress> fresh = new ArrayList<>(list.size());
        for (InetAddress a : list) {
            if (holding.add(a)) {
                fresh.add(a);
            }
        }
        if (noAccept && !fresh.isEmpty()) {
            firewall.add(instance, fresh);
        }
        addresses.add(list);
    }

    @Override
    public void remove(List<InetAddress> list) {
        addresses.remove(list);
        List<InetAddress> gone = new ArrayList<>(list.size());
        for (InetAddress a : list) {
            if (holding.remove(a)) {
                gone.add(a);
            }
        }
        if (noAccept && !gone.isEmpty()) {
            firewall.remove(instance, gone);
        }
    }

    @Override
    public void settle() {
        addresses.settle();
    }

    /** A reload's name and mode for the instance; a change of mode while holding addresses takes effect now. */
    public void reconfigure(String name, boolean nextNoAccept) {
        this.instance = name;
        if (nextNoAccept == noAccept) {
            return;
        }
        noAccept = nextNoAccept;
        if (!holding.isEmpty()) {
            List<InetAddress> all = new ArrayList<>(holding);
            if (noAccept) {
                firewall.add(name, all);
            } else {
                firewall.remove(name, all);
            }
        }
    }

    public boolean noAccept() {
        return noAccept;
    }
}
