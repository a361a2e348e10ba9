package io.jkeepalived.libc;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writers for the socket address structs, into a direct buffer at its position (which advances past the
 * struct, so the caller can flip or set a limit and pass it to bind/sendto).
 */
public final class SocketAddresses {

    /** sizeof(struct sockaddr_nl). */
    public static final int NETLINK_SIZE = 12;
    /** sizeof(struct sockaddr_in). */
    public static final int INET4_SIZE = 16;
    /** sizeof(struct sockaddr_in6). */
    public static final int INET6_SIZE = 28;

    /** sizeof(struct sockaddr_ll). */
    public static final int PACKET_SIZE = 20;
    /** sizeof(struct ip_mreqn). */
    public static final int IP_MREQN_SIZE = 12;
    /** sizeof(struct ipv6_mreq). */
    public static final int IPV6_MREQ_SIZE = 20;

    private SocketAddresses() {
    }

    /** struct sockaddr_nl { sa_family_t; u16 pad; u32 nl_pid; u32 nl_groups; }. */
    public static void netlink(ByteBuffer out, int portId, int groups) {
        out.putShort((short) Libc.AF_NETLINK);
        out.putShort((short) 0);
        out.putInt(portId);
        out.putInt(groups);
    }

    /** The nl_pid of a struct sockaddr_nl at {@code offset}. */
    public static int netlinkPortId(ByteBuffer in, int offset) {
        return in.getInt(offset + 4);
    }

    /** struct sockaddr_in: family, port (network order), address, 8 bytes of zero. */
    public static void inet4(ByteBuffer out, Inet4Address address, int port) {
        out.putShort((short) Libc.AF_INET);
        putBigEndianShort(out, port);
        out.put(address.getAddress());
        out.putLong(0);
    }

    /** struct sockaddr_in6: family, port (network order), flowinfo, address, scope id. */
    public static void inet6(ByteBuffer out, Inet6Address address, int port) {
        out.putShort((short) Libc.AF_INET6);
        putBigEndianShort(out, port);
        out.putInt(0);
        out.put(address.getAddress());
        out.putInt(address.getScopeId());
    }

    /**
     * struct sockaddr_ll: family, protocol (network order), ifindex, hatype, pkttype, halen, 8 address bytes.
     * Used to send a ready-made frame out of one interface from an AF_PACKET socket.
     *
     * @param protocol    the Ethernet protocol in host order (ETH_P_ARP)
     * @param hardware    the destination link-layer address (at most 8 bytes), or null
     */
    public static void packet(ByteBuffer out, int protocol, int ifIndex, byte[] hardware) {
        if (hardware != null && hardware.length > 8) {
            throw new IllegalArgumentException("a link-layer address has at most 8 bytes");
        }
        out.putShort((short) Libc.AF_PACKET);
        putBigEndianShort(out, protocol);
        out.putInt(ifIndex);
        out.putShort((short) 0);
        out.put((byte) 0);
        out.put((byte) (hardware == null ? 0 : hardware.length));
        byte[] addr = new byte[8];
        if (hardware != null) {
            System.arraycopy(hardware, 0, addr, 0, hardware.length);
        }
        out.put(addr);
    }

    /**
     * struct ip_mreqn: the group, the local address (null: any) and the interface index, for
     * IP_ADD_MEMBERSHIP / IP_MULTICAST_IF.
     */
    public static void ipMreqn(ByteBuffer out, Inet4Address group, Inet4Address local, int ifIndex) {
        out.put(group == null ? new byte[4] : group.getAddress());
        out.put(local == null ? new byte[4] : local.getAddress());
        out.putInt(ifIndex);
    }

    /** struct ipv6_mreq: the group and the interface index, for IPV6_ADD_MEMBERSHIP. */
    public static void ipv6Mreq(ByteBuffer out, Inet6Address group, int ifIndex) {
        out.put(group.getAddress());
        out.putInt(ifIndex);
    }

    private static void putBigEndianShort(ByteBuffer out, int value) {
        ByteOrder order = out.order();
        out.order(ByteOrder.BIG_ENDIAN).putShort((short) value).order(order);
    }
}
