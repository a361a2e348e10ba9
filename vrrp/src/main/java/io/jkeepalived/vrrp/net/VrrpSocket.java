package io.jkeepalived.vrrp.net;

import io.jkeepalived.libc.Libc;
import io.jkeepalived.libc.LinuxException;
import io.jkeepalived.vrrp.InboundPacket;
import java.net.InetAddress;

/**
 * A raw IPPROTO_VRRP socket on one interface: receives the adverts for that interface (IPv4 with their
 * IP header, for the TTL check), sends ours. Non-blocking.
 */
public interface VrrpSocket extends AutoCloseable {
    /** The descriptor, for the event loop's poll. */
    int fd();

    String interfaceName();

    /** The next datagram waiting, or null when none is (EAGAIN). */
    InboundPacket receive() throws LinuxException;

    /**
     * Sends one VRRP message (checksum already computed for {@code source} and {@code destination}).
     *
     * @param ttl IPv4 TTL / IPv6 hop limit: 255 for multicast, unicast_ttl for unicast peers
     */
    default void send(byte[] message, InetAddress source, InetAddress destination, int ttl) throws LinuxException {
        send(message, source, destination, ttl, 0);
    }

    /** As {@link #send(byte[], InetAddress, InetAddress, int)}, with sendto(2) flags. */
    void send(byte[] message, InetAddress source, InetAddress destination, int ttl, int flags) throws LinuxException;

    /**
     * Runs {@link #send} to its last step and makes the kernel refuse the datagram there (MSG_OOB: raw IPv4 and IPv6
     * sockets answer EOPNOTSUPP before looking at anything else), so that nothing leaves. A backup never sends an
     * advert; without this the first one it sends, in its first takeover, runs that code for the first time.
     */
    default void rehearseSend(byte[] message, InetAddress source, InetAddress destination, int ttl) {
        try {
            send(message, source, destination, ttl, Libc.MSG_OOB);
        } catch (LinuxException expected) {
            // EOPNOTSUPP: the point was to run the code.
        }
    }

    /** Joins a multicast group on the socket's interface (224.0.0.18, ff02::12 or the configured one). */
    void join(InetAddress group) throws LinuxException;

    @Override
    void close();
}
