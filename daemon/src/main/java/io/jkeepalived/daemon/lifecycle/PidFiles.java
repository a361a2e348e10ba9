package io.jkeepalived.daemon.lifecycle;

import io.jkeepalived.daemon.IoErrors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pid files keepalived writes, so that {@code kill -HUP $(cat /run/keepalived.pid)} and monitoring checks
 * keep working. jkeepalived is one process, so the VRRP and checkers files hold the same pid as the main one.
 *
 * <p>Like keepalived: a file naming a live process means another daemon runs and we refuse to start; a file
 * naming a dead process, or holding garbage, is stale and replaced; files are written {@code "PID\n"}, mode
 * 0644, without following a symlink. On release a file is removed only while it still names us.
 */
public final class PidFiles {
    public static final Path DEFAULT_MAIN = Path.of("/run/keepalived.pid");
    public static final Path DEFAULT_VRRP = Path.of("/run/keepalived_vrrp.pid");
    public static final Path DEFAULT_CHECKERS = Path.of("/run/keepalived_checkers.pid");

    private static final Logger log = LoggerFactory.getLogger(PidFiles.class);

    private final List<Path> files;
    private final long pid;
    private final LongPredicate running;
    private final List<Path> written = new ArrayList<>();

    /**
     * @param running whether a process with that pid exists (a seam: tests must not depend on real pids)
     */
    public PidFiles(List<Path> files, long pid, LongPredicate running) {
        Set<Path> distinct = new LinkedHashSet<>(files);
        this.files = List.copyOf(distinct);
        this.pid = pid;
        this.running = running;
    }

    public static LongPredicate processExists() {
        return other -> ProcessHandle.of(other).isPresent();
    }

    public List<Path> files() {
        return files;
    }

    /** Checks every file first, then writes them all, so a refusal leaves no file of ours behind. */
    public void acquire() throws PidFileException {
        for (Path file : files) {
            removeIfStale(file);
        }
        for (Path file : files) {
            try {
                write(file);
                written.add(file);
            } catch (IOException e) {
                release();
                throw new PidFileException("cannot write pid file " + file + ": " + IoErrors.describe(e));
            }
        }
    }

    /** Removes the files written by {@link #acquire()} that still name this process. */
    public void release() {
        for (Path file : written) {
            try {
                if (readPid(file).orElse(-1L) == pid) {
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                log.warn("Cannot remove pid file {}: {}", file, IoErrors.describe(e));
            }
        }
        written.clear();
    }

    private void removeIfStale(Path file) throws PidFileException {
        Optional<Long> holder;
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            holder = readPid(file);
        } catch (IOException e) {
            throw new PidFileException("cannot read pid file " + file + ": " + IoErrors.describe(e));
        }
        if (holder.isPresent() && holder.get() != pid && running.test(holder.get())) {
            throw new PidFileException("daemon is already running: pid " + holder.get() + " in " + file);
        }
        log.info("Removing stale pid file {} ({})", file,
                holder.map(other -> "pid " + other + " is not running").orElse("no pid in it"));
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new PidFileException("cannot remove stale pid file " + file + ": " + IoErrors.describe(e));
        }
    }

    private void write(Path file) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(file,
                Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                        LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")))) {
            channel.write(ByteBuffer.wrap((pid + "\n").getBytes(StandardCharsets.US_ASCII)));
        }
    }

    /** The pid a file names, if it holds one: a positive decimal number on the first line. */
    static Optional<Long> readPid(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (MalformedInputException e) {
            return Optional.empty();
        }
        String first = text.lines().findFirst().orElse("").strip();
        try {
            long value = Long.parseLong(first);
            return value > 0 ? Optional.of(value) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
