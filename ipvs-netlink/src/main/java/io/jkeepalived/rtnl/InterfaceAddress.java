package io.jkeepalived.rtnl;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

import io.jkeepalived.libc.Libc;

/**
 * An IP address on an interface: what {@code ip addr add} takes and {@code ip addr show} prints, and what
 * a keepalived {@code virtual_ipaddress} line means.
 *
 * @param ifIndex      the interface
 * @param address      the local address (IFA_LOCAL)
 * @param prefixLength 0..32 or 0..128
 * @param peer         the far end of a point-to-point address (IFA_ADDRESS), or null
 * @param broadcast    IPv4 broadcast (IFA_BROADCAST), or null for none
 * @param label        IPv4 alias label such as "eth0:1" (IFA_LABEL), or null; sent only when set
 * @param scope        RT_SCOPE_* (0 = global)
 * @param flags        IFA_F_* (NODAD, NOPREFIXROUTE, HOMEADDRESS, MANAGETEMPADDR, MCAUTOJOIN...)
 * @param lifetime     valid/preferred lifetimes (IFA_CACHEINFO), or null for permanent
 */
public record InterfaceAddress(int ifIndex, InetAddress address, int prefixLength, InetAddress peer,
        InetAddress broadcast, String label, int scope, int flags, AddressLifetime lifetime) {

    /** Labels live in a 16-byte field with its NUL (IFNAMSIZ). */
    public static final int MAX_LABEL_BYTES = Libc.IF_NAMESIZE - 1;

    public InterfaceAddress {
        if (ifIndex <= 0) {
            throw new IllegalArgumentException("interface index must be positive, not " + ifIndex);
        }
        if (address == null) {
            throw new IllegalArgumentException("address is required");
        }
        int max = maxPrefix(address);
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range 0.." + max
                    + " for " + address.getHostAddress());
        }
        if (peer != null && peer.getClass() != address.getClass()) {
            throw new IllegalArgumentException("peer " + peer.getHostAddress() + " is not the family of "
                    + address.getHostAddress());
        }
        if (broadcast != null && !(address instanceof Inet4Address && broadcast instanceof Inet4Address)) {
            throw new IllegalArgumentException("a broadcast address exists only for IPv4");
        }
        if (label != null) {
            if (!(address instanceof Inet4Address)) {
                throw new IllegalArgumentException("labels exist only for IPv4 addresses");
            }
            int bytes = label.getBytes(StandardCharsets.UTF_8).length;
            if (bytes == 0 || bytes > MAX_LABEL_BYTES || label.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("label \"" + label + "\" must be 1.." + MAX_LABEL_BYTES
                        + " bytes");
            }
        }
        if (scope < 0 || scope > 255) {
            throw new IllegalArgumentException("scope " + scope + " out of range 0..255");
        }
    }

    /** An address with ip(8)'s defaults: no peer, broadcast or label, global scope, no flags, permanent. */
    public static InterfaceAddress of(int ifIndex, InetAddress address, int prefixLength) {
        return new InterfaceAddress(ifIndex, address, prefixLength, null, null, null, Rtnl.RT_SCOPE_UNIVERSE, 0,
                null);
    }

    /** A host address (/32 or /128), keepalived's default for a VIP without a mask. */
    public static InterfaceAddress host(int ifIndex, InetAddress address) {
        return of(ifIndex, address, maxPrefix(address));
    }

    public InterfaceAddress withBroadcast(InetAddress b) {
        return new InterfaceAddress(ifIndex, address, prefixLength, peer, b, label, scope, flags, lifetime);
    }

    /** The broadcast address of this address's prefix (ip's {@code brd +}). */
    public InterfaceAddress withDefaultBroadcast() {
        if (!(address instanceof Inet4Address) || prefixLength >= 31) {
            return withBroadcast(null);
        }
        byte[] b = address.getAddress();
        int host = 32 - prefixLength;
        int v = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        v |= (int) ((1L << host) - 1);
        try {
            return withBroadcast(InetAddress.getByAddress(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16),
                    (byte) (v >>> 8), (byte) v}));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    public InterfaceAddress withPeer(InetAddress p) {
        return new InterfaceAddress(ifIndex, address, prefixLength, p, broadcast, label, scope, flags, lifetime);
    }

    public InterfaceAddress withLabel(String l) {
        return new InterfaceAddress(ifIndex, address, prefixLength, peer, broadcast, l, scope, flags, lifetime);
    }

    public InterfaceAddress withScope(int s) {
        return new InterfaceAddress(ifIndex, address, prefixLength, peer, broadcast, label, s, flags, lifetime);
    }

    public InterfaceAddress withFlags(int f) {
        return new InterfaceAddress(ifIndex, address, prefixLength, peer, broadcast, label, scope, f, lifetime);
    }

    public InterfaceAddress withLifetime(AddressLifetime l) {
        return new InterfaceAddress(ifIndex, address, prefixLength, peer, broadcast, label, scope, flags, l);
    }

    /** AF_INET or AF_INET6. */
    public int family() {
        return address instanceof Inet6Address ? Libc.AF_INET6 : Libc.AF_INET;
    }

    /** "192.0.2.1/24". */
    public String cidr() {
        return address.getHostAddress() + "/" + prefixLength;
    }

    /** Same interface, address and prefix: the kernel's identity of an address. */
    public boolean sameAs(InterfaceAddress other) {
        return other != null && ifIndex == other.ifIndex && address.equals(other.address)
                && prefixLength == other.prefixLength;
    }

    private static int maxPrefix(InetAddress a) {
        return a instanceof Inet6Address ? 128 : 32;
    }

    /** ip(8)-like: "192.0.2.1/24 brd 192.0.2.255 scope global label eth0:1 on ifindex 3". */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(cidr());
        if (peer != null) {
            s.append(" peer ").append(peer.getHostAddress());
        }
        if (broadcast != null) {
            s.append(" brd ").append(broadcast.getHostAddress());
        }
        s.append(" scope ").append(Rtnl.scopeName(scope));
        if ((flags & Rtnl.IFA_F_NODAD) != 0) {
            s.append(" nodad");
        }
        if ((flags & Rtnl.IFA_F_NOPREFIXROUTE) != 0) {
            s.append(" noprefixroute");
        }
        int other = flags & ~(Rtnl.IFA_F_NODAD | Rtnl.IFA_F_NOPREFIXROUTE);
        if (other != 0) {
            s.append(" flags 0x").append(Integer.toHexString(other));
        }
        if (label != null) {
            s.append(" label ").append(label);
        }
        if (lifetime != null) {
            s.append(' ').append(lifetime);
        }
        return s.append(" on ifindex ").append(ifIndex).toString();
    }
}
