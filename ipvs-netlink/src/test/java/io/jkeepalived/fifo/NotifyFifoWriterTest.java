package io.jkeepalived.fifo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.libc.Libc;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real FIFO in a temporary directory: what a reader sees, and what happens without one. */
class NotifyFifoWriterTest {
    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;

    @TempDir
    Path dir;

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Opens the FIFO to read here (it does not wait: the writer holds it read-write, so there is a writer), and
     * reads lines until end of file (the writer closed) on a thread of its own.
     */
    private static CompletableFuture<List<String>> reader(Path fifo) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(new FileInputStream(fifo.toFile()),
                StandardCharsets.UTF_8));
        return CompletableFuture.supplyAsync(() -> {
            List<String> lines = new ArrayList<>();
            try (r) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return lines;
        });
    }

    @Test
    void createsTheFifoAReaderSeesTheLinesAndCloseRemovesIt() throws Exception {
        Path fifo = dir.resolve("notify.fifo");
        NotifyFifoWriter w = NotifyFifoWriter.open(fifo.toString(), Optional.empty(), Libc.get());
        assertTrue(w.created());
        int mode = mode(fifo);
        assertEquals(S_IFIFO, mode & S_IFMT, "a FIFO");
        assertEquals(0600, mode & 0777, "keepalived's 0644 under its umask 0177");

        // Lines written before the reader opens wait in the pipe (we hold it read-write), as with keepalived.
        assertTrue(w.offer("INSTANCE \"VI_1\" BACKUP 100"));
        assertTrue(w.drain(Duration.ofSeconds(5)));
        CompletableFuture<List<String>> seen = reader(fifo);
        assertTrue(w.offer("INSTANCE \"VI_1\" MASTER 100"));
        assertTrue(w.offer("GROUP \"G1\" MASTER 0"));
        w.close();
        assertEquals(List.of("INSTANCE \"VI_1\" BACKUP 100", "INSTANCE \"VI_1\" MASTER 100", "GROUP \"G1\" MASTER 0"),
                seen.get(10, TimeUnit.SECONDS));
        assertEquals(3, w.written());
        assertEquals(0, w.dropped());
        assertFalse(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS), "the FIFO we made is removed at close");
        assertFalse(w.offer("late"), "closed: dropped");
    }

    @Test
    void anExistingFifoIsUsedAndLeftInPlace() throws Exception {
        Path fifo = dir.resolve("existing.fifo");
        Libc.get().mkfifo(fifo.toString(), 0640);
        NotifyFifoWriter w = NotifyFifoWriter.open(fifo.toString(), Optional.empty(), Libc.get());
        assertFalse(w.created());
        CompletableFuture<List<String>> seen = reader(fifo);
        w.offer("VS [10.0.0.1]:tcp:80 UP");
        w.close();
        assertEquals(List.of("VS [10.0.0.1]:tcp:80 UP"), seen.get(10, TimeUnit.SECONDS));
        assertTrue(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS), "not ours: kept");
    }

    @Test
    void withoutAReaderNothingBlocksLinesAreDroppedAndCounted() throws Exception {
        Path fifo = dir.resolve("nobody.fifo");
        NotifyFifoWriter w = NotifyFifoWriter.open(fifo.toString(), Optional.empty(), Libc.get());
        String line = "INSTANCE \"" + "x".repeat(200) + "\" MASTER 100";
        int n = 20_000; // about 4 MB: far beyond a pipe's 64 KiB and the queue
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            w.offer(line);
        }
        long offerMillis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(offerMillis < 2_000, "offer never waits: " + offerMillis + " ms for " + n + " lines");
        assertTrue(w.drain(Duration.ofSeconds(20)), "the writer thread gets through every line");
        assertTrue(w.dropped() > 0, "a full pipe drops lines");
        assertEquals(n, w.written() + w.dropped());
        // What fit is what a pipe holds: at most 64 KiB of whole lines.
        assertTrue(w.written() * (line.length() + 1) <= 65_536, "written " + w.written());
        long t1 = System.nanoTime();
        w.close();
        assertTrue((System.nanoTime() - t1) / 1_000_000 < 3_000, "close does not hang on a full pipe");
    }

    @Test
    void aReaderThatComesLateGetsWhatThePipeHeldThenNewLines() throws Exception {
        Path fifo = dir.resolve("late.fifo");
        NotifyFifoWriter w = NotifyFifoWriter.open(fifo.toString(), Optional.empty(), Libc.get());
        String line = "RS [192.168.1.2]:tcp:80 [10.0.0.1]:tcp:80 DOWN";
        for (int i = 0; i < 5000; i++) {
            w.offer(line);
        }
        assertTrue(w.drain(Duration.ofSeconds(20)));
        long before = w.written();
        CompletableFuture<List<String>> seen = reader(fifo);
        // Once the reader empties the pipe, lines get through again.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (w.written() == before && System.nanoTime() < deadline) {
            w.offer("VS [10.0.0.1]:tcp:80 UP");
            w.drain(Duration.ofSeconds(1));
            Thread.sleep(20);
        }
        w.close();
        List<String> lines = seen.get(10, TimeUnit.SECONDS);
        assertEquals(w.written(), lines.size());
        assertEquals("VS [10.0.0.1]:tcp:80 UP", lines.get(lines.size() - 1));
        assertTrue(lines.stream().allMatch(l -> l.equals(line) || l.equals("VS [10.0.0.1]:tcp:80 UP")),
                "whole lines only");
    }

    @Test
    void aPathThatCannotBeMadeIsAClearError() {
        Path missing = dir.resolve("no-such-dir").resolve("x.fifo");
        IOException e = assertThrows(IOException.class,
                () -> NotifyFifoWriter.open(missing.toString(), Optional.empty(), Libc.get()));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("ENOENT"), e.getMessage());
    }
}
