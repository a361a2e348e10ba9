package io.jkeepalived.rtnl;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;

import io.jkeepalived.libc.Libc;
import io.jkeepalived.netlink.AttributeReader;
import io.jkeepalived.netlink.MalformedMessageException;
import io.jkeepalived.netlink.Netlink;
import io.jkeepalived.netlink.NetlinkMessage;
import io.jkeepalived.netlink.NetlinkMessageBuilder;

/**
 * Encoders and decoders for the rtnetlink messages jkeepalived uses: address add/delete/dump and link
 * get/dump, plus the notifications the same messages become on the multicast groups.
 *
 * <p>Requests are byte-for-byte what iproute2 6.1's ip(8) sends for the same command (see the golden
 * tests), attribute order included, so a strace of either reads the same.
 */
public final class RtnlCodec {

    private RtnlCodec() {
    }

    /**
     * {@code ip addr add}: RTM_NEWADDR with NLM_F_CREATE|NLM_F_EXCL (an existing address is EEXIST), or with
     * {@code replace} NLM_F_CREATE|NLM_F_REPLACE ({@code ip addr replace}, which updates lifetimes and flags).
     */
    public static NetlinkMessageBuilder writeAddAddress(NetlinkMessageBuilder b, InterfaceAddress a, boolean replace) {
        int flags = Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK | Netlink.NLM_F_CREATE
                | (replace ? Netlink.NLM_F_REPLACE : Netlink.NLM_F_EXCL);
        b.begin(Rtnl.RTM_NEWADDR, flags);
        // Flags that fit the old 8-bit field go there; wider ones need IFA_FLAGS (as ip does it).
        boolean wideFlags = (a.flags() & ~0xff) != 0;
        ifaddrmsg(b, a, wideFlags ? 0 : a.flags(), a.scope());
        b.attrAddress(Rtnl.IFA_LOCAL, a.address());
        if (a.peer() != null) {
            b.attrAddress(Rtnl.IFA_ADDRESS, a.peer());
        }
        if (a.broadcast() != null) {
            b.attrAddress(Rtnl.IFA_BROADCAST, a.broadcast());
        }
        if (a.label() != null) {
            b.attrString(Rtnl.IFA_LABEL, a.label());
        }
        if (wideFlags) {
            b.attrU32(Rtnl.IFA_FLAGS, a.flags());
        }
        if (a.peer() == null) {
            b.attrAddress(Rtnl.IFA_ADDRESS, a.address());
        }
        if (a.lifetime() != null) {
            // struct ifa_cacheinfo: preferred, valid, cstamp, tstamp
            b.attrBytes(Rtnl.IFA_CACHEINFO, cacheinfo(a.lifetime()));
        }
        return b;
    }

    /**
     * {@code ip addr del}: RTM_DELADDR naming the address by local address, prefix and peer. Label, scope and
     * flags are left out so the kernel matches the address whatever they are.
     */
    public static NetlinkMessageBuilder writeDeleteAddress(NetlinkMessageBuilder b, InterfaceAddress a) {
        b.begin(Rtnl.RTM_DELADDR, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK);
        ifaddrmsg(b, a, 0, Rtnl.RT_SCOPE_UNIVERSE);
        b.attrAddress(Rtnl.IFA_LOCAL, a.address());
        b.attrAddress(Rtnl.IFA_ADDRESS, a.peer() != null ? a.peer() : a.address());
        return b;
    }

    /** {@code ip addr show}'s RTM_GETADDR dump; {@code family} AF_UNSPEC for all, or AF_INET / AF_INET6. */
    public static NetlinkMessageBuilder writeAddressDump(NetlinkMessageBuilder b, int family) {
        return b.begin(Rtnl.RTM_GETADDR, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP).u8(family).u8(0).u8(0).u8(0)
                .u32(0);
    }

    /** {@code ip addr show}'s RTM_GETLINK dump: all links, VF summary requested as ip does. */
    public static NetlinkMessageBuilder writeLinkDump(NetlinkMessageBuilder b) {
        b.begin(Rtnl.RTM_GETLINK, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP);
        ifinfomsg(b, 0);
        return b.attrU32(Rtnl.IFLA_EXT_MASK, Rtnl.RTEXT_FILTER_VF);
    }

    /** The RTM_GETLINK ip sends to resolve {@code dev NAME}: one link, statistics skipped. */
    public static NetlinkMessageBuilder writeGetLink(NetlinkMessageBuilder b, String name) {
        b.begin(Rtnl.RTM_GETLINK, Netlink.NLM_F_REQUEST);
        ifinfomsg(b, 0);
        b.attrU32(Rtnl.IFLA_EXT_MASK, Rtnl.RTEXT_FILTER_VF | Rtnl.RTEXT_FILTER_SKIP_STATS);
        return b.attrString(Rtnl.IFLA_IFNAME, name);
    }

    /** RTM_GETLINK for one link by index. */
    public static NetlinkMessageBuilder writeGetLink(NetlinkMessageBuilder b, int index) {
        b.begin(Rtnl.RTM_GETLINK, Netlink.NLM_F_REQUEST);
        ifinfomsg(b, index);
        return b.attrU32(Rtnl.IFLA_EXT_MASK, Rtnl.RTEXT_FILTER_VF | Rtnl.RTEXT_FILTER_SKIP_STATS);
    }

    private static void ifaddrmsg(NetlinkMessageBuilder b, InterfaceAddress a, int flags8, int scope) {
        b.u8(a.family()).u8(a.prefixLength()).u8(flags8).u8(scope).u32(a.ifIndex());
    }

    private static void ifinfomsg(NetlinkMessageBuilder b, int index) {
        b.u8(Libc.AF_UNSPEC).u8(0).u16(0).u32(index).u32(0).u32(0);
    }

    private static byte[] cacheinfo(AddressLifetime l) {
        ByteBuffer c = ByteBuffer.allocate(16).order(java.nio.ByteOrder.nativeOrder());
        c.putInt((int) l.preferredSeconds()).putInt((int) l.validSeconds()).putInt(0).putInt(0);
        return c.array();
    }

    // ---- decoding ----

    /**
     * Decodes an RTM_NEWADDR / RTM_DELADDR. Returns null for address families other than IPv4 and IPv6,
     * which jkeepalived never manages.
     */
    public static InterfaceAddress parseAddress(NetlinkMessage m) throws MalformedMessageException {
        m.requirePayload(Rtnl.IFADDRMSG_SIZE, "RTM_NEWADDR");
        ByteBuffer p = m.payload();
        int family = p.get(0) & 0xff;
        if (family != Libc.AF_INET && family != Libc.AF_INET6) {
            return null;
        }
        int addressLength = family == Libc.AF_INET ? 4 : 16;
        int prefix = p.get(1) & 0xff;
        int flags = p.get(2) & 0xff;
        int scope = p.get(3) & 0xff;
        int index = p.getInt(4);
        InetAddress local = null;
        InetAddress address = null;
        InetAddress broadcast = null;
        String label = null;
        AddressLifetime lifetime = null;
        AttributeReader a = m.attributes(Rtnl.IFADDRMSG_SIZE);
        while (a.next()) {
            switch (a.type()) {
                case Rtnl.IFA_LOCAL -> local = address(a, addressLength);
                case Rtnl.IFA_ADDRESS -> address = address(a, addressLength);
                case Rtnl.IFA_BROADCAST -> broadcast = address(a, addressLength);
                case Rtnl.IFA_LABEL -> label = a.string();
                case Rtnl.IFA_FLAGS -> flags = a.u32();
                case Rtnl.IFA_CACHEINFO -> lifetime = lifetime(a);
                default -> {
                    // anycast, multicast, route priority, protocol: not ours
                }
            }
        }
        InetAddress mine = local != null ? local : address;
        if (mine == null) {
            throw new MalformedMessageException("address message for ifindex " + index + " without an address");
        }
        InetAddress peer = local != null && address != null && !address.equals(local) ? address : null;
        if (!(mine instanceof Inet4Address)) {
            label = null;
            broadcast = null;
        } else if (label != null && label.isEmpty()) {
            label = null;
        }
        try {
            return new InterfaceAddress(index, mine, prefix, peer, broadcast, label, scope, flags, lifetime);
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("address message for ifindex " + index + ": " + e.getMessage());
        }
    }

    private static InetAddress address(AttributeReader a, int length) throws MalformedMessageException {
        if (a.length() != length) {
            throw new MalformedMessageException("address attribute " + a.type() + " of " + a.length()
                    + " bytes in a family with " + length + "-byte addresses");
        }
        return a.address();
    }

    private static AddressLifetime lifetime(AttributeReader a) throws MalformedMessageException {
        if (a.length() < 8) {
            throw new MalformedMessageException("IFA_CACHEINFO of " + a.length() + " bytes");
        }
        ByteBuffer c = ByteBuffer.wrap(a.bytes()).order(java.nio.ByteOrder.nativeOrder());
        long preferred = Integer.toUnsignedLong(c.getInt(0));
        long valid = Integer.toUnsignedLong(c.getInt(4));
        if (preferred == AddressLifetime.FOREVER && valid == AddressLifetime.FOREVER) {
            return null;
        }
        // The kernel may report preferred > valid for a moment while lifetimes count down; clamp.
        return new AddressLifetime(valid, Math.min(preferred, valid));
    }

    /** Decodes an RTM_NEWLINK / RTM_DELLINK. */
    public static Link parseLink(NetlinkMessage m) throws MalformedMessageException {
        m.requirePayload(Rtnl.IFINFOMSG_SIZE, "RTM_NEWLINK");
        ByteBuffer p = m.payload();
        int type = p.getShort(2) & 0xffff;
        int index = p.getInt(4);
        int flags = p.getInt(8);
        String name = null;
        HardwareAddress mac = null;
        int mtu = 0;
        int master = 0;
        OperState oper = OperState.UNKNOWN;
        String kind = null;
        AttributeReader a = m.attributes(Rtnl.IFINFOMSG_SIZE);
        while (a.next()) {
            switch (a.type()) {
                case Rtnl.IFLA_IFNAME -> name = a.string();
                case Rtnl.IFLA_ADDRESS -> mac = new HardwareAddress(a.bytes());
                case Rtnl.IFLA_MTU -> mtu = a.u32();
                case Rtnl.IFLA_MASTER -> master = a.u32();
                case Rtnl.IFLA_OPERSTATE -> oper = OperState.of(a.u8());
                case Rtnl.IFLA_LINKINFO -> kind = kind(a.nested());
                default -> {
                    // statistics, queues, VF lists...: not needed here
                }
            }
        }
        if (name == null) {
            throw new MalformedMessageException("link message for ifindex " + index + " without a name");
        }
        if (index <= 0) {
            throw new MalformedMessageException("link message for " + name + " with index " + index);
        }
        return new Link(index, name, type, flags, oper, mac, mtu, master, kind);
    }

    private static String kind(AttributeReader info) throws MalformedMessageException {
        while (info.next()) {
            if (info.type() == Rtnl.IFLA_INFO_KIND) {
                return info.string();
            }
        }
        return null;
    }

    /**
     * Decodes a notification from the link and address groups; null for message types (or address
     * families) this module does not report.
     */
    public static RtnlEvent parseEvent(NetlinkMessage m) throws MalformedMessageException {
        return switch (m.type()) {
            case Rtnl.RTM_NEWLINK -> new RtnlEvent.LinkEvent(RtnlEvent.Change.NEW, parseLink(m));
            case Rtnl.RTM_DELLINK -> new RtnlEvent.LinkEvent(RtnlEvent.Change.DELETED, parseLink(m));
            case Rtnl.RTM_NEWADDR, Rtnl.RTM_DELADDR -> {
                InterfaceAddress a = parseAddress(m);
                RtnlEvent.Change c = m.type() == Rtnl.RTM_NEWADDR ? RtnlEvent.Change.NEW : RtnlEvent.Change.DELETED;
                yield a == null ? null : new RtnlEvent.AddressEvent(c, a);
            }
            default -> null;
        };
    }
}
