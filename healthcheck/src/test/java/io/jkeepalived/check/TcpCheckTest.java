package io.jkeepalived.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TcpCheckTest {
    private final TestServers servers = new TestServers();
    private ProbeHarness harness;

    @AfterEach
    void close() {
        if (harness != null) {
            harness.close();
        }
        servers.close();
    }

    private static TcpCheck tcp(InetSocketAddress where, long timeoutMillis) {
        return new TcpCheck(ConnectTarget.of(where, Duration.ofMillis(timeoutMillis)));
    }

    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(booleans = {true, false})
    void upWhenTheConnectionCompletes(boolean epoll) throws Exception {
        harness = new ProbeHarness(epoll, ProbeLimits.DEFAULT, null);
        TestServers.Server s = servers.start(TestServers.neverAnswer());
        ProbeHarness.Timed t = harness.run(tcp(s.address, 1000));
        assertEquals(ProbeResult.Kind.SUCCESS, t.result().kind(), t.result().detail());
        assertTrue(t.millis() < 2000, t.millis() + " ms");
    }

    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(booleans = {true, false})
    void downWhenRefused(boolean epoll) throws Exception {
        harness = new ProbeHarness(epoll, ProbeLimits.DEFAULT, null);
        ProbeHarness.Timed t = harness.run(tcp(TestServers.refusingAddress(), 1000));
        assertEquals(ProbeResult.Kind.FAILURE, t.result().kind());
        assertTrue(t.result().detail().toLowerCase().contains("refused"), t.result().detail());
        assertTrue(t.millis() < 2000, t.millis() + " ms");
    }

    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(booleans = {true, false})
    void downAtConnectTimeoutWhenSynsAreDropped(boolean epoll) throws Exception {
        harness = new ProbeHarness(epoll, ProbeLimits.DEFAULT, null);
        ProbeHarness.Timed t = harness.run(tcp(servers.blackholeAddress(), 600));
        assertEquals(ProbeResult.Kind.FAILURE, t.result().kind(), t.result().detail());
        assertTrue(t.result().detail().contains("timed out"), t.result().detail());
        assertTrue(t.millis() >= 550 && t.millis() < 2000, t.millis() + " ms");
    }

    @Test
    void bindsToTheGivenSourceAddressAndPort() throws Exception {
        harness = new ProbeHarness();
        InetAddress source = TestServers.nextLoopback();
        int sourcePort;
        try (ServerSocket probe = new ServerSocket(0, 1, source)) {
            sourcePort = probe.getLocalPort();
        }
        try (ServerSocket server = new ServerSocket(0, 10, TestServers.nextLoopback())) {
            InetSocketAddress where = new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
            TcpCheck check = new TcpCheck(new ConnectTarget(where, Optional.of(source), sourcePort,
                    Duration.ofSeconds(1)));
            ProbeHarness.Timed t = harness.run(check);
            assertEquals(ProbeResult.Kind.SUCCESS, t.result().kind(), t.result().detail());
            try (var accepted = server.accept()) {
                assertEquals(source, accepted.getInetAddress());
                assertEquals(sourcePort, accepted.getPort());
            }
        }
    }

    @Test
    void aBindFailureIsNoVerdictAsInKeepalived() throws Exception {
        harness = new ProbeHarness();
        TestServers.Server s = servers.start(TestServers.neverAnswer());
        InetAddress source = TestServers.nextLoopback();
        try (ServerSocket holder = new ServerSocket(0, 1, source)) {
            // The source port is taken by a listener: bind() fails with "Address already in use".
            TcpCheck check = new TcpCheck(new ConnectTarget(s.address, Optional.of(source), holder.getLocalPort(),
                    Duration.ofSeconds(1)));
            ProbeHarness.Timed t = harness.run(check);
            assertEquals(ProbeResult.Kind.INDETERMINATE, t.result().kind(), t.result().detail());
            assertTrue(t.result().detail().contains("cannot bind"), t.result().detail());
        }
    }
}
