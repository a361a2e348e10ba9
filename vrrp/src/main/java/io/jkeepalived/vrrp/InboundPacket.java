package io.jkeepalived.vrrp;

import java.net.Inet6Address;
import java.util.Objects;

/**
 * A packet as a raw VRRP socket delivers it. IPv4 raw sockets deliver the whole datagram, whose
 * header carries addresses and TTL; IPv6 raw sockets deliver only the payload, and the addresses
 * and hop limit come from recvmsg (source address, IPV6_PKTINFO, IPV6_HOPLIMIT).
 *
 * @param family      IPv4 or IPv6
 * @param bytes       IPv4: the datagram, IP header included; IPv6: the VRRP message
 * @param source      IPv6 source address (null for IPv4: read from the header)
 * @param destination IPv6 destination address (null for IPv4: read from the header)
 * @param hopLimit    IPv6 hop limit, -1 when the socket did not report it (unused for IPv4)
 * @param receivedAt  when the kernel received it, on the {@link VrrpScheduler#nanoTime()} scale, or
 *                    {@link #UNKNOWN_TIME}: a backup counts its master down interval from here, not from
 *                    whenever its thread got round to the packet
 */
public record InboundPacket(IpFamily family, byte[] bytes, Inet6Address source, Inet6Address destination, int hopLimit,
                            long receivedAt) {
    public static final long UNKNOWN_TIME = Long.MIN_VALUE;

    public InboundPacket {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(bytes, "bytes");
        if (family == IpFamily.IPV6) {
            Objects.requireNonNull(source, "an IPv6 packet needs its source address");
            Objects.requireNonNull(destination, "an IPv6 packet needs its destination address");
        }
    }

    public static InboundPacket ipv4(byte[] datagram) {
        return new InboundPacket(IpFamily.IPV4, datagram, null, null, -1, UNKNOWN_TIME);
    }

    public static InboundPacket ipv6(byte[] payload, Inet6Address source, Inet6Address destination, int hopLimit) {
        return new InboundPacket(IpFamily.IPV6, payload, source, destination, hopLimit, UNKNOWN_TIME);
    }

    /** The same packet, stamped with its kernel receive time (scheduler scale). */
    public InboundPacket receivedAt(long nanos) {
        return new InboundPacket(family, bytes, source, destination, hopLimit, nanos);
    }
}
