package io.jkeepalived.daemon.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.vrrp.runtime.Lab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process-priority settings on a real jkeepalived (root): what /proc says of the VRRP event-loop thread, of
 * the JVM's own threads, of the process's locked memory and of a notify script the daemon spawns.
 */
class ProcessPriorityTest {
    private static Lab lab;

    @TempDir
    Path dir;

    @BeforeAll
    static void segment() throws IOException {
        lab = Lab.create("jkv-pr-", "pp", "a");
    }

    @AfterAll
    static void removeSegment() {
        if (lab != null) {
            lab.close();
        }
    }

    /** One task of /proc/PID/task: its name and the scheduling fields of its stat line. */
    private record Task(int tid, String comm, int nice, int rtPriority, int policy) {
        static Task of(Path stat) throws IOException {
            String line = Files.readString(stat);
            int open = line.indexOf('(');
            int close = line.lastIndexOf(')');
            String[] f = line.substring(close + 2).trim().split(" ");
            // f[0] is field 3 (state): nice is field 19, rt_priority 40, policy 41.
            return new Task(Integer.parseInt(line.substring(0, open).trim()), line.substring(open + 1, close),
                    Integer.parseInt(f[16]), Integer.parseInt(f[37]), Integer.parseInt(f[38]));
        }
    }

    private static List<Task> tasks(long pid) throws IOException {
        List<Task> out = new ArrayList<>();
        try (var s = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : s.toList()) {
                try {
                    out.add(Task.of(t.resolve("stat")));
                } catch (java.nio.file.NoSuchFileException gone) {
                    // a thread that ended while we looked
                }
            }
        }
        return out;
    }

    private static Task vrrpThread(long pid) throws IOException {
        return tasks(pid).stream().filter(t -> t.comm().equals("vrrp")).findFirst()
                .orElseThrow(() -> new AssertionError("no thread named vrrp in " + pid));
    }

    /** The JVM's pid: ip netns exec may stand between us and it. */
    private static long jvmPid(Director d) throws Exception {
        Director.await("the JVM under " + d.process.pid(), Duration.ofSeconds(10), () -> javaPid(d.process.toHandle()) > 0);
        return javaPid(d.process.toHandle());
    }

    private static long javaPid(ProcessHandle h) {
        if (h.info().command().orElse("").endsWith("/java")) {
            return h.pid();
        }
        return h.children().mapToLong(ProcessPriorityTest::javaPid).filter(p -> p > 0).findFirst().orElse(-1);
    }

    private static boolean vrrpThreadIs(long pid, int policy, int rtPriority, int nice) throws IOException {
        return tasks(pid).stream().anyMatch(t -> t.comm().equals("vrrp") && t.policy() == policy
                && t.rtPriority() == rtPriority && t.nice() == nice);
    }

    private static String cpusAllowed(long pid, long tid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/task/" + tid + "/status"))) {
            if (line.startsWith("Cpus_allowed_list:")) {
                return line.substring("Cpus_allowed_list:".length()).trim();
            }
        }
        throw new AssertionError("no Cpus_allowed_list");
    }

    private static long lockedKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmLck:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new AssertionError("no VmLck");
    }

    /**
     * Stops the daemon; its exit status is asserted only when the test passed so far, else added to the failure, so
     * that a daemon killed after an assertion failed does not hide which one (CI once showed only the exit 137).
     */
    private static void stopAndCheck(Director d, Throwable failed) throws Exception {
        int status = d.stop();
        if (failed == null) {
            assertEquals(0, status, d.log());
        } else if (status != 0) {
            failed.addSuppressed(new AssertionError("and then the daemon exited with status " + status + ":\n" + d.log()));
        }
    }

    private Path conf(String globals, Path script) throws IOException {
        Path file = dir.resolve("jkv-pr.conf");
        Files.writeString(file, "global_defs {\n" + globals + "}\n"
                + "vrrp_instance VI_1 {\n    state MASTER\n    interface " + lab.device('a') + "\n"
                + "    virtual_router_id 61\n    priority 255\n    advert_int 1\n"
                + (script == null ? "" : "    notify_master " + script + "\n")
                + "    virtual_ipaddress {\n        192.0.2.161/24\n    }\n}\n");
        return file;
    }

    @Test
    void realtimePriorityGoesToTheVrrpThreadOnlyAndNotToScripts() throws Exception {
        Path out = dir.resolve("script-stat");
        Path script = dir.resolve("notify.sh");
        Files.writeString(script, "#!/bin/sh\ncat /proc/$$/stat > " + out + ".tmp && mv " + out + ".tmp " + out + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Director d = Director.jkeepalived(lab, 'a', dir,
                conf("    vrrp_rt_priority 20\n    vrrp_no_swap\n    max_auto_priority -1\n", script), "rt");
        Throwable failed = null;
        try {
            d.awaitStarted();
            long pid = jvmPid(d);
            Director.await("the VRRP thread at SCHED_RR 20", Duration.ofSeconds(10), () -> vrrpThreadIs(pid, 2, 20, 0));
            // The watchdog takes its priority just after the VRRP thread does.
            Director.await("the watchdog at SCHED_FIFO 21", Duration.ofSeconds(10),
                    () -> tasks(pid).stream().anyMatch(t -> t.comm().equals("vrrp-watchdog") && t.policy() == 1
                            && t.rtPriority() == 21));
            for (Task t : tasks(pid)) {
                if (t.comm().equals("vrrp-watchdog")) {
                    // The one exception: it takes SCHED_RR from a turn that runs too long (RealtimeWatchdog).
                    assertEquals(1, t.policy(), "the watchdog runs SCHED_FIFO: " + t);
                    assertEquals(21, t.rtPriority(), "one step above the VRRP thread: " + t);
                } else if (!t.comm().equals("vrrp")) {
                    assertEquals(0, t.policy(), "thread " + t + " must stay SCHED_OTHER");
                    assertEquals(0, t.nice(), "thread " + t + " keeps nice 0");
                }
            }
            assertTrue(tasks(pid).stream().anyMatch(t -> t.comm().equals("vrrp-watchdog")), "a watchdog thread seen");
            assertTrue(tasks(pid).stream().anyMatch(t -> t.comm().startsWith("C2 Compiler")), "a JIT thread seen");
            assertTrue(lockedKb(pid) > 0, "vrrp_no_swap locks the process in memory");
            Director.await("the notify_master script ran", Duration.ofSeconds(10), () -> Files.exists(out));
            Task child = Task.of(out);
            assertEquals(0, child.policy(), "a script starts SCHED_OTHER: " + child);
            assertEquals(0, child.nice(), "a script starts at nice 0: " + child);
            assertTrue(d.log().contains("VRRP: thread " + vrrpThread(pid).tid() + " runs SCHED_RR at priority 20"),
                    d.log());
            assertFalse(d.log().contains("NOTICE: max_auto_priority"), "-1 silences the notice");

            // keepalived's default RLIMIT_RTTIME with a real-time priority is 5000 us soft, 10000 us hard; ours keeps
            // the soft limit and leaves the hard one (SIGKILL for the whole JVM) unlimited (ThreadScheduler).
            assertRealtimeLimit(pid, 5000, d);
            // The soft limit's SIGXCPU would end a JVM by default; ours logs it and carries on, as keepalived.
            Lab.sh("kill", "-XCPU", Long.toString(pid));
            Director.await("the SIGXCPU log line", Duration.ofSeconds(10),
                    () -> d.log().contains("used too much CPU time without sleeping (SIGXCPU)"));
            assertTrue(d.process.isAlive());

            // (Lower, not higher: a test from when the hard limit was the value; raising it takes CAP_SYS_RESOURCE.)
            // A reload sets the new configuration's priorities, as keepalived's VRRP process does when it reloads.
            conf("    vrrp_rt_priority 30\n    vrrp_rlimit_rttime 8000\n    max_auto_priority -1\n", script);
            Lab.sh("kill", "-HUP", Long.toString(pid));
            Director.await("SCHED_RR 30 after the reload", Duration.ofSeconds(10), () -> vrrpThreadIs(pid, 2, 30, 0));
            Director.await("the watchdog at SCHED_FIFO 31 after the reload", Duration.ofSeconds(10),
                    () -> tasks(pid).stream().anyMatch(t -> t.comm().equals("vrrp-watchdog") && t.policy() == 1
                            && t.rtPriority() == 31));
            assertRealtimeLimit(pid, 4000, d);
            conf("    max_auto_priority -1\n", script);
            Lab.sh("kill", "-HUP", Long.toString(pid));
            Director.await("SCHED_OTHER after a reload without vrrp_rt_priority", Duration.ofSeconds(10),
                    () -> vrrpThreadIs(pid, 0, 0, 0));
            Director.await("no real-time thread left after that reload", Duration.ofSeconds(10),
                    () -> tasks(pid).stream().allMatch(t -> t.policy() == 0));
            assertTrue(d.process.isAlive());
        } catch (Throwable failure) {
            failed = failure;
            throw failure;
        } finally {
            stopAndCheck(d, failed);
        }
    }

    /**
     * RLIMIT_RTTIME as the daemon set it: {@code softMicros} soft, no hard limit. Each time a thread passes the soft
     * limit the kernel sends SIGXCPU and raises the soft limit by 1 s (posix-cpu-timers.c), which a loaded machine
     * can do before the test looks (seen in CI: 1005000): so the soft limit is softMicros plus whole seconds.
     */
    private static void assertRealtimeLimit(long pid, long softMicros, Director d) throws IOException {
        List<String> limits = Files.readAllLines(Path.of("/proc/" + pid + "/limits"));
        String line = limits.stream().filter(l -> l.startsWith("Max realtime timeout")).findFirst().orElseThrow();
        String[] words = line.trim().split("\\s+");
        assertEquals("unlimited", words[4], line);
        long soft = Long.parseLong(words[3]);
        assertTrue(soft >= softMicros && (soft - softMicros) % 1_000_000 == 0, String.join("\n", limits) + "\n"
                + d.log());
    }

    private static long lateTimerLines(String log) {
        return log.lines().filter(l -> l.contains("VRRP: a timer ran ")).count();
    }

    @Test
    void niceValueAndTheAutomaticRaiseWhenTimersRunLate() throws Exception {
        Director d = Director.jkeepalived(lab, 'a', dir, conf("    vrrp_priority -5\n    vrrp_cpu_affinity 1\n    max_auto_priority 3\n"
                + "    min_auto_priority_delay 200000\n", null), "nice");
        Throwable failed = null;
        try {
            d.awaitStarted();
            long pid = jvmPid(d);
            Director.await("the VRRP thread at nice -5", Duration.ofSeconds(10), () -> vrrpThreadIs(pid, 0, 0, -5));
            assertEquals(0, vrrpThread(pid).policy());
            for (Task t : tasks(pid)) {
                if (!t.comm().equals("vrrp")) {
                    assertEquals(0, t.nice(), "thread " + t + " keeps nice 0");
                }
            }
            assertEquals(0, lockedKb(pid), "no no_swap, nothing locked");
            assertEquals("1", cpusAllowed(pid, vrrpThread(pid).tid()), "vrrp_cpu_affinity 1");
            for (Task t : tasks(pid)) {
                if (!t.comm().equals("vrrp")) {
                    assertEquals(cpusAllowed(pid, pid), cpusAllowed(pid, t.tid()), "thread " + t + " keeps its CPUs");
                }
            }
            // Freeze the whole process past its advert timer: when it runs again, the timer is about 1.5 s late.
            for (int round = 1; round <= 4; round++) {
                int expected = Math.min(round, 3);
                long lateBefore = lateTimerLines(d.log());
                for (int attempt = 1; ; attempt++) {
                    Lab.sh("kill", "-STOP", Long.toString(pid));
                    Thread.sleep(1500);
                    Lab.sh("kill", "-CONT", Long.toString(pid));
                    try {
                        Director.await("SCHED_RR " + expected + " after late timer " + round, Duration.ofSeconds(5),
                                () -> vrrpThreadIs(pid, 2, expected, -5));
                        break;
                    } catch (AssertionError e) {
                        // Once in 9 runs under load a 1.5 s stop left no "a timer ran ... late" line at all (not
                        // explained yet; docs/vrrp.md): stop again. A late timer that was seen and not answered
                        // by the raise fails at once.
                        if (attempt == 3 || lateTimerLines(d.log()) > lateBefore) {
                            throw new AssertionError(e.getMessage() + " (attempt " + attempt + "); the VRRP thread: "
                                    + vrrpThread(pid) + "\n" + d.log(), e);
                        }
                    }
                }
            }
            assertTrue(d.log().contains("VRRP: set realtime priority 1 after a late timer"), d.log());
            assertTrue(d.log().contains("VRRP: set realtime priority 3 after a late timer"), d.log());
            assertFalse(d.log().contains("VRRP: set realtime priority 4"), "max_auto_priority 3 is the ceiling");
        } catch (Throwable failure) {
            failed = failure;
            throw failure;
        } finally {
            stopAndCheck(d, failed);
        }
    }
}
