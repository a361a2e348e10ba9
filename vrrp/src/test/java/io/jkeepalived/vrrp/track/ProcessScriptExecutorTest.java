package io.jkeepalived.vrrp.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.vrrp.track.ScriptExecutor.ScriptOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child processes; nothing privileged. */
class ProcessScriptExecutorTest {
    @TempDir
    Path dir;

    private static ScriptOutcome run(ProcessScriptExecutor e, Duration timeout, String... argv) throws Exception {
        return e.run(List.of(argv), Optional.empty(), Optional.empty(), timeout).get(30, TimeUnit.SECONDS);
    }

    @Test
    void exitStatusesComeBackAndOnlyZeroIsSuccess() throws Exception {
        try (ProcessScriptExecutor e = new ProcessScriptExecutor(4)) {
            assertTrue(run(e, Duration.ofSeconds(5), "/bin/true").succeeded());
            ScriptOutcome failed = run(e, Duration.ofSeconds(5), "/bin/sh", "-c", "exit 3");
            assertEquals(ScriptOutcome.Kind.EXITED, failed.kind());
            assertEquals(3, failed.exitStatus());
            assertFalse(failed.succeeded());
            assertEquals("exited with status 3", failed.toString());
        }
    }

    @Test
    void aScriptPastItsTimeoutIsKilledWithWhatItStartedAndCountsAsFailure() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        try (ProcessScriptExecutor e = new ProcessScriptExecutor(4)) {
            long t0 = System.nanoTime();
            ScriptOutcome o = run(e, Duration.ofMillis(300), "/bin/sh", "-c",
                    "sleep 60 & echo $! > " + pidFile + "; wait");
            assertEquals(ScriptOutcome.Kind.TIMED_OUT, o.kind());
            assertFalse(o.succeeded());
            assertTrue((System.nanoTime() - t0) / 1e9 < 5, "returned soon after the timeout");
            long child = Long.parseLong(Files.readString(pidFile).trim());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "the script's child died too");
        }
    }

    @Test
    void aMissingProgramIsNotStartedAndTooManyAtOnceAreRefused() throws Exception {
        try (ProcessScriptExecutor e = new ProcessScriptExecutor(1)) {
            ScriptOutcome missing = run(e, Duration.ofSeconds(5), dir.resolve("no-such-script").toString());
            assertEquals(ScriptOutcome.Kind.NOT_STARTED, missing.kind());
            var slow = e.run(List.of("/bin/sleep", "1"), Optional.empty(), Optional.empty(), Duration.ofSeconds(5));
            ScriptOutcome refused = run(e, Duration.ofSeconds(5), "/bin/true");
            assertEquals(ScriptOutcome.Kind.NOT_STARTED, refused.kind());
            assertTrue(slow.get(10, TimeUnit.SECONDS).succeeded());
        }
        ProcessScriptExecutor closed = new ProcessScriptExecutor(1);
        closed.close();
        assertEquals(ScriptOutcome.Kind.NOT_STARTED, run(closed, Duration.ofSeconds(1), "/bin/true").kind());
    }
}
