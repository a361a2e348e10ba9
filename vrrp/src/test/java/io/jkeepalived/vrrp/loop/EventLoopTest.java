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
}
