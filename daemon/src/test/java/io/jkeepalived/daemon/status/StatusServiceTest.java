package io.jkeepalived.daemon.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.vrrp.DropReason;
import io.jkeepalived.vrrp.IpFamily;
import io.jkeepalived.vrrp.VrrpState;
import io.jkeepalived.vrrp.runtime.VrrpSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Gathering a report from the parts: a part that does not answer costs its section, not the report. */
class StatusServiceTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static StatusReport.Daemon daemon() {
        return new StatusReport.Daemon("t", 1, Path.of("/k.conf"), "lb1", CLOCK.instant(), Optional.empty(),
                Optional.empty());
    }

    private static VrrpSnapshot snapshot() {
        Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
        drops.put(DropReason.TTL_INVALID, 2L);
        return new VrrpSnapshot(System.nanoTime(), List.of(new VrrpSnapshot.Instance("VI_1", "eth0", 51,
                IpFamily.IPV4, 2, VrrpState.BACKUP, 100, 100, Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(), Optional.empty(), List.of(), new VrrpSnapshot.Counters(5, 6, 0, 0, 0, 0, 0, 2), drops)),
                List.of(), Map.of());
    }

    @Test
    void aStuckPartIsReportedUnavailableWithinTheTimeoutAndTheOtherStillAnswers() throws Exception {
        CompletableFuture<Void> never = new CompletableFuture<>();
        StatusSources.Checkers stuck = timeout -> {
            try {
                never.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e);
            }
            return Optional.empty();
        };
        StatusService service = new StatusService(StatusServiceTest::daemon,
                Optional.of(timeout -> Optional.of(snapshot())), Optional.of(stuck), CLOCK, Duration.ofMillis(200));
        long t0 = System.nanoTime();
        StatusReport report = service.report();
        long took = System.nanoTime() - t0;
        assertTrue(took < Duration.ofSeconds(2).toNanos(), "bounded by the timeout: " + took);
        assertEquals(StatusReport.PartState.RUNNING, report.vrrp().state());
        assertEquals("VI_1", report.vrrp().snapshot().orElseThrow().instances().get(0).name());
        assertEquals(StatusReport.PartState.UNAVAILABLE, report.checkers().state());
        assertEquals(List.of("checkers: the checkers' event loop did not answer within 200 ms"), report.errors());
    }

    @Test
    void partsNotRunOrIdleAreSaidSo() {
        StatusService service = new StatusService(StatusServiceTest::daemon,
                Optional.of(timeout -> Optional.empty()), Optional.empty(), CLOCK, Duration.ofMillis(200));
        StatusReport report = service.report();
        assertEquals(StatusReport.PartState.IDLE, report.vrrp().state());
        assertEquals(StatusReport.PartState.DISABLED, report.checkers().state());
        assertTrue(report.errors().isEmpty());
    }

    @Test
    void theDumpsReplaceASymlinkInsteadOfWritingThroughIt() throws Exception {
        StatusService service = new StatusService(StatusServiceTest::daemon,
                Optional.of(timeout -> Optional.of(snapshot())), Optional.empty(), CLOCK, Duration.ofMillis(200));
        Path victim = dir.resolve("victim");
        Files.writeString(victim, "precious");
        Files.createSymbolicLink(dir.resolve(SignalDumps.STATS_FILE), victim);
        SignalDumps dumps = new SignalDumps(dir, service, () -> "global_defs {\n}\n");
        dumps.stats();
        dumps.data();
        assertEquals("precious", Files.readString(victim));
        Path stats = dir.resolve(SignalDumps.STATS_FILE);
        assertFalse(Files.isSymbolicLink(stats));
        String text = Files.readString(stats);
        assertTrue(text.startsWith("jkeepalived VRRP statistics, written on SIGUSR2 at 2026-11-21T12:00:00Z\n"), text);
        assertTrue(text.contains("\nvrrp_instance VI_1\n  state = BACKUP\n  adverts_sent = 5\n  adverts_received = 6\n"),
                text);
        assertTrue(text.contains("  dropped.ttl_invalid = 2\n  dropped.version_mismatch = 0\n"), text);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(stats)));
        String data = Files.readString(dir.resolve(SignalDumps.DATA_FILE));
        assertTrue(data.contains("------< Status >------\njkeepalived t, pid 1, up 0s"), data);
        assertTrue(data.endsWith("(canonical form, as -d writes it) >------\nglobal_defs {\n}\n"), data);
        try (var files = Files.list(dir)) {
            assertEquals(3, files.count(), "no temporary file left behind");
        }
    }
}
