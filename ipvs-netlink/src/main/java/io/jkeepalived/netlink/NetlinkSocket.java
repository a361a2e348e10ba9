package io.jkeepalived.netlink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jkeepalived.libc.Errno;
import io.jkeepalived.libc.Libc;
import io.jkeepalived.libc.LinuxException;
import io.jkeepalived.libc.MessageHeader;
import io.jkeepalived.libc.NetNamespace;
import io.jkeepalived.libc.PollSet;
import io.jkeepalived.libc.SocketAddresses;

/**
 * A real AF_NETLINK socket. Extended acks are switched on (the kernel's reason text comes back with errors),
 * error acks are capped (the request is not echoed back), the receive buffer is enlarged so bursts of
 * events are not lost, and every receive first peeks at the datagram's true size so no message is ever
 * truncated, however large a dump part or a link message with many VFs gets.
 */
public final class NetlinkSocket implements NetlinkChannel {

    private static final Logger LOG = LoggerFactory.getLogger(NetlinkSocket.class);

    /** Dump parts are at most 32 KiB; 64 KiB makes growing the buffer a rarity. */
    private static final int INITIAL_RECEIVE_BUFFER = 64 * 1024;
    /** Kernel-side queue: room for a burst of link/address events on a busy director. */
    private static final int SOCKET_RECEIVE_BUFFER = 1024 * 1024;

    private final Libc libc;
    private final int protocol;
    private final int fd;
    private final int wakeFd;
    private final int portId;
    private final PollSet pollSet = new PollSet(2);
    private final MessageHeader receiveHeader;
    private final MessageHeader peekHeader;
    private final ByteBuffer sender = Libc.allocate(SocketAddresses.NETLINK_SIZE);
    private final ByteBuffer kernelAddress = Libc.allocate(SocketAddresses.NETLINK_SIZE);
    private final ByteBuffer empty = Libc.allocate(1);
    private final ByteBuffer wakeValue = Libc.allocate(8);
    private final ReentrantLock ioLock = new ReentrantLock();
    private ByteBuffer receiveBuffer = Libc.allocate(INITIAL_RECEIVE_BUFFER);
    private final AtomicBoolean closed = new AtomicBoolean();

    private NetlinkSocket(Libc libc, int protocol) throws LinuxException {
        this.libc = libc;
        this.protocol = protocol;
        int socket = libc.socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, protocol);
        int wake = -1;
        try {
            ByteBuffer local = Libc.allocate(SocketAddresses.NETLINK_SIZE);
            SocketAddresses.netlink(local, 0, 0);
            local.flip();
            libc.bind(socket, local);
            ByteBuffer bound = Libc.allocate(SocketAddresses.NETLINK_SIZE);
            libc.getsockname(socket, bound);
            this.portId = SocketAddresses.netlinkPortId(bound, 0);
            enableOptional(libc, socket, Netlink.NETLINK_EXT_ACK, "NETLINK_EXT_ACK");
            enableOptional(libc, socket, Netlink.NETLINK_CAP_ACK, "NETLINK_CAP_ACK");
            enlargeReceiveBuffer(libc, socket);
            wake = libc.eventfd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
        } catch (LinuxException e) {
            libc.closeQuietly(socket);
            libc.closeQuietly(wake);
            throw e;
        }
        this.fd = socket;
        this.wakeFd = wake;
        SocketAddresses.netlink(kernelAddress, 0, 0);
        kernelAddress.flip();
        pollSet.set(0, fd, Libc.POLLIN);
        pollSet.set(1, wakeFd, Libc.POLLIN);
        receiveHeader = new MessageHeader(libc).data(receiveBuffer).name(sender);
        peekHeader = new MessageHeader(libc).data(empty.limit(0)).name(null);
    }

    /** Opens a netlink socket of {@code protocol} in the current thread's network namespace. */
    public static NetlinkSocket open(Libc libc, int protocol) throws LinuxException {
        return new NetlinkSocket(libc, protocol);
    }

    /** Opens a netlink socket that lives in {@code namespace} (created from a thread inside it). */
    public static NetlinkSocket open(Libc libc, int protocol, NetNamespace namespace) throws IOException {
        if (namespace == null) {
            return open(libc, protocol);
        }
        return namespace.call(() -> new NetlinkSocket(libc, protocol));
    }

    private static void enableOptional(Libc libc, int fd, int option, String name) throws LinuxException {
        try {
            libc.setsockopt(fd, Netlink.SOL_NETLINK, option, 1);
        } catch (LinuxException e) {
            if (!e.is(Errno.ENOPROTOOPT)) {
                throw e;
            }
            // Kernels before 4.12 (EXT_ACK) / 4.3 (CAP_ACK): errors still work, just with less detail.
            LOG.debug("netlink option {} not supported by this kernel", name);
        }
    }

    private static void enlargeReceiveBuffer(Libc libc, int fd) throws LinuxException {
        try {
            // FORCE ignores net.core.rmem_max; it needs CAP_NET_ADMIN, which a director runs with.
            libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUFFORCE, SOCKET_RECEIVE_BUFFER);
        } catch (LinuxException e) {
            if (!e.is(Errno.EPERM)) {
                throw e;
            }
            libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, SOCKET_RECEIVE_BUFFER);
        }
    }

    @Override
    public int protocol() {
        return protocol;
    }

    @Override
    public int portId() {
        return portId;
    }

    @Override
    public void send(ByteBuffer datagram) throws IOException {
        ioLock.lock();
        try {
            checkOpen();
            ByteBuffer direct = datagram;
            if (!datagram.isDirect()) {
                direct = Libc.allocate(datagram.remaining());
                direct.put(datagram.duplicate()).flip();
            }
            int length = direct.remaining();
            int sent = libc.sendto(fd, direct, 0, kernelAddress);
            if (sent != length) {
                throw new NetlinkException("netlink sendto sent " + sent + " of " + length + " bytes");
            }
        } finally {
            ioLock.unlock();
        }
    }

    /** The socket's descriptor, for an event loop that polls it with others ({@link #receive} with 0 to read). */
    public int fd() {
        return fd;
    }

    @Override
    public ByteBuffer receive(long timeoutMillis) throws IOException {
        ioLock.lock();
        try {
            long deadline = System.nanoTime() + Math.max(0, timeoutMillis) * 1_000_000L;
            while (true) {
                checkOpen();
                // Rounded up: rounded down, the last fraction of a millisecond became poll(0) in a busy loop.
                long leftNanos = Math.max(0, deadline - System.nanoTime());
                libc.poll(pollSet, (int) Math.min(Integer.MAX_VALUE, (leftNanos + 999_999L) / 1_000_000L));
                if (pollSet.returned(1) != 0 || closed.get()) {
                    throw new ClosedChannelException();
                }
                int ready = pollSet.returned(0);
                if (ready == 0) {
                    if (System.nanoTime() - deadline >= 0) {
                        return null; // timeout 0 is one look
                    }
                    continue;
                }
                ByteBuffer datagram = receiveReady();
                if (datagram != null) {
                    return datagram;
                }
            }
        } finally {
            ioLock.unlock();
        }
    }

    /** Receives the pending datagram, or returns null when there was none or it was not from the kernel. */
    private ByteBuffer receiveReady() throws LinuxException, NetlinkException {
        int size;
        try {
            size = libc.recvmsg(fd, peekHeader, Libc.MSG_PEEK | Libc.MSG_TRUNC | Libc.MSG_DONTWAIT);
        } catch (LinuxException e) {
            if (e.is(Errno.EAGAIN)) {
                return null;
            }
            throw e;
        }
        if (size > receiveBuffer.capacity()) {
            int capacity = receiveBuffer.capacity();
            while (capacity < size) {
                capacity *= 2;
            }
            receiveBuffer = Libc.allocate(capacity);
            receiveHeader.data(receiveBuffer);
        }
        receiveBuffer.clear();
        sender.clear();
        int length;
        try {
            length = libc.recvmsg(fd, receiveHeader, Libc.MSG_DONTWAIT);
        } catch (LinuxException e) {
            if (e.is(Errno.EAGAIN)) {
                return null;
            }
            throw e;
        }
        if ((receiveHeader.flags() & Libc.MSG_TRUNC) != 0 || length > receiveBuffer.capacity()) {
            throw new NetlinkException("netlink datagram of " + length + " bytes truncated to "
                    + receiveBuffer.capacity());
        }
        int from = SocketAddresses.netlinkPortId(sender, 0);
        if (from != 0) {
            LOG.warn("dropping a netlink datagram from port {} (not the kernel)", Integer.toUnsignedString(from));
            return null;
        }
        receiveBuffer.position(0).limit(length);
        return receiveBuffer;
    }

    @Override
    public void joinGroup(int group) throws IOException {
        ioLock.lock();
        try {
            checkOpen();
            libc.setsockopt(fd, Netlink.SOL_NETLINK, Netlink.NETLINK_ADD_MEMBERSHIP, group);
        } finally {
            ioLock.unlock();
        }
    }

    private void checkOpen() throws ClosedChannelException {
        if (closed.get()) {
            throw new ClosedChannelException();
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Wake a receive blocked in poll, then close once it has let go of the descriptors, so a
        // descriptor number is never closed while another thread may still use it.
        wakeValue.clear();
        wakeValue.putLong(0, 1);
        try {
            libc.write(wakeFd, wakeValue);
        } catch (LinuxException e) {
            LOG.debug("could not wake a netlink receiver: {}", e.getMessage());
        }
        ioLock.lock();
        try {
            libc.closeQuietly(fd);
            libc.closeQuietly(wakeFd);
        } finally {
            ioLock.unlock();
        }
    }

    @Override
    public String toString() {
        return "NetlinkSocket[protocol " + protocol + ", port " + Integer.toUnsignedString(portId) + "]";
    }
}
