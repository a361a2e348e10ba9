package io.jkeepalived.netlink;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A datagram path to the kernel's netlink side: the one seam between the netlink logic and the real
 * socket, so a fake kernel can stand in for tests.
 *
 * <p>Used by one thread at a time; {@link #close} may be called from any thread and wakes a waiting
 * {@link #receive}.
 */
public interface NetlinkChannel extends Closeable {

    /** NETLINK_ROUTE, NETLINK_GENERIC... */
    int protocol();

    /** The local port id the kernel assigned (nl_pid of our address); replies carry it. */
    int portId();

    /** Sends one datagram: the bytes between {@code datagram}'s position and limit. */
    void send(ByteBuffer datagram) throws IOException;

    /**
     * Waits up to {@code timeoutMillis} for one datagram from the kernel and returns it (position 0, limit
     * its length), or null on timeout. The buffer belongs to the channel and is valid until the next call.
     * Datagrams not sent by the kernel are dropped here. A receive queue overflow surfaces as a
     * {@link io.jkeepalived.libc.LinuxException} with ENOBUFS. A closed channel throws
     * {@link java.nio.channels.ClosedChannelException}.
     */
    ByteBuffer receive(long timeoutMillis) throws IOException;

    /** Subscribes to multicast group {@code group} (NETLINK_ADD_MEMBERSHIP). */
    void joinGroup(int group) throws IOException;

    @Override
    void close();
}
