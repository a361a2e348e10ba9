package io.jkeepalived.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.libc.Libc;
import io.jkeepalived.libc.PollSet;
import io.jkeepalived.libc.SocketAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PING_CHECK for real: ping sockets on an epoll loop moved into a director namespace of our own, against its
 * loopback and a real server namespace of our own ({@link PingLab}). keepalived's checker cannot run on this host
 * (no IPVS in the host kernel), so the expected verdicts come from its 2.2.7 source, check_ping.c.
 */
class PingCheckTest {
    private PingLab lab;
    private ProbeHarness harness;
    private HealthChecker<String> checker;

    @AfterEach
    void close() throws Exception {
        try {
            if (checker != null) {
                checker.close();
            }
            if (harness != null) {
                harness.close();
            }
        } finally {
            if (lab != null) {
                lab.close();
            }
        }
    }

    private static PingCheck ping(String address, long timeoutMillis) throws Exception {
        return new PingCheck(InetAddress.getByName(address), Duration.ofMillis(timeoutMillis));
    }

    /** A lab, an epoll harness whose loop thread lives in the director namespace, and root admitted there. */
    private void director(boolean admitRoot) throws Exception {
        lab = PingLab.create();
        harness = new ProbeHarness(true, ProbeLimits.DEFAULT, null);
        harness.loop.submit(() -> {
            lab.enterDirector();
            return null;
        }).get(10, TimeUnit.SECONDS);
        if (admitRoot) {
            lab.inside(lab.director, () -> {
                new PingGroupRange(PingGroupRange.SYSCTL).admitRoot();
                return null;
            });
        }
    }

    private static PingGroupRange.Range range(String text) {
        return PingGroupRange.parse(text).orElseThrow(() -> new AssertionError("not a range: " + text));
    }

    /**
     * A fresh namespace admits no group to ping sockets ("1 0"): no socket, so no verdict (keepalived: "connect
     * fail to create socket. Rescheduling."). Lowering the first group, as keepalived does, lets root ping; the
     * range is put back afterwards.
     */
    @Test
    void withoutTheGroupRangeThereIsNoSocketAndNoVerdictThenItIsOpenedAndPutBack() throws Exception {
        director(false);
        PingGroupRange.Range before = range(lab.readSysctl(lab.director, "net/ipv4/ping_group_range"));
        assertTrue(before.low() > 0, "a fresh namespace admits group 0: " + before);

        ProbeResult refused = harness.run(ping("127.0.0.1", 1000)).result();
        assertEquals(ProbeResult.Kind.INDETERMINATE, refused.kind(), refused.detail());
        assertTrue(refused.detail().contains("Permission denied"), refused.detail());
        assertTrue(refused.detail().contains("ping_group_range"), refused.detail());

        PingGroupRange groups = lab.inside(lab.director, () -> {
            PingGroupRange g = new PingGroupRange(PingGroupRange.SYSCTL);
            g.admitRoot();
            return g;
        });
        assertEquals(new PingGroupRange.Range(0, before.high()),
                range(lab.readSysctl(lab.director, "net/ipv4/ping_group_range")));
        ProbeResult ok = harness.run(ping("127.0.0.1", 1000)).result();
        assertEquals(ProbeResult.Kind.SUCCESS, ok.kind(), ok.detail());

        lab.inside(lab.director, () -> {
            groups.restore();
            return null;
        });
        assertEquals(before, range(lab.readSysctl(lab.director, "net/ipv4/ping_group_range")));
    }

    /** Loopback and the real server answer; when the server ignores echoes the attempt fails at its timeout. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void answersSucceedAndSilenceFailsAtTheTimeout(boolean ipv6) throws Exception {
        director(true);
        ProbeResult lo = harness.run(ping(ipv6 ? "::1" : "127.0.0.1", 2000)).result();
        assertEquals(ProbeResult.Kind.SUCCESS, lo.kind(), lo.detail());
        assertTrue(lo.detail().startsWith("echo reply"), lo.detail());
        assertTrue(lo.detail().endsWith(", 136 bytes"), "the reply carries our 128 bytes back: " + lo.detail());

        String server = ipv6 ? PingLab.SERVER_V6 : PingLab.SERVER_V4;
        ProbeResult up = harness.run(ping(server, 2000)).result();
        assertEquals(ProbeResult.Kind.SUCCESS, up.kind(), up.detail());

        lab.serverIgnoresEchoes(true);
        ProbeHarness.Timed silent = harness.run(ping(server, 700));
        assertEquals(ProbeResult.Kind.FAILURE, silent.result().kind(), silent.result().detail());
        assertEquals("no echo reply within 0.700 s", silent.result().detail());
        assertTrue(silent.millis() >= 650, "waited " + silent.millis() + " ms");

        lab.serverIgnoresEchoes(false);
        ProbeResult back = harness.run(ping(server, 2000)).result();
        assertEquals(ProbeResult.Kind.SUCCESS, back.kind(), back.detail());
    }

    /** No route: the send fails at once (keepalived: "send ICMP packet fail"), a failure, not a wait. */
    @ParameterizedTest
    @ValueSource(strings = {"198.51.100.1", "2001:db8:1::1"})
    void noRouteFailsAtOnce(String address) throws Exception {
        director(true);
        ProbeHarness.Timed t = harness.run(ping(address, 3000));
        assertEquals(ProbeResult.Kind.FAILURE, t.result().kind(), t.result().detail());
        assertTrue(t.result().detail().startsWith("send ICMP"), t.result().detail());
        assertTrue(t.millis() < 2000, "took " + t.millis() + " ms");
    }

    /**
     * A neighbour that does not answer ARP: the kernel gives up after one 200 ms solicitation. keepalived's
     * unconnected ping socket hears no error and waits for its whole connect_timeout; so does ours.
     */
    @Test
    void anUnreachableNeighbourIsATimeoutNotAnEarlyError() throws Exception {
        director(true);
        lab.sysctl(lab.director, "net/ipv4/neigh/jkv-pc-d/mcast_solicit", "1");
        lab.sysctl(lab.director, "net/ipv4/neigh/jkv-pc-d/retrans_time_ms", "200");
        ProbeHarness.Timed t = harness.run(ping("192.0.2.3", 2000));
        assertEquals(ProbeResult.Kind.FAILURE, t.result().kind(), t.result().detail());
        assertTrue(t.result().detail().startsWith("no echo reply within 2 s"), t.result().detail());
        assertTrue(t.millis() >= 1950, "took " + t.millis() + " ms");
    }

    /**
     * What goes on the wire, and which replies count, seen from a raw socket in the real server namespace (whose
     * kernel is told not to answer): the request is keepalived's (type 8, code 0, 128 bytes of "keepalived check
     * - "), with the identifier and a valid checksum filled in by the kernel. A reply with another identifier is
     * not delivered to our socket (timeout); one with our identifier counts whatever its sequence, as in
     * keepalived, which does not compare it.
     */
    @Test
    void theKernelFillsIdAndChecksumAndOnlyOurIdentifierCounts() throws Exception {
        director(true);
        lab.serverIgnoresEchoes(true);

        Exchange other = respond(id -> id ^ 0x5a5a, seq -> seq);
        ProbeHarness.Timed ignored = harness.run(ping(PingLab.SERVER_V4, 1000));
        byte[] request = other.request.get(10, TimeUnit.SECONDS);
        assertEquals(ProbeResult.Kind.FAILURE, ignored.result().kind(), ignored.result().detail());
        assertEquals("no echo reply within 1 s", ignored.result().detail());

        assertEquals(136, request.length);
        assertEquals(IcmpEcho.ECHO_REQUEST_V4, request[0]);
        assertEquals(0, request[1]);
        assertNotEquals(0, (request[2] | request[3]) & 0xff, "the kernel computed a checksum");
        assertEquals(0, checksum(request), "and it is right");
        byte[] expected = IcmpEcho.request(false, IcmpEcho.sequence(request));
        assertArrayEquals(Arrays.copyOfRange(expected, 8, 136), Arrays.copyOfRange(request, 8, 136));

        Exchange sameId = respond(id -> id, seq -> seq + 1000);
        ProbeResult counted = harness.run(ping(PingLab.SERVER_V4, 2000)).result();
        byte[] second = sameId.request.get(10, TimeUnit.SECONDS);
        assertEquals(ProbeResult.Kind.SUCCESS, counted.kind(), counted.detail());
        assertEquals("echo reply, sequence " + ((IcmpEcho.sequence(second) + 1000) & 0xffff) + ", 136 bytes",
                counted.detail());
        assertEquals((IcmpEcho.sequence(request) + 1) & 0xffff, IcmpEcho.sequence(second),
                "one counter numbers the requests");
    }

    /**
     * An administratively prohibited for our request (sent by the real server's namespace, our identifier inside):
     * keepalived's unconnected socket never hears it and fails at its timeout. Ours, connected, hears it as a read
     * error (EHOSTUNREACH) and still waits for the timeout; the error is named in the failure.
     */
    @Test
    void anIcmpErrorDoesNotEndTheAttemptEarly() throws Exception {
        director(true);
        lab.serverIgnoresEchoes(true);
        Exchange unreachable = respond(PingCheckTest::adminProhibited);
        ProbeHarness.Timed t = harness.run(ping(PingLab.SERVER_V4, 1500));
        unreachable.request.get(10, TimeUnit.SECONDS);
        assertEquals(ProbeResult.Kind.FAILURE, t.result().kind(), t.result().detail());
        assertEquals("no echo reply within 1.500 s (No route to host)", t.result().detail());
        assertTrue(t.millis() >= 1450, "took " + t.millis() + " ms");
    }

    /** NIO cannot adopt a ping socket: no verdict, and a reason that says what to do. */
    @Test
    void underNioThereIsNoVerdict() throws Exception {
        harness = new ProbeHarness(false, ProbeLimits.DEFAULT, null);
        ProbeResult r = harness.run(ping("127.0.0.1", 1000)).result();
        assertEquals(ProbeResult.Kind.INDETERMINATE, r.kind(), r.detail());
        assertTrue(r.detail().contains("PING_CHECK needs the epoll transport"), r.detail());
    }

    /**
     * The whole checker: a real server that stops answering goes down after one failed attempt (retry 0), and up
     * again when it answers. The health checker opens ping_group_range of the namespace it is given work in and
     * puts it back when it is closed.
     */
    @Test
    void aRealServerGoesDownAndComesBackUp() throws Exception {
        lab = PingLab.create();
        String before = lab.readSysctl(lab.director, "net/ipv4/ping_group_range");
        BlockingQueue<RealServerHealth> changes = new LinkedBlockingQueue<>();
        checker = HealthChecker.start((server, previous, current) -> changes.add(current), null,
                HealthChecker.Options.DEFAULT.withBootstrapDelay(Duration.ofMillis(50)));
        CompletableFuture<Void> entered = new CompletableFuture<>();
        checker.onLoopThread(() -> {
            try {
                lab.enterDirector();
                entered.complete(null);
            } catch (Exception e) {
                entered.completeExceptionally(e);
            }
        });
        entered.get(10, TimeUnit.SECONDS);
        CheckTiming timing = new CheckTiming(Duration.ofMillis(300), Duration.ofMillis(300), 0, Duration.ZERO, false);
        lab.inside(lab.director, () -> checker.add("rs", 1,
                List.of(new CheckerConfig(new PingCheck(InetAddress.getByName(PingLab.SERVER_V4),
                        Duration.ofMillis(500)), timing))));
        assertEquals(0, range(lab.readSysctl(lab.director, "net/ipv4/ping_group_range")).low());

        // Up from the start: a success changes nothing, so wait for a few attempts to have run.
        Thread.sleep(1000);
        assertTrue(changes.isEmpty(), "no change while the server answers: " + changes);
        lab.serverIgnoresEchoes(true);
        RealServerHealth down = changes.poll(15, TimeUnit.SECONDS);
        assertNotNull(down, "the real server went down");
        assertFalse(down.alive());
        lab.serverIgnoresEchoes(false);
        RealServerHealth up = changes.poll(15, TimeUnit.SECONDS);
        assertNotNull(up, "the real server came back");
        assertTrue(up.alive());

        HealthChecker<String> c = checker;
        checker = null;
        lab.inside(lab.director, () -> {
            c.close();
            return null;
        });
        assertEquals(range(before), range(lab.readSysctl(lab.director, "net/ipv4/ping_group_range")));
    }

    /** One echo request caught in the real server namespace and the reply sent back for it. */
    private record Exchange(CompletableFuture<byte[]> request) {
    }

    /**
     * A raw ICMP socket in the real server namespace: waits for one echo request from the director, answers it with
     * the identifier and sequence mapped as asked, and completes with the request (ICMP part). Ready before this
     * returns, so no request is missed.
     */
    private Exchange respond(IntUnaryOperator id, IntUnaryOperator seq) throws Exception {
        return respond(packet -> echoReply(packet, id, seq));
    }

    /** As above, answering the request (whole IP packet) with the ICMP message {@code answer} makes of it. */
    private Exchange respond(java.util.function.Function<byte[], byte[]> answer) throws Exception {
        CountDownLatch ready = new CountDownLatch(1);
        CompletableFuture<byte[]> request = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                request.complete(lab.inside(lab.server, () -> answerOnce(ready, answer)));
            } catch (Throwable e) {
                request.completeExceptionally(e);
            } finally {
                ready.countDown();
            }
        }, "jkv-pc-responder");
        t.setDaemon(true);
        t.start();
        assertTrue(ready.await(10, TimeUnit.SECONDS));
        return new Exchange(request);
    }

    private static byte[] answerOnce(CountDownLatch ready, java.util.function.Function<byte[], byte[]> answer)
            throws java.io.IOException {
        Libc libc = Libc.get();
        int fd = libc.socket(Libc.AF_INET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, Libc.IPPROTO_ICMP);
        try {
            ready.countDown();
            PollSet poll = new PollSet(1);
            poll.set(0, fd, Libc.POLLIN);
            ByteBuffer in = Libc.allocate(2048);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                if (libc.poll(poll, 200) == 0) {
                    continue;
                }
                in.clear();
                int n = libc.recvfrom(fd, in, 0);
                byte[] packet = new byte[n];
                in.get(0, packet);
                int ihl = (packet[0] & 0xf) * 4;
                byte[] icmp = Arrays.copyOfRange(packet, ihl, n);
                byte[] source = Arrays.copyOfRange(packet, 12, 16);
                if (icmp.length < 8 || icmp[0] != IcmpEcho.ECHO_REQUEST_V4
                        || !Arrays.equals(source, InetAddress.getByName(PingLab.DIRECTOR_V4).getAddress())) {
                    continue;
                }
                byte[] reply = answer.apply(packet);
                ByteBuffer out = Libc.allocate(reply.length);
                out.put(reply).flip();
                ByteBuffer to = Libc.allocate(SocketAddresses.INET4_SIZE);
                SocketAddresses.inet4(to, (Inet4Address) InetAddress.getByName(PingLab.DIRECTOR_V4), 0);
                to.flip();
                libc.sendto(fd, out, 0, to);
                return icmp;
            }
            throw new java.io.IOException("no echo request reached the real server within 10 s");
        } finally {
            libc.closeQuietly(fd);
        }
    }

    private static byte[] echoReply(byte[] packet, IntUnaryOperator id, IntUnaryOperator seq) {
        byte[] reply = Arrays.copyOfRange(packet, (packet[0] & 0xf) * 4, packet.length);
        reply[0] = IcmpEcho.ECHO_REPLY_V4;
        int newId = id.applyAsInt(IcmpEcho.identifier(reply)) & 0xffff;
        int newSeq = seq.applyAsInt(IcmpEcho.sequence(reply)) & 0xffff;
        reply[4] = (byte) (newId >>> 8);
        reply[5] = (byte) newId;
        reply[6] = (byte) (newSeq >>> 8);
        reply[7] = (byte) newSeq;
        return withChecksum(reply);
    }

    /**
     * ICMP destination unreachable, communication administratively prohibited (a firewall's reject): the offending
     * IP header and 8 bytes of its data. Unlike host unreachable (a "soft" error the kernel reports to no ping
     * socket), this one is "hard": a connected socket hears it.
     */
    private static byte[] adminProhibited(byte[] packet) {
        int ihl = (packet[0] & 0xf) * 4;
        byte[] error = new byte[8 + ihl + 8];
        error[0] = 3;
        error[1] = 13;
        System.arraycopy(packet, 0, error, 8, ihl + 8);
        return withChecksum(error);
    }

    private static byte[] withChecksum(byte[] icmp) {
        icmp[2] = 0;
        icmp[3] = 0;
        int sum = checksum(icmp);
        icmp[2] = (byte) (sum >>> 8);
        icmp[3] = (byte) sum;
        return icmp;
    }

    /** The Internet checksum (RFC 1071): 0 over a message whose checksum field is right. */
    static int checksum(byte[] b) {
        long sum = 0;
        for (int i = 0; i < b.length; i += 2) {
            int hi = b[i] & 0xff;
            int lo = i + 1 < b.length ? b[i + 1] & 0xff : 0;
            sum += (hi << 8) | lo;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }
}
