package io.jkeepalived.vrrp.net;

import io.jkeepalived.libc.Errno;
import io.jkeepalived.libc.Libc;
import io.jkeepalived.libc.LinuxException;
import io.jkeepalived.libc.MessageHeader;
import io.jkeepalived.libc.SocketAddresses;
import io.jkeepalived.vrrp.Checksums;
import io.jkeepalived.vrrp.InboundPacket;
import io.jkeepalived.vrrp.Ipv4Header;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;

/**
 * The IPv4 VRRP socket of one interface. Like keepalived we write the IP header ourselves
 * (IP_HDRINCL): TOS 0xc0, TTL 255 (or unicast_ttl), protocol 112, id 0 for the kernel to fill; the
 * kernel delivers received datagrams header included, so the TTL can be checked.
 *
 * <p>Options: bound to the interface (SO_BINDTODEVICE: nothing from other interfaces, and our sends
 * leave through it), IP_MULTICAST_IF on it, IP_MULTICAST_LOOP off (we never hear ourselves), and
 * IP_MULTICAST_ALL off (only the groups this socket joined reach it, not those joined elsewhere).
 */
public final class Ipv4VrrpSocket implements VrrpSocket {
    private static final int BUFFER = 4096;

    private final Libc libc;
    private final int fd;
    private final String ifName;
    private final int ifIndex;
    private final ByteBuffer receiveBuffer = Libc.allocate(BUFFER);
    private final ByteBuffer control = Libc.allocate(128);
    private final MessageHeader receiveHeader;
    private final ByteBuffer sendBuffer = Libc.allocate(BUFFER);
    private final ByteBuffer destination = Libc.allocate(SocketAddresses.INET4_SIZE);
    private final Set<InetAddress> joined = new HashSet<>();

    private Ipv4VrrpSocket(Libc libc, int fd, String ifName, int ifIndex) {
        this.libc = libc;
        this.fd = fd;
        this.ifName = ifName;
        this.ifIndex = ifIndex;
        this.receiveHeader = new MessageHeader(libc).data(receiveBuffer).name(null).control(control);
    }

    /** Opens the socket in the calling thread's network namespace. Needs CAP_NET_RAW. */
    public static Ipv4VrrpSocket open(Libc libc, String ifName, int ifIndex) throws LinuxException {
        int fd = libc.socket(Libc.AF_INET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC | Libc.SOCK_NONBLOCK,
                Libc.IPPROTO_VRRP);
        try {
            libc.bindToDevice(fd, ifName);
            libc.setsockopt(fd, Libc.IPPROTO_IP, Libc.IP_HDRINCL, 1);
            // The kernel's receive time: a backup's master down interval counts from it.
            libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_TIMESTAMPNS, 1);
            libc.setsockopt(fd, Libc.IPPROTO_IP, Libc.IP_MULTICAST_LOOP, 0);
            libc.setsockopt(fd, Libc.IPPROTO_IP, Libc.IP_MULTICAST_TTL, Ipv4Header.VRRP_TTL);
            ByteBuffer mreqn = Libc.allocate(SocketAddresses.IP_MREQN_SIZE);
            SocketAddresses.ipMreqn(mreqn, null, null, ifIndex);
            libc.setsockopt(fd, Libc.IPPROTO_IP, Libc.IP_MULTICAST_IF, mreqn.flip());
            try {
                libc.setsockopt(fd, Libc.IPPROTO_IP, Libc.IP_MULTICAST_ALL, 0);
            } catch (LinuxException e) {
                if (!e.is(Errno.ENOPROTOOPT)) {
                    throw e;
                }
                // Kernels before 2.6.31 have no such option: every joined group reaches every socket.
            }
            return new Ipv4VrrpSocket(libc, fd, ifName, ifIndex);
        } catch (LinuxException | RuntimeException e) {
            libc.closeQuietly(fd);
            throw e;
        }
    }

    @Override
    public void join(InetAddress group) throws LinuxException {
        if (!joined.add(group)) {
            return;
        }
        ByteBuffer mreqn = Libc.allocate(SocketAddresses.IP_MREQN_SIZE);
        SocketAddresses.ipMreqn(mreqn, (Inet4Address) group, null, ifIndex);
        try {
            libc.setsockopt(fd, Libc.IPPROTO_IP, Libc.IP_ADD_MEMBERSHIP, mreqn.flip());
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
        byte[] datagram = new byte[Math.min(n, BUFFER)];
        receiveBuffer.get(0, datagram);
        InboundPacket packet = InboundPacket.ipv4(datagram);
        long realtime = AncillaryData.timestamp(control, receiveHeader.controlLength());
        return realtime < 0 ? packet : packet.receivedAt(AncillaryData.toNanoTime(realtime));
    }

    @Override
    public void send(byte[] message, InetAddress source, InetAddress to, int ttl, int flags) throws LinuxException {
        Ipv4Header header = new Ipv4Header(Ipv4Header.MIN_LENGTH, Ipv4Header.TOS_INTERNETWORK_CONTROL,
                Ipv4Header.MIN_LENGTH + message.length, 0, 0, ttl, Checksums.IPPROTO_VRRP, 0,
                (Inet4Address) source, (Inet4Address) to);
        sendBuffer.clear();
        sendBuffer.put(header.encode()).put(message).flip();
        destination.clear();
        SocketAddresses.inet4(destination, (Inet4Address) to, 0);
        destination.flip();
        libc.sendto(fd, sendBuffer, flags, destination);
    }

    @Override
    public void close() {
        libc.closeQuietly(fd);
    }

    @Override
    public String toString() {
        return "VRRP/IPv4 socket on " + ifName;
    }
}
