package io.jkeepalived.vrrp.net;

import io.jkeepalived.libc.Errno;
import io.jkeepalived.libc.Libc;
import io.jkeepalived.libc.LinuxException;
import io.jkeepalived.libc.MessageHeader;
import io.jkeepalived.libc.SocketAddresses;
import io.jkeepalived.vrrp.InboundPacket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;

/**
 * The IPv6 VRRP socket of one interface. IPv6 raw sockets never carry the IP header, so the source
 * comes from the socket address, and the destination and hop limit from ancillary data
 * (IPV6_RECVPKTINFO, IPV6_RECVHOPLIMIT). We send from the interface's link-local address (bound), with
 * hop limit 255 and traffic class 0xc0 as keepalived; the VRRPv3 checksum is ours to compute.
 */
public final class Ipv6VrrpSocket implements VrrpSocket {
    private static final int BUFFER = 8192;
    private static final int TRAFFIC_CLASS = 0xc0;

    private final Libc libc;
    private final int fd;
    private final String ifName;
    private final int ifIndex;
    private final ByteBuffer receiveBuffer = Libc.allocate(BUFFER);
    private final ByteBuffer sender = Libc.allocate(SocketAddresses.INET6_SIZE);
    private final ByteBuffer control = Libc.allocate(256);
    private final MessageHeader receiveHeader;
    private final ByteBuffer sendBuffer = Libc.allocate(BUFFER);
    private final ByteBuffer destination = Libc.allocate(SocketAddresses.INET6_SIZE);
    private final Set<InetAddress> joined = new HashSet<>();
    private int unicastHops = -1;

    private Ipv6VrrpSocket(Libc libc, int fd, String ifName, int ifIndex) {
        this.libc = libc;
        this.fd = fd;
        this.ifName = ifName;
        this.ifIndex = ifIndex;
        this.receiveHeader = new MessageHeader(libc).data(receiveBuffer).name(sender).control(control);
    }

    /**
     * Opens the socket in the calling thread's network namespace, bound to {@code source} (the
     * interface's link-local address, or a configured source address). Needs CAP_NET_RAW.
     */
    public static Ipv6VrrpSocket open(Libc libc, String ifName, int ifIndex, Inet6Address source)
            throws LinuxException {
        int fd = libc.socket(Libc.AF_INET6, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC | Libc.SOCK_NONBLOCK,
                Libc.IPPROTO_VRRP);
        try {
            libc.bindToDevice(fd, ifName);
            libc.setsockopt(fd, Libc.IPPROTO_IPV6, Libc.IPV6_MULTICAST_LOOP, 0);
            libc.setsockopt(fd, Libc.IPPROTO_IPV6, Libc.IPV6_MULTICAST_HOPS, 255);
            libc.setsockopt(fd, Libc.IPPROTO_IPV6, Libc.IPV6_UNICAST_HOPS, 255);
            libc.setsockopt(fd, Libc.IPPROTO_IPV6, Libc.IPV6_MULTICAST_IF, ifIndex);
            libc.setsockopt(fd, Libc.IPPROTO_IPV6, Libc.IPV6_TCLASS, TRAFFIC_CLASS);
            libc.setsockopt(fd, Libc.IPPROTO_IPV6, Libc.IPV6_RECVHOPLIMIT, 1);
            libc.setsockopt(fd, Libc.IPPROTO_IPV6, Libc.IPV6_RECVPKTINFO, 1);
            libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_TIMESTAMPNS, 1);
            try {
                libc.setsockopt(fd, Libc.IPPROTO_IPV6, Libc.IPV6_MULTICAST_ALL, 0);
            } catch (LinuxException e) {
                if (!e.is(Errno.ENOPROTOOPT)) {
                    throw e;
                }
                // Kernels before 4.20: every group joined on the host reaches the socket; the VRID and
                // destination checks still sort the packets out.
            }
            ByteBuffer local = Libc.allocate(SocketAddresses.INET6_SIZE);
            SocketAddresses.inet6(local, withScope(source, ifIndex), 0);
            libc.bind(fd, local.flip());
            return new Ipv6VrrpSocket(libc, fd, ifName, ifIndex);
        } catch (LinuxException | RuntimeException e) {
            libc.closeQuietly(fd);
            throw e;
        }
    }

    private static Inet6Address withScope(Inet6Address a, int ifIndex) {
        if (!a.isLinkLocalAddress() && !a.isMulticastAddress()) {
            return a;
        }
        try {
            return Inet6Address.getByAddress(null, a.getAddress(), ifIndex);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void join(InetAddress group) throws LinuxException {
        if (!joined.add(group)) {
            return;
        }
        ByteBuffer mreq = Libc.allocate(SocketAddresses.IPV6_MREQ_SIZE);
        SocketAddresses.ipv6Mreq(mreq, (Inet6Address) group, ifIndex);
        try {
            libc.setsockopt(fd, Libc.IPPROTO_IPV6, Libc.IPV6_ADD_MEMBERSHIP, mreq.flip());
        } catch (LinuxException e) {
            joined.remove(group);
            throw new LinuxException("join " + group.getHostAddress() + " on " + ifName, e.errno());
        }
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    public String interfaceName() {
        return ifName;
    }

    @Override
    public InboundPacket receive() throws LinuxException {
        receiveBuffer.clear();
        sender.clear();
        control.clear();
        int n;
        try {
            n = libc.recvmsg(fd, receiveHeader, 0);
        } catch (LinuxException e) {
            if (e.is(Errno.EAGAIN)) {
                return null;
            }
            throw e;
        }
        byte[] payload = new byte[Math.min(n, BUFFER)];
        receiveBuffer.get(0, payload);
        byte[] src = new byte[16];
        sender.get(8, src);
        AncillaryData.Ipv6Info info = AncillaryData.ipv6(control, receiveHeader.controlLength());
        byte[] dst = info.destination() != null ? info.destination() : new byte[16];
        try {
            InboundPacket packet = InboundPacket.ipv6(payload, (Inet6Address) InetAddress.getByAddress(src),
                    (Inet6Address) InetAddress.getByAddress(dst), info.hopLimit());
            return info.realtime() < 0 ? packet : packet.receivedAt(AncillaryData.toNanoTime(info.realtime()));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are an IPv6 address", e);
        }
    }

    @Override
    public void send(byte[] message, InetAddress source, InetAddress to, int ttl, int flags) throws LinuxException {
        if (!to.isMulticastAddress() && ttl != unicastHops) {
            libc.setsockopt(fd, Libc.IPPROTO_IPV6, Libc.IPV6_UNICAST_HOPS, ttl);
            unicastHops = ttl;
        }
        sendBuffer.clear();
        sendBuffer.put(message).flip();
        destination.clear();
        SocketAddresses.inet6(destination, withScope((Inet6Address) to, ifIndex), 0);
        destination.flip();
        libc.sendto(fd, sendBuffer, flags, destination);
    }

    @Override
    public void close() {
        libc.closeQuietly(fd);
    }

    @Override
    public String toString() {
        return "VRRP/IPv6 socket on " + ifName;
    }
}
