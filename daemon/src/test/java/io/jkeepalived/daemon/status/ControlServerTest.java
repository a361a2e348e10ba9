package io.jkeepalived.daemon.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control socket's protocol on a real AF_UNIX socket: one line in, one document out, bounded in size and time. */
class ControlServerTest {
    private static final Duration SHORT = Duration.ofMillis(300);

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<String> commands = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private ControlServer server(Path path, Function<String, String> handler) throws IOException {
        ControlServer s = new ControlServer(path, handler, SHORT);
        s.open();
        open.add(s);
        return s;
    }

    private ControlServer statusServer(Path path) throws IOException {
        return server(path, c -> {
            commands.add(c);
            return c.equals("status") ? "{\"ok\": true}\n" : null;
        });
    }

    private SocketChannel connect(Path path) throws IOException {
        SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
        c.connect(UnixDomainSocketAddress.of(path));
        open.add(c);
        return c;
    }

    private static String readAll(SocketChannel c) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4096);
        StringBuilder s = new StringBuilder();
        while (c.read(b) >= 0) {
            b.flip();
            s.append(StandardCharsets.UTF_8.decode(b));
            b.clear();
        }
        return s.toString();
    }

    @Test
    void statusGetsTheHandlersDocumentAndTheConnectionIsClosed() throws Exception {
        Path path = dir.resolve("run/jkeepalived/control.sock");
        statusServer(path);
        assertEquals("{\"ok\": true}\n", ControlClient.request(path, "status", Duration.ofSeconds(5)));
        assertEquals(List.of("status"), commands);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(path.getParent())));
        assertEquals(Files.getOwner(dir), Files.getOwner(path));
    }

    @Test
    void unknownEmptyAndOverlongRequestsGetAnErrorDocument() throws Exception {
        Path path = dir.resolve("c.sock");
        statusServer(path);
        ObjectMapper json = new ObjectMapper();
        assertEquals("unknown command 'dance'; commands: status",
                json.readTree(ControlClient.request(path, "dance", Duration.ofSeconds(5))).get("error").asText());
        assertEquals("empty request; commands: status",
                json.readTree(ControlClient.request(path, "", Duration.ofSeconds(5))).get("error").asText());
        String huge = "x".repeat(100_000);
        SocketChannel c = connect(path);
        c.write(ByteBuffer.wrap(huge.getBytes(StandardCharsets.US_ASCII)));
        assertEquals("request longer than 256 bytes", json.readTree(readAll(c)).get("error").asText());
        assertFalse(commands.contains(huge), "never handed to the handler");
    }

    @Test
    void aClientThatSendsNothingIsDroppedAndDoesNotHoldOthers() throws Exception {
        Path path = dir.resolve("c.sock");
        statusServer(path);
        // More silent clients than there are workers: they time out one by one, and a real client still gets
        // its answer meanwhile or just after.
        List<SocketChannel> silent = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            silent.add(connect(path));
        }
        long t0 = System.nanoTime();
        assertEquals("{\"ok\": true}\n", ControlClient.request(path, "status", Duration.ofSeconds(5)));
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(3).toNanos(), "answered within a few timeouts");
        for (SocketChannel s : silent) {
            long start = System.nanoTime();
            assertEquals("", readAll(s), "closed without an answer");
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(3).toNanos());
        }
    }

    @Test
    void aClientThatNeverReadsItsAnswerIsDroppedAfterTheTimeout() throws Exception {
        Path path = dir.resolve("c.sock");
        CountDownLatch answered = new CountDownLatch(1);
        String big = "\"" + "y".repeat(8 * 1024 * 1024) + "\"\n";
        server(path, c -> {
            answered.countDown();
            return big;
        });
        SocketChannel c = connect(path);
        c.write(ByteBuffer.wrap("status\n".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(answered.await(5, TimeUnit.SECONDS));
        Thread.sleep(SHORT.toMillis() * 3);
        // the server gave up writing: what is left to read is what the socket buffers held, then EOF
        long read = 0;
        ByteBuffer b = ByteBuffer.allocate(65536);
        int n;
        while ((n = c.read(b)) >= 0) {
            read += n;
            b.clear();
        }
        assertTrue(read < big.length(), "the server stopped writing to a client that did not read: " + read);
    }

    @Test
    void aStaleSocketIsReplacedALiveOneAndAPlainFileAreNot() throws Exception {
        Path path = dir.resolve("c.sock");
        // stale: bound by a server that is gone, file left behind (as after kill -9)
        java.nio.channels.ServerSocketChannel dead = java.nio.channels.ServerSocketChannel.open(
                StandardProtocolFamily.UNIX);
        dead.bind(UnixDomainSocketAddress.of(path));
        dead.close();
        assertTrue(Files.exists(path, LinkOption.NOFOLLOW_LINKS));
        ControlServer first = statusServer(path);
        assertEquals("{\"ok\": true}\n", ControlClient.request(path, "status", Duration.ofSeconds(5)));

        ControlServer second = new ControlServer(path, c -> "{\"second\": true}\n", SHORT);
        IOException e = assertThrows(IOException.class, second::open);
        assertTrue(e.getMessage().contains("another daemon answers on it"), e.getMessage());
        second.close();
        assertEquals("{\"ok\": true}\n", ControlClient.request(path, "status", Duration.ofSeconds(5)),
                "the first daemon's socket is untouched");

        first.close();
        assertFalse(Files.exists(path, LinkOption.NOFOLLOW_LINKS), "removed on close");

        Path plain = dir.resolve("plain");
        Files.writeString(plain, "keep me");
        assertThrows(FileAlreadyExistsException.class, () -> new ControlServer(plain, c -> "", SHORT).open());
        assertEquals("keep me", Files.readString(plain));
    }

    @Test
    void closeLeavesASocketThatIsNoLongerOursAlone() throws Exception {
        Path path = dir.resolve("c.sock");
        ControlServer mine = statusServer(path);
        Files.delete(path);
        ControlServer other = server(path, c -> "{\"other\": true}\n");
        mine.close();
        assertTrue(Files.exists(path, LinkOption.NOFOLLOW_LINKS));
        assertEquals("{\"other\": true}\n", ControlClient.request(path, "status", Duration.ofSeconds(5)));
        other.close();
    }

    @Test
    void aClientWithNoDaemonGetsAnErrorNamingNothingListening() {
        Path path = dir.resolve("nobody.sock");
        assertThrows(IOException.class, () -> ControlClient.request(path, "status", Duration.ofSeconds(1)));
    }

    @Test
    void theSocketGoesBesideACustomPidFile() {
        assertEquals(Path.of("/run/jkeepalived/control.sock"),
                ControlSocketPath.forPidFile(Path.of("/run/keepalived.pid")));
        assertEquals(Path.of("/run/lb2.sock"), ControlSocketPath.forPidFile(Path.of("/run/lb2.pid")));
        assertEquals(Path.of("/tmp/x/daemon.sock"), ControlSocketPath.forPidFile(Path.of("/tmp/x/daemon")));
    }
}
