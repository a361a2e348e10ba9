package io.jkeepalived.track;

import io.jkeepalived.libc.Errno;
import io.jkeepalived.libc.Libc;
import io.jkeepalived.libc.LinuxException;
import io.jkeepalived.libc.PollSet;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The track_files of one configuration: written by {@code init_file}, read, and watched with inotify on their
 * directories, as keepalived 2.2.7 does - a file is read again when it is closed after writing or moved in
 * ({@code IN_CLOSE_WRITE}, {@code IN_MOVED_TO}) and reads as 0 when it is deleted or moved away. All the file I/O
 * happens here, on the caller's thread when opened and on a watcher thread of its own after: never on the VRRP
 * event loop. Shared by the VRRP part (track_file of instances and sync groups) and the checkers (FILE_CHECK),
 * each with its own tracker. The watcher keeps the latest value of each file in a concurrent map and then tells
 * {@code changed} the file's name; whoever handles that reads {@link #value} on its own thread, so a late
 * notification never brings an older value back.
 */
public final class FileTracker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileTracker.class);
    private static final int WATCH_MASK = Libc.IN_CLOSE_WRITE | Libc.IN_DELETE | Libc.IN_MOVE;

    /**
     * A declared {@code track_file}: its name, its {@code file} and its {@code init_file}. (The configuration's
     * record lives in config-parser, which this module does not see.)
     */
    public record Declared(String name, String path, Optional<Init> init) {
        public Declared {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(init, "init");
        }
    }

    /** {@code init_file VALUE [overwrite]}. */
    public record Init(int value, boolean overwrite) {
    }

    /** A file being watched: its name, its resolved path, and the watch on its directory. */
    private record Watched(String name, String path, String fileName, int wd) {
    }

    private final Libc libc;
    private final Map<String, Watched> watched = new LinkedHashMap<>();
    private final Map<String, Long> values = new ConcurrentHashMap<>();
    private final Consumer<String> changed;
    private int inotifyFd = -1;
    private int wakeFd = -1;
    private Thread thread;
    private String threadName = "track-file";
    private volatile boolean closing;

    private FileTracker(Libc libc, Consumer<String> changed) {
        this.libc = libc;
        this.changed = changed;
    }

    /**
     * Initialises every declared file with an {@code init_file} (whether tracked or not, as keepalived does while
     * reading its configuration), then watches and reads those of {@code tracked}. A tracked file whose
     * directory does not exist, or that cannot be examined, is logged and left out: nothing tracks it.
     *
     * @param reload a reload's: {@code init_file ... overwrite} then leaves an existing file alone
     */
    public static FileTracker open(Libc libc, List<Declared> declared, Set<String> tracked, boolean reload,
                            Consumer<String> changed) {
        for (Declared f : declared) {
            f.init().ifPresent(init -> initialise(f, init, reload));
        }
        FileTracker t = new FileTracker(libc, changed);
        for (Declared f : declared) {
            if (tracked.contains(f.name())) {
                t.add(f);
            }
        }
        return t;
    }

    /** {@code init_file VALUE [overwrite]}: the value and a newline, when the file is absent (or to overwrite). */
    static void initialise(Declared f, Init init, boolean reload) {
        Path path = Path.of(f.path());
        if (Files.exists(path)) {
            if (!init.overwrite()) {
                return;
            }
            if (!Files.isRegularFile(path)) {
                LOG.error("Cannot initialise track file {} - it is not a regular file", f.name());
                return;
            }
            if (reload) {
                return;
            }
        }
        try {
            Files.writeString(path, init.value() + "\n", StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            LOG.error("Unable to initialise track file {} ({}): {}", f.name(), f.path(), e.toString());
        }
    }

    /** Resolves the path as keepalived does (symbolic links followed; a missing file needs its directory). */
    private void add(Declared f) {
        Path given = Path.of(f.path());
        Path resolved;
        boolean exists;
        try {
            resolved = given.toRealPath();
            exists = true;
        } catch (java.nio.file.NoSuchFileException e) {
            Path parent = given.toAbsolutePath().getParent();
            Path dir;
            try {
                dir = parent == null ? null : parent.toRealPath();
            } catch (IOException notThere) {
                dir = null;
            }
            if (dir == null || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                LOG.error("Track file directory for {} ({}) does not exist - not tracking it", f.name(), f.path());
                return;
            }
            resolved = dir.resolve(given.getFileName());
            exists = false;
        } catch (IOException | RuntimeException e) {
            LOG.error("track file {} ({}) is not accessible - not tracking it: {}", f.name(), f.path(), e.toString());
            return;
        }
        try {
            if (inotifyFd < 0) {
                inotifyFd = libc.inotifyInit(Libc.IN_CLOEXEC | Libc.IN_NONBLOCK);
                wakeFd = libc.eventfd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
            }
            Path dir = resolved.getParent();
            int wd = libc.inotifyAddWatch(inotifyFd, dir.toString(), WATCH_MASK);
            watched.put(f.name(), new Watched(f.name(), resolved.toString(), resolved.getFileName().toString(), wd));
        } catch (LinuxException e) {
            // keepalived logs "Unable to monitor track files" and goes on with the value read at start.
            LOG.error("Unable to monitor track file {} ({}): {}", f.name(), resolved, e.getMessage());
            watched.put(f.name(), new Watched(f.name(), resolved.toString(), resolved.getFileName().toString(), -1));
        }
        long value = 0;
        if (exists) {
            OptionalLong v = read(resolved.toString());
            value = v.orElse(0);
        }
        values.put(f.name(), value);
    }

    /** Whether {@code name} is a file being tracked (false for one left out: its directory is missing). */
    public boolean tracks(String name) {
        return values.containsKey(name);
    }

    /** The file's latest value (0 for a file not tracked). */
    public long value(String name) {
        Long v = values.get(name);
        return v == null ? 0 : v;
    }

    /**
     * The file's number as keepalived reads it: 0 when it cannot be opened or is empty, empty (and logged) when
     * it holds a number out of range.
     */
    private OptionalLong read(String path) {
        int fd;
        try {
            fd = libc.openReadOnlyNonBlocking(path);
        } catch (LinuxException e) {
            return OptionalLong.of(0);
        }
        ByteBuffer buf = Libc.allocate(TrackFileValue.READ_LIMIT);
        int n;
        try {
            n = libc.read(fd, buf);
        } catch (LinuxException e) {
            n = -1;
        } finally {
            libc.closeQuietly(fd);
        }
        if (n <= 0) {
            return OptionalLong.of(0);
        }
        byte[] bytes = new byte[n];
        buf.get(0, bytes);
        OptionalLong v = TrackFileValue.parse(bytes, n);
        if (v.isEmpty()) {
            String shown = new String(bytes, StandardCharsets.US_ASCII).strip();
            LOG.info("Invalid number {} read from {} - ignoring", shown, path);
        }
        return v;
    }

    /** Names the watcher thread (before {@link #start}), so that a thread dump tells whose it is. */
    public void nameThread(String name) {
        threadName = Objects.requireNonNull(name, "name");
    }

    /** Starts the watcher thread (nothing to do when no file could be watched). */
    public void start() {
        if (inotifyFd < 0) {
            return;
        }
        thread = new Thread(this::watch, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    private void watch() {
        PollSet set = new PollSet(2);
        set.set(0, inotifyFd, Libc.POLLIN);
        set.set(1, wakeFd, Libc.POLLIN);
        ByteBuffer buf = Libc.allocate(64 * 1024);
        try {
            while (!closing) {
                libc.poll(set, -1);
                if (closing) {
                    break;
                }
                if ((set.returned(0) & Libc.POLLIN) == 0) {
                    continue;
                }
                buf.clear();
                int n;
                try {
                    n = libc.read(inotifyFd, buf);
                } catch (LinuxException e) {
                    if (e.errno().equals(Errno.EAGAIN)) {
                        continue;
                    }
                    throw e;
                }
                events(buf, n);
            }
        } catch (LinuxException | RuntimeException e) {
            if (!closing) {
                LOG.error("Track files are no longer watched: {}", e.toString());
            }
        } finally {
            closeDescriptors();
        }
    }

    /** Once, under the lock: {@link #close()} must not write to a descriptor number already given back. */
    private synchronized void closeDescriptors() {
        libc.closeQuietly(inotifyFd);
        libc.closeQuietly(wakeFd);
        inotifyFd = -1;
        wakeFd = -1;
    }

    /** Walks the {@code struct inotify_event}s read: wd, mask, cookie, len, then len bytes of NUL-padded name. */
    private void events(ByteBuffer buf, int length) {
        int at = 0;
        while (at + 16 <= length) {
            int wd = buf.getInt(at);
            int mask = buf.getInt(at + 4);
            int nameLength = buf.getInt(at + 12);
            String name = name(buf, at + 16, nameLength);
            at += 16 + nameLength;
            if ((mask & Libc.IN_Q_OVERFLOW) != 0) {
                // keepalived loses these; re-reading everything is what the lost events would have told us.
                LOG.warn("Track file events were lost (inotify queue overflow); reading every track file again");
                for (Watched w : watched.values()) {
                    reread(w);
                }
                continue;
            }
            if ((mask & Libc.IN_IGNORED) != 0) {
                LOG.warn("A track file directory is no longer watched (removed or unmounted?)");
                continue;
            }
            if ((mask & Libc.IN_ISDIR) != 0) {
                continue;
            }
            for (Watched w : watched.values()) {
                if (w.wd() != wd || !w.fileName().equals(name)) {
                    continue;
                }
                if ((mask & (Libc.IN_DELETE | Libc.IN_MOVED_FROM)) != 0) {
                    set(w, 0);
                } else if ((mask & (Libc.IN_CLOSE_WRITE | Libc.IN_MOVED_TO)) != 0) {
                    reread(w);
                }
            }
        }
    }

    private void reread(Watched w) {
        OptionalLong v = read(w.path());
        if (v.isPresent()) {
            set(w, v.getAsLong());
        }
    }

    private void set(Watched w, long value) {
        Long before = values.put(w.name(), value);
        if (before == null || before != value) {
            changed.accept(w.name());
        }
    }

    private static String name(ByteBuffer buf, int from, int length) {
        byte[] b = new byte[length];
        buf.get(from, b);
        int end = 0;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, 0, end, StandardCharsets.UTF_8);
    }

    /**
     * Stops watching without waiting (it may be called on the event loop): the watcher thread is woken and closes
     * its descriptors itself.
     */
    @Override
    public synchronized void close() {
        if (closing) {
            return;
        }
        closing = true;
        if (thread == null) {
            closeDescriptors();
            return;
        }
        if (wakeFd < 0) {
            return;
        }
        ByteBuffer one = Libc.allocate(8);
        one.putLong(0, 1L);
        try {
            libc.write(wakeFd, one);
        } catch (LinuxException e) {
            LOG.debug("cannot wake the track file watcher: {}", e.getMessage());
        }
    }

    /** For tests: waits for the watcher thread to end after {@link #close()}. */
    void awaitClosed(long millis) throws InterruptedException {
        if (thread != null) {
            thread.join(millis);
        }
    }
}
