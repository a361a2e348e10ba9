package io.jkeepalived.sched;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What /proc tells about one thread of this process, for the real-time watchdogs: whether it slept (voluntary
 * context switches: an RT thread's preemption is involuntary and does not reset the kernel's RLIMIT_RTTIME
 * count) and whether it ran (time on a CPU). Each answers -1 when the thread is gone or /proc cannot be read.
 */
public final class ThreadStats {
    private ThreadStats() {
    }

    /** Time on a CPU in ns (schedstat's first field), or -1. */
    public static long cpuNanos(int tid) {
        try {
            String line = Files.readString(Path.of("/proc/self/task/" + tid + "/schedstat")).trim();
            int space = line.indexOf(' ');
            return Long.parseLong(space < 0 ? line : line.substring(0, space));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The count of voluntary context switches (the thread slept or blocked), or -1. */
    public static long voluntarySwitches(int tid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/task/" + tid + "/status"))) {
                if (line.startsWith("voluntary_ctxt_switches:")) {
                    return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
