package io.jkeepalived.config.bench;

import io.jkeepalived.config.ConfigParser;
import io.jkeepalived.config.ParseOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Warm parse speed and model memory for the foundation issue: a generated director config with 1,000 virtual
 * servers and 10,000 real servers. The cold parse (a fresh JVM, as at daemon start and on {@code -t}) is
 * {@link ColdParse}'s; {@code bench/parse.sh} runs both, results go to docs/benchmarks.md. Not a unit test on
 * purpose: timings belong in benchmarks, never in assertions.
 */
public final class ParseBenchmark {
    private static final int WARM_UP = 20;
    private static final int RUNS = 15;
    private static final int COPIES = 4;

    private ParseBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int virtualServers = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int realPerVirtual = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path dir = Files.createTempDirectory("jkv-parse-bench");
        try {
            ConfigParser parser = new ConfigParser(new ParseOptions("bench"));
            warm(parser, dir, virtualServers, realPerVirtual);
            System.out.printf("model memory (heap retained by %d models kept alive, measured after full GCs):%n",
                    COPIES);
            for (int n : new int[] {125, 250, 500, 1000, 2000}) {
                Path f = dir.resolve("n" + n + ".conf");
                Files.writeString(f, GeneratedConfig.director(n, realPerVirtual));
                long bytes = retainedBytes(parser, f);
                System.out.printf("  %5d VS / %6d RS: %8.1f KiB per model, %6.0f bytes per VS, %4.0f bytes per RS%n",
                        n, n * realPerVirtual, bytes / 1024.0, (double) bytes / n, (double) bytes / (n * realPerVirtual));
            }
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Times parses of the big config in this JVM once it is warm. A method of its own: no result outlives it. */
    private static void warm(ConfigParser parser, Path dir, int virtualServers, int realPerVirtual)
            throws IOException {
        Path big = dir.resolve("big.conf");
        Files.writeString(big, GeneratedConfig.director(virtualServers, realPerVirtual));
        List<?> problems = parser.parse(big).diagnostics();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the benchmark config must parse cleanly: " + problems);
        }
        for (int i = 0; i < WARM_UP; i++) {
            parser.parse(big);
        }
        double[] warm = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t = System.nanoTime();
            parser.parse(big);
            warm[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(warm);
        System.out.printf("warm parse, %d VS / %d RS (same JVM, after %d parses): median %.1f ms, mean %.1f ms"
                + " (young GCs included), min %.1f ms, max %.1f ms over %d runs%n", virtualServers,
                virtualServers * realPerVirtual, WARM_UP + 1, warm[RUNS / 2], Arrays.stream(warm).average().orElse(0),
                warm[0], warm[RUNS - 1], RUNS);
    }

    /**
     * Heap retained by one parsed model: the heap in use with {@link #COPIES} models alive, minus the heap in use
     * once they are dropped, per copy. Measuring against the heap after dropping them (not before making them)
     * keeps leftovers of earlier parses, which the first GCs do not always free, out of the figure.
     */
    private static long retainedBytes(ConfigParser parser, Path file) {
        parser.parse(file);
        List<Object> keep = new ArrayList<>();
        for (int i = 0; i < COPIES; i++) {
            keep.add(parser.parse(file).config());
        }
        long alive = usedAfterGc();
        Reference.reachabilityFence(keep);
        keep = null;
        long released = usedAfterGc();
        return (alive - released) / COPIES;
    }

    /** Heap in use once full GCs stop freeing anything (objects awaiting finalization take more than one). */
    private static long usedAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (now >= used) {
                return now;
            }
            used = now;
        }
        return used;
    }
}
