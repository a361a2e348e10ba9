package io.jkeepalived.daemon.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.daemon.TestHost.FakeSignals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LifecycleTest {
    @TempDir
    Path dir;

    private final FakeSignals signals = new FakeSignals();
    private final AtomicInteger reloads = new AtomicInteger();

    static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(file + " did not appear");
            }
            Thread.sleep(5);
        }
    }

    @Test
    void runsUntilSigtermThenRemovesItsPidFileAndExitsZero() throws Exception {
        Path pid = dir.resolve("keepalived.pid");
        Lifecycle lifecycle = new Lifecycle(new PidFiles(List.of(pid), 4242, p -> false), signals,
                reloads::incrementAndGet);
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(lifecycle::run);
        awaitFile(pid);
        // Handlers are in place before the pid file tells anyone where to send signals.
        assertTrue(signals.handles("TERM") && signals.handles("INT") && signals.handles("HUP"));
        assertFalse(run.isDone());

        signals.fire("HUP");
        signals.fire("USR1");
        signals.fire("USR2");
        assertEquals(1, reloads.get());
        assertFalse(run.isDone(), "SIGHUP and SIGUSR1/2 do not stop the daemon");

        signals.fire("TERM");
        assertEquals(0, run.get(10, TimeUnit.SECONDS));
        assertFalse(Files.exists(pid));
    }

    @Test
    void sigintStopsToo() throws Exception {
        Path pid = dir.resolve("keepalived.pid");
        Lifecycle lifecycle = new Lifecycle(new PidFiles(List.of(pid), 4242, p -> false), signals, () -> { });
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(lifecycle::run);
        awaitFile(pid);
        signals.fire("INT");
        assertEquals(0, run.get(10, TimeUnit.SECONDS));
        assertFalse(Files.exists(pid));
    }

    @Test
    void anotherRunningDaemonMeansExitOne() throws Exception {
        Path pid = dir.resolve("keepalived.pid");
        Files.writeString(pid, "777\n");
        Lifecycle lifecycle = new Lifecycle(new PidFiles(List.of(pid), 4242, p -> p == 777), signals, () -> { });
        assertEquals(1, lifecycle.run());
        assertEquals("777\n", Files.readString(pid));
    }

    @Test
    void aStopRequestedBeforeTheWaitIsNotLost() {
        Path pid = dir.resolve("keepalived.pid");
        Lifecycle lifecycle = new Lifecycle(new PidFiles(List.of(pid), 4242, p -> false), signals, () -> { });
        lifecycle.requestStop("test");
        assertEquals(0, lifecycle.run());
        assertFalse(Files.exists(pid));
    }
}
