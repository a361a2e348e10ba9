package io.jkeepalived.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HTTP_GET and SSL_GET attempts against servers the test owns: verdicts, and that every hostile server ends at
 * connect_timeout (or a cap) as a failure.
 */
class HttpCheckTest {
    private static final long TIMEOUT_MS = 800;
    /** How much later than connect_timeout a verdict may arrive on a busy 2-core machine. */
    private static final long TOLERANCE_MS = 1000;

    @TempDir
    static Path keys;
    private static SslContext serverTls;

    private final TestServers servers = new TestServers();
    private final TestServers goodServers = new TestServers();
    private final ProbeHarness harness = new ProbeHarness();

    @BeforeAll
    static void tls() throws Exception {
        serverTls = TestServers.tlsContext(keys, false);
    }

    @AfterEach
    void close() {
        harness.close();
        servers.close();
        goodServers.close();
    }

    /** Checks expected to pass get a roomy timeout: a loaded machine must not turn them into failures. */
    private static final long ROOMY_MS = 5000;

    static HttpCheck http(InetSocketAddress where, UrlCheck... urls) {
        return HttpCheck.of(ConnectTarget.of(where, Duration.ofMillis(ROOMY_MS)), false, List.of(urls));
    }

    static HttpCheck https(InetSocketAddress where, UrlCheck... urls) {
        return HttpCheck.of(ConnectTarget.of(where, Duration.ofMillis(ROOMY_MS)), true, List.of(urls));
    }

    /** Checks whose deadline the test measures. */
    static HttpCheck httpShort(InetSocketAddress where, UrlCheck... urls) {
        return HttpCheck.of(ConnectTarget.of(where, Duration.ofMillis(TIMEOUT_MS)), false, List.of(urls));
    }

    static HttpCheck httpsShort(InetSocketAddress where, UrlCheck... urls) {
        return HttpCheck.of(ConnectTarget.of(where, Duration.ofMillis(TIMEOUT_MS)), true, List.of(urls));
    }

    static String md5(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }

    private static void assertFailsAtTimeout(ProbeHarness.Timed t) {
        assertEquals(ProbeResult.Kind.FAILURE, t.result().kind(), t.result().detail());
        assertTrue(t.result().detail().contains("timed out"), t.result().detail());
        assertTrue(t.millis() >= TIMEOUT_MS - 50 && t.millis() <= TIMEOUT_MS + TOLERANCE_MS,
                "verdict after " + t.millis() + " ms");
    }

    private static void assertQuickFailure(ProbeHarness.Timed t, String expected) {
        assertEquals(ProbeResult.Kind.FAILURE, t.result().kind(), t.result().detail());
        assertTrue(t.result().detail().contains(expected), t.result().detail());
        assertTrue(t.millis() <= TIMEOUT_MS + TOLERANCE_MS, "verdict after " + t.millis() + " ms");
    }

    @Test
    void upOnA200AndTheRequestIsKeepalivedsByteForByte() throws Exception {
        TestServers.Server s = servers.start(TestServers.respond(TestServers.ok("hello\n")));
        ProbeHarness.Timed t = harness.run(http(s.address, UrlCheck.of("/health")));
        assertEquals(ProbeResult.Kind.SUCCESS, t.result().kind(), t.result().detail());
        String host = s.address.getAddress().getHostAddress() + ":" + s.port();
        assertEquals(List.of("GET /health HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nHost: " + host + "\r\n\r\n"),
                s.requests);
    }

    @Test
    void http11AndVirtualhostsShapeTheRequest() throws Exception {
        TestServers.Server s = servers.start(TestServers.respond(TestServers.ok("x")));
        HttpCheck check = http(s.address, UrlCheck.of("/a"), UrlCheck.of("/b").withVirtualhost("url.example.test"))
                .withProtocol(HttpProtocol.HTTP_1_1).withVirtualhost("checker.example.test");
        harness.run(check, 0);
        harness.run(check, 1);
        HttpCheck rsHost = new HttpCheck(check.target(), false, HttpProtocol.HTTP_1_0C, check.urls(),
                Optional.empty(), Optional.of("rs.example.test"), Optional.of("vs.example.test"), false, false);
        harness.run(rsHost, 0);
        assertEquals(List.of(
                "GET /a HTTP/1.1\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\nHost: checker.example.test\r\n\r\n",
                "GET /b HTTP/1.1\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\nHost: url.example.test\r\n\r\n",
                "GET /a HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\nHost: rs.example.test\r\n\r\n"),
                s.requests);
    }

    @Test
    void downOnAWrongStatusAndStatusRangesAreHonoured() throws Exception {
        TestServers.Server s = servers.start(TestServers.respond("HTTP/1.1 301 Moved\r\nLocation: /x\r\n\r\n"));
        assertQuickFailure(harness.run(http(s.address, UrlCheck.of("/"))), "HTTP status 301");
        UrlCheck redirects = UrlCheck.of("/").withStatusCodes(StatusCodes.parse(List.of("200", "300-399")));
        assertEquals(ProbeResult.Kind.SUCCESS, harness.run(http(s.address, redirects)).result().kind());
        UrlCheck exact = UrlCheck.of("/").withStatusCodes(StatusCodes.of(301));
        assertEquals(ProbeResult.Kind.SUCCESS, harness.run(http(s.address, exact)).result().kind());
        UrlCheck only5xx = UrlCheck.of("/").withStatusCodes(StatusCodes.range(500, 599));
        assertQuickFailure(harness.run(http(s.address, only5xx)), "HTTP status 301");
    }

    @Test
    void aStatusLineWithoutTheSpaceAfterTheCodeIsNoStatusAsInKeepalived() throws Exception {
        TestServers.Server s = servers.start(TestServers.respond("HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n"));
        assertQuickFailure(harness.run(http(s.address, UrlCheck.of("/"))), "no HTTP status code");
    }

    @Test
    void digestOfTheBodyMustMatch() throws Exception {
        String body = "<html>hello digest</html>\n";
        TestServers.Server s = servers.start(TestServers.respond(TestServers.ok(body)));
        String good = md5(body.getBytes(StandardCharsets.ISO_8859_1));
        ProbeHarness.Timed ok = harness.run(http(s.address, UrlCheck.of("/").withDigest(good.toUpperCase())));
        assertEquals(ProbeResult.Kind.SUCCESS, ok.result().kind(), ok.result().detail());
        ProbeHarness.Timed bad = harness.run(http(s.address,
                UrlCheck.of("/").withDigest("9b3a0c85a887a256d6939da88aabd8cd")));
        assertQuickFailure(bad, "MD5 digest of / is " + good);
    }

    @Test
    void digestStopsAtContentLengthAndCoversChunkedFramingRaw() throws Exception {
        // Extra bytes after Content-Length are not hashed; a chunked body is hashed as sent, framing included.
        TestServers.Server extra = servers.start(TestServers.respond(
                "HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhelloTRAILING"));
        assertEquals(ProbeResult.Kind.SUCCESS, harness.run(http(extra.address,
                UrlCheck.of("/").withDigest(md5("hello".getBytes(StandardCharsets.ISO_8859_1))))).result().kind());
        String chunked = "5\r\nhello\r\n0\r\n\r\n";
        TestServers.Server c = servers.start(TestServers.respond(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked));
        assertEquals(ProbeResult.Kind.SUCCESS, harness.run(http(c.address,
                UrlCheck.of("/").withDigest(md5(chunked.getBytes(StandardCharsets.ISO_8859_1))))).result().kind());
    }

    @Test
    void aCompleteResponseOnAConnectionKeptOpenIsNotAFailure() throws Exception {
        TestServers.Server s = servers.start(TestServers.respondAndKeepOpen(
                TestServers.ok("kept").getBytes(StandardCharsets.ISO_8859_1)));
        ProbeHarness.Timed t = harness.run(http(s.address, UrlCheck.of("/")));
        assertEquals(ProbeResult.Kind.SUCCESS, t.result().kind(), t.result().detail());
        assertTrue(t.millis() < TIMEOUT_MS / 2, t.millis() + " ms: Content-Length ends the response");
    }

    @Test
    void slowButInTimeIsUpAndTooSlowIsDown() throws Exception {
        byte[] response = TestServers.ok("slow").getBytes(StandardCharsets.ISO_8859_1);
        TestServers.Server inTime = servers.start(TestServers.respondAfter(response, 1000));
        ProbeHarness.Timed slow = harness.run(http(inTime.address, UrlCheck.of("/")));
        assertEquals(ProbeResult.Kind.SUCCESS, slow.result().kind(), slow.result().detail());
        assertTrue(slow.millis() >= 950, slow.millis() + " ms");
        TestServers.Server late = servers.start(TestServers.respondAfter(response, TIMEOUT_MS * 3));
        assertFailsAtTimeout(harness.run(httpShort(late.address, UrlCheck.of("/"))));
    }

    @Test
    void downWhenRefusedOrClosedAtOnce() throws Exception {
        assertQuickFailure(harness.run(http(TestServers.refusingAddress(), UrlCheck.of("/"))), "refused");
        TestServers.Server closer = servers.start(TestServers.closeAtOnce());
        ProbeHarness.Timed t = harness.run(http(closer.address, UrlCheck.of("/")));
        assertEquals(ProbeResult.Kind.FAILURE, t.result().kind(), t.result().detail());
    }

    @Test
    void hostileServersEachEndAtConnectTimeoutOrACapAsAFailure() throws Exception {
        assertFailsAtTimeout(harness.run(httpShort(servers.start(TestServers.neverAnswer()).address, UrlCheck.of("/"))));
        // One byte of a status line every 50 ms: the deadline is for the whole exchange, not per read.
        assertFailsAtTimeout(harness.run(httpShort(servers.start(TestServers.slowloris("HTTP/1.0 200 OK\r\n",
                "X-Slow: yes\r\n", 50)).address, UrlCheck.of("/"))));
        // A valid header, then a body trickling forever.
        assertFailsAtTimeout(harness.run(httpShort(servers.start(TestServers.slowloris(
                "HTTP/1.0 200 OK\r\n\r\n", "x", 20)).address, UrlCheck.of("/"))));
        assertQuickFailure(harness.run(httpShort(servers.start(TestServers.endlessHeaders()).address, UrlCheck.of("/"))),
                "response header larger than 8192 bytes");
        assertQuickFailure(harness.run(httpShort(servers.start(TestServers.endlessBody()).address, UrlCheck.of("/"))),
                "response larger than 8388608 bytes");
        ProbeHarness.Timed garbage = harness.run(httpShort(servers.start(TestServers.garbageForever()).address,
                UrlCheck.of("/")));
        assertEquals(ProbeResult.Kind.FAILURE, garbage.result().kind(), garbage.result().detail());
        assertTrue(garbage.millis() <= TIMEOUT_MS + TOLERANCE_MS, garbage.millis() + " ms");
    }

    @Test
    void hostileServersDoNotDelayOtherChecks() throws Exception {
        // The healthy server has its own threads, so that only the checker's loop is shared.
        TestServers.Server good = goodServers.start(TestServers.respond(TestServers.ok("fine")));
        List<InetSocketAddress> hostile = List.of(servers.start(TestServers.neverAnswer()).address,
                servers.start(TestServers.slowloris("HTTP/1.0 200 OK\r\n", "X: y\r\n", 10)).address,
                servers.start(TestServers.endlessBody()).address,
                servers.start(TestServers.endlessHeaders()).address,
                servers.start(TestServers.garbageForever()).address);
        List<CompletableFuture<ProbeHarness.Timed>> bad = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            bad.add(harness.start(HttpCheck.of(ConnectTarget.of(hostile.get(i % hostile.size()),
                    Duration.ofSeconds(3)), false, List.of(UrlCheck.of("/"))), 0));
        }
        Thread.sleep(100);
        for (int i = 0; i < 5; i++) {
            ProbeHarness.Timed t = harness.run(http(good.address, UrlCheck.of("/")));
            assertEquals(ProbeResult.Kind.SUCCESS, t.result().kind(), t.result().detail());
            assertTrue(t.millis() < 1000, "a healthy check took " + t.millis() + " ms among hostile ones that "
                    + "wait up to 3 s");
        }
        for (CompletableFuture<ProbeHarness.Timed> f : bad) {
            assertEquals(ProbeResult.Kind.FAILURE, f.get(10, TimeUnit.SECONDS).result().kind());
        }
    }

    @Test
    void sslGetAcceptsAnyCertificateAsKeepalived() throws Exception {
        TestServers.Server s = servers.start(TestServers.respond(TestServers.ok("secure")), serverTls);
        ProbeHarness.Timed t = harness.run(https(s.address, UrlCheck.of("/")
                .withDigest(md5("secure".getBytes(StandardCharsets.ISO_8859_1)))));
        assertEquals(ProbeResult.Kind.SUCCESS, t.result().kind(), t.result().detail());
        assertEquals(List.of("<none>"), s.sniNames, "no SNI without enable_sni");
        SslContext expired = TestServers.tlsContext(keys, true);
        TestServers.Server old = servers.start(TestServers.respond(TestServers.ok("old")), expired);
        assertEquals(ProbeResult.Kind.SUCCESS, harness.run(https(old.address, UrlCheck.of("/"))).result().kind(),
                "an expired self-signed certificate is fine");
    }

    @ParameterizedTest(name = "url virtualhost={0}")
    @ValueSource(booleans = {false, true})
    void sniSendsTheVirtualhostOnlyWhenEnabled(boolean onUrl) throws Exception {
        TestServers.Server s = servers.start(TestServers.respond(TestServers.ok("sni")), serverTls);
        UrlCheck url = onUrl ? UrlCheck.of("/").withVirtualhost("url.example.test") : UrlCheck.of("/");
        HttpCheck check = https(s.address, url).withVirtualhost("checker.example.test").withSni(true);
        assertEquals(ProbeResult.Kind.SUCCESS, harness.run(check).result().kind());
        assertEquals(List.of(onUrl ? "url.example.test" : "checker.example.test"), s.sniNames);
    }

    @Test
    void brokenTlsIsAFailure() throws Exception {
        // A plain-text server on an SSL_GET target answers the ClientHello with text: handshake failure.
        TestServers.Server plain = servers.start(TestServers.greet(TestServers.ok("plain")
                .getBytes(StandardCharsets.ISO_8859_1)));
        ProbeHarness.Timed garbled = harness.run(https(plain.address, UrlCheck.of("/")));
        assertEquals(ProbeResult.Kind.FAILURE, garbled.result().kind(), garbled.result().detail());
        assertTrue(garbled.millis() <= TIMEOUT_MS + TOLERANCE_MS, garbled.millis() + " ms");
        // A server that accepts and never answers the ClientHello: the handshake hangs until the deadline.
        ProbeHarness.Timed hung = harness.run(httpsShort(servers.start(TestServers.neverAnswer()).address,
                UrlCheck.of("/")));
        assertFailsAtTimeout(hung);
        assertTrue(hung.result().detail().contains("tls handshake"), hung.result().detail());
        // A TLS server that completes the handshake and never answers the request.
        assertFailsAtTimeout(harness.run(httpsShort(servers.start(TestServers.neverAnswer(), serverTls).address,
                UrlCheck.of("/"))));
        // A TLS server sending an endless body: the size cap or the deadline, whichever comes first (8 MiB through
        // the JDK's TLS on a busy 2-core machine may take longer than the timeout).
        ProbeHarness.Timed endless = harness.run(httpsShort(servers.start(TestServers.endlessBody(), serverTls).address,
                UrlCheck.of("/")));
        assertEquals(ProbeResult.Kind.FAILURE, endless.result().kind(), endless.result().detail());
        assertTrue(endless.result().detail().contains("response larger than")
                || endless.result().detail().contains("timed out"), endless.result().detail());
        // TLS on both ends in this one JVM is CPU-heavy: allow more lateness than for the plain cases.
        assertTrue(endless.millis() <= TIMEOUT_MS + 1000, endless.millis() + " ms");
    }
}
