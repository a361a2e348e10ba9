package io.jkeepalived.daemon.status;

import io.jkeepalived.daemon.IoErrors;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's control socket: an AF_UNIX stream socket (the JDK's own, Java 16+) on which a client sends one
 * command line ({@code status\n}) and gets one answer, after which the daemon closes the connection.
 *
 * <p>Nothing here can hold the daemon: the socket is served by a thread of its own, and each connection by a
 * small bounded pool (a full pool refuses the connection); a request is at most {@link #MAX_REQUEST} bytes and
 * must arrive within {@link #IO_TIMEOUT}; the answer must be taken within the same time. The answer is made by a
 * handler that asks each part for a copy of its state on the part's own thread, with a timeout.
 *
 * <p>The socket file is created mode 0600 (owned by the daemon's user) in a directory created 0755 if missing,
 * bound under a temporary name and renamed into place so that it is never reachable with looser rights. A socket
 * left by a daemon that was killed is replaced; one on which another daemon still answers is left alone, and
 * this daemon runs without a control socket (logged). On {@link #close()} the file is removed if it is still ours.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControlServer.class);

    /** The longest request line: commands are short words. */
    public static final int MAX_REQUEST = 256;
    /** How long a client may take to send its request, and to take the answer. */
    public static final Duration IO_TIMEOUT = Duration.ofSeconds(2);

    private final Path path;
    private final Function<String, String> handler;
    private final Duration ioTimeout;
    private ServerSocketChannel server;
    private Object fileKey;
    private Thread acceptor;
    private ThreadPoolExecutor workers;
    private volatile boolean closed;

    /**
     * @param handler answers a command (the request line without its newline); runs on a worker thread
     */
    public ControlServer(Path path, Function<String, String> handler) {
        this(path, handler, IO_TIMEOUT);
    }

    ControlServer(Path path, Function<String, String> handler, Duration ioTimeout) {
        this.path = Objects.requireNonNull(path, "path");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.ioTimeout = ioTimeout;
    }

    public Path path() {
        return path;
    }

    /**
     * Binds and starts serving.
     *
     * @throws IOException the socket cannot be made (the message names the path and why)
     */
    public synchronized void open() throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwxr-xr-x")));
            } catch (IOException e) {
                throw new IOException("cannot create directory " + dir + ": " + IoErrors.describe(e), e);
            }
        }
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isOther()) {
                throw new FileAlreadyExistsException(path.toString(), null,
                        "exists and is not a socket; not replacing it");
            }
            if (answers(path)) {
                throw new IOException(path + ": another daemon answers on it; give this one its own with"
                        + " --control-socket");
            }
            log.info("Replacing stale control socket {}", path);
        }
        Path temporary = dir.resolve("." + path.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        Files.deleteIfExists(temporary);
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(temporary), 16);
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            fileKey = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException e) {
            channel.close();
            Files.deleteIfExists(temporary);
            throw new IOException("cannot bind control socket " + path + ": " + IoErrors.describe(e), e);
        }
        server = channel;
        workers = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(8), r -> {
            Thread t = new Thread(r, "jkeepalived-control");
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
        acceptor = new Thread(this::acceptLoop, "jkeepalived-control-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        log.info("Control socket {} (jkeepalived status)", path);
    }

    /** Whether something accepts connections at {@code path} now. */
    static boolean answers(Path path) {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    log.warn("Control socket {}: accept failed: {}", path, IoErrors.describe(e));
                    pause();
                }
                continue;
            }
            try {
                workers.execute(() -> serve(client));
            } catch (RejectedExecutionException e) {
                log.warn("Control socket {}: too many connections at once; one refused", path);
                closeQuietly(client);
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve(SocketChannel client) {
        try (client; Selector selector = Selector.open()) {
            client.configureBlocking(false);
            long deadline = System.nanoTime() + ioTimeout.toNanos();
            byte[] request = ControlIo.read(client, selector, deadline, MAX_REQUEST, '\n');
            String answer;
            if (request.length > MAX_REQUEST) {
                answer = error("request longer than " + MAX_REQUEST + " bytes");
            } else {
                String line = new String(request, StandardCharsets.UTF_8).strip();
                answer = answer(line);
            }
            long answerDeadline = System.nanoTime() + ioTimeout.toNanos();
            ControlIo.write(client, selector, answerDeadline, ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8)));
            // End of answer; then wait (bounded) for the client to close, so that what it sent beyond the request
            // does not make our close a reset that could cost it the answer.
            client.shutdownOutput();
            ControlIo.drain(client, selector, answerDeadline);
        } catch (SocketTimeoutException e) {
            log.debug("Control socket {}: a client was too slow; connection closed", path);
        } catch (IOException e) {
            log.debug("Control socket {}: {}", path, IoErrors.describe(e));
        } catch (RuntimeException e) {
            log.error("Control socket {}: answering failed", path, e);
        }
    }

    private String answer(String line) {
        if (line.isEmpty()) {
            return error("empty request; commands: status");
        }
        try {
            String answer = handler.apply(line);
            return answer != null ? answer : error("unknown command '" + line + "'; commands: status");
        } catch (RuntimeException e) {
            log.error("Control socket {}: '{}' failed", path, line, e);
            return error("'" + line + "' failed: " + e);
        }
    }

    /** An answer that says what went wrong, as a JSON document with one member, "error". */
    public static String error(String message) {
        return new JsonWriter().beginObject().field("error", message).endObject().toString();
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    /** Stops serving and removes the socket file if it is still the one this server bound. */
    @Override
    public synchronized void close() {
        if (server == null || closed) {
            closed = true;
            return;
        }
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            log.debug("Control socket {}: close: {}", path, IoErrors.describe(e));
        }
        workers.shutdownNow();
        try {
            Object now = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            if (now != null && now.equals(fileKey)) {
                Files.delete(path);
            }
        } catch (IOException e) {
            // gone already, or replaced by another daemon's: not ours to remove
        }
    }
}
