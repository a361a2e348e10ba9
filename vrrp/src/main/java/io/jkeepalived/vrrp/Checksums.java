package io.jkeepalived.vrrp;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * The Internet checksum (RFC 1071) and the pseudo-headers VRRPv3 covers (RFC 5798 5.2.8: the IPv6
 * pseudo-header of RFC 8200 8.1, and - as keepalived, FRR and tcpdump do - the TCP/UDP style IPv4
 * pseudo-header). Sums are carried as unfolded longs so that pieces can be chained.
 */
public final class Checksums {
    public static final int IPPROTO_VRRP = 112;

    private Checksums() {
    }

    /** Adds {@code len} bytes as big-endian 16-bit words (an odd tail byte is padded with zero). */
    public static long sum(long acc, byte[] buf, int off, int len) {
        int i = off;
        int end = off + len;
        for (; i + 1 < end; i += 2) {
            acc += ((buf[i] & 0xff) << 8) | (buf[i + 1] & 0xff);
        }
        if (i < end) {
            acc += (buf[i] & 0xff) << 8;
        }
        return acc;
    }

    /** Folds the carries and complements: the value to put in a checksum field. */
    public static int finish(long acc) {
        while ((acc >>> 16) != 0) {
            acc = (acc & 0xffff) + (acc >>> 16);
        }
        return (int) (~acc & 0xffff);
    }

    /** The Internet checksum of a byte range. Over data that includes a valid checksum it is 0. */
    public static int internetChecksum(byte[] buf, int off, int len) {
        return finish(sum(0, buf, off, len));
    }

    /** Sum of the IPv4 pseudo-header: source, destination, zero, protocol, upper-layer length. */
    public static long ipv4PseudoHeaderSum(Inet4Address source, Inet4Address destination, int protocol, int length) {
        long acc = sum(0, source.getAddress(), 0, 4);
        acc = sum(acc, destination.getAddress(), 0, 4);
        return acc + protocol + length;
    }

    /** Sum of the IPv6 pseudo-header: source, destination, 32-bit length, 24 zero bits, next header. */
    public static long ipv6PseudoHeaderSum(Inet6Address source, Inet6Address destination, int nextHeader, int length) {
        long acc = sum(0, source.getAddress(), 0, 16);
        acc = sum(acc, destination.getAddress(), 0, 16);
        return acc + (length >>> 16) + (length & 0xffff) + nextHeader;
    }

    /** The pseudo-header sum for VRRP between two addresses of one family. */
    public static long vrrpPseudoHeaderSum(InetAddress source, InetAddress destination, int length) {
        if (source instanceof Inet4Address s4 && destination instanceof Inet4Address d4) {
            return ipv4PseudoHeaderSum(s4, d4, IPPROTO_VRRP, length);
        }
        if (source instanceof Inet6Address s6 && destination instanceof Inet6Address d6) {
            return ipv6PseudoHeaderSum(s6, d6, IPPROTO_VRRP, length);
        }
        throw new IllegalArgumentException("source " + source + " and destination " + destination
                + " are not of one address family");
    }
}
