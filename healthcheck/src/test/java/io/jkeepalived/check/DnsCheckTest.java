package io.jkeepalived.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DNS_CHECK against small UDP servers of our own on loopback. keepalived's checker cannot run on this host (no
 * IPVS in the host kernel), so the expected verdicts come from its 2.2.7 source, check_dns.c.
 */
class DnsCheckTest {
    private final List<TestDnsServer> servers = new ArrayList<>();
    private ProbeHarness harness;
    private HealthChecker<String> checker;

    @AfterEach
    void close() throws Exception {
        if (checker != null) {
            checker.close();
        }
        if (harness != null) {
            harness.close();
        }
        for (TestDnsServer s : servers) {
            s.close();
        }
    }

    private TestDnsServer server(java.util.function.Function<byte[], List<byte[]>> behaviour) throws Exception {
        TestDnsServer s = new TestDnsServer(behaviour);
        servers.add(s);
        return s;
    }

    private static DnsCheck dns(InetSocketAddress where, long timeoutMillis) {
        return new DnsCheck(ConnectTarget.of(where, Duration.ofMillis(timeoutMillis)), 6, "");
    }

    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(booleans = {true, false})
    void upOnNoErrorAndTheQueryIsKeepalivedsRootSoa(boolean epoll) throws Exception {
        harness = new ProbeHarness(epoll, ProbeLimits.DEFAULT, null);
        TestDnsServer s = server(TestDnsServer.answering(0));
        ProbeHarness.Timed t = harness.run(dns(s.address(), 1000));
        assertEquals(ProbeResult.Kind.SUCCESS, t.result().kind(), t.result().detail());
        assertTrue(t.millis() < 900, t.millis() + " ms");
        byte[] q = s.received.take().data();
        assertEquals(17, q.length);
        assertEquals(0x01, q[2]);
        assertEquals(0x00, q[3]);
        assertEquals(List.of(0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 6, 0, 1), tail(q, 4));
    }

    private static List<Integer> tail(byte[] b, int from) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i < b.length; i++) {
            out.add(b[i] & 0xff);
        }
        return out;
    }

    @Test
    void theConfiguredNameAndTypeAreAsked() throws Exception {
        harness = new ProbeHarness();
        TestDnsServer s = server(TestDnsServer.answering(0));
        ProbeHarness.Timed t = harness.run(new DnsCheck(ConnectTarget.of(s.address(), Duration.ofSeconds(1)), 1,
                "ns1.example.org"));
        assertEquals(ProbeResult.Kind.SUCCESS, t.result().kind(), t.result().detail());
        byte[] q = s.received.take().data();
        byte[] expected = new DnsQuery(((q[0] & 0xff) << 8) | (q[1] & 0xff), "ns1.example.org", 1).encode();
        assertEquals(tail(expected, 0), tail(q, 0));
    }

    @Test
    void queryIdsVary() throws Exception {
        harness = new ProbeHarness();
        TestDnsServer s = server(TestDnsServer.answering(0));
        java.util.Set<Integer> ids = new java.util.HashSet<>();
        for (int i = 0; i < 8; i++) {
            harness.run(dns(s.address(), 1000));
            byte[] q = s.received.take().data();
            ids.add(((q[0] & 0xff) << 8) | (q[1] & 0xff));
        }
        assertTrue(ids.size() >= 6, "IDs " + ids);
    }

    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(booleans = {true, false})
    void servfailAndRefusedFailAtOnce(boolean epoll) throws Exception {
        harness = new ProbeHarness(epoll, ProbeLimits.DEFAULT, null);
        for (int rcode : new int[] {2, 5, 3}) {
            TestDnsServer s = server(TestDnsServer.answering(rcode));
            ProbeHarness.Timed t = harness.run(dns(s.address(), 2000));
            assertEquals(ProbeResult.Kind.FAILURE, t.result().kind(), t.result().detail());
            assertTrue(t.result().detail().contains("rcode = " + rcode), t.result().detail());
            assertTrue(t.millis() < 1500, t.millis() + " ms");
        }
    }

    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(booleans = {true, false})
    void wrongIdsAndGarbageAreIgnoredUntilTheTimeout(boolean epoll) throws Exception {
        harness = new ProbeHarness(epoll, ProbeLimits.DEFAULT, null);
        for (var behaviour : List.of(TestDnsServer.wrongId(), TestDnsServer.garbage(), TestDnsServer.silent())) {
            TestDnsServer s = server(behaviour);
            ProbeHarness.Timed t = harness.run(dns(s.address(), 500));
            assertEquals(ProbeResult.Kind.FAILURE, t.result().kind(), t.result().detail());
            assertTrue(t.result().detail().contains("read timeout"), t.result().detail());
            assertTrue(t.millis() >= 450 && t.millis() < 1500, t.millis() + " ms");
        }
    }

    @Test
    void theRightReplyAfterStrayOnesStillCounts() throws Exception {
        harness = new ProbeHarness();
        TestDnsServer s = server(q -> {
            byte[] stray = TestDnsServer.response(q, 2, 0);
            stray[0] ^= 0x11;
            byte[] query = q.clone(); // QR clear: a query, not an answer
            return List.of(stray, new byte[] {0, 0}, query, TestDnsServer.response(q, 0, 0x0200));
        });
        ProbeHarness.Timed t = harness.run(dns(s.address(), 2000));
        assertEquals(ProbeResult.Kind.SUCCESS, t.result().kind(), t.result().detail());
    }

    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(booleans = {true, false})
    void aClosedPortFailsAtOnceOnTheIcmpUnreachable(boolean epoll) throws Exception {
        harness = new ProbeHarness(epoll, ProbeLimits.DEFAULT, null);
        InetSocketAddress closed;
        try (DatagramSocket d = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            closed = (InetSocketAddress) d.getLocalSocketAddress();
        }
        ProbeHarness.Timed t = harness.run(dns(closed, 3000));
        assertEquals(ProbeResult.Kind.FAILURE, t.result().kind(), t.result().detail());
        assertTrue(t.result().detail().startsWith("failed to read socket"), t.result().detail());
        assertTrue(t.millis() < 2000, t.millis() + " ms");
    }

    @Test
    void bindsToTheGivenSourceAddress() throws Exception {
        harness = new ProbeHarness();
        InetAddress source = TestServers.nextLoopback();
        TestDnsServer s = server(TestDnsServer.answering(0));
        ProbeHarness.Timed t = harness.run(new DnsCheck(new ConnectTarget(s.address(), Optional.of(source), 0,
                Duration.ofSeconds(1)), 6, ""));
        assertEquals(ProbeResult.Kind.SUCCESS, t.result().kind(), t.result().detail());
        assertEquals(source, s.received.take().from().getAddress());
    }

    private record Event(String server, RealServerHealth health, long atMillis) {
    }

    /**
     * Through the whole checker: down after 1 + retry failed queries, up again when the server answers NOERROR;
     * meanwhile a real server that never answers (its attempts wait the full connect_timeout) does not hold up the
     * other's checks.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = HealthChecker.Transport.class, names = {"EPOLL", "NIO"})
    void downAfterRetriesUpOnRecoveryAndASilentServerStallsNothing(HealthChecker.Transport transport)
            throws Exception {
        LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
        long t0 = System.nanoTime();
        checker = HealthChecker.start((server, before, after) -> events.add(new Event(server, after,
                (System.nanoTime() - t0) / 1_000_000)), null,
                HealthChecker.Options.DEFAULT.withBootstrapDelay(Duration.ZERO).withTransport(transport));
        TestDnsServer good = server(TestDnsServer.answering(0));
        TestDnsServer dead = server(TestDnsServer.silent());
        CheckTiming timing = new CheckTiming(Duration.ofMillis(200), Duration.ofMillis(100), 2, Duration.ZERO, false);
        checker.add("dead", 1, List.of(new CheckerConfig(dns(dead.address(), 10_000), timing)));
        checker.add("good", 1, List.of(new CheckerConfig(dns(good.address(), 10_000), timing)));
        Thread.sleep(500);
        assertTrue(events.isEmpty(), "no change while both are within their first attempt: " + events);
        long brokenAt = (System.nanoTime() - t0) / 1_000_000;
        good.behave(TestDnsServer.answering(2));
        // Next attempt within 200 ms, then two retries 100 ms apart: DOWN 200..400 ms after the break (+slack).
        Event down = events.poll(5, TimeUnit.SECONDS);
        assertNotNull(down);
        assertEquals(new Event("good", new RealServerHealth(false, 1), down.atMillis()), down);
        long downAfter = down.atMillis() - brokenAt;
        assertTrue(downAfter >= 200 && downAfter <= 900, "DOWN " + downAfter + " ms after the break");
        int queriesBefore = good.received.size();
        long fixedAt = (System.nanoTime() - t0) / 1_000_000;
        good.behave(TestDnsServer.answering(0));
        Event up = events.poll(5, TimeUnit.SECONDS);
        assertNotNull(up);
        assertEquals(new Event("good", new RealServerHealth(true, 1), up.atMillis()), up);
        assertTrue(up.atMillis() - fixedAt <= 700, "UP " + (up.atMillis() - fixedAt) + " ms after the fix");
        assertTrue(queriesBefore >= 4, queriesBefore + " queries: one before the break at least, then 1 + retry 2");
        // The silent server's single attempt is still waiting out its 10 s; it was asked exactly once.
        assertTrue(up.atMillis() < 10_000);
        assertEquals(1, dead.received.size());
    }
}
