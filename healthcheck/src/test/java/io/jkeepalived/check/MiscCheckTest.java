package io.jkeepalived.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.exec.ScriptCommand;
import io.jkeepalived.exec.ScriptRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MISC_CHECK with real scripts, through the script runner. */
class MiscCheckTest {
    @TempDir
    Path dir;

    private final ScriptRunner scripts = new ScriptRunner(new ScriptRunner.Limits(8, 64, Duration.ofMillis(500)));
    private final ProbeHarness harness = new ProbeHarness(io.netty.channel.epoll.Epoll.isAvailable(),
            ProbeLimits.DEFAULT, scripts);
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        harness.close();
        scripts.close();
    }

    private Path script(String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private static MiscCheck misc(Path script, long timeoutMillis, boolean dynamic, String... args) {
        List<String> words = new ArrayList<>(List.of(script.toString()));
        words.addAll(List.of(args));
        return new MiscCheck(new ScriptCommand(words), Duration.ofMillis(timeoutMillis), dynamic, Optional.empty());
    }

    @Test
    void exitStatusesBecomeResults() throws Exception {
        Path exit = script("exit.sh", "exit \"$1\"\n");
        ProbeHarness.Timed ok = harness.run(misc(exit, 5000, false, "0"));
        assertEquals(ProbeResult.Kind.SUCCESS, ok.result().kind());
        ProbeHarness.Timed failed = harness.run(misc(exit, 5000, false, "1"));
        assertEquals(ProbeResult.Kind.FAILURE, failed.result().kind());
        assertEquals(1, failed.result().exitStatus());
        assertEquals(42, harness.run(misc(exit, 5000, true, "42")).result().exitStatus());
    }

    @Test
    void aHangingScriptIsKilledAtMiscTimeoutWithItsChildren() throws Exception {
        Path pids = dir.resolve("pids");
        Path hang = script("hang.sh", "sleep 1000 & echo $! > " + pids + "; echo $$ >> " + pids + "; wait\n");
        ProbeHarness.Timed t = harness.run(misc(hang, 700, false));
        assertEquals(ProbeResult.Kind.FAILURE, t.result().kind(), t.result().detail());
        assertTrue(t.result().detail().contains("timed out"), t.result().detail());
        assertTrue(t.millis() >= 650 && t.millis() < 2500, t.millis() + " ms");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (String line : Files.readAllLines(pids)) {
            Path stat = Path.of("/proc", line.trim(), "stat");
            while (alive(stat) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertFalse(alive(stat), "process " + line + " survived the timeout");
        }
    }

    private static boolean alive(Path stat) throws IOException {
        try {
            String s = Files.readString(stat);
            return !s.substring(s.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
    }

    @Test
    void aMissingScriptGivesNoVerdict() throws Exception {
        ProbeHarness.Timed t = harness.run(misc(dir.resolve("missing.sh"), 1000, false));
        assertEquals(ProbeResult.Kind.INDETERMINATE, t.result().kind());
        assertTrue(t.result().detail().contains("not found"), t.result().detail());
    }

    @Test
    void miscDynamicDrivesTheWeightAndStateInRealTime() throws Exception {
        Path code = dir.resolve("code");
        Files.writeString(code, "12");
        Path check = script("dyn.sh", "exit $(cat " + code + ")\n");
        BlockingQueue<RealServerHealth> events = new LinkedBlockingQueue<>();
        HealthChecker<String> checker = HealthChecker.start((server, before, after) -> events.add(after), scripts,
                HealthChecker.Options.DEFAULT.withBootstrapDelay(Duration.ZERO));
        closeables.add(checker);
        CheckTiming timing = new CheckTiming(Duration.ofMillis(200), Duration.ofMillis(100), 0, Duration.ZERO, false);
        assertEquals(new RealServerHealth(true, 5), checker.add("web1", 5,
                List.of(new CheckerConfig(misc(check, 2000, true), timing))));
        assertEquals(new RealServerHealth(true, 10), events.poll(3, TimeUnit.SECONDS), "exit 12 -> weight 10");
        Files.writeString(code, "0");
        assertEquals(new RealServerHealth(true, 5), events.poll(3, TimeUnit.SECONDS), "exit 0 -> configured");
        Files.writeString(code, "1");
        assertEquals(new RealServerHealth(false, 5), events.poll(3, TimeUnit.SECONDS), "exit 1 -> down");
        Files.writeString(code, "255");
        assertEquals(new RealServerHealth(true, 253), events.poll(3, TimeUnit.SECONDS), "exit 255 -> weight 253");
        assertEquals(Optional.of(new RealServerHealth(true, 253)), checker.health("web1"));
        checker.remove("web1");
        Files.writeString(code, "1");
        assertEquals(null, events.poll(1, TimeUnit.SECONDS), "no events after remove");
    }
}
