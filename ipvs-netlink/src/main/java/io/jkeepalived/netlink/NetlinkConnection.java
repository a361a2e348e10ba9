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

    /**
     * Most requests in one datagram. Each is acknowledged by its own message queued on our socket before the
     * send returns (the kernel handles a datagram's requests in order, inside sendmsg); 128 acks stay far
     * below the receive queue even when only SO_RCVBUF's default limit applies.
     */
    public static final int BATCH_MESSAGES = 128;
    /** Largest batch datagram: well under the socket's default send buffer (netlink refuses larger). */
    static final int BATCH_BYTES = 64 * 1024;

    private final NetlinkChannel channel;
    private final long timeoutMillis;
    private final int dumpAttempts;
    private int sequence;
    private ByteBuffer batch; // created on first use of executeAll

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

    /** One request of a batch for {@link #executeAll}. */
    public interface Request {
        /** Writes the request into {@code b}, beginning a new message. */
        void write(NetlinkMessageBuilder b);

        /** What is done to which object, for its error. */
        String operation();
    }

    /**
     * Sends changes in batches (several requests to one datagram, up to {@link #BATCH_MESSAGES}) and collects
     * every acknowledgement. A refusal does not stop the rest: the kernel handles each request of a datagram
     * and acknowledges it on its own. Returns, in request order, null for each success and the
     * {@link NetlinkErrorException} for each refusal.
     *
     * <p>Throws only when the exchange itself fails (timeout, socket error, acks lost to an overflowing
     * queue); then the requests of the failed datagram and after it are in an unknown state.
     *
     * @param scratch a builder to encode each request in before it is copied into the batch
     */
    public synchronized List<NetlinkErrorException> executeAll(List<? extends Request> requests,
            NetlinkMessageBuilder scratch) throws IOException {
        List<NetlinkErrorException> results = new ArrayList<>(requests.size());
        if (batch == null) {
            batch = Libc.allocate(BATCH_BYTES);
        }
        int port = channel.portId();
        int[] sequences = new int[BATCH_MESSAGES];
        int next = 0;
        while (next < requests.size()) {
            int first = next;
            batch.clear();
            while (next < requests.size() && next - first < BATCH_MESSAGES) {
                Request r = requests.get(next);
                r.write(scratch);
                scratch.addFlags(Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK);
                int length = Netlink.align(scratch.length());
                if (length > batch.remaining()) {
                    if (next == first) {
                        throw new IllegalArgumentException(r.operation() + ": request of " + length
                                + " bytes exceeds a batch");
                    }
                    break;
                }
                int seq = nextSequence();
                scratch.stamp(seq, port);
                sequences[next - first] = seq;
                int start = batch.position();
                batch.put(scratch.message());
                while (batch.position() < start + length) {
                    batch.put((byte) 0);
                }
                results.add(null);
                next++;
            }
            batch.flip();
            channel.send(batch);
            awaitAcks(requests, results, first, next, sequences, port);
        }
        return results;
    }

    /**
     * Sends one transaction in one datagram: {@code begin}, the requests (each with NLM_F_ACK), {@code end}, as
     * nfnetlink's batches want them (the kernel applies all or none). Waits for every request's
     * acknowledgement, because the kernel reports all of a failed batch's errors, not only the first; a refusal
     * of the batch itself (an error for {@code begin}, e.g. EOPNOTSUPP without nf_tables) ends the wait at once.
     *
     * @throws NetlinkErrorException the first refusal, in request order: then nothing of the batch was applied
     * @throws IllegalArgumentException the batch does not fit one datagram
     */
    public synchronized void executeTransaction(Request begin, List<? extends Request> requests, Request end,
            NetlinkMessageBuilder scratch) throws IOException {
        if (batch == null) {
            batch = Libc.allocate(BATCH_BYTES);
        }
        int port = channel.portId();
        int count = requests.size();
        int[] sequences = new int[count];
        batch.clear();
        int beginSequence = appendTo(begin, scratch, 0, port);
        for (int i = 0; i < count; i++) {
            sequences[i] = appendTo(requests.get(i), scratch, Netlink.NLM_F_ACK, port);
        }
        appendTo(end, scratch, 0, port);
        batch.flip();
        channel.send(batch);

        NetlinkErrorException[] errors = new NetlinkErrorException[count];
        boolean[] acked = new boolean[count];
        int pending = count;
        while (pending > 0) {
            ByteBuffer datagram = channel.receive(timeoutMillis);
            if (datagram == null) {
                throw new NetlinkTimeoutException(begin.operation() + " (" + pending + " of " + count
                        + " requests unacknowledged)", timeoutMillis);
            }
            for (NetlinkMessage m : NetlinkMessages.split(datagram)) {
                if (m.portId() != port || m.type() != Netlink.NLMSG_ERROR) {
                    LOG.debug("transaction: ignoring {}", m);
                    continue;
                }
                NetlinkAck ack = NetlinkAck.parseError(m);
                if (m.sequence() == beginSequence && !ack.isSuccess()) {
                    throw error(begin.operation(), ack);
                }
                int index = indexOf(sequences, count, m.sequence());
                if (index < 0 || acked[index]) {
                    LOG.debug("transaction: ignoring {} not acknowledging a pending request", m);
                    continue;
                }
                acked[index] = true;
                pending--;
                if (!ack.isSuccess()) {
                    errors[index] = error(requests.get(index).operation(), ack);
                } else if (ack.message() != null) {
                    LOG.info("{}: kernel warning: {}", requests.get(index).operation(), ack.message());
                }
            }
        }
        for (NetlinkErrorException e : errors) {
            if (e != null) {
                throw e;
            }
        }
    }

    /** Encodes {@code r} into the batch buffer with {@code extraFlags}, stamped; returns its sequence number. */
    private int appendTo(Request r, NetlinkMessageBuilder scratch, int extraFlags, int port) {
        r.write(scratch);
        scratch.addFlags(Netlink.NLM_F_REQUEST | extraFlags);
        int length = Netlink.align(scratch.length());
        if (length > batch.remaining()) {
            throw new IllegalArgumentException(r.operation() + ": transaction exceeds " + BATCH_BYTES + " bytes");
        }
        int seq = nextSequence();
        scratch.stamp(seq, port);
        int start = batch.position();
        batch.put(scratch.message());
        while (batch.position() < start + length) {
            batch.put((byte) 0);
        }
        return seq;
    }

    private void awaitAcks(List<? extends Request> requests, List<NetlinkErrorException> results, int first,
            int end, int[] sequences, int port) throws IOException {
        int count = end - first;
        boolean[] acked = new boolean[count];
        int pending = count;
        while (pending > 0) {
            ByteBuffer datagram = channel.receive(timeoutMillis);
            if (datagram == null) {
                throw new NetlinkTimeoutException(requests.get(first + indexOf(acked, 0)).operation() + " (" + pending
                        + " of a batch of " + count + " unacknowledged)", timeoutMillis);
            }
            for (NetlinkMessage m : NetlinkMessages.split(datagram)) {
                int index = m.portId() == port && m.type() == Netlink.NLMSG_ERROR
                        ? indexOf(sequences, count, m.sequence()) : -1;
                if (index < 0 || acked[index]) {
                    LOG.debug("batch: ignoring {} not acknowledging a pending request", m);
                    continue;
                }
                acked[index] = true;
                pending--;
                NetlinkAck ack = NetlinkAck.parseError(m);
                Request r = requests.get(first + index);
                if (!ack.isSuccess()) {
                    results.set(first + index, error(r.operation(), ack));
                } else if (ack.message() != null) {
                    LOG.info("{}: kernel warning: {}", r.operation(), ack.message());
                }
            }
        }
    }

    private static int indexOf(int[] sequences, int count, int sequence) {
        // Acks come in request order, so this scan is short in practice; batches are small anyway.
        for (int i = 0; i < count; i++) {
            if (sequences[i] == sequence) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOf(boolean[] acked, int from) {
        for (int i = from; i < acked.length; i++) {
            if (!acked[i]) {
                return i;
            }
        }
        return 0;
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
                        // The kernel never acks a dump (NLM_F_ACK or not): NLMSG_DONE is its end.
                        if (!wantsAck || isDump) {
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
