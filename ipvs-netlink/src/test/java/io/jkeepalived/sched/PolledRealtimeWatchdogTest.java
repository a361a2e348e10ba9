package io.jkeepalived.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.libc.Libc;
import io.jkeepalived.testing.RootRequired;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RLIMIT_RTTIME against a real kernel (root): a SCHED_RR thread that computes for 200 ms without a system call, as a
 * checker thread in a TLS handshake might. Unwatched and under keepalived's hard limit, the kernel kills the JVM;
 * watched, with the daemon's own settings, the thread goes on at SCHED_OTHER and is real-time again after that task,
 * from a task the watchdog queued on its own loop. Each run is a JVM of its own, since the control dies.
 */
class PolledRealtimeWatchdogTest {

    @TempDir
    Path dir;

    /** The child: the busy thread under a limit of 20 ms (soft 10 ms), watched or not. */
    public static final class BusyThread {
        public static void main(String[] args) throws Exception {
            boolean watched = args[0].equals("watched");
            sun.misc.Signal.handle(new sun.misc.Signal("XCPU"), s -> System.out.println("SIGXCPU"));
            Libc libc = Libc.get();
            PolledRealtimeWatchdog watchdog = new PolledRealtimeWatchdog(libc, "jkv-test-rt");
            // The watched thread is an executor's, as a checker's event loop: tasks one after another.
            java.util.concurrent.ExecutorService loop = java.util.concurrent.Executors.newSingleThreadExecutor(
                    r -> new Thread(r, "busy"));
            java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
            loop.execute(() -> {
                PrioritySettings rt = new PrioritySettings(10, 0, 20_000, false, 0, Duration.ofSeconds(1), List.of());
                int got = new ThreadScheduler(libc).applyToCurrentThread(rt, "test");
                if (!watched) {
                    // keepalived's pair for a limit of 20000: the kernel's SIGKILL at 20 ms. The daemon leaves the
                    // hard limit unlimited (ThreadScheduler); the control shows the stretch would be lethal under it.
                    try {
                        libc.setrlimit(Libc.RLIMIT_RTTIME, 10_000, 20_000);
                    } catch (io.jkeepalived.libc.LinuxException e) {
                        throw new IllegalStateException(e);
                    }
                }
                if (watched) {
                    watchdog.watch(libc.gettid(), "test", got, rt.rlimitRttimeMicros(), loop);
                }
                System.out.println("rt " + got);
                sleep(50);   // the watchdog is running by now
                loop.execute(() -> round(libc, loop, 1, done));
            });
            done.await();
            System.out.println("demotions " + watchdog.demotions());
            System.out.println("alive");
            System.exit(0);
        }

        /** 200 ms of computation without a system call; the next task reports the policy, sleeps, goes on. */
        private static void round(Libc libc, java.util.concurrent.Executor loop, int round,
                                  java.util.concurrent.CountDownLatch done) {
            long start = System.nanoTime();
            // In two spins, not one loop that looks at the clock: demoted on a loaded machine, the thread may be off
            // the CPU for the whole stretch between 150 and 200 ms, and then the look would never happen.
            while (System.nanoTime() - start < 150_000_000L) {
                Thread.onSpinWait();
            }
            int during = policy(libc);
            while (System.nanoTime() - start < 200_000_000L) {
                Thread.onSpinWait();
            }
            int duringRound = during;
            // Queued behind the watchdog's restore task, which was queued while this one ran.
            loop.execute(() -> {
                // Read before anything else: the first string concatenation at a call site is an invokedynamic
                // bootstrap, milliseconds of CPU at real-time priority, and on a slow machine the watchdog demoted
                // the thread again for that before it was asked (CI: "round 1 after 0", demotions 3).
                int after = policy(libc);
                System.out.println("round " + round + " during " + duringRound);
                System.out.println("round " + round + " after " + after);
                sleep(30);
                if (round < 2) {
                    loop.execute(() -> round(libc, loop, round + 1, done));
                } else {
                    done.countDown();
                }
            });
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static int policy(Libc libc) {
            try {
                return libc.schedGetScheduler(libc.gettid()) & ~Libc.SCHED_RESET_ON_FORK;
            } catch (io.jkeepalived.libc.LinuxException e) {
                return -2;
            }
        }
    }

    private List<String> runChild(String mode, int expectedExit) throws Exception {
        Path out = dir.resolve(mode + ".txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BusyThread.class.getName(), mode)
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        List<String> lines = Files.readAllLines(out);
        assertEquals(expectedExit, p.exitValue(), mode + ": " + lines);
        return lines;
    }

    @Test
    void aLongComputationIsDemotedInsteadOfKilledAndRestoredAfterASleep() throws Exception {
        RootRequired.check();
        // The control: the kernel does kill a JVM whose real-time thread runs that long (SIGKILL: 128 + 9).
        List<String> control = runChild("unwatched", 137);
        assertTrue(control.contains("rt 10"), control.toString());

        List<String> lines = runChild("watched", 0);
        assertTrue(lines.contains("rt 10") && lines.contains("alive"), lines.toString());
        for (int round = 1; round <= 2; round++) {
            assertTrue(lines.contains("round " + round + " during " + Libc.SCHED_OTHER), lines.toString());
            assertTrue(lines.contains("round " + round + " after " + Libc.SCHED_RR), lines.toString());
        }
        // At least the two rounds; the first string concatenation on the real-time thread (an invokedynamic
        // bootstrap, milliseconds of CPU) was demoted too in 1 of 6 runs.
        assertTrue(lines.stream().anyMatch(l -> l.matches("demotions [2-9]")), lines.toString());
    }
}
