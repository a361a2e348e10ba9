package io.jkeepalived.vrrp.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.libc.Libc;
import io.jkeepalived.sched.PrioritySettings;
import io.jkeepalived.sched.ThreadScheduler;
import io.jkeepalived.vrrp.runtime.Lab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RLIMIT_RTTIME against a real kernel (root): a SCHED_RR event loop kept busy by a descriptor that is always
 * readable (a packet flood, in effect) never waits in ppoll. The controls run under keepalived's hard limit, which
 * the daemon does not set (ThreadScheduler): there the kernel kills the whole JVM. The guarded runs use the
 * daemon's own settings and show the bounds at work: the loop sleeps, the long turn goes on at SCHED_OTHER. Each
 * run is a JVM of its own, since a control dies.
 */
class RealtimeLimitTest {

    @TempDir
    Path dir;

    /** The child: a busy real-time loop for 1.5 s under vrrp_rlimit_rttime 20000 (soft 10 ms, hard 20 ms). */
    public static final class BusyLoop {
        public static void main(String[] args) throws Exception {
            boolean bounded = args[0].startsWith("bounded");
            boolean longTurn = args[0].endsWith("long-turn");
            sun.misc.Signal.handle(new sun.misc.Signal("XCPU"), s -> System.out.println("SIGXCPU"));
            Libc libc = Libc.get();
            EventLoop loop = new EventLoop(libc, "vrrp");
            int busy = libc.eventfd(1, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
            java.util.concurrent.atomic.AtomicInteger loopTid = new java.util.concurrent.atomic.AtomicInteger();
            if (!longTurn) {
                loop.register(busy, () -> { });
            }
            PrioritySettings rt = new PrioritySettings(10, 0, 20_000, false, 0, Duration.ofSeconds(1), java.util.List.of());
            // The first log line of a JVM sets logback up (tens of ms of CPU without a sleep): done here, before the
            // loop is real-time, as in the daemon, where logging is set up long before.
            org.slf4j.LoggerFactory.getLogger(BusyLoop.class).info("logging is set up");
            loop.execute(() -> {
                int got = new ThreadScheduler(libc).applyToCurrentThread(rt, "test");
                loopTid.set(libc.gettid());
                if (!bounded) {
                    // keepalived's pair for vrrp_rlimit_rttime 20000: the kernel's SIGKILL at 20 ms.
                    try {
                        libc.setrlimit(Libc.RLIMIT_RTTIME, 10_000, 20_000);
                    } catch (io.jkeepalived.libc.LinuxException e) {
                        throw new IllegalStateException(e);
                    }
                }
                // After the priority: the watchdog runs one step above the loop's priority, read here.
                if (bounded) {
                    loop.sleepAtLeastEvery(rt.rlimitRttimeMicros() * 1000 / 4);
                }
                // No string concatenation here: its first use bootstraps an invokedynamic call site, milliseconds of
                // CPU without a sleep, now on a real-time thread (it reached the soft limit once in five runs).
                System.out.print("rt ");
                System.out.println(got);
            });
            if (longTurn) {
                // One turn busy for 200 ms without a system call: ten times the hard limit.
                loop.execute(() -> {
                    long start = System.nanoTime();
                    // In two spins, not one loop that looks at the clock: demoted on a loaded machine, the thread may be
                    // off the CPU for the whole stretch between 150 and 200 ms, and then the look would never happen.
                    while (System.nanoTime() - start < 150_000_000L) {
                        Thread.onSpinWait();
                    }
                    int policyLate = policy(libc);
                    while (System.nanoTime() - start < 200_000_000L) {
                        Thread.onSpinWait();
                    }
                    System.out.print("during ");
                    System.out.println(policyLate);
                    // A later turn, after the loop has waited once.
                    loop.schedule(20_000_000L, () -> {
                        System.out.print("after ");
                        System.out.println(policy(libc));
                        System.out.print("demotions ");
                        System.out.println(loop.realtimeDemotions());
                    });
                });
            }
            loop.start();
            Thread.sleep(100);
            while (loopTid.get() == 0) {
                Thread.sleep(5);
            }
            long sleptBefore = io.jkeepalived.sched.ThreadStats.voluntarySwitches(loopTid.get());
            Thread.sleep(1400);
            System.out.println("slept " + (io.jkeepalived.sched.ThreadStats.voluntarySwitches(loopTid.get())
                    - sleptBefore));
            System.out.println("alive");
            System.exit(0);
        }
    }

    private static int policy(Libc libc) {
        try {
            return libc.schedGetScheduler(libc.gettid()) & ~Libc.SCHED_RESET_ON_FORK;
        } catch (io.jkeepalived.libc.LinuxException e) {
            return -2;
        }
    }

    private Process child(String mode, Path out) throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BusyLoop.class.getName(), mode)
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }

    @Test
    void aBusyRealtimeLoopSurvivesItsCpuLimitOnlyBecauseItSleeps() throws Exception {
        Lab.requireRoot();
        Path unboundedOut = dir.resolve("unbounded.txt");
        Process unbounded = child("unbounded", unboundedOut);
        assertTrue(unbounded.waitFor(30, TimeUnit.SECONDS));
        List<String> control = Files.readAllLines(unboundedOut);
        assertTrue(control.contains("rt 10"), control.toString());
        // The control: the kernel does kill a JVM whose real-time thread never sleeps (SIGKILL: 128 + 9).
        assertEquals(137, unbounded.exitValue(), "the unbounded loop should have been killed: " + control);

        Path boundedOut = dir.resolve("bounded.txt");
        Process bounded = child("bounded", boundedOut);
        assertTrue(bounded.waitFor(30, TimeUnit.SECONDS));
        List<String> lines = Files.readAllLines(boundedOut);
        assertEquals(0, bounded.exitValue(), lines.toString());
        assertTrue(lines.contains("rt 10") && lines.contains("alive"), lines.toString());
        // The bound at work: about 1.4 s / 5 ms (a quarter of the limit) = 280 sleeps at least, where the flood alone
        // gives none; asserted loosely, since real-time throttling and a loaded machine take time off the loop.
        long slept = lines.stream().filter(l -> l.startsWith("slept ")).mapToLong(l -> Long.parseLong(l.substring(6)))
                .findFirst().orElse(-1);
        assertTrue(slept >= 50, "the flooded loop slept " + slept + " times in 1.4 s: " + lines);
        // Not asserted: that the soft limit is never reached. In 3 of 15 runs on a loaded 2-vCPU VM the guarded
        // loop still got one SIGXCPU (which the daemon logs) and lived; the cause is not known (docs/vrrp.md).
    }

    /**
     * One turn that runs 200 ms without a system call (as a reload or a first run of cold code may, in part): the
     * loop's guard between turns cannot help, and without the watchdog the kernel kills the JVM. With it, the turn
     * goes on at SCHED_OTHER and the loop is SCHED_RR again after it.
     */
    @Test
    void aLongTurnIsDemotedByTheWatchdogInsteadOfKilled() throws Exception {
        Lab.requireRoot();
        Path controlOut = dir.resolve("unguarded.txt");
        Process control = child("unbounded-long-turn", controlOut);
        assertTrue(control.waitFor(30, TimeUnit.SECONDS));
        List<String> controlLines = Files.readAllLines(controlOut);
        assertTrue(controlLines.contains("rt 10"), controlLines.toString());
        assertEquals(137, control.exitValue(), "the long turn without the watchdog should be killed: " + controlLines);

        Path out = dir.resolve("guarded.txt");
        Process guarded = child("bounded-long-turn", out);
        assertTrue(guarded.waitFor(30, TimeUnit.SECONDS));
        List<String> lines = Files.readAllLines(out);
        assertEquals(0, guarded.exitValue(), lines.toString());
        assertTrue(lines.contains("rt 10") && lines.contains("alive"), lines.toString());
        assertTrue(lines.contains("during " + Libc.SCHED_OTHER), "late in the turn the loop ran SCHED_OTHER: " + lines);
        assertTrue(lines.contains("after " + Libc.SCHED_RR), "after the turn SCHED_RR again: " + lines);
        // The long turn, and on a loaded machine perhaps a short first-run one too (the first output on the
        // real-time thread); never two for the long turn (CI once saw that race, now closed: noteRestore).
        assertTrue(lines.stream().anyMatch(l -> l.matches("demotions [1-2]")), lines.toString());
        assertEquals(1, lines.stream().filter(l -> l.matches(".*a turn of the event loop took \\d{3,}\\.\\d+ ms.*"))
                .count(), "one warning for the 200 ms turn: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.contains("a turn of the event loop took") && l.contains("restored")),
                lines.toString());
    }
}
