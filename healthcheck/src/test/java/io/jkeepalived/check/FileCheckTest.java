package io.jkeepalived.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.track.FileTracker;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FILE_CHECK on real files in a temporary directory, watched with real inotify by the real checkers' loop (no
 * root needed): what a value, a weight, reverse, an out-of-range number, junk, a deletion and a file moved in do
 * to the real server, as keepalived 2.2.7's track_file.c decides (its checker cannot run here: no IPVS).
 */
class FileCheckTest {
    @TempDir
    Path dir;

    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private HealthChecker<String> checker;

    @AfterEach
    void close() {
        if (checker != null) {
            checker.close();
        }
    }

    private HealthChecker<String> start() {
        checker = HealthChecker.start((server, before, after) -> events.add(server + " " + after), null,
                HealthChecker.Options.DEFAULT);
        return checker;
    }

    private static FileTracker.Declared declared(String name, Path path) {
        return new FileTracker.Declared(name, path.toString(), Optional.empty());
    }

    private static List<CheckerConfig> file(String name, Path path, int weight, boolean reverse) {
        return List.of(new CheckerConfig(new FileCheck(name, path.toString(), weight, reverse),
                CheckTiming.keepalivedDefaults(CheckerKind.FILE_CHECK, CheckTiming.DEFAULT_DELAY_LOOP)));
    }

    /** Writes as an operator's echo does: the watcher reacts when the file is closed after writing. */
    private static void write(Path path, String text) throws Exception {
        Files.writeString(path, text, StandardCharsets.US_ASCII);
    }

    private String next() throws InterruptedException {
        String e = events.poll(5, TimeUnit.SECONDS);
        return e == null ? "(nothing within 5 s)" : e;
    }

    private void quiet() throws InterruptedException {
        assertNull(events.poll(300, TimeUnit.MILLISECONDS), "no further change");
    }

    @Test
    void theValueTimesTheWeightIsAddedToTheWeightAndANegativeSumOnlyBringsItToZero() throws Exception {
        Path f = dir.resolve("load");
        write(f, "10\n");
        HealthChecker<String> hc = start();
        hc.followTrackFiles(List.of(declared("load", f)), Set.of("load"), false);
        assertEquals(new RealServerHealth(true, 15), hc.add("rs", 5, file("load", f, 1, false)),
                "read at start: 5 + 10 x 1");
        quiet();
        write(f, "25");
        assertEquals("rs UP weight 30", next());
        write(f, "-3\n");
        assertEquals("rs UP weight 2", next());
        write(f, "-100\n");
        assertEquals("rs UP weight 0", next(), "below zero: IPVS weight 0, still in (not FAULT)");
        write(f, "0x10\n");
        assertEquals("rs UP weight 21", next(), "strtol base 0: hexadecimal");
        write(f, "-100\n");
        assertEquals("rs UP weight 0", next());
        quiet();
    }

    @Test
    void reverseNegatesTheProductAndFaultIsReachedOnlyAtMinusTwoToTheThirtyOne() throws Exception {
        Path f = dir.resolve("drain");
        write(f, "3\n");
        HealthChecker<String> hc = start();
        hc.followTrackFiles(List.of(declared("drain", f)), Set.of("drain"), false);
        assertEquals(new RealServerHealth(true, 4), hc.add("rs", 10, file("drain", f, 2, true)), "10 - 3 x 2");
        write(f, "1073741824\n");
        assertEquals("rs DOWN weight 10", next(), "-2^31: FAULT, and a FAULT checker adds nothing");
        write(f, "1\n");
        assertEquals("rs UP weight 8", next());
    }

    @Test
    void weightZeroMakesAnyNonZeroValueAFaultAndReverseTheOtherWayRound() throws Exception {
        Path f = dir.resolve("maint");
        write(f, "0\n");
        HealthChecker<String> hc = start();
        hc.followTrackFiles(List.of(declared("maint", f)), Set.of("maint"), false);
        assertEquals(new RealServerHealth(true, 7), hc.add("plain", 7, file("maint", f, 0, false)));
        assertEquals(new RealServerHealth(false, 7), hc.add("reversed", 7, file("maint", f, 0, true)));
        quiet();
        write(f, "1\n");
        List<String> got = new ArrayList<>(List.of(next(), next()));
        got.sort(null);
        assertEquals(List.of("plain DOWN weight 7", "reversed UP weight 7"), got);
        write(f, "2\n");
        quiet(); // still non-zero: nothing changes
        write(f, "0\n");
        got = new ArrayList<>(List.of(next(), next()));
        got.sort(null);
        assertEquals(List.of("plain UP weight 7", "reversed DOWN weight 7"), got);
    }

    @Test
    void anOutOfRangeNumberIsIgnoredJunkReadsAsZeroAndADeletedFileAsZero() throws Exception {
        Path f = dir.resolve("v");
        write(f, "4\n");
        HealthChecker<String> hc = start();
        hc.followTrackFiles(List.of(declared("v", f)), Set.of("v"), false);
        assertEquals(new RealServerHealth(true, 5), hc.add("rs", 1, file("v", f, 1, false)));
        write(f, "99999999999\n");
        quiet(); // "Invalid number ... - ignoring": the previous value stays
        write(f, "six\n");
        assertEquals("rs UP weight 1", next(), "no digits: 0");
        write(f, "6 servers\n");
        assertEquals("rs UP weight 7", next(), "what follows the number is ignored");
        Files.delete(f);
        assertEquals("rs UP weight 1", next(), "deleted: 0");
        Path tmp = dir.resolve("v.tmp");
        write(tmp, "9\n");
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE);
        assertEquals("rs UP weight 10", next(), "moved in: read again");
    }

    @Test
    void aMissingFileReadsAsZeroAndInitFileCreatesItWithItsValue() throws Exception {
        Path absent = dir.resolve("absent");
        Path created = dir.resolve("created");
        HealthChecker<String> hc = start();
        hc.followTrackFiles(List.of(declared("absent", absent),
                new FileTracker.Declared("created", created.toString(), Optional.of(new FileTracker.Init(1, false)))),
                Set.of("absent", "created"), false);
        assertEquals("1\n", Files.readString(created));
        assertEquals(new RealServerHealth(true, 3), hc.add("a", 3, file("absent", absent, 0, false)),
                "absent: 0, which weight 0 takes as OK");
        assertEquals(new RealServerHealth(false, 3), hc.add("c", 3, file("created", created, 0, false)),
                "init_file 1 with weight 0: FAULT from the start");
        write(absent, "1\n");
        assertEquals("a DOWN weight 3", next(), "a file that appears is read");
    }

    @Test
    void aFileWhoseDirectoryIsMissingIsNotFollowedAndItsCheckerStaysUp() throws Exception {
        Path nowhere = dir.resolve("no-such-dir").resolve("f");
        HealthChecker<String> hc = start();
        hc.followTrackFiles(List.of(declared("gone", nowhere)), Set.of("gone"), false);
        assertEquals(new RealServerHealth(true, 2), hc.add("rs", 2, file("gone", nowhere, 0, true)),
                "keepalived drops the file and the checker never moves (reverse weight 0 would be FAULT on 0)");
        quiet();
    }

    @Test
    void followingTheFilesAgainReadsThemAfreshAndAKeptRealServerTakesTheNewValue() throws Exception {
        Path f = dir.resolve("r");
        write(f, "2\n");
        HealthChecker<String> hc = start();
        hc.followTrackFiles(List.of(declared("r", f)), Set.of("r"), false);
        assertEquals(new RealServerHealth(true, 3), hc.add("rs", 1, file("r", f, 1, false)));
        quiet();
        // A reload: the file changed meanwhile; init_file overwrite is not applied again.
        write(f, "5\n");
        assertEquals("rs UP weight 6", next());
        Files.writeString(f, "8\n");
        hc.followTrackFiles(List.of(new FileTracker.Declared("r", f.toString(),
                Optional.of(new FileTracker.Init(0, true)))), Set.of("r"), true);
        assertEquals("8\n", Files.readString(f), "init_file overwrite leaves the file alone at a reload");
        // Whether the old watcher's event or the new reading gets there first, the change is told once.
        assertEquals("rs UP weight 9", next());
        quiet();
        assertEquals(new RealServerHealth(true, 9), hc.health("rs").orElseThrow());
        write(f, "1\n");
        assertEquals("rs UP weight 2", next(), "the new watcher follows the file");
        quiet();
    }

    @Test
    void theStatusShowsTheFileAndItsLastValue() throws Exception {
        Path f = dir.resolve("s");
        write(f, "3\n");
        HealthChecker<String> hc = start();
        hc.followTrackFiles(List.of(declared("s", f)), Set.of("s"), false);
        hc.add("rs", 1, file("s", f, 0, false));
        Map<String, List<CheckerStatus>> status = hc.checkerStatus(List.of("rs"), Duration.ofSeconds(5));
        CheckerStatus s = status.get("rs").get(0);
        assertEquals(CheckerKind.FILE_CHECK, s.kind());
        assertEquals("track_file s (" + f + ") weight 0", s.target());
        assertFalse(s.up());
        write(f, "0\n");
        assertEquals("rs UP weight 1", next());
        s = hc.checkerStatus(List.of("rs"), Duration.ofSeconds(5)).get("rs").get(0);
        assertTrue(s.up());
        assertEquals("success", s.last().orElseThrow().result());
        assertEquals("holds 0", s.last().orElseThrow().detail());
    }

    /** On the driver with a fake clock: a FILE_CHECK is one checker among others, and is never probed. */
    @Test
    void aRealServerIsUpOnlyWhenItsOtherCheckersAreUpToo() {
        FakeScheduler clock = new FakeScheduler();
        List<String> seen = new ArrayList<>();
        TcpCheck tcp = new TcpCheck(ConnectTarget.of(new InetSocketAddress("127.0.0.1", 80), Duration.ofSeconds(5)));
        List<Object> probed = new ArrayList<>();
        ScriptedProber prober = new ScriptedProber(clock, 0, (t, spec, url) -> {
            probed.add(spec);
            return t >= 10 && t < 30 ? ProbeResult.failure("refused") : ProbeResult.success("ok");
        });
        CheckDriver<String> d = new CheckDriver<>(clock, prober, (server, before, after) ->
                seen.add(String.format("%.1f %s %s", clock.seconds(), server, after)), new Random(1),
                Duration.ofSeconds(1), new ScheduleStats());
        d.trackFileValues(Map.of("f", 0L));
        FileCheck file = new FileCheck("f", "/x", 0, false);
        d.add("rs", 1, List.of(new CheckerConfig(tcp, new CheckTiming(Duration.ofSeconds(5), Duration.ofSeconds(1),
                0, Duration.ZERO, false)), new CheckerConfig(file, CheckTiming.keepalivedDefaults(
                CheckerKind.FILE_CHECK, CheckTiming.DEFAULT_DELAY_LOOP))));
        clock.runUntil(12);
        d.trackFileValue("f", 1);
        clock.runUntil(20);
        d.trackFileValue("f", 0);
        clock.runUntil(40);
        d.trackFileValue("f", 1);
        d.trackFileValue("g", 1); // a file nobody follows: ignored
        assertEquals(List.of("11.0 rs DOWN weight 1", "31.0 rs UP weight 1", "40.0 rs DOWN weight 1"), seen,
                "down with TCP at 11, still down while the file says FAULT (12-20) and TCP fails, up when TCP"
                        + " recovers at 31, down by the file alone at 40");
        assertTrue(probed.stream().allMatch(s -> s == tcp), "only the TCP_CHECK is probed");
    }

    @Test
    void aHealthAnnouncedBeforeTheLoopSawANewerValueIsCorrected() {
        FakeScheduler clock = new FakeScheduler();
        List<String> seen = new ArrayList<>();
        CheckDriver<String> d = new CheckDriver<>(clock, new ScriptedProber(clock, 0, (t, s, u) ->
                ProbeResult.success("ok")), (server, before, after) -> seen.add(before + " -> " + after),
                new Random(1), Duration.ofSeconds(1), new ScheduleStats());
        d.trackFileValues(Map.of("f", 4L));
        RealServerHealth h = d.add("rs", 1, List.of(new CheckerConfig(new FileCheck("f", "/x", 1, false),
                CheckTiming.keepalivedDefaults(CheckerKind.FILE_CHECK, CheckTiming.DEFAULT_DELAY_LOOP))),
                new RealServerHealth(true, 3));
        assertEquals(new RealServerHealth(true, 5), h);
        assertEquals(List.of("UP weight 3 -> UP weight 5"), seen);
    }
}
