package io.jkeepalived.daemon.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.daemon.TestHost.FakeSignals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import io.jkeepalived.config.model.KeepalivedConfig;
import io.jkeepalived.daemon.TestHost;
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

    /** What the lifecycle told systemd, in order. */
    private final List<String> notified = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();

    private Lifecycle.Part part(String name, boolean reloadFails) {
        return new Lifecycle.Part() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void start() {
                events.add("start " + name);
            }

            @Override
            public void stop() {
                events.add("stop " + name);
            }

            @Override
            public void reload(KeepalivedConfig next) {
                events.add("reload " + name);
                if (reloadFails) {
                    throw new IllegalStateException("cannot move the VIPs");
                }
            }
        };
    }

    private Lifecycle lifecycle(Path pid, Lifecycle.ConfigReader reader, Lifecycle.Part... parts) {
        return new Lifecycle(new PidFiles(List.of(pid), 4242, p -> false), signals, notified::add, reader,
                List.of(parts));
    }

    private void awaitNotified(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (notified.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + notified);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void theLastReloadIsKeptForStatusAndSigusr1And2RunTheDumpsOffTheSignalThread() throws Exception {
        Path pid = dir.resolve("keepalived.pid");
        AtomicInteger reads = new AtomicInteger();
        Lifecycle lifecycle = lifecycle(pid, () -> reads.incrementAndGet() == 2 ? Optional.empty()
                : Optional.of(TestHost.emptyConfig()), part("the checkers", false), part("VRRP", true));
        List<String> dumped = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        List<String> opened = new CopyOnWriteArrayList<>();
        lifecycle.with(new Lifecycle.Companion() {
            @Override
            public void open() {
                opened.add("open with " + events);
            }

            @Override
            public void close() {
                opened.add("close with " + events);
            }
        }).withDumps(new Lifecycle.Dumps() {
            @Override
            public void data() {
                dumped.add("data on " + Thread.currentThread().getName());
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void stats() {
                dumped.add("stats on " + Thread.currentThread().getName());
            }
        });
        assertEquals(Optional.empty(), lifecycle.lastReload());
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(lifecycle::run);
        awaitNotified(1);
        assertEquals(List.of("open with []"), opened, "opened after the pid file, before the parts start");

        signals.fire("HUP");
        awaitNotified(3);
        Lifecycle.ReloadOutcome partial = lifecycle.lastReload().orElseThrow();
        assertEquals("partial", partial.result());
        assertEquals("Reloaded: the checkers took the new configuration; VRRP kept the previous one",
                partial.message());
        signals.fire("HUP");
        awaitNotified(5);
        assertEquals("refused", lifecycle.lastReload().orElseThrow().result());
        assertTrue(lifecycle.lastReload().orElseThrow().at().compareTo(partial.at()) >= 0);

        // The signal thread is the test's: it returns at once though the data dump is held; more SIGUSR1s while
        // one waits join it.
        signals.fire("USR1");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (dumped.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        signals.fire("USR2");
        signals.fire("USR1");
        signals.fire("USR1");
        release.countDown();
        while (dumped.size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(100);
        assertEquals(List.of("data on jkeepalived-dump", "stats on jkeepalived-dump", "data on jkeepalived-dump"),
                dumped, "the first SIGUSR1 runs, the two that came while it ran make one more");

        signals.fire("TERM");
        assertEquals(0, run.get(10, TimeUnit.SECONDS));
        assertEquals("close with [start the checkers, start VRRP, reload the checkers, reload VRRP, stop VRRP,"
                + " stop the checkers]", opened.get(1), "closed after the parts stopped (the refused reload reached"
                + " no part)");
    }

    @Test
    void runsUntilSigtermThenRemovesItsPidFileAndExitsZero() throws Exception {
        Path pid = dir.resolve("keepalived.pid");
        Lifecycle lifecycle = lifecycle(pid, () -> {
            reloads.incrementAndGet();
            return Optional.of(TestHost.emptyConfig());
        }, part("the checkers", false), part("VRRP", false));
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(lifecycle::run);
        awaitFile(pid);
        // Handlers are in place before the pid file tells anyone where to send signals.
        assertTrue(signals.handles("TERM") && signals.handles("INT") && signals.handles("HUP"));
        assertFalse(run.isDone());
        awaitNotified(1);
        assertEquals("READY=1\nSTATUS=Running the checkers, VRRP", notified.get(0));

        long before = System.nanoTime() / 1000;
        signals.fire("HUP");
        awaitNotified(3);
        long after = System.nanoTime() / 1000;
        signals.fire("USR1");
        signals.fire("USR2");
        assertEquals(1, reloads.get());
        assertFalse(run.isDone(), "SIGHUP and SIGUSR1/2 do not stop the daemon");
        String[] reloading = notified.get(1).split("\n");
        assertEquals("RELOADING=1", reloading[0]);
        long monotonic = Long.parseLong(reloading[1].substring("MONOTONIC_USEC=".length()));
        assertTrue(before <= monotonic && monotonic <= after, "CLOCK_MONOTONIC in us: " + notified.get(1));
        assertEquals("READY=1\nSTATUS=Reloaded: the checkers, VRRP took the new configuration", notified.get(2));
        assertEquals(List.of("start the checkers", "start VRRP", "reload the checkers", "reload VRRP"), events);

        signals.fire("TERM");
        assertEquals(0, run.get(10, TimeUnit.SECONDS));
        assertFalse(Files.exists(pid));
        assertEquals("STOPPING=1\nSTATUS=Stopping (SIGTERM)", notified.get(3));
        assertEquals(List.of("stop VRRP", "stop the checkers"), events.subList(4, 6));
    }

    @Test
    void whenEveryPartRefusesSystemdHearsARefusalNotAReload() throws Exception {
        Path pid = dir.resolve("keepalived.pid");
        Lifecycle lifecycle = lifecycle(pid, () -> Optional.of(TestHost.emptyConfig()), part("VRRP", true));
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(lifecycle::run);
        awaitNotified(1);
        signals.fire("HUP");
        awaitNotified(3);
        assertEquals("READY=1\nSTATUS=Reload refused by VRRP (see the log); running the previous configuration",
                notified.get(2));
        signals.fire("TERM");
        assertEquals(0, run.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aPartThatRefusesKeepsItsConfigurationAndTheOthersStillReload() throws Exception {
        Path pid = dir.resolve("keepalived.pid");
        Lifecycle lifecycle = lifecycle(pid, () -> Optional.of(TestHost.emptyConfig()), part("the checkers", true),
                part("VRRP", false));
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(lifecycle::run);
        awaitNotified(1);
        signals.fire("HUP");
        awaitNotified(3);
        assertEquals("READY=1\nSTATUS=Reloaded: VRRP took the new configuration; the checkers kept the previous one",
                notified.get(2));
        assertTrue(events.containsAll(List.of("reload the checkers", "reload VRRP")), events.toString());
        assertFalse(run.isDone());
        signals.fire("TERM");
        assertEquals(0, run.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aConfigurationThatCannotBeUsedReachesNoPartAndSystemdHearsReadyAgain() throws Exception {
        Path pid = dir.resolve("keepalived.pid");
        Lifecycle lifecycle = lifecycle(pid, Optional::empty, part("the checkers", false));
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(lifecycle::run);
        awaitNotified(1);
        signals.fire("HUP");
        awaitNotified(3);
        assertTrue(notified.get(1).startsWith("RELOADING=1\nMONOTONIC_USEC="), notified.get(1));
        assertEquals("READY=1\nSTATUS=Reload refused (see the log); running the checkers with the previous"
                + " configuration", notified.get(2));
        assertEquals(List.of("start the checkers"), events);
        signals.fire("TERM");
        assertEquals(0, run.get(10, TimeUnit.SECONDS));
    }

    @Test
    void sighupsDuringAReloadMakeOneMoreReloadAfterIt() throws Exception {
        Path pid = dir.resolve("keepalived.pid");
        CountDownLatch inFirst = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Lifecycle lifecycle = lifecycle(pid, () -> {
            if (reloads.incrementAndGet() == 1) {
                inFirst.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
            return Optional.of(TestHost.emptyConfig());
        }, part("the checkers", false));
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(lifecycle::run);
        awaitNotified(1);
        signals.fire("HUP");
        assertTrue(inFirst.await(10, TimeUnit.SECONDS));
        // the signal thread is not held by the reload: these return at once
        signals.fire("HUP");
        signals.fire("HUP");
        signals.fire("HUP");
        release.countDown();
        awaitNotified(5);
        Thread.sleep(200); // a third reload would have started by now
        assertEquals(2, reloads.get(), notified.toString());
        assertEquals(5, notified.size(), notified.toString());
        signals.fire("TERM");
        assertEquals(0, run.get(10, TimeUnit.SECONDS));
        signals.fire("HUP"); // after the stop: nothing
        assertEquals(2, reloads.get());
    }

    @Test
    void sigintStopsToo() throws Exception {
        Path pid = dir.resolve("keepalived.pid");
        Lifecycle lifecycle = new Lifecycle(new PidFiles(List.of(pid), 4242, p -> false), signals, Notifier.NONE,
                Optional::empty, List.of());
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
        Lifecycle lifecycle = new Lifecycle(new PidFiles(List.of(pid), 4242, p -> p == 777), signals, Notifier.NONE,
                Optional::empty, List.of());
        assertEquals(1, lifecycle.run());
        assertEquals("777\n", Files.readString(pid));
    }

    @Test
    void aStopRequestedBeforeTheWaitIsNotLost() {
        Path pid = dir.resolve("keepalived.pid");
        Lifecycle lifecycle = new Lifecycle(new PidFiles(List.of(pid), 4242, p -> false), signals, Notifier.NONE,
                Optional::empty, List.of());
        lifecycle.requestStop("test");
        assertEquals(0, lifecycle.run());
        assertFalse(Files.exists(pid));
    }
}
