package io.jkeepalived.vrrp.net;

import java.nio.ByteBuffer;

/**
 * Reads the control messages recvmsg(2) leaves (struct cmsghdr on LP64 Linux: an 8-byte length, the
 * level and type as ints, data from byte 16, each message padded to 8 bytes). Pure; any garbage stops
 * the walk instead of throwing.
 */
public final class AncillaryData {
    static final int IPPROTO_IPV6 = 41;
    static final int IPV6_PKTINFO = 50;
    static final int IPV6_HOPLIMIT = 52;
    private static final int HEADER = 16;

    private AncillaryData() {
    }

    /**
     * @param destination the datagram's destination address (in6_pktinfo), or null when not reported
     * @param hopLimit    the hop limit it arrived with, or -1 when not reported
     */
    public record Ipv6Info(byte[] destination, int hopLimit) {
    }

    /** The IPv6 packet info and hop limit among the first {@code length} bytes of {@code control}. */
    public static Ipv6Info ipv6(ByteBuffer control, int length) {
        byte[] destination = null;
        int hopLimit = -1;
        int off = 0;
        int end = Math.min(length, control.capacity());
        while (off + HEADER <= end) {
            long cmsgLen = control.getLong(off);
            if (cmsgLen < HEADER || off + cmsgLen > end) {
                break;
            }
            int level = control.getInt(off + 8);
            int type = control.getInt(off + 12);
            int dataLen = (int) cmsgLen - HEADER;
            if (level == IPPROTO_IPV6 && type == IPV6_HOPLIMIT && dataLen >= 4) {
                hopLimit = control.getInt(off + HEADER);
            } else if (level == IPPROTO_IPV6 && type == IPV6_PKTINFO && dataLen >= 16) {
                destination = new byte[16];
                control.get(off + HEADER, destination);
            }
            off += (int) ((cmsgLen + 7) & ~7L);
        }
        return new Ipv6Info(destination, hopLimit);
    }
}
