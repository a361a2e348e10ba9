package io.jkeepalived.vrrp.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.vrrp.track.ScriptExecutor.ScriptOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The adapter onto the shared ScriptRunner, with real processes (nothing privileged). */
class RunnerScriptExecutorTest {
    private static ScriptOutcome run(ScriptExecutor e, Duration timeout, Optional<String> user, String... argv)
            throws Exception {
        return e.run(List.of(argv), user, Optional.empty(), timeout).get(30, TimeUnit.SECONDS);
    }

    @Test
    void exitStatusTimeoutAndMissingProgramMapOntoTheLoopsOutcomes() throws Exception {
        try (RunnerScriptExecutor e = new RunnerScriptExecutor()) {
            assertTrue(run(e, Duration.ofSeconds(5), Optional.empty(), "/bin/true").succeeded());
            ScriptOutcome three = run(e, Duration.ofSeconds(5), Optional.empty(), "/bin/sh", "-c", "exit 3");
            assertEquals(ScriptOutcome.Kind.EXITED, three.kind());
            assertEquals(3, three.exitStatus());
            ScriptOutcome slow = run(e, Duration.ofMillis(200), Optional.empty(), "/bin/sleep", "30");
            assertEquals(ScriptOutcome.Kind.TIMED_OUT, slow.kind());
            assertFalse(slow.succeeded());
            assertEquals(ScriptOutcome.Kind.NOT_STARTED,
                    run(e, Duration.ofSeconds(5), Optional.empty(), "/nonexistent/jkv-vi-script").kind());
        }
    }

    @Test
    void anUnknownUserIsNotStartedWithTheReason() throws Exception {
        try (RunnerScriptExecutor e = new RunnerScriptExecutor()) {
            ScriptOutcome o = run(e, Duration.ofSeconds(5), Optional.of("jkv-vi-no-such-user"), "/bin/true");
            assertEquals(ScriptOutcome.Kind.NOT_STARTED, o.kind());
            assertTrue(o.detail().contains("jkv-vi-no-such-user"), o.detail());
        }
    }
}
