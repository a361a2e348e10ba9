package io.jkeepalived.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

import io.jkeepalived.netlink.Netlink;
import io.jkeepalived.netlink.NetlinkChannel;
import io.jkeepalived.netlink.NetlinkMessageBuilder;

/**
 * A stand-in for the kernel's side of a netlink socket. Every datagram sent is recorded and handed to a
 * script, which queues the datagrams the "kernel" answers with. An empty queue behaves like a kernel that
 * never answers: receive returns null at once (the caller's timeout path).
 */
public final class FakeKernel implements NetlinkChannel {

    /** A request as the kernel saw it. */
    public record Request(int type, int flags, int sequence, int portId, byte[] bytes) {
    }

    /** Decides the answer to each request. */
    @FunctionalInterface
    public interface Script {
        void answer(Request request, FakeKernel kernel);
    }

    private final int protocol;
    private final int portId;
    private final List<Request> requests = new ArrayList<>();
    /** Datagrams (byte[]) and receive failures (IOException), in delivery order. */
    private final Deque<Object> pending = new ArrayDeque<>();
    private final List<Integer> groups = new ArrayList<>();
    private Script script = (r, k) -> { };
    private boolean closed;

    public FakeKernel(int protocol, int portId) {
        this.protocol = protocol;
        this.portId = portId;
    }

    public FakeKernel script(Script s) {
        this.script = s;
        return this;
    }

    public List<Request> requests() {
        return requests;
    }

    public List<Integer> groups() {
        return groups;
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
    public void send(ByteBuffer datagram) throws ClosedChannelException {
        if (closed) {
            throw new ClosedChannelException();
        }
        byte[] bytes = new byte[datagram.remaining()];
        datagram.duplicate().get(bytes);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
        Request r = new Request(b.getShort(4) & 0xffff, b.getShort(6) & 0xffff, b.getInt(8), b.getInt(12), bytes);
        requests.add(r);
        script.answer(r, this);
    }

    @Override
    public ByteBuffer receive(long timeoutMillis) throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        Object item = pending.poll();
        if (item == null) {
            return null;
        }
        if (item instanceof IOException e) {
            throw e;
        }
        byte[] next = (byte[]) item;
        ByteBuffer direct = ByteBuffer.allocateDirect(next.length).order(ByteOrder.nativeOrder());
        direct.put(next).flip();
        return direct;
    }

    @Override
    public void joinGroup(int group) {
        groups.add(group);
    }

    @Override
    public void close() {
        closed = true;
    }

    /** The messages of a datagram that carried several requests (a batch), each as a Request. */
    public static List<Request> messages(Request datagram) {
        List<Request> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(datagram.bytes()).order(ByteOrder.nativeOrder());
        int at = 0;
        while (at + Netlink.HEADER_SIZE <= b.limit()) {
            int length = b.getInt(at);
            byte[] one = new byte[length];
            System.arraycopy(datagram.bytes(), at, one, 0, length);
            out.add(new Request(b.getShort(at + 4) & 0xffff, b.getShort(at + 6) & 0xffff, b.getInt(at + 8),
                    b.getInt(at + 12), one));
            at += Netlink.align(length);
        }
        return out;
    }

    // ---- building answers ----

    /** Queues one datagram made of the given messages, back to back. */
    public FakeKernel deliver(byte[]... messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] m : messages) {
            out.writeBytes(m);
        }
        pending.add(out.toByteArray());
        return this;
    }

    /** Makes the next receive throw {@code e} (ENOBUFS overflow, for example). */
    public FakeKernel failNextReceive(IOException e) {
        pending.add(e);
        return this;
    }

    /** Queues raw bytes as a datagram, for garbage tests. */
    public FakeKernel deliverRaw(byte[] datagram) {
        pending.add(datagram.clone());
        return this;
    }

    /** A message of {@code type} with {@code flags} answering request {@code r}, body written by {@code body}. */
    public byte[] message(Request r, int type, int flags, Consumer<NetlinkMessageBuilder> body) {
        return message(type, flags, r.sequence(), r.portId(), body);
    }

    public static byte[] message(int type, int flags, int seq, int pid, Consumer<NetlinkMessageBuilder> body) {
        NetlinkMessageBuilder b = new NetlinkMessageBuilder(256);
        b.begin(type, flags);
        body.accept(b);
        b.stamp(seq, pid);
        return b.toByteArray();
    }

    /** A successful acknowledgement, capped like a socket with NETLINK_CAP_ACK gets. */
    public byte[] ack(Request r) {
        return message(r, Netlink.NLMSG_ERROR, Netlink.NLM_F_CAPPED, b -> b.u32(0).bytes(header(r)));
    }

    /** An error with the kernel's extended-ack text, capped, as a modern kernel sends it. */
    public byte[] error(Request r, int errno, String extAck) {
        int flags = Netlink.NLM_F_CAPPED | (extAck == null ? 0 : Netlink.NLM_F_ACK_TLVS);
        return message(r, Netlink.NLMSG_ERROR, flags, b -> {
            b.u32(-errno).bytes(header(r));
            if (extAck != null) {
                b.attrString(Netlink.NLMSGERR_ATTR_MSG, extAck);
            }
        });
    }

    /** An error that echoes the whole request (no NETLINK_CAP_ACK), with text and offset. */
    public byte[] uncappedError(Request r, int errno, String extAck, int offset) {
        return message(r, Netlink.NLMSG_ERROR, Netlink.NLM_F_ACK_TLVS, b -> {
            b.u32(-errno).bytes(r.bytes());
            b.attrString(Netlink.NLMSGERR_ATTR_MSG, extAck);
            b.attrU32(Netlink.NLMSGERR_ATTR_OFFS, offset);
        });
    }

    /** End of a dump. */
    public byte[] done(Request r, int flags) {
        return message(r, Netlink.NLMSG_DONE, Netlink.NLM_F_MULTI | flags, b -> b.u32(0));
    }

    private static byte[] header(Request r) {
        byte[] h = new byte[Netlink.HEADER_SIZE];
        System.arraycopy(r.bytes(), 0, h, 0, Netlink.HEADER_SIZE);
        return h;
    }
}
