package io.jkeepalived.vrrp.vip;

import io.jkeepalived.config.model.VirtualAddress;
import io.jkeepalived.libc.Errno;
import io.jkeepalived.libc.LinuxException;
import io.jkeepalived.rtnl.AddressLifetime;
import io.jkeepalived.rtnl.InterfaceAddress;
import io.jkeepalived.rtnl.Rtnl;
import io.jkeepalived.vrrp.VirtualAddresses;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An instance's virtual addresses in the kernel: virtual_ipaddress and virtual_ipaddress_excluded,
 * each with its prefix, device, broadcast, peer, label, scope and flags, as keepalived adds them
 * (IPv6 VIPs with nodad unless {@code -nodad} is written, and preferred_lft as configured).
 *
 * <p>Forgiving where keepalived is: an address that is already there counts as added, one that is
 * already gone as removed. Any other refusal is logged and the others still go ahead; the state
 * machine is never stopped by a VIP. Each change is logged.
 */
public final class VipManager implements VirtualAddresses {
    private static final Logger LOG = LoggerFactory.getLogger(VipManager.class);

    private String tag;
    private final String instanceInterface;
    private final Map<InetAddress, VirtualAddress> configured = new LinkedHashMap<>();
    /**
     * The form each address was last added in (or found present), so that a reload that changes or drops an
     * address removes what is really there.
     */
    private final Map<InetAddress, VirtualAddress> installed = new LinkedHashMap<>();
    private final ToIntFunction<String> ifIndexOf;
    private final AddressTable table;
    /** What the adds since the last settle() came to, in order; error null for added. */
    private final List<Outcome> outcomes = new ArrayList<>();

    private record Outcome(VirtualAddress address, String device, IOException error) {
    }

    /** Stands for "its interface does not exist" among the outcomes (never thrown). */
    private static final IOException MISSING_INTERFACE = new IOException("no such interface");

    /**
     * @param instance          the instance's name, for logs
     * @param instanceInterface where an address without {@code dev} goes
     * @param addresses         virtual_ipaddress then virtual_ipaddress_excluded
     * @param ifIndexOf         the current index of an interface name, 0 when there is none
     */
    public VipManager(String instance, String instanceInterface, List<VirtualAddress> addresses,
                      ToIntFunction<String> ifIndexOf, AddressTable table) {
        this.tag = "(" + instance + ") ";
        this.instanceInterface = Objects.requireNonNull(instanceInterface, "instanceInterface");
        for (VirtualAddress a : addresses) {
            configured.putIfAbsent(a.address(), a);
        }
        this.ifIndexOf = ifIndexOf;
        this.table = table;
    }

    /**
     * A reload's new virtual_ipaddress and virtual_ipaddress_excluded. Changes nothing in the kernel: the
     * instance removes and adds what it must (as MASTER) through {@link #remove} and {@link #add}, and an
     * address added under the old configuration is still removed in the form it was added in.
     *
     * @param instance the instance's name (a reload may rename it)
     * @return the addresses kept whose kernel form changed in what keepalived 2.2.7 compares on reload
     *         (prefix, scope, device, label): they must be removed and added again
     */
    public java.util.Set<InetAddress> reconfigure(String instance, List<VirtualAddress> addresses) {
        this.tag = "(" + instance + ") ";
        Map<InetAddress, VirtualAddress> next = new LinkedHashMap<>();
        for (VirtualAddress a : addresses) {
            next.putIfAbsent(a.address(), a);
        }
        java.util.Set<InetAddress> redefined = new java.util.LinkedHashSet<>();
        for (Map.Entry<InetAddress, VirtualAddress> e : next.entrySet()) {
            VirtualAddress before = configured.get(e.getKey());
            if (before != null && !sameInKernel(before, e.getValue())) {
                redefined.add(e.getKey());
            }
        }
        configured.clear();
        configured.putAll(next);
        return redefined;
    }

    private boolean sameInKernel(VirtualAddress a, VirtualAddress b) {
        return a.prefixLength() == b.prefixLength() && a.scope() == b.scope() && a.label().equals(b.label())
                && a.device().orElse(instanceInterface).equals(b.device().orElse(instanceInterface));
    }

    /** The interface an address lives on: its {@code dev}, else the instance's interface. */
    public String deviceOf(InetAddress address) {
        VirtualAddress a = configured.get(address);
        return a == null ? instanceInterface : a.device().orElse(instanceInterface);
    }

    /**
     * Whether the deletion of {@code address} from {@code device} concerns this instance: one of its
     * addresses, on the device it lives on, and not marked {@code no_track}.
     */
    public boolean tracks(InetAddress address, String device) {
        VirtualAddress a = configured.get(address);
        return a != null && !a.noTrack() && a.device().orElse(instanceInterface).equals(device);
    }

    @Override
    public void add(List<InetAddress> addresses) {
        // One request to the kernel for all of them; the outcome is logged by settle(), once the
        // gratuitous ARPs that follow are out.
        List<Integer> slots = new ArrayList<>(addresses.size());
        List<InterfaceAddress> requests = new ArrayList<>(addresses.size());
        for (InetAddress address : addresses) {
            VirtualAddress a = configured.get(address);
            if (a == null) {
                continue;
            }
            String dev = a.device().orElse(instanceInterface);
            int index = ifIndexOf.applyAsInt(dev);
            if (index <= 0) {
                outcomes.add(new Outcome(a, dev, MISSING_INTERFACE));
                continue;
            }
            // Reported in configuration order: the kernel's answer fills this slot in below.
            slots.add(outcomes.size());
            outcomes.add(new Outcome(a, dev, null));
            requests.add(toInterfaceAddress(a, index));
        }
        if (requests.isEmpty()) {
            return;
        }
        List<IOException> answers;
        try {
            answers = table.addAll(requests);
        } catch (IOException e) {
            // The exchange itself failed (not one refusal): the state of each add is unknown.
            answers = new ArrayList<>();
            for (int i = 0; i < requests.size(); i++) {
                answers.add(e);
            }
        }
        for (int i = 0; i < slots.size(); i++) {
            Outcome o = outcomes.get(slots.get(i));
            IOException answer = answers.get(i);
            outcomes.set(slots.get(i), new Outcome(o.address(), o.device(), answer));
            if (answer == null || is(answer, Errno.EEXIST)) {
                installed.put(o.address().address(), o.address());
            }
        }
    }

    /** Logs what became of each address of the adds since the last call. */
    @Override
    public void settle() {
        for (Outcome o : outcomes) {
            String what = describe(o.address(), o.device());
            if (o.error() == null) {
                LOG.info("{}added {}", tag, what);
            } else if (o.error() == MISSING_INTERFACE) {
                LOG.error("{}cannot add {}: interface {} does not exist", tag, what, o.device());
            } else if (is(o.error(), Errno.EEXIST)) {
                LOG.info("{}{} was already present", tag, what);
            } else {
                LOG.error("{}cannot add {}: {}", tag, what, o.error().getMessage());
            }
        }
        outcomes.clear();
    }

    /** Forgets the outcomes of the adds since the last settle() without logging them (a rehearsal's refusals). */
    public void discardOutcomes() {
        outcomes.clear();
    }

    @Override
    public void remove(List<InetAddress> addresses) {
        for (InetAddress address : addresses) {
            VirtualAddress a = installed.remove(address);
            if (a == null) {
                a = configured.get(address);
            }
            if (a == null) {
                continue;
            }
            String dev = a.device().orElse(instanceInterface);
            int index = ifIndexOf.applyAsInt(dev);
            if (index <= 0) {
                LOG.info("{}{} is gone with its interface", tag, describe(a, dev));
                continue;
            }
            try {
                table.delete(toInterfaceAddress(a, index));
                LOG.info("{}removed {}", tag, describe(a, dev));
            } catch (IOException e) {
                if (is(e, Errno.EADDRNOTAVAIL) || is(e, Errno.ENODEV)) {
                    LOG.info("{}{} was already gone", tag, describe(a, dev));
                } else {
                    LOG.error("{}cannot remove {}: {}", tag, describe(a, dev), e.getMessage());
                }
            }
        }
    }

    private static boolean is(IOException e, Errno errno) {
        return e instanceof LinuxException le && le.is(errno);
    }

    /** "192.0.2.200/24 dev eth0 label eth0:1", for logs. Plain code: it runs on the takeover path. */
    static String describe(VirtualAddress a, String dev) {
        StringBuilder s = new StringBuilder(a.address().getHostAddress()).append('/').append(a.prefixLength());
        if (a.broadcast().isPresent()) {
            s.append(" brd ").append(a.broadcast().get().getHostAddress());
        }
        if (a.peer().isPresent()) {
            s.append(" peer ").append(a.peer().get().getHostAddress());
        }
        s.append(" dev ").append(dev);
        if (a.scope() != VirtualAddress.SCOPE_GLOBAL) {
            s.append(" scope ").append(VirtualAddress.scopeName(a.scope()));
        }
        if (a.label().isPresent()) {
            s.append(" label ").append(a.label().get());
        }
        return s.toString();
    }

    /**
     * Checks every address against the interfaces there are now and runs the code a takeover runs
     * (minus the kernel), so that the first takeover does not pay for loading it. Problems are logged
     * now, at start, rather than discovered at the first takeover.
     */
    public void prepare(java.util.function.Consumer<InterfaceAddress> encoder) {
        for (VirtualAddress a : configured.values()) {
            String dev = a.device().orElse(instanceInterface);
            int index = ifIndexOf.applyAsInt(dev);
            if (index <= 0) {
                LOG.warn("{}interface {} of {} does not exist (yet)", tag, dev, describe(a, dev));
                continue;
            }
            try {
                encoder.accept(toInterfaceAddress(a, index));
            } catch (IllegalArgumentException e) {
                LOG.error("{}{} cannot be added: {}", tag, describe(a, dev), e.getMessage());
            }
        }
    }

    /** The rtnetlink form of a configured address on interface {@code ifIndex}. */
    public static InterfaceAddress toInterfaceAddress(VirtualAddress a, int ifIndex) {
        InterfaceAddress ia = InterfaceAddress.of(ifIndex, a.address(), a.prefixLength()).withScope(a.scope());
        if (a.broadcast().isPresent()) {
            ia = ia.withBroadcast(a.broadcast().get());
        }
        if (a.peer().isPresent()) {
            ia = ia.withPeer(a.peer().get());
        }
        if (a.label().isPresent()) {
            ia = ia.withLabel(a.label().get());
        }
        int flags = 0;
        if (a.home()) {
            flags |= Rtnl.IFA_F_HOMEADDRESS;
        }
        if (a.mngTmpAddr()) {
            flags |= Rtnl.IFA_F_MANAGETEMPADDR;
        }
        if (a.noPrefixRoute()) {
            flags |= Rtnl.IFA_F_NOPREFIXROUTE;
        }
        if (a.autoJoin()) {
            flags |= Rtnl.IFA_F_MCAUTOJOIN;
        }
        if (a.address() instanceof Inet6Address) {
            // keepalived skips duplicate address detection on VIPs (VRRP is its own DAD) unless -nodad is written.
            if (!a.noDad()) {
                flags |= Rtnl.IFA_F_NODAD;
            }
            if (a.preferredLifetime().isPresent()) {
                ia = ia.withLifetime(AddressLifetime.preferredFor(a.preferredLifetime().getAsLong()));
            }
        }
        return ia.withFlags(flags);
    }
}
