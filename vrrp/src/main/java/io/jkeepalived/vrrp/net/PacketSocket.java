package io.jkeepalived.vrrp.net;

import io.jkeepalived.libc.Libc;
import io.jkeepalived.libc.LinuxException;
import io.jkeepalived.libc.SocketAddresses;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * An AF_PACKET socket that only sends: gratuitous ARPs and unsolicited neighbour advertisements go out
 * as whole frames, as keepalived sends them. Protocol 0 means the kernel delivers nothing to it, so it
 * never needs reading. Non-blocking: a full device queue drops the frame (reported as EAGAIN/ENOBUFS)
 * rather than stalling the event loop.
 */
public final class PacketSocket implements FrameSender, AutoCloseable {
    private final Libc libc;
    private final int fd;
    private final ByteBuffer frameBuffer = Libc.allocate(256);
    private final ByteBuffer address = Libc.allocate(SocketAddresses.PACKET_SIZE);

    private PacketSocket(Libc libc, int fd) {
        this.libc = libc;
        this.fd = fd;
    }

    /** Opens the socket in the calling thread's network namespace. Needs CAP_NET_RAW. */
    public static PacketSocket open(Libc libc) throws LinuxException {
        return new PacketSocket(libc, libc.socket(Libc.AF_PACKET,
                Libc.SOCK_RAW | Libc.SOCK_CLOEXEC | Libc.SOCK_NONBLOCK, 0));
    }

    @Override
    public void send(int ifIndex, byte[] frame, int ethertype, byte[] destinationMac) throws IOException {
        if (frame.length > frameBuffer.capacity()) {
            throw new IllegalArgumentException("frame of " + frame.length + " bytes is too long");
        }
        frameBuffer.clear();
        frameBuffer.put(frame).flip();
        address.clear();
        SocketAddresses.packet(address, ethertype, ifIndex, destinationMac);
        address.flip();
        int sent = libc.sendto(fd, frameBuffer, 0, address);
        if (sent != frame.length) {
            throw new IOException("sent " + sent + " of " + frame.length + " bytes on ifindex " + ifIndex);
        }
    }

    @Override
    public void close() {
        libc.closeQuietly(fd);
    }
}
