package io.jkeepalived.config.model;

import java.net.InetAddress;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An address keepalived adds to an interface: a line of {@code virtual_ipaddress},
 * {@code virtual_ipaddress_excluded} or {@code static_ipaddress}, with the options of {@code ip address add}.
 *
 * @param address            the address
 * @param prefixLength       effective prefix: as written, else 32 (IPv4) or 128 (IPv6)
 * @param device             {@code dev}; empty means the VRRP instance's interface (for static addresses the
 *                           binder has already filled in {@code default_interface})
 * @param broadcast          {@code brd}/{@code broadcast}, IPv4 only; {@code +} and {@code -} are resolved
 * @param peer               {@code peer}: the other end of a point-to-point address
 * @param label              {@code label}, IPv4 only, e.g. {@code eth0:1}; empty means no IFA_LABEL is sent
 * @param scope              0-255: 0 global, 200 site, 253 link, 254 host, 255 nowhere
 * @param home               {@code home} (IFA_F_HOMEADDRESS)
 * @param noDad              {@code -nodad} (IFA_F_NODAD)
 * @param mngTmpAddr         {@code mngtmpaddr} (IFA_F_MANAGETEMPADDR)
 * @param noPrefixRoute      {@code noprefixroute} (IFA_F_NOPREFIXROUTE)
 * @param autoJoin           {@code autojoin} (IFA_F_MCAUTOJOIN)
 * @param noTrack            {@code no_track}: deleting the address behind keepalived's back is not a fault
 * @param useVmac            {@code use_vmac}: put the address on a VMAC of its device
 * @param preferredLifetime  {@code preferred_lft} in seconds; empty means forever. keepalived's default, applied
 *                           here, is 0 (deprecated) for an IPv6 /128 and forever otherwise
 */
public record VirtualAddress(InetAddress address, int prefixLength, Optional<String> device,
                             Optional<InetAddress> broadcast, Optional<InetAddress> peer, Optional<String> label,
                             int scope, boolean home, boolean noDad, boolean mngTmpAddr, boolean noPrefixRoute,
                             boolean autoJoin, boolean noTrack, boolean useVmac, OptionalLong preferredLifetime) {

    public static final int SCOPE_GLOBAL = 0;
    public static final int SCOPE_SITE = 200;
    public static final int SCOPE_LINK = 253;
    public static final int SCOPE_HOST = 254;
    public static final int SCOPE_NOWHERE = 255;

    private static final Map<Integer, String> SCOPE_NAMES = Map.of(SCOPE_GLOBAL, "global", SCOPE_SITE, "site",
            SCOPE_LINK, "link", SCOPE_HOST, "host", SCOPE_NOWHERE, "nowhere");

    public VirtualAddress {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(broadcast, "broadcast");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(preferredLifetime, "preferredLifetime");
        AddressFamily family = AddressFamily.of(address);
        if (prefixLength < 0 || prefixLength > family.maxPrefixLength()) {
            throw new IllegalArgumentException("prefix length " + prefixLength);
        }
        if (scope < 0 || scope > 255) {
            throw new IllegalArgumentException("scope " + scope);
        }
        if (family == AddressFamily.IPV6 && (broadcast.isPresent() || label.isPresent())) {
            throw new IllegalArgumentException("IPv6 addresses have no broadcast and no label");
        }
    }

    /** A plain address: default prefix, no options, keepalived's default lifetime. */
    public static VirtualAddress of(InetAddress address) {
        AddressFamily family = AddressFamily.of(address);
        return new VirtualAddress(address, family.maxPrefixLength(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), SCOPE_GLOBAL, false, false, false, false, false, false, false,
                family == AddressFamily.IPV6 ? OptionalLong.of(0) : OptionalLong.empty());
    }

    public AddressFamily family() {
        return AddressFamily.of(address);
    }

    /** The name iproute2 uses for a scope number, or the number itself. */
    public static String scopeName(int scope) {
        return SCOPE_NAMES.getOrDefault(scope, Integer.toString(scope));
    }

    /** The scope number of an iproute2 scope name (global, site, link, host, nowhere), or -1. */
    public static int scopeNumber(String name) {
        for (Map.Entry<Integer, String> e : SCOPE_NAMES.entrySet()) {
            if (e.getValue().equals(name)) {
                return e.getKey();
            }
        }
        return -1;
    }
}
