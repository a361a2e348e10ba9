package io.jkeepalived.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.jkeepalived.libc.Errno;
import io.jkeepalived.testing.FakeKernel;
import io.jkeepalived.testing.FakeKernel.Request;

/** The request/reply logic against a scripted fake kernel. */
class NetlinkConnectionTest {

    private static final int PORT = 4242;
    private static final int RTM_NEWADDR = 20;
    private static final int RTM_GETADDR = 22;

    private final FakeKernel kernel = new FakeKernel(Netlink.NETLINK_ROUTE, PORT);
    private final NetlinkConnection connection = new NetlinkConnection(kernel, Duration.ofMillis(50), 3, 1000);
    private final NetlinkMessageBuilder request = new NetlinkMessageBuilder();

    private NetlinkMessageBuilder newAddr() {
        return request.begin(RTM_NEWADDR, Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL).u32(0).u32(0);
    }

    private NetlinkMessageBuilder getAddr() {
        return request.begin(RTM_GETADDR, 0).u32(0).u32(0);
    }

    /** A dump part: one RTM_NEWADDR whose IFA_LABEL-like attribute carries {@code n}. */
    private static byte[] part(Request r, int n, int extraFlags) {
        return FakeKernel.message(RTM_NEWADDR, Netlink.NLM_F_MULTI | extraFlags, r.sequence(), r.portId(),
                b -> b.u32(0).u32(0).attrU32(1, n));
    }

    private static int value(NetlinkMessage m) throws MalformedMessageException {
        AttributeReader a = m.attributes(8);
        a.next();
        return a.u32();
    }

    @Test
    void executeStampsSequenceAndPortAndAcceptsTheAck() throws Exception {
        kernel.script((r, k) -> k.deliver(k.ack(r)));
        connection.execute(newAddr(), "add address");
        connection.execute(newAddr(), "add address");
        assertEquals(2, kernel.requests().size());
        Request first = kernel.requests().get(0);
        assertEquals(1001, first.sequence());
        assertEquals(PORT, first.portId());
        assertEquals(Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK | Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL,
                first.flags());
        assertEquals(1002, kernel.requests().get(1).sequence());
    }

    @Test
    void errorWithExtendedAckBecomesTypedException() {
        kernel.script((r, k) -> k.deliver(k.error(r, 17, "Address already assigned")));
        NetlinkErrorException e = assertThrows(NetlinkErrorException.class,
                () -> connection.execute(newAddr(), "add address 192.0.2.1/24 to jkv-nl-veth0"));
        assertEquals(Errno.EEXIST, e.errno());
        assertEquals("Address already assigned", e.extAckMessage());
        assertEquals("add address 192.0.2.1/24 to jkv-nl-veth0", e.operation());
        assertEquals("add address 192.0.2.1/24 to jkv-nl-veth0: EEXIST (File exists): kernel says "
                + "\"Address already assigned\"", e.getMessage());
    }

    @Test
    void uncappedErrorEchoingTheRequestStillYieldsTextAndOffset() {
        kernel.script((r, k) -> k.deliver(k.uncappedError(r, 22, "Invalid prefix length", 24)));
        NetlinkErrorException e = assertThrows(NetlinkErrorException.class,
                () -> connection.execute(newAddr(), "add"));
        assertEquals(Errno.EINVAL, e.errno());
        assertEquals("Invalid prefix length", e.extAckMessage());
        assertEquals(24, e.extAckOffset());
    }

    @Test
    void errorWithoutExtendedAck() {
        kernel.script((r, k) -> k.deliver(k.error(r, 99, null)));
        NetlinkErrorException e = assertThrows(NetlinkErrorException.class, () -> connection.execute(newAddr(), "del"));
        assertEquals(Errno.EADDRNOTAVAIL, e.errno());
        assertNull(e.extAckMessage());
        assertEquals("del: EADDRNOTAVAIL (Cannot assign requested address)", e.getMessage());
    }

    @Test
    void multipartDumpIsReadAcrossDatagramsToDone() throws Exception {
        kernel.script((r, k) -> {
            k.deliver(part(r, 1, 0), part(r, 2, 0));
            k.deliver(part(r, 3, 0));
            k.deliver(part(r, 4, 0), k.done(r, 0));
        });
        List<NetlinkMessage> parts = connection.dump(getAddr(), "list addresses");
        assertEquals(4, parts.size());
        for (int i = 0; i < 4; i++) {
            assertEquals(i + 1, value(parts.get(i)), "parts in order and detached from the receive buffer");
        }
        assertEquals(Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP, kernel.requests().get(0).flags());
    }

    @Test
    void interruptedDumpIsRetriedAndOnlyTheCleanOneReturned() throws Exception {
        kernel.script((r, k) -> {
            if (k.requests().size() == 1) {
                k.deliver(part(r, 1, 0), part(r, 2, Netlink.NLM_F_DUMP_INTR));
                k.deliver(k.done(r, Netlink.NLM_F_DUMP_INTR));
            } else {
                k.deliver(part(r, 10, 0), part(r, 20, 0), part(r, 30, 0), k.done(r, 0));
            }
        });
        List<NetlinkMessage> parts = connection.dump(getAddr(), "list addresses");
        assertEquals(3, parts.size());
        assertEquals(10, value(parts.get(0)));
        assertEquals(30, value(parts.get(2)));
        assertEquals(2, kernel.requests().size());
        assertNotEquals(kernel.requests().get(0).sequence(), kernel.requests().get(1).sequence());
    }

    @Test
    void dumpThatKeepsBeingInterruptedGivesUpAfterTheBound() {
        kernel.script((r, k) -> k.deliver(part(r, 1, Netlink.NLM_F_DUMP_INTR), k.done(r, Netlink.NLM_F_DUMP_INTR)));
        DumpInterruptedException e = assertThrows(DumpInterruptedException.class,
                () -> connection.dump(getAddr(), "list addresses"));
        assertEquals(3, kernel.requests().size());
        assertTrue(e.getMessage().contains("3 times"), e.getMessage());
    }

    @Test
    void repliesToOtherRequestsAndOtherPortsAreIgnored() throws Exception {
        kernel.script((r, k) -> {
            // a late answer to an earlier request, a notification (seq 0), one for another port
            k.deliver(FakeKernel.message(Netlink.NLMSG_ERROR, 0, r.sequence() - 1, PORT, b -> b.u32(-17).zeros(16)));
            k.deliver(FakeKernel.message(RTM_NEWADDR, 0, 0, 0, b -> b.u32(0).u32(0)),
                    FakeKernel.message(Netlink.NLMSG_ERROR, 0, r.sequence(), PORT + 1, b -> b.u32(-1).zeros(16)));
            k.deliver(k.ack(r));
        });
        connection.execute(newAddr(), "add address");
    }

    @Test
    void silenceIsATimeoutNotAHang() {
        NetlinkTimeoutException e = assertThrows(NetlinkTimeoutException.class,
                () -> connection.execute(newAddr(), "add address 192.0.2.1/24"));
        assertTrue(e.getMessage().startsWith("add address 192.0.2.1/24: no reply"), e.getMessage());
    }

    @Test
    void failedDumpReportsTheErrnoFromDone() {
        kernel.script((r, k) -> k.deliver(part(r, 1, 0),
                FakeKernel.message(Netlink.NLMSG_DONE, Netlink.NLM_F_MULTI, r.sequence(), PORT, b -> b.u32(-105))));
        NetlinkErrorException e = assertThrows(NetlinkErrorException.class, () -> connection.dump(getAddr(), "dump"));
        assertEquals(Errno.ENOBUFS, e.errno());
    }

    @Test
    void queryWithoutAckEndsAtTheFirstReply() throws Exception {
        kernel.script((r, k) -> k.deliver(FakeKernel.message(RTM_NEWADDR, 0, r.sequence(), PORT,
                b -> b.u32(0).u32(0).attrU32(1, 77))));
        NetlinkMessage m = connection.query(getAddr(), "get");
        assertEquals(77, value(m));
        assertEquals(Netlink.NLM_F_REQUEST, kernel.requests().get(0).flags());
    }

    @Test
    void queryWithAckWaitsForTheAckAfterTheReply() throws Exception {
        kernel.script((r, k) -> k.deliver(FakeKernel.message(RTM_NEWADDR, 0, r.sequence(), PORT,
                b -> b.u32(0).u32(0).attrU32(1, 5)), k.ack(r)));
        NetlinkMessage m = connection.query(getAddr().addFlags(Netlink.NLM_F_ACK), "get");
        assertEquals(5, value(m));
    }

    @Test
    void truncatedReplyIsMalformed() {
        kernel.script((r, k) -> {
            byte[] ack = k.ack(r);
            byte[] cut = new byte[ack.length - 6];
            System.arraycopy(ack, 0, cut, 0, cut.length);
            k.deliverRaw(cut);
        });
        assertThrows(MalformedMessageException.class, () -> connection.execute(newAddr(), "add"));
    }

    @Test
    void errorTooShortForItsHeaderIsMalformed() {
        kernel.script((r, k) -> k.deliver(FakeKernel.message(Netlink.NLMSG_ERROR, 0, r.sequence(), PORT,
                b -> b.u32(-17))));
        assertThrows(MalformedMessageException.class, () -> connection.execute(newAddr(), "add"));
    }

    @Test
    void garbageRepliesOnlyEverThrowMalformed() throws Exception {
        Random random = new Random(7);
        for (int round = 0; round < 3000; round++) {
            byte[] garbage = new byte[16 + random.nextInt(80)];
            random.nextBytes(garbage);
            ByteBuffer g = ByteBuffer.wrap(garbage).order(ByteOrder.nativeOrder());
            // Aim at our request so the garbage reaches the reply parsing, not the seq filter.
            int seq = 1001 + round;
            g.putInt(0, 16 + random.nextInt(garbage.length - 15));
            g.putShort(4, (short) (1 + random.nextInt(4)));
            g.putInt(8, seq);
            g.putInt(12, PORT);
            FakeKernel k = new FakeKernel(Netlink.NETLINK_ROUTE, PORT);
            NetlinkConnection c = new NetlinkConnection(k, Duration.ofMillis(1), 1, seq - 1);
            k.script((r, kk) -> kk.deliverRaw(garbage));
            try {
                c.execute(newAddr(), "add");
            } catch (MalformedMessageException | NetlinkErrorException | NetlinkTimeoutException expected) {
                // the typed outcomes; anything else is a bug
            }
        }
    }
}
