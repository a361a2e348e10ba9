package io.jkeepalived.vrrp.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HandOffScriptExecutorTest {

    /** Records who asked for what, on which thread, and answers with a future the test completes. */
    private static final class Recording implements ScriptExecutor {
        final List<String> started = Collections.synchronizedList(new ArrayList<>());
        final List<String> threads = Collections.synchronizedList(new ArrayList<>());
        final List<CompletableFuture<ScriptOutcome>> answers = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch gate;
        volatile boolean closed;

        Recording(CountDownLatch gate) {
            this.gate = gate;
        }

        @Override
        public CompletableFuture<ScriptOutcome> run(List<String> argv, Optional<String> user, Optional<String> group,
                                                    Duration timeout) {
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (argv.get(0).equals("throws")) {
                throw new IllegalStateException("cannot start");
            }
            started.add(argv.get(0));
            threads.add(Thread.currentThread().getName());
            CompletableFuture<ScriptOutcome> f = new CompletableFuture<>();
            answers.add(f);
            return f;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void theCallerOnlyQueuesAndScriptsStartInOrderOnTheStarterThread() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        Recording delegate = new Recording(gate);
        HandOffScriptExecutor handOff = new HandOffScriptExecutor(delegate);
        List<CompletableFuture<ScriptExecutor.ScriptOutcome>> results = new ArrayList<>();
        for (String name : List.of("notify_backup", "notify_master", "notify")) {
            // The delegate is held at its gate: were run() not handed off, this loop would wait 10 s on it.
            long before = System.nanoTime();
            results.add(handOff.run(List.of(name), Optional.empty(), Optional.empty(), Duration.ofSeconds(1)));
            assertTrue(System.nanoTime() - before < TimeUnit.SECONDS.toNanos(5), "run() must not wait for the start");
        }
        assertTrue(delegate.started.isEmpty());
        gate.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (delegate.answers.size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(List.of("notify_backup", "notify_master", "notify"), delegate.started);
        assertEquals(List.of("jkv-script-start", "jkv-script-start", "jkv-script-start"), delegate.threads);
        assertNotEquals(Thread.currentThread().getName(), delegate.threads.get(0));

        ScriptExecutor.ScriptOutcome exited = new ScriptExecutor.ScriptOutcome(ScriptExecutor.ScriptOutcome.Kind.EXITED, 3, "");
        delegate.answers.get(1).complete(exited);
        assertEquals(exited, results.get(1).get(5, TimeUnit.SECONDS));
        delegate.answers.get(0).completeExceptionally(new IllegalArgumentException("boom"));
        ExecutionException e = assertThrows(ExecutionException.class, () -> results.get(0).get(5, TimeUnit.SECONDS));
        assertEquals("boom", e.getCause().getMessage());
        handOff.close();
        assertTrue(delegate.closed);
    }

    @Test
    void aDelegateThatThrowsFailsTheFutureAndLaterScriptsStillStart() throws Exception {
        Recording delegate = new Recording(new CountDownLatch(0));
        HandOffScriptExecutor handOff = new HandOffScriptExecutor(delegate);
        CompletableFuture<ScriptExecutor.ScriptOutcome> bad =
                handOff.run(List.of("throws"), Optional.empty(), Optional.empty(), Duration.ofSeconds(1));
        ExecutionException e = assertThrows(ExecutionException.class, () -> bad.get(5, TimeUnit.SECONDS));
        assertEquals("cannot start", e.getCause().getMessage());
        handOff.run(List.of("next"), Optional.empty(), Optional.empty(), Duration.ofSeconds(1));
        handOff.close();
        assertEquals(List.of("next"), delegate.started);
    }

    @Test
    void afterCloseARunIsAnsweredNotStarted() throws Exception {
        Recording delegate = new Recording(new CountDownLatch(0));
        HandOffScriptExecutor handOff = new HandOffScriptExecutor(delegate);
        handOff.close();
        ScriptExecutor.ScriptOutcome late =
                handOff.run(List.of("late"), Optional.empty(), Optional.empty(), Duration.ofSeconds(1)).get(5, TimeUnit.SECONDS);
        assertEquals(ScriptExecutor.ScriptOutcome.Kind.NOT_STARTED, late.kind());
        assertTrue(delegate.started.isEmpty());
    }
}
