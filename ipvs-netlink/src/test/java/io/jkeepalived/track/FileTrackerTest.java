package io.jkeepalived.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.libc.Libc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The track_file watcher on real files with real inotify (no root needed): init_file, the first read, and what
 * keepalived 2.2.7 reacts to - a write closed, a file moved in or away, a deletion - and what it ignores.
 */
class FileTrackerTest {
    @TempDir
    Path dir;

    private final BlockingQueue<String> changes = new LinkedBlockingQueue<>();

    private FileTracker open(List<FileTracker.Declared> files, Set<String> tracked, boolean reload) {
        return FileTracker.open(Libc.get(), files, tracked, reload, changes::add);
    }

    private static FileTracker.Declared file(String name, Path path, Optional<FileTracker.Init> init) {
        return new FileTracker.Declared(name, path.toString(), init);
    }

    /** Waits for the next notification and returns the file's value then. */
    private long next(FileTracker t, String name) throws InterruptedException {
        String got = changes.poll(5, TimeUnit.SECONDS);
        assertEquals(name, got, "a change of " + name + " is reported");
        return t.value(name);
    }

    @Test
    void initFileCreatesOnlyWhenAbsentUnlessOverwrite() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Path c = dir.resolve("c");
        Files.writeString(b, "9\n");
        Files.writeString(c, "9\n");
        try (FileTracker t = open(List.of(file("a", a, Optional.of(new FileTracker.Init(5, false))),
                file("b", b, Optional.of(new FileTracker.Init(5, false))),
                file("c", c, Optional.of(new FileTracker.Init(-3, true)))), Set.of("a", "b"), false)) {
            assertEquals("5\n", Files.readString(a));
            assertEquals("9\n", Files.readString(b), "an existing file is kept without overwrite");
            assertEquals("-3\n", Files.readString(c), "overwrite writes at start, tracked or not");
            assertEquals(5, t.value("a"));
            assertEquals(9, t.value("b"));
            assertFalse(t.tracks("c"), "nothing tracks c: it is not read");
        }
        Files.writeString(c, "9\n");
        Files.delete(a);
        try (FileTracker t = open(List.of(file("a", a, Optional.of(new FileTracker.Init(5, true))),
                file("c", c, Optional.of(new FileTracker.Init(-3, true)))), Set.of("a", "c"), true)) {
            assertEquals("9\n", Files.readString(c), "a reload does not overwrite an existing file");
            assertEquals("5\n", Files.readString(a), "a reload creates a missing one");
            assertEquals(9, t.value("c"));
        }
    }

    @Test
    void followsWritesMovesAndDeletions() throws Exception {
        Path f = dir.resolve("prio");
        Path other = dir.resolve("other");
        try (FileTracker t = open(List.of(file("f", f, Optional.empty())), Set.of("f"), false)) {
            t.start();
            assertTrue(t.tracks("f"));
            assertEquals(0, t.value("f"), "a missing file reads as 0");

            Files.writeString(f, "  12 junk\n");
            assertEquals(12, next(t, "f"));

            Files.writeString(other, "0x20");
            assertNull(changes.poll(300, TimeUnit.MILLISECONDS), "another file of the directory is not ours");
            Files.move(other, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            assertEquals(32, next(t, "f"), "moved in");

            Files.writeString(f, "99999999999");
            assertNull(changes.poll(300, TimeUnit.MILLISECONDS), "an out-of-range number is ignored");
            assertEquals(32, t.value("f"));

            Files.writeString(f, "");
            assertEquals(0, next(t, "f"), "empty reads as 0");
            Files.writeString(f, "-4");
            assertEquals(-4, next(t, "f"));

            Files.move(f, other, StandardCopyOption.ATOMIC_MOVE);
            assertEquals(0, next(t, "f"), "moved away reads as 0");
            Files.move(other, f, StandardCopyOption.ATOMIC_MOVE);
            assertEquals(-4, next(t, "f"));
            Files.delete(f);
            assertEquals(0, next(t, "f"), "deleted reads as 0");
        }
    }

    @Test
    void followsSymbolicLinksToTheTargetsDirectory() throws Exception {
        Path real = Files.createDirectory(dir.resolve("real"));
        Path target = real.resolve("value");
        Files.writeString(target, "7");
        Path link = dir.resolve("link");
        Files.createSymbolicLink(link, target);
        try (FileTracker t = open(List.of(file("l", link, Optional.empty())), Set.of("l"), false)) {
            t.start();
            assertEquals(7, t.value("l"));
            Files.writeString(target, "8");
            assertEquals(8, next(t, "l"));
        }
    }

    @Test
    void aFileInAMissingDirectoryIsNotTracked() {
        try (FileTracker t = open(List.of(file("m", dir.resolve("nowhere/f"), Optional.empty())), Set.of("m"),
                false)) {
            t.start();
            assertFalse(t.tracks("m"));
        }
    }

    @Test
    void closeStopsTheWatcher() throws Exception {
        Path f = dir.resolve("f");
        FileTracker t = open(List.of(file("f", f, Optional.empty())), Set.of("f"), false);
        t.start();
        t.close();
        t.awaitClosed(5000);
        Files.writeString(f, "3");
        assertNull(changes.poll(300, TimeUnit.MILLISECONDS));
    }
}
