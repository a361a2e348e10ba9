package io.jkeepalived.config.bench;

import io.jkeepalived.config.ConfigParser;
import io.jkeepalived.config.ParseOptions;
import io.jkeepalived.config.ParseResult;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One parse in a fresh JVM, as the daemon does at start and on {@code -t}: {@code bench/parse.sh} runs it several
 * times and reports the median. Prints the wall time of the parse, the parsing thread's CPU time and, from
 * /proc, the CPU time every thread of the JVM used so far (the JIT compilers share the one core with the parse),
 * and how much the parse allocated.
 */
public final class ColdParse {
    private ColdParse() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocated = threads.getCurrentThreadAllocatedBytes();
        long cpu = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        ParseResult result = new ConfigParser(new ParseOptions("bench")).parse(file);
        long wall = System.nanoTime() - start;
        cpu = threads.getCurrentThreadCpuTime() - cpu;
        allocated = threads.getCurrentThreadAllocatedBytes() - allocated;
        if (!result.diagnostics().isEmpty()) {
            throw new IllegalStateException("the benchmark config must parse cleanly: " + result.diagnostics());
        }
        System.out.printf("cold parse: %.1f ms wall, %.1f ms CPU of the parsing thread, %d MB allocated%n",
                wall / 1e6, cpu / 1e6, allocated >> 20);
        if (args.length > 1 && args[1].equals("--threads")) {
            printThreadCpu();
        }
    }

    /** utime + stime of every thread of this JVM from /proc/self/task (clock ticks of 10 ms). */
    private static void printThreadCpu() throws IOException {
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat = Files.readString(task.resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                if (ticks > 0) {
                    System.out.printf("  thread %-20s %6d ms CPU%n", name, ticks * 10);
                }
            }
        }
    }
}
