package io.jkeepalived.config.source;

import io.jkeepalived.config.Diagnostics;
import io.jkeepalived.config.ParseOptions;
import io.jkeepalived.config.Statement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Not a test: times {@link StatementReader} on a generated configuration of 1,000 virtual servers with 10 real
 * servers each (about 80,000 lines). Run it on one core, see docs/benchmarks.md:
 * {@code taskset -c 0 java -cp config-parser/target/classes:config-parser/target/test-classes
 * io.jkeepalived.config.source.ReaderBenchmark}.
 */
public final class ReaderBenchmark {
    private ReaderBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int virtualServers = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int realServers = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path file = Files.createTempFile("jkv-bench", ".conf");
        try {
            String text = generate(virtualServers, realServers);
            Files.writeString(file, text);
            long lines = text.chars().filter(c -> c == '\n').count();
            System.out.printf("config: %d virtual servers x %d real servers, %d lines, %d bytes%n",
                    virtualServers, realServers, lines, text.length());
            for (int run = 1; run <= 10; run++) {
                long start = System.nanoTime();
                Diagnostics diagnostics = new Diagnostics();
                List<Statement> statements = new StatementReader(new ParseOptions("bench"), diagnostics).read(file);
                long micros = (System.nanoTime() - start) / 1_000;
                System.out.printf("run %2d: %7.1f ms, %d top-level statements, %d diagnostics%n",
                        run, micros / 1000.0, statements.size(), diagnostics.all().size());
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    static String generate(int virtualServers, int realServers) {
        StringBuilder out = new StringBuilder(virtualServers * realServers * 300);
        out.append("! generated\nglobal_defs {\n    router_id bench\n}\n\n");
        for (int v = 0; v < virtualServers; v++) {
            String vip = "10." + (v / 250) + "." + (v % 250) + ".1";
            out.append("virtual_server ").append(vip).append(" 80 {\n")
                    .append("    delay_loop 6\n    lb_algo wrr\n    lb_kind DR\n")
                    .append("    persistence_timeout 50\n    protocol TCP\n\n");
            for (int r = 0; r < realServers; r++) {
                out.append("    real_server 192.168.").append(v % 250).append('.').append(r + 10)
                        .append(" 80 {   # backend ").append(r).append('\n')
                        .append("        weight ").append(1 + r % 3).append('\n')
                        .append("        HTTP_GET {\n")
                        .append("            url {\n")
                        .append("                path /health\n")
                        .append("                status_code 200\n")
                        .append("            }\n")
                        .append("            connect_timeout 3\n")
                        .append("            retry 3\n")
                        .append("        }\n")
                        .append("    }\n");
            }
            out.append("}\n\n");
        }
        return out.toString();
    }
}
