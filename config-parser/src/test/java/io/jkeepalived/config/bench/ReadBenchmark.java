package io.jkeepalived.config.bench;

import io.jkeepalived.config.Diagnostics;
import io.jkeepalived.config.ParseOptions;
import io.jkeepalived.config.Statement;
import io.jkeepalived.config.source.StatementReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The reader's share of {@link ParseBenchmark}: the same generated director configuration read into statements
 * only, no binding. Run by {@code bench/read.sh}; results in docs/benchmarks.md. Not a unit test on purpose.
 */
public final class ReadBenchmark {
    private ReadBenchmark() {
    }

    /**
     * keepalived.conf(5)'s largest example: three nested ~SEQ expanding a 16-line multi-line definition into
     * 65,024 vrrp_instance and track_file blocks (about a million generated lines).
     */
    static final String MAN_PAGE_SEQ = """
            $VI4= \\
            track_file offset_instance_4.${IF}.${NUM}.${ID} { \\
                file "${_PWD}/679/track_files/4.${IF}.${NUM}.${ID}" \\
                weight -100 \\
            } \\
            vrrp_instance vrrp4.${IF}.${NUM}.${ID} { \\
                interface bond${IF}.${NUM} \\
                use_vmac vrrp4.${IF}.${NUM}.${ID} \\
                virtual_router_id ${ID} \\
                priority 130 \\
                virtual_ipaddress { \\
                    10.${IF}.${NUM}.${ID}/24 \\
                } \\
                track_file { \\
                    offset_instance_4.${IF}.${NUM}.${ID} \\
                } \\
            }

            ~SEQ(IF,0,7) ~SEQ(NUM,0,31) ~SEQ(ID,1,254) $VI4
            """;

    public static void main(String[] args) throws IOException {
        boolean manPage = args.length > 0 && args[0].equals("manpage-seq");
        int virtualServers = args.length > 0 && !manPage ? Integer.parseInt(args[0]) : 1000;
        int realPerVirtual = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path file = Files.createTempFile("jkv-read-bench", ".conf");
        try {
            if (manPage) {
                Files.writeString(file, MAN_PAGE_SEQ);
                System.out.printf("config: keepalived.conf(5) ~SEQ example, %d lines%n", Files.lines(file).count());
            } else {
                Files.writeString(file, GeneratedConfig.director(virtualServers, realPerVirtual));
                System.out.printf("config: %d virtual servers, %d real servers, %d lines, %d bytes%n",
                        virtualServers, virtualServers * realPerVirtual, Files.lines(file).count(),
                        Files.size(file));
            }
            StatementReader reader = new StatementReader(new ParseOptions("bench"), new Diagnostics());
            long cold = System.nanoTime();
            List<Statement> statements = reader.read(file);
            double coldMs = (System.nanoTime() - cold) / 1e6;
            Runtime runtime = Runtime.getRuntime();
            runtime.gc();
            System.out.printf("heap in use after GC with the tree alive: %d MiB%n",
                    (runtime.totalMemory() - runtime.freeMemory()) >> 20);
            // Untimed reads first: on one core C2 is still compiling the reader during the first ten or so.
            int warmUp = manPage ? 1 : 20;
            for (int i = 0; i < warmUp; i++) {
                reader.read(file);
            }
            int runs = manPage ? 3 : 15;
            double[] warm = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t = System.nanoTime();
                statements = reader.read(file);
                warm[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(warm);
            System.out.printf("read time (%d top-level statements): first (cold JVM) %.1f ms; warm (after %d reads)"
                    + " median %.1f ms, mean %.1f ms (young GCs included), min %.1f ms, max %.1f ms over %d runs%n",
                    statements.size(), coldMs, warmUp + 1, warm[runs / 2], Arrays.stream(warm).average().orElse(0),
                    warm[0], warm[runs - 1], runs);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
