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

    private static void putBigEndianShort(ByteBuffer out, int value) {
        ByteOrder order = out.order();
        out.order(ByteOrder.BIG_ENDIAN).putShort((short) value).order(order);
    }
}
