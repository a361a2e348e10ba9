package io.jkeepalived.vrrp.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.libc.Libc;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real loop (poll, eventfd), no privileges needed. */
class EventLoopTest {
    private final Libc libc = Libc.get();

    @Test
    void timersNeverFireEarlyAndRunOnTheLoopThread() throws Exception {
        try (EventLoop loop = new EventLoop(libc, "test-loop")) {
            loop.start();
            List<Long> lateness = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(20);
            loop.execute(() -> {
                for (int i = 0; i < 20; i++) {
                    long delay = TimeUnit.MILLISECONDS.toNanos(5 + i * 3);
                    long due = System.nanoTime() + delay;
                    loop.schedule(delay, () -> {
                        assertTrue(loop.inLoop());
                        lateness.add(System.nanoTime() - due);
                        done.countDown();
                    });
                }
            });
            assertTrue(done.await(5, TimeUnit.SECONDS));
            for (long late : lateness) {
                assertTrue(late >= 0, "fired " + (-late) + " ns early");
            }
        }
    }

    /**
     * The lateness watcher (max_auto_priority) hears of a timer that runs late, with that timer's own deadline,
     * whatever held the loop: here a task that blocks it past the deadline.
     */
    @Test
    void aTimerRunLateIsToldWithItsDeadline() throws Exception {
        try (EventLoop loop = new EventLoop(libc, "test-loop")) {
            List<long[]> told = new CopyOnWriteArrayList<>();
            loop.watchLateness((due, ran) -> told.add(new long[] {due, ran}));
            loop.start();
            long delay = TimeUnit.MILLISECONDS.toNanos(50);
            CountDownLatch ran = new CountDownLatch(1);
            long[] window = new long[2];
            long[] ranAt = new long[1];
            loop.execute(() -> {
                window[0] = System.nanoTime() + delay;
                loop.schedule(delay, () -> {
                    ranAt[0] = System.nanoTime();
                    ran.countDown();
                });
                window[1] = System.nanoTime() + delay;
                // Holds the loop 300 ms: the timer can only run about 250 ms late.
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            });
            assertTrue(ran.await(5, TimeUnit.SECONDS));
            List<long[]> late = told.stream().filter(t -> t[1] - t[0] > TimeUnit.MILLISECONDS.toNanos(200)).toList();
            assertEquals(1, late.size(), "one late timer told");
            long due = late.get(0)[0];
            assertTrue(due >= window[0] && due <= window[1], "told the timer's own deadline");
            assertTrue(late.get(0)[1] <= ranAt[0], "told before the timer ran");
        }
    }

    @Test
    void aReadableDescriptorCallsItsHandlerAndTasksFromOtherThreadsRun() throws Exception {
        int fd = libc.eventfd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
        try (EventLoop loop = new EventLoop(libc, "test-loop")) {
            CompletableFuture<Long> read = new CompletableFuture<>();
            loop.register(fd, () -> {
                ByteBuffer b = Libc.allocate(8);
                try {
                    libc.read(fd, b);
                    read.complete(b.getLong(0));
                } catch (Exception e) {
                    read.completeExceptionally(e);
                }
            });
            loop.start();
            CompletableFuture<Boolean> onLoop = new CompletableFuture<>();
            loop.execute(() -> onLoop.complete(loop.inLoop()));
            assertTrue(onLoop.get(5, TimeUnit.SECONDS));
            ByteBuffer seven = Libc.allocate(8);
            seven.putLong(0, 7);
            libc.write(fd, seven);
            assertEquals(7L, read.get(5, TimeUnit.SECONDS));
        } finally {
            libc.closeQuietly(fd);
        }
    }

    @Test
    void aFailingTaskDoesNotKillTheLoopAndShutdownRunsQueuedTasks() throws Exception {
        EventLoop loop = new EventLoop(libc, "test-loop");
        loop.start();
        loop.execute(() -> {
            throw new IllegalStateException("a bug in one instance");
        });
        CompletableFuture<String> after = new CompletableFuture<>();
        loop.execute(() -> after.complete("still running"));
        assertEquals("still running", after.get(5, TimeUnit.SECONDS));
        CompletableFuture<String> last = new CompletableFuture<>();
        loop.execute(() -> last.complete("ran before the end"));
        assertTrue(loop.shutdown(Duration.ofSeconds(5)));
        assertEquals("ran before the end", last.getNow("lost"));
        loop.close();
    }

    @Test
    void theSleepBeforeAPreciseTimerEndsBeforeTheSpinStartsEvenWithTheKernelsPollSlack() {
        long[] remainings = {
            EventLoop.SPIN_NANOS + 1, EventLoop.SPIN_NANOS + 30_000, EventLoop.SPIN_NANOS + 60_000,
            2_000_000, 5_000_000, 50_000_000, 602_000_000, 999_000_000, 1_001_000_000, 3_609_375_000L,
            30_000_000_000L};
        for (long remaining : remainings) {
            long sleep = EventLoop.sleepBeforeSpin(remaining);
            // What fs/select.c may add to a poll timeout: T/1000, T/200 for a niced thread, at least 50 us.
            long worstSlack = Math.max(sleep / 200, EventLoop.TIMER_SLACK_NANOS);
            assertTrue(sleep >= 0, "negative sleep for " + remaining);
            assertTrue(sleep <= EventLoop.MAX_WAIT_NANOS, "sleep over the cap for " + remaining);
            assertTrue(sleep == 0 || sleep + worstSlack <= remaining - EventLoop.SPIN_NANOS,
                    "a " + sleep + " ns poll may end after the spin start " + (remaining - EventLoop.SPIN_NANOS));
        }
        // Far from the deadline it still sleeps nearly all of the way (no busy loop).
        assertTrue(EventLoop.sleepBeforeSpin(602_000_000) > 597_000_000);
        assertTrue(EventLoop.sleepBeforeSpin(5_000_000) > 3_900_000);
    }

    @Test
    void aTimerRehearsalRunsItsRoundsOnTheLoopAndThenWhatFollows() throws Exception {
        try (EventLoop loop = new EventLoop(libc, "test-loop")) {
            loop.start();
            CompletableFuture<Long> then = new CompletableFuture<>();
            long start = System.nanoTime();
            loop.execute(() -> loop.rehearsePreciseTimers(10, 2_000_000L, () -> {
                assertTrue(loop.inLoop());
                assertEquals(0, loop.pendingTimers(), "a rehearsal timer left behind");
                then.complete(System.nanoTime() - start);
            }));
            long elapsed = then.get(5, TimeUnit.SECONDS);
            // Ten precise timers one after another, none early: at least 20 ms before what follows runs.
            assertTrue(elapsed >= 20_000_000L, "ran after " + elapsed + " ns");
        }
    }
}
