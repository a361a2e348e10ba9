package io.jkeepalived.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * UDP_CHECK: the reply judge on bytes, then real attempts against UDP servers of our own on loopback. keepalived's
 * checker cannot run on this host (no IPVS in the host kernel), so the expected verdicts come from its 2.2.7
 * source, check_udp.c and layer4.c.
 */
class UdpCheckTest {
    private final List<TestDnsServer> servers = new ArrayList<>();
    private ProbeHarness harness;

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
        for (TestDnsServer s : servers) {
            s.close();
        }
    }

    private TestDnsServer server(Function<byte[], List<byte[]>> behaviour) throws Exception {
        TestDnsServer s = new TestDnsServer(behaviour);
        servers.add(s);
        return s;
    }

    private static UdpCheck udp(InetSocketAddress where, long timeoutMillis, Optional<String> payload,
                                boolean requireReply, Optional<String> pattern, int min, int max) {
        return new UdpCheck(ConnectTarget.of(where, Duration.ofMillis(timeoutMillis)), payload, requireReply,
                pattern, min, max);
    }

    private static UdpCheck pattern(String pattern, int min, int max) {
        return udp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9), 1000, Optional.empty(), true,
                Optional.of(pattern), min, max);
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void theDefaultPayloadIsKeepalivedsText() {
        UdpCheck c = udp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9), 1000, Optional.empty(), false,
                Optional.empty(), 0, 255);
        assertArrayEquals("keepalived check - keepalived ch".getBytes(StandardCharsets.US_ASCII), c.payload());
        assertEquals(32, c.payload().length);
        UdpCheck given = udp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9), 1000,
                Optional.of("00ff10"), false, Optional.empty(), 0, 255);
        assertArrayEquals(new byte[] {0, (byte) 0xff, 0x10}, given.payload());
    }

    @Test
    void aPatternMatchesNibbleByNibbleOverTheShorterOfReplyAndPattern() {
        UdpCheck c = pattern("ab1x", 0, 255);
        assertTrue(c.accepts(hex("ab10"), 2));
        assertTrue(c.accepts(hex("ab1f"), 2));
        assertFalse(c.accepts(hex("ab20"), 2));
        assertFalse(c.accepts(hex("bb10"), 2));
        // Longer replies: only the pattern's bytes count. Shorter: only the reply's.
        assertTrue(c.accepts(hex("ab1fffff"), 4));
        assertTrue(c.accepts(hex("ab"), 1));
        assertTrue(c.accepts(new byte[0], 0));
        assertTrue(pattern("x5", 0, 255).accepts(hex("f5"), 1));
        assertFalse(pattern("x5", 0, 255).accepts(hex("f6"), 1));
    }

    @Test
    void lengthsCountOnlyWithAPattern() {
        UdpCheck c = pattern("ab", 2, 4);
        assertFalse(c.accepts(hex("ab"), 1), "too short");
        assertTrue(c.accepts(hex("ab00"), 2));
        assertTrue(c.accepts(hex("ab000000"), 4));
        assertFalse(c.accepts(hex("ab00000000"), 5), "too long (read as max + 1 bytes)");
        assertEquals(5, c.receiveBufferSize());
        UdpCheck noPattern = udp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9), 1000, Optional.empty(),
                true, Optional.empty(), 2, 4);
        assertTrue(noPattern.accepts(new byte[0], 0), "keepalived checks lengths only with a pattern");
        assertTrue(noPattern.accepts(new byte[9], 9));
    }

    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(booleans = {true, false})
    void anEchoSucceedsAndCarriesThePayload(boolean epoll) throws Exception {
        harness = new ProbeHarness(epoll, ProbeLimits.DEFAULT, null);
        TestDnsServer s = server(q -> List.of(q));
        ProbeHarness.Timed t = harness.run(udp(s.address(), 2000, Optional.of("cafe01"), true,
                Optional.of("caxe"), 3, 3));
        assertEquals(ProbeResult.Kind.SUCCESS, t.result().kind(), t.result().detail());
        assertTrue(t.millis() < 1500, t.millis() + " ms");
        assertArrayEquals(hex("cafe01"), s.received.take().data());
        ProbeHarness.Timed plain = harness.run(udp(s.address(), 2000, Optional.empty(), false, Optional.empty(),
                0, 255));
        assertEquals(ProbeResult.Kind.SUCCESS, plain.result().kind(), plain.result().detail());
        assertArrayEquals(UdpCheck.DEFAULT_PAYLOAD, s.received.take().data());
    }

    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(booleans = {true, false})
    void aMismatchingReplyFailsAtOnce(boolean epoll) throws Exception {
        harness = new ProbeHarness(epoll, ProbeLimits.DEFAULT, null);
        TestDnsServer s = server(q -> List.of(hex("beef")));
        ProbeHarness.Timed t = harness.run(udp(s.address(), 2000, Optional.empty(), true, Optional.of("cafe"),
                0, 255));
        assertEquals(ProbeResult.Kind.FAILURE, t.result().kind(), t.result().detail());
        assertTrue(t.result().detail().contains("mismatch"), t.result().detail());
        assertTrue(t.millis() < 1500, t.millis() + " ms");
        // A reply longer than max_reply_length fails even if its start matches.
        TestDnsServer longer = server(q -> List.of(new byte[300]));
        ProbeHarness.Timed tooLong = harness.run(udp(longer.address(), 2000, Optional.empty(), true,
                Optional.of("00"), 0, 255));
        assertEquals(ProbeResult.Kind.FAILURE, tooLong.result().kind(), tooLong.result().detail());
    }

    /**
     * keepalived 2.2.7 in the kernel lab (healthcheck/lab/keepalived-dns-udp-check.sh, port 5414): an empty datagram
     * back is a reply, and with require_reply and a pattern (min_reply_length 0) it succeeds at once.
     */
    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(booleans = {true, false})
    void anEmptyDatagramIsAReply(boolean epoll) throws Exception {
        harness = new ProbeHarness(epoll, ProbeLimits.DEFAULT, null);
        TestDnsServer s = server(q -> List.of(new byte[0]));
        ProbeHarness.Timed withPattern = harness.run(udp(s.address(), 2000, Optional.empty(), true,
                Optional.of("cafe"), 0, 255));
        assertEquals(ProbeResult.Kind.SUCCESS, withPattern.result().kind(), withPattern.result().detail());
        assertTrue(withPattern.millis() < 1500, withPattern.millis() + " ms");
        ProbeHarness.Timed anyReply = harness.run(udp(s.address(), 2000, Optional.empty(), true, Optional.empty(),
                0, 255));
        assertEquals(ProbeResult.Kind.SUCCESS, anyReply.result().kind(), anyReply.result().detail());
        assertTrue(anyReply.millis() < 1500, anyReply.millis() + " ms");
        ProbeHarness.Timed tooShort = harness.run(udp(s.address(), 2000, Optional.empty(), true,
                Optional.of("cafe"), 1, 255));
        assertEquals(ProbeResult.Kind.FAILURE, tooShort.result().kind(), tooShort.result().detail());
        assertTrue(tooShort.millis() < 1500, "judged on arrival, not at the timeout: " + tooShort.millis() + " ms");
    }

    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(booleans = {true, false})
    void silenceSucceedsUnlessAReplyIsRequired(boolean epoll) throws Exception {
        harness = new ProbeHarness(epoll, ProbeLimits.DEFAULT, null);
        TestDnsServer s = server(TestDnsServer.silent());
        ProbeHarness.Timed quiet = harness.run(udp(s.address(), 400, Optional.empty(), false, Optional.empty(),
                0, 255));
        assertEquals(ProbeResult.Kind.SUCCESS, quiet.result().kind(), quiet.result().detail());
        assertTrue(quiet.millis() >= 350, quiet.millis() + " ms");
        ProbeHarness.Timed required = harness.run(udp(s.address(), 400, Optional.empty(), true, Optional.empty(),
                0, 255));
        assertEquals(ProbeResult.Kind.FAILURE, required.result().kind(), required.result().detail());
        assertTrue(required.result().detail().contains("no reply"), required.result().detail());
    }

    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(booleans = {true, false})
    void aPortUnreachableFailsWithOrWithoutRequireReply(boolean epoll) throws Exception {
        harness = new ProbeHarness(epoll, ProbeLimits.DEFAULT, null);
        InetSocketAddress closed;
        try (DatagramSocket d = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            closed = (InetSocketAddress) d.getLocalSocketAddress();
        }
        for (boolean require : new boolean[] {false, true}) {
            ProbeHarness.Timed t = harness.run(udp(closed, 3000, Optional.empty(), require, Optional.empty(),
                    0, 255));
            assertEquals(ProbeResult.Kind.FAILURE, t.result().kind(), t.result().detail());
            assertTrue(t.millis() < 2000, t.millis() + " ms");
        }
    }

    /**
     * A socket opened by anyone while an attempt reports its result (here: by the result callback itself, on the
     * loop) takes the lowest free descriptor. Were the attempt's socket already closed, that would be its number,
     * and Netty's read loop, which goes on reading after the handler returns, would block in recv on a socket that
     * is not its own, stalling every check on the loop (seen in CI). The attempt's socket must outlive that loop.
     */
    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(booleans = {true, false})
    void aSocketOpenedAsAResultArrivesCannotStallTheLoop(boolean epoll) throws Exception {
        harness = new ProbeHarness(epoll, ProbeLimits.DEFAULT, null);
        TestDnsServer s = server(q -> List.of(q, q));
        List<DatagramSocket> opened = new CopyOnWriteArrayList<>();
        try {
            for (int round = 0; round < 5; round++) {
                CompletableFuture<ProbeResult> result = new CompletableFuture<>();
                UdpCheck check = udp(s.address(), 2000, Optional.empty(), true, Optional.empty(), 0, 255);
                harness.loop.execute(() -> harness.prober.probe(check, 0, r -> {
                    try {
                        opened.add(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
                        result.complete(r);
                    } catch (Exception e) {
                        result.completeExceptionally(e);
                    }
                }));
                assertEquals(ProbeResult.Kind.SUCCESS, result.get(10, TimeUnit.SECONDS).kind());
                // The loop still turns.
                assertEquals(Integer.valueOf(round), harness.loop.submit(() -> opened.size() - 1).get(5,
                        TimeUnit.SECONDS), "the event loop is stuck after round " + round);
            }
        } finally {
            for (DatagramSocket d : opened) {
                // Wakes a loop stuck in recv on this socket, so that the harness can still shut down.
                try (DatagramSocket poke = new DatagramSocket()) {
                    poke.send(new DatagramPacket(new byte[1], 1, d.getLocalSocketAddress()));
                }
                d.close();
            }
        }
    }

    @Test
    void aBindFailureFailsTheCheckUnlikeTheOtherCheckers() throws Exception {
        harness = new ProbeHarness();
        TestDnsServer s = server(q -> List.of(q));
        InetAddress source = TestServers.nextLoopback();
        try (DatagramSocket holder = new DatagramSocket(new InetSocketAddress(source, 0))) {
            UdpCheck c = new UdpCheck(new ConnectTarget(s.address(), Optional.of(source), holder.getLocalPort(),
                    Duration.ofSeconds(1)), Optional.empty(), false, Optional.empty(), 0, 255);
            ProbeHarness.Timed t = harness.run(c);
            assertEquals(ProbeResult.Kind.FAILURE, t.result().kind(), t.result().detail());
            assertTrue(t.result().detail().contains("cannot bind"), t.result().detail());
        }
    }
}
