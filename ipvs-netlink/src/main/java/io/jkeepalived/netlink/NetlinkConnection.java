package io.jkeepalived.netlink;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jkeepalived.libc.Libc;
import io.jkeepalived.libc.NetNamespace;

/**
 * Request/reply over a {@link NetlinkChannel}: stamps sequence numbers and our port id, matches replies to
 * the request (anything else is logged and skipped), turns NLMSG_ERROR into {@link NetlinkErrorException}
 * with the kernel's extended-ack text, reads multipart dumps to NLMSG_DONE and retries dumps the kernel
 * flags as interrupted. Every wait is bounded by the reply timeout.
 *
 * <p>Requests are serialised: one exchange at a time per connection (netlink replies on one socket are not
 * tagged by thread). Callers on different threads may share a connection.
 */
public final class NetlinkConnection implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(NetlinkConnection.class);

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_DUMP_ATTEMPTS = 5;

    private final NetlinkChannel channel;
    private final long timeoutMillis;
    private final int dumpAttempts;
    private int sequence;

    public NetlinkConnection(NetlinkChannel channel) {
        this(channel, DEFAULT_TIMEOUT, DEFAULT_DUMP_ATTEMPTS, (int) (System.currentTimeMillis() / 1000));
    }

    /**
     * @param replyTimeout    longest wait for each reply datagram (a dump may take longer in total, as long as
     *                        the kernel keeps answering)
     * @param dumpAttempts    how many times a dump interrupted by concurrent changes is tried
     * @param firstSequence   the first sequence number (tests pin it; real use starts from the clock)
     */
    public NetlinkConnection(NetlinkChannel channel, Duration replyTimeout, int dumpAttempts, int firstSequence) {
        if (dumpAttempts < 1) {
            throw new IllegalArgumentException("dumpAttempts must be at least 1");
        }
        this.channel = channel;
        this.timeoutMillis = replyTimeout.toMillis();
        this.dumpAttempts = dumpAttempts;
        this.sequence = firstSequence;
    }

    /** A connection over a real socket of {@code protocol} in {@code namespace} (null: the current one). */
    public static NetlinkConnection open(int protocol, NetNamespace namespace) throws IOException {
        return new NetlinkConnection(NetlinkSocket.open(Libc.get(), protocol, namespace));
    }

    public NetlinkChannel channel() {
        return channel;
    }

    /**
     * Sends a request that changes something and waits for the kernel's acknowledgement (NLM_F_ACK is
     * added). Throws {@link NetlinkErrorException} when the kernel refuses it.
     *
     * @param operation what is being done to which object, for error messages ("add address 192.0.2.1/24
     *                  to jkv0")
     */
    public synchronized void execute(NetlinkMessageBuilder request, String operation) throws IOException {
        request.addFlags(Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK);
        exchange(request, operation, false);
    }

    /** The messages one exchange returned, and whether the kernel flagged any of them NLM_F_DUMP_INTR. */
    private record Exchange(List<NetlinkMessage> replies, boolean interrupted) {
    }

    /**
     * Sends a request that answers with one message (a GET of one object) and returns that message,
     * detached from the receive buffer. The request's own flags decide whether an ack is also awaited.
     */
    public synchronized NetlinkMessage query(NetlinkMessageBuilder request, String operation) throws IOException {
        request.addFlags(Netlink.NLM_F_REQUEST);
        List<NetlinkMessage> replies = exchange(request, operation, false).replies();
        if (replies.isEmpty()) {
            throw new MalformedMessageException(operation + ": the kernel acknowledged without a reply");
        }
        return replies.get(0);
    }

    /**
     * Sends a dump request (NLM_F_DUMP is added) and returns every message up to NLMSG_DONE, detached. A dump
     * flagged NLM_F_DUMP_INTR is discarded and repeated, up to the configured number of attempts.
     */
    public synchronized List<NetlinkMessage> dump(NetlinkMessageBuilder request, String operation)
            throws IOException {
        request.addFlags(Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP);
        for (int attempt = 1; attempt <= dumpAttempts; attempt++) {
            Exchange parts = exchange(request, operation, true);
            if (!parts.interrupted()) {
                return parts.replies();
            }
            LOG.debug("{}: dump interrupted by a concurrent change (attempt {} of {})", operation, attempt,
                    dumpAttempts);
        }
        throw new DumpInterruptedException(operation, dumpAttempts);
    }

    private int nextSequence() {
        sequence++;
        if (sequence == 0) {
            // Sequence 0 is what unsolicited notifications carry; never wait for it.
            sequence = 1;
        }
        return sequence;
    }

    private Exchange exchange(NetlinkMessageBuilder request, String operation, boolean isDump)
            throws IOException {
        int seq = nextSequence();
        int port = channel.portId();
        request.stamp(seq, port);
        boolean wantsAck = (request.flags() & Netlink.NLM_F_ACK) != 0;
        channel.send(request.message());
        boolean interrupted = false;
        List<NetlinkMessage> replies = new ArrayList<>();
        while (true) {
            ByteBuffer datagram = channel.receive(timeoutMillis);
            if (datagram == null) {
                throw new NetlinkTimeoutException(operation, timeoutMillis);
            }
            for (NetlinkMessage m : NetlinkMessages.split(datagram)) {
                if (m.sequence() != seq || m.portId() != port) {
                    LOG.debug("{}: ignoring {} not addressed to request seq {} port {}", operation, m,
                            Integer.toUnsignedString(seq), Integer.toUnsignedString(port));
                    continue;
                }
                if (m.isDumpInterrupted()) {
                    interrupted = true;
                }
                switch (m.type()) {
                    case Netlink.NLMSG_ERROR -> {
                        NetlinkAck ack = NetlinkAck.parseError(m);
                        if (!ack.isSuccess()) {
                            throw error(operation, ack);
                        }
                        if (ack.message() != null) {
                            LOG.info("{}: kernel warning: {}", operation, ack.message());
                        }
                        return new Exchange(replies, interrupted);
                    }
                    case Netlink.NLMSG_DONE -> {
                        NetlinkAck done = NetlinkAck.parseDone(m);
                        if (!done.isSuccess()) {
                            throw error(operation, done);
                        }
                        if (!wantsAck) {
                            return new Exchange(replies, interrupted);
                        }
                    }
                    case Netlink.NLMSG_NOOP, Netlink.NLMSG_OVERRUN -> {
                        // NOOP carries nothing; OVERRUN is obsolete and never sent by modern kernels
                    }
                    default -> {
                        replies.add(m.detached());
                        if (!isDump && !wantsAck && !m.isMultipart()) {
                            return new Exchange(replies, interrupted);
                        }
                    }
                }
            }
        }
    }

    private static NetlinkErrorException error(String operation, NetlinkAck ack) {
        return new NetlinkErrorException(operation, ack.errno(), ack.message(), ack.offset());
    }

    @Override
    public void close() {
        channel.close();
    }
}
