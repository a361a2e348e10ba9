package io.jkeepalived.fifo;

import io.jkeepalived.exec.RunAs;
import io.jkeepalived.libc.Errno;
import io.jkeepalived.libc.Libc;
import io.jkeepalived.libc.LinuxException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One notify FIFO (notify_fifo, vrrp_notify_fifo, lvs_notify_fifo), opened as keepalived 2.2.7 opens it, written
 * from a thread of its own.
 *
 * <p>As keepalived: the FIFO is created when it does not exist, and then belongs to us (it is unlinked at
 * {@link #close}); an existing FIFO is used and left in place. Its mode is 0600: keepalived asks for 0644 under
 * its own default umask 0177 (seen with 2.2.7: {@code prw-------}); the reader script gets the FIFO by its
 * owner (the FIFO's user, else the default script user). It is opened
 * {@code O_RDWR|O_NONBLOCK|O_NOFOLLOW}: read-write so that opening never waits for a reader and a write never
 * fails for want of one (lines written with no reader wait in the pipe, up to its 64 KiB, for a reader that comes
 * later); non-blocking so that a full pipe refuses a line at once. A line is far below PIPE_BUF, so it is written
 * whole or not at all.
 *
 * <p>Why a thread: {@link #offer} is called from the VRRP event loop (possibly real-time) and the checker loop,
 * which must do no file I/O. offer only queues; a full queue, like a full pipe, drops the line, counts it, and is
 * logged once (again when lines get through after drops). keepalived drops silently in both cases.
 */
public final class NotifyFifoWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NotifyFifoWriter.class);

    /** keepalived's S_IRUSR | S_IWUSR | S_IRGRP | S_IROTH less its default umask 0177. */
    public static final int MODE = 0600;
    /** Lines waiting for the writer thread: far more than any burst of state changes. */
    static final int QUEUE = 4096;
    /** The largest line written: a name of keepalived's maximum length fits many times over. */
    private static final int MAX_LINE = 4096;

    private final String path;
    private final Libc libc;
    private final int fd;
    private final boolean created;
    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong handled = new AtomicLong();
    private final AtomicLong offered = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;
    /** Touched by the writer thread only: whether drops were logged and not yet followed by a success. */
    private boolean dropping;

    private NotifyFifoWriter(String path, Libc libc, int fd, boolean created) {
        this.path = path;
        this.libc = libc;
        this.fd = fd;
        this.created = created;
        this.thread = new Thread(this::writeLoop, "jkv-notify-fifo");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Creates the FIFO if it is absent (owned by {@code owner} when given) and opens it.
     *
     * @throws IOException naming the FIFO, when it can be neither created nor opened (keepalived logs and goes
     *                     on without it; so do callers)
     */
    public static NotifyFifoWriter open(String path, Optional<RunAs> owner, Libc libc) throws IOException {
        Objects.requireNonNull(path, "path");
        boolean created = false;
        try {
            libc.mkfifo(path, MODE);
            created = true;
        } catch (LinuxException e) {
            if (!e.is(Errno.EEXIST)) {
                throw new IOException("Unable to create notify FIFO " + path + ": " + e.errno(), e);
            }
        }
        if (created && owner.isPresent()) {
            try {
                Path p = Path.of(path);
                Files.setAttribute(p, "unix:uid", owner.get().uid(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", owner.get().gid(), LinkOption.NOFOLLOW_LINKS);
            } catch (IOException | RuntimeException e) {
                LOG.info("Failed to set uid:gid for notify FIFO {}: {}", path, e.toString());
            }
        }
        int fd;
        try {
            fd = libc.open(path, Libc.O_RDWR | Libc.O_CLOEXEC | Libc.O_NONBLOCK | Libc.O_NOFOLLOW);
        } catch (LinuxException e) {
            if (created) {
                unlinkQuietly(path);
            }
            throw new IOException("Unable to open notify FIFO " + path + ": " + e.errno(), e);
        }
        return new NotifyFifoWriter(path, libc, fd, created);
    }

    public String path() {
        return path;
    }

    /** Whether we made the FIFO (and so remove it at close). */
    public boolean created() {
        return created;
    }

    /**
     * Queues one line (a newline is added). Never blocks, never does I/O: safe on an event loop. Returns false
     * when the line was dropped (closed, or too many lines waiting).
     */
    public boolean offer(String line) {
        if (closed) {
            return false;
        }
        offered.incrementAndGet();
        if (!queue.offer(line)) {
            dropped.incrementAndGet();
            handled.incrementAndGet();
            return false;
        }
        return true;
    }

    /** Lines that reached the FIFO. */
    public long written() {
        return written.get();
    }

    /** Lines dropped: queue full, or the pipe full (no reader, or a slow one). */
    public long dropped() {
        return dropped.get();
    }

    /** Waits up to {@code patience} until every line offered so far was written or dropped. */
    public boolean drain(Duration patience) {
        long end = System.nanoTime() + patience.toNanos();
        long target = offered.get();
        while (handled.get() < target) {
            if (System.nanoTime() - end > 0 || !thread.isAlive()) {
                return false;
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private void writeLoop() {
        ByteBuffer buffer = Libc.allocate(MAX_LINE);
        while (!closed || !queue.isEmpty()) {
            String line;
            try {
                line = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                if (closed) {
                    line = queue.poll();
                    if (line == null) {
                        break;
                    }
                } else {
                    continue;
                }
            }
            if (line == null) {
                continue;
            }
            try {
                write(buffer, line);
            } finally {
                handled.incrementAndGet();
            }
        }
    }

    private void write(ByteBuffer buffer, String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_LINE) {
            dropped.incrementAndGet();
            LOG.warn("Notify FIFO {}: line of {} bytes not written", path, bytes.length);
            return;
        }
        buffer.clear();
        buffer.put(bytes).flip();
        try {
            libc.write(fd, buffer);
            written.incrementAndGet();
            if (dropping) {
                dropping = false;
                LOG.info("Notify FIFO {}: lines get through again ({} dropped so far)", path, dropped.get());
            }
        } catch (LinuxException e) {
            dropped.incrementAndGet();
            if (!dropping) {
                dropping = true;
                if (e.is(Errno.EAGAIN)) {
                    LOG.warn("Notify FIFO {} is full (no reader, or a slow one): dropping lines until it has room",
                            path);
                } else {
                    LOG.warn("Notify FIFO {}: write failed ({}): dropping lines", path, e.errno());
                }
            }
        }
    }

    /**
     * Writes what is queued (up to a second), then closes the FIFO; unlinks it first when we created it, as
     * keepalived does, so that a reader that reopens it in a loop cannot reopen this one. Lines still in the
     * pipe stay readable by a reader that has it open.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        drain(Duration.ofSeconds(1));
        closed = true;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (created) {
            unlinkQuietly(path);
        }
        libc.closeQuietly(fd);
        if (dropped.get() > 0) {
            LOG.info("Notify FIFO {} closed: {} line(s) written, {} dropped", path, written.get(), dropped.get());
        }
    }

    private static void unlinkQuietly(String path) {
        try {
            Files.deleteIfExists(Path.of(path));
        } catch (IOException e) {
            LOG.info("Could not remove notify FIFO {}: {}", path, e.toString());
        }
    }
}
