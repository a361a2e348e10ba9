package io.jkeepalived.vrrp.track;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts scripts from a thread of its own, so the VRRP event loop only queues them.
 *
 * <p>Why: with {@code vrrp_rt_priority} the loop is a real-time thread under RLIMIT_RTTIME (10 ms by default), and
 * the kernel kills the whole daemon when that thread runs so long without sleeping. Starting a script is the
 * heaviest thing a state change asked of the loop: the first one in a daemon's life loads the JDK's futures and
 * executors and starts the runner's timer thread. Measured with perf sched on the daemon's first MASTER with a
 * notify_master script: 9.3 ms of CPU without a sleep here, and past the limit on a slower CI machine (the
 * daemon died of SIGKILL). Here the loop pays for a queue offer; the rest runs on an ordinary thread.
 *
 * <p>Scripts are handed over in the order they are asked for, so notify_backup is never started after a later
 * notify_master. The future is returned at once and completes with the delegate's outcome.
 */
public final class HandOffScriptExecutor implements ScriptExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(HandOffScriptExecutor.class);

    private final ScriptExecutor delegate;
    private final ThreadPoolExecutor starter;

    public HandOffScriptExecutor(ScriptExecutor delegate) {
        this.delegate = delegate;
        this.starter = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "jkv-script-start");
            t.setDaemon(true);
            return t;
        });
        rehearse();
    }

    /**
     * Runs the hand-off's own code once, here, on the constructing thread: its classes are loaded before the event
     * loop first uses them, and the starter thread exists. (run() has no lambda for the same reason: the first run
     * of a lambda call site links it, up to a millisecond of CPU on a real-time thread.)
     */
    private void rehearse() {
        ScriptExecutor stub = new ScriptExecutor() {
            @Override
            public CompletableFuture<ScriptOutcome> run(List<String> argv, Optional<String> user,
                                                        Optional<String> group, Duration timeout) {
                return CompletableFuture.completedFuture(new ScriptOutcome(ScriptOutcome.Kind.NOT_STARTED, -1,
                        "rehearsal"));
            }

            @Override
            public void close() {
            }
        };
        CompletableFuture<ScriptOutcome> done = new CompletableFuture<>();
        handOff(new Pending(stub, List.of("rehearsal"), Optional.empty(), Optional.empty(), Duration.ZERO, done));
        done.join();
    }

    @Override
    public CompletableFuture<ScriptOutcome> run(List<String> argv, Optional<String> user, Optional<String> group,
                                                Duration timeout) {
        CompletableFuture<ScriptOutcome> result = new CompletableFuture<>();
        handOff(new Pending(delegate, argv, user, group, timeout, result));
        return result;
    }

    /** One script to start, on the starter thread, and the future its outcome goes to. */
    private record Pending(ScriptExecutor delegate, List<String> argv, Optional<String> user, Optional<String> group,
                           Duration timeout, CompletableFuture<ScriptOutcome> result) implements Runnable {
        @Override
        public void run() {
            try {
                delegate.run(argv, user, group, timeout).whenComplete((outcome, error) -> {
                    if (error != null) {
                        result.completeExceptionally(error);
                    } else {
                        result.complete(outcome);
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }
    }

    private void handOff(Pending pending) {
        try {
            starter.execute(pending);
        } catch (RejectedExecutionException e) {
            pending.result().complete(new ScriptOutcome(ScriptOutcome.Kind.NOT_STARTED, -1, "the daemon is stopping"));
        }
    }

    /** Starts what was already handed over, then closes the delegate. */
    @Override
    public void close() {
        starter.shutdown();
        try {
            if (!starter.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("scripts still being started after 5 s at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        delegate.close();
    }
}
