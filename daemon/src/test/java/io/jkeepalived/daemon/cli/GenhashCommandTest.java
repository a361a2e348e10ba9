package io.jkeepalived.daemon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jkeepalived.daemon.TestHost;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.net.ServerSocketFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jkeepalived genhash} and {@code jkeepalived -T} against servers the test owns on 127.0.0.0/8, and against
 * Debian's own genhash (keepalived 2.2.7) on the same servers.
 */
class GenhashCommandTest {
    private static final Path DEBIAN_GENHASH = Path.of("/usr/bin/genhash");
    private static final String BODY = "<html><body>jkeepalived genhash test</body></html>\n";
    private static final byte[] RESPONSE = ("HTTP/1.0 200 OK\r\nServer: jkv-test\r\nContent-Type: text/html\r\n"
            + "Content-Length: " + BODY.length() + "\r\n\r\n" + BODY).getBytes(StandardCharsets.ISO_8859_1);

    @TempDir
    Path dir;

    private final List<ServerSocket> servers = new ArrayList<>();
    private final List<String> requests = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        for (ServerSocket s : servers) {
            s.close();
        }
    }

    /** Serves {@code response} to every connection (after reading the request), on 127.0.0.N. */
    private ServerSocket serve(ServerSocketFactory factory, int lastOctet, byte[] response) throws IOException {
        ServerSocket s = factory.createServerSocket(0, 50,
                InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) lastOctet}));
        servers.add(s);
        Thread t = new Thread(() -> {
            while (!s.isClosed()) {
                try (Socket c = s.accept()) {
                    InputStream in = c.getInputStream();
                    StringBuilder request = new StringBuilder();
                    int b;
                    while (request.indexOf("\r\n\r\n") < 0 && (b = in.read()) >= 0) {
                        request.append((char) b);
                    }
                    synchronized (requests) {
                        requests.add(request.toString());
                    }
                    OutputStream out = c.getOutputStream();
                    out.write(response);
                    out.flush();
                } catch (IOException e) {
                    // next connection
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return s;
    }

    private ServerSocket serve(byte[] response) throws IOException {
        return serve(ServerSocketFactory.getDefault(), 31, response);
    }

    private static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static String port(ServerSocket s) {
        return Integer.toString(s.getLocalPort());
    }

    private static String ip(ServerSocket s) {
        return s.getInetAddress().getHostAddress();
    }

    @Test
    void printsTheDigestOfTheBody() throws Exception {
        ServerSocket s = serve(RESPONSE);
        TestHost host = new TestHost();
        assertEquals(0, host.run("genhash", "-s", ip(s), "-p", port(s), "-u", "/index.html"));
        assertEquals(md5(BODY) + "\n", host.out());
        assertEquals("", host.err());
        assertTrue(requests.get(0).startsWith("GET /index.html HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\n"),
                requests.get(0));
    }

    @Test
    void readsOptionsTheGetoptWay() throws Exception {
        ServerSocket s = serve(RESPONSE);
        String digest = md5(BODY) + "\n";
        for (List<String> form : List.of(
                List.of("genhash", "--server=" + ip(s), "--port", port(s), "--url=/"),
                List.of("genhash", "-s" + ip(s), "-p" + port(s), "-u/", "-P1.1", "-Vwww.example.test"),
                List.of("genhash", "--serv", ip(s), "--po=" + port(s), "--ur", "/", "--proto=1.0c", "-t", "5"),
                List.of("-T", "-s", ip(s), "-p", port(s), "-u", "/"),
                List.of("--genhash", "-s", ip(s), "-p", port(s), "-u", "/"))) {
            TestHost host = new TestHost();
            assertEquals(0, host.run(form.toArray(String[]::new)), form + ": " + host.err());
            assertEquals(digest, host.out(), form.toString());
        }
        assertTrue(requests.get(1).contains("GET / HTTP/1.1\r\n") && requests.get(1).contains("Connection: close\r\n")
                && requests.get(1).contains("Host: www.example.test\r\n"), requests.get(1));
        assertTrue(requests.get(2).contains("Connection: close\r\n") && requests.get(2).startsWith("GET / HTTP/1.0"),
                requests.get(2));
    }

    @Test
    void tNotFirstWarnsAsKeepalivedAndStillRunsGenhash() throws Exception {
        ServerSocket s = serve(RESPONSE);
        TestHost host = new TestHost();
        assertEquals(0, host.run("-n", "-T", "-s", ip(s), "-p", port(s), "-u", "/"));
        assertEquals(md5(BODY) + "\n", host.out());
        assertEquals("Warning -- `-T` not used as first option, previous options ignored\n", host.err());
        assertTrue(host.parsedFiles.isEmpty());
    }

    @Test
    void usageErrorsExitOneAndFetchFailuresExitZeroAsKeepalived() throws Exception {
        TestHost noName = new TestHost();
        assertEquals(1, noName.run("genhash", "-s", "localhost", "-p", "80", "-u", "/"));
        assertTrue(noName.err().startsWith("server should be an IP, not localhost\nUsage: jkeepalived genhash"),
                noName.err());
        TestHost badPort = new TestHost();
        assertEquals(1, badPort.run("genhash", "-s", "127.0.0.1", "-p", "70000", "-u", "/"));
        assertTrue(badPort.err().startsWith("invalid port number '70000'\n"), badPort.err());
        TestHost unknown = new TestHost();
        assertEquals(1, unknown.run("genhash", "-x", "--bogus", "-s", "127.0.0.1", "-p", "80", "-u", "/", "extra"));
        assertTrue(unknown.err().startsWith("Unknown option -x\nUnknown option --bogus\nUsage:"), unknown.err());
        TestHost missing = new TestHost();
        assertEquals(1, missing.run("genhash", "-s", "127.0.0.1", "-u"));
        assertTrue(missing.err().startsWith("Missing parameter for option -u\nUsage:"), missing.err());
        TestHost extra = new TestHost();
        assertEquals(1, extra.run("genhash", "-s", "127.0.0.1", "-p", "80", "-u", "/", "stray"));
        assertTrue(extra.err().startsWith("Unexpected argument(s): stray\nUsage:"), extra.err());
        TestHost help = new TestHost();
        assertEquals(1, help.run("genhash", "-h"));
        assertEquals("", help.out());
        TestHost refused = new TestHost();
        ServerSocket gone = ServerSocketFactory.getDefault().createServerSocket(0, 1,
                InetAddress.getByAddress(new byte[] {127, 0, 0, 32}));
        String goneIp = ip(gone);
        String gonePort = port(gone);
        gone.close();
        assertEquals(0, refused.run("genhash", "-s", goneIp, "-p", gonePort, "-u", "/"));
        assertEquals("Connection failed\n", refused.out());
        TestHost noData = new TestHost();
        ServerSocket closer = serve(new byte[0]);
        assertEquals(0, noData.run("genhash", "-s", ip(closer), "-p", port(closer), "-u", "/"));
        assertEquals("", noData.out());
        assertEquals("no data received from remote webserver\n", noData.err());
    }

    @Test
    void sameOutputAsDebiansGenhash() throws Exception {
        requireDebianGenhash();
        ServerSocket s = serve(RESPONSE);
        String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1a\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\n\r\n";
        ServerSocket c = serve(ServerSocketFactory.getDefault(), 33, chunked.getBytes(StandardCharsets.ISO_8859_1));
        ServerSocket notFound = serve(ServerSocketFactory.getDefault(), 34,
                "HTTP/1.0 404 Not Found\r\n\r\nnope".getBytes(StandardCharsets.ISO_8859_1));
        for (ServerSocket server : List.of(s, c, notFound)) {
            for (List<String> extra : List.of(List.<String>of(), List.of("-v"), List.of("-P", "1.1"))) {
                List<String> args = new ArrayList<>(List.of("-s", ip(server), "-p", port(server), "-u", "/page"));
                args.addAll(extra);
                assertSameAsDebian(args);
            }
        }
        ServerSocket gone = ServerSocketFactory.getDefault().createServerSocket(0, 1,
                InetAddress.getByAddress(new byte[] {127, 0, 0, 35}));
        List<String> refused = List.of("-s", ip(gone), "-p", port(gone), "-u", "/");
        gone.close();
        assertSameAsDebian(refused);
    }

    @Test
    void sameDigestAsDebiansGenhashOverTls() throws Exception {
        requireDebianGenhash();
        ServerSocket s = serve(tlsServerSockets(), 36, RESPONSE);
        assertSameAsDebian(List.of("-S", "-s", ip(s), "-p", port(s), "-u", "/secure"));
        assertSameAsDebian(List.of("-S", "-s", ip(s), "-p", port(s), "-u", "/secure", "-v"));
    }

    /** Our stdout and stderr equal Debian genhash's, except the measured response time of -v. */
    private void assertSameAsDebian(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(DEBIAN_GENHASH.toString()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).start();
        String theirOut = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        String theirErr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        int theirStatus = p.waitFor();
        List<String> ours = new ArrayList<>(List.of("genhash"));
        ours.addAll(args);
        TestHost host = new TestHost();
        int ourStatus = host.run(ours.toArray(String[]::new));
        assertEquals(theirStatus, ourStatus, args.toString());
        assertEquals(withoutTiming(theirOut), withoutTiming(host.out()), args.toString());
        assertEquals(theirErr, host.err(), args.toString());
    }

    private static String withoutTiming(String out) {
        return out.replaceAll("(?m)^Global response time for \\[(.*)\\] = \\d+ usecs$", "Global response time for [$1]");
    }

    private static void requireDebianGenhash() {
        boolean present = Files.isExecutable(DEBIAN_GENHASH);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI needs Debian's keepalived (genhash) installed: apt-get install keepalived");
        }
        assumeTrue(present, "Debian's genhash (keepalived package) is not installed; skipped outside CI");
    }

    private ServerSocketFactory tlsServerSockets() throws Exception {
        Path store = dir.resolve("server.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=jkv-ck-test",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-validity", "30")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor(), "keytool");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx.getServerSocketFactory();
    }
}
