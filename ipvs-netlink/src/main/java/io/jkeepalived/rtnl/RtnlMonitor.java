package io.jkeepalived.rtnl;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jkeepalived.libc.Errno;
import io.jkeepalived.libc.Libc;
import io.jkeepalived.libc.LinuxException;
import io.jkeepalived.libc.NetNamespace;
import io.jkeepalived.netlink.MalformedMessageException;
import io.jkeepalived.netlink.Netlink;
import io.jkeepalived.netlink.NetlinkChannel;
import io.jkeepalived.netlink.NetlinkMessage;
import io.jkeepalived.netlink.NetlinkMessages;
import io.jkeepalived.netlink.NetlinkSocket;

/**
 * Link and address notifications from the kernel (RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR):
 * for interface tracking, and for noticing a VIP that someone else removed.
 *
 * <p>Pull with {@link #next}, or let {@link #start} run a thread that hands each event to a listener. A
 * notification that does not parse is logged and skipped; a queue overflow becomes
 * {@link RtnlEvent.EventsLost}, after which the consumer should list links and addresses again. Uses its
 * own socket: notifications never mix with request replies.
 */
public final class RtnlMonitor implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(RtnlMonitor.class);

    /** The groups to join. */
    public enum Group {
        LINK(Rtnl.RTNLGRP_LINK), IPV4_ADDRESS(Rtnl.RTNLGRP_IPV4_IFADDR), IPV6_ADDRESS(Rtnl.RTNLGRP_IPV6_IFADDR);

        private final int number;

        Group(int number) {
            this.number = number;
        }

        public int number() {
            return number;
        }
    }

    private final NetlinkChannel channel;
    private final Deque<RtnlEvent> pending = new ArrayDeque<>();
    private volatile boolean closed;

    /** Subscribes {@code channel} (a NETLINK_ROUTE channel of its own) to {@code groups}. */
    public RtnlMonitor(NetlinkChannel channel, Group... groups) throws IOException {
        this.channel = channel;
        for (Group g : groups) {
            channel.joinGroup(g.number());
        }
    }

    /** A monitor on a new socket in {@code namespace} (null: the current one) for {@code groups}. */
    public static RtnlMonitor open(NetNamespace namespace, Group... groups) throws IOException {
        NetlinkSocket socket = NetlinkSocket.open(Libc.get(), Netlink.NETLINK_ROUTE, namespace);
        try {
            return new RtnlMonitor(socket, groups);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** All three groups: links, IPv4 and IPv6 addresses. */
    public static RtnlMonitor open(NetNamespace namespace) throws IOException {
        return open(namespace, Group.values());
    }

    /**
     * The next event, waiting up to {@code timeout}; null when none arrived in time. Throws
     * {@link ClosedChannelException} once the monitor is closed.
     */
    public RtnlEvent next(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending.isEmpty()) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left < 0) {
                return null;
            }
            ByteBuffer datagram;
            try {
                datagram = channel.receive(left);
            } catch (LinuxException e) {
                if (e.is(Errno.ENOBUFS)) {
                    LOG.warn("rtnetlink notifications were lost (socket queue overflow); state must be re-read");
                    return new RtnlEvent.EventsLost();
                }
                throw e;
            }
            if (datagram == null) {
                return null;
            }
            queue(datagram);
        }
        return pending.poll();
    }

    private void queue(ByteBuffer datagram) {
        try {
            for (NetlinkMessage m : NetlinkMessages.split(datagram)) {
                try {
                    RtnlEvent e = RtnlCodec.parseEvent(m);
                    if (e != null) {
                        pending.add(e);
                    }
                } catch (MalformedMessageException bad) {
                    LOG.warn("skipping an rtnetlink notification: {}", bad.getMessage());
                }
            }
        } catch (MalformedMessageException bad) {
            LOG.warn("skipping an rtnetlink datagram: {}", bad.getMessage());
        }
    }

    /** The descriptor to poll, when the channel is a real socket (a fake kernel has none). */
    public java.util.OptionalInt descriptor() {
        return channel instanceof NetlinkSocket socket ? java.util.OptionalInt.of(socket.fd())
                : java.util.OptionalInt.empty();
    }

    /**
     * Delivers the events that are ready now, at most {@code limit}, without waiting: for a caller that polls
     * {@link #descriptor()} on its own event loop. Returns false once the monitor is closed.
     */
    public boolean deliverReady(Consumer<RtnlEvent> listener, int limit) {
        for (int i = 0; i < limit && !closed; i++) {
            RtnlEvent e;
            try {
                e = next(Duration.ZERO);
            } catch (ClosedChannelException stop) {
                return false;
            } catch (IOException ioe) {
                if (closed) {
                    return false;
                }
                LOG.error("rtnetlink monitor: {}", ioe.getMessage());
                deliver(listener, new RtnlEvent.EventsLost());
                return true;
            }
            if (e == null) {
                return true;
            }
            deliver(listener, e);
        }
        return !closed;
    }

    /**
     * Starts a daemon thread that delivers every event to {@code listener} until the monitor is closed.
     * A listener exception is logged and does not stop the thread.
     */
    public Thread start(String threadName, Consumer<RtnlEvent> listener) {
        Thread t = new Thread(() -> {
            while (!closed) {
                try {
                    RtnlEvent e = next(Duration.ofSeconds(1));
                    if (e != null) {
                        deliver(listener, e);
                    }
                } catch (ClosedChannelException stop) {
                    return;
                } catch (IOException ioe) {
                    if (closed) {
                        return;
                    }
                    LOG.error("rtnetlink monitor: {}", ioe.getMessage());
                    deliver(listener, new RtnlEvent.EventsLost());
                    pause();
                }
            }
        }, threadName);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void deliver(Consumer<RtnlEvent> listener, RtnlEvent e) {
        try {
            listener.accept(e);
        } catch (RuntimeException ex) {
            LOG.error("rtnetlink event listener failed on {}", e, ex);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        channel.close();
    }
}
