package io.jkeepalived.config.bench;

import io.jkeepalived.config.ConfigParser;
import io.jkeepalived.config.ParseOptions;
import io.jkeepalived.config.ParseResult;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parse-speed and model-memory benchmark for the foundation issue: a generated director config with
 * 1,000 virtual servers and 10,000 real servers. Run by {@code bench/parse.sh}; results go to docs/benchmarks.md.
 * Not a unit test on purpose: timings belong in benchmarks, never in assertions.
 */
public final class ParseBenchmark {
    private ParseBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int virtualServers = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int realPerVirtual = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path dir = Files.createTempDirectory("jkv-parse-bench");
        try {
            Path big = dir.resolve("big.conf");
            Files.writeString(big, GeneratedConfig.director(virtualServers, realPerVirtual));
            long lines = Files.lines(big).count();
            System.out.printf("config: %d virtual servers, %d real servers, %d lines, %d bytes%n",
                    virtualServers, virtualServers * realPerVirtual, lines, Files.size(big));

            ConfigParser parser = new ConfigParser(new ParseOptions("bench"));
            long cold = System.nanoTime();
            ParseResult first = parser.parse(big);
            double coldMs = (System.nanoTime() - cold) / 1e6;
            System.out.printf("diagnostics: %d%n", first.diagnostics().size());
            first.diagnostics().stream().limit(5).forEach(d -> System.out.println("  " + d));

            int runs = 15;
            double[] warm = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t = System.nanoTime();
                parser.parse(big);
                warm[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(warm);
            System.out.printf("parse time: first (cold JVM) %.1f ms; warm median %.1f ms, min %.1f ms, max %.1f ms over %d runs%n",
                    coldMs, warm[runs / 2], warm[0], warm[runs - 1], runs);

            System.out.println("model memory (retained heap after GC, models kept alive):");
            for (int n : new int[] {125, 250, 500, 1000, 2000}) {
                Path f = dir.resolve("n" + n + ".conf");
                Files.writeString(f, GeneratedConfig.director(n, realPerVirtual));
                System.out.printf("  %5d VS / %6d RS: %8.1f KiB per copy%n", n, n * realPerVirtual,
                        retainedKiB(parser, f) );
            }
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Heap retained by the parsed model: several copies kept alive, measured after full GCs, divided per copy. */
    private static double retainedKiB(ConfigParser parser, Path file) {
        int copies = 4;
        long before = usedAfterGc();
        List<Object> keep = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
            keep.add(parser.parse(file).config());
        }
        long after = usedAfterGc();
        if (keep.size() != copies) {
            throw new AssertionError();
        }
        return (after - before) / 1024.0 / copies;
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
