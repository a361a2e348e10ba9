package io.jkeepalived.daemon.check;

import io.jkeepalived.check.HealthChecker;
import io.jkeepalived.config.ConfigParser;
import io.jkeepalived.config.ParseOptions;
import io.jkeepalived.config.ParseResult;
import io.jkeepalived.config.model.LvsFlushOnStop;
import io.jkeepalived.exec.ScriptAdmission;
import io.jkeepalived.ipvs.IpvsChange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The cost of a checker-side reload on a large configuration, against an in-memory IPVS table (the reconciler and
 * everything above it are the daemon's own). VS virtual servers of RS real servers each, every real server with a
 * TCP_CHECK (delay_loop 3600: the checkers exist, few of them run during the measurement; the real servers
 * listen on loopback, so those pass). Measured: parsing, the
 * reload call (plan, matching, checkers kept/added/removed, the new table handed to the IPVS thread), the time until
 * the table converged, and how many changes the kernel got, for (a) the same file again and (b) one more real
 * server in every virtual server and the last tenth of the virtual servers removed.
 *
 * <p>Usage: ReloadBenchmark [VS [RS [ROUNDS]]] (defaults 1000 10 5)
 */
public final class ReloadBenchmark {
    private static int[] ports;

    private ReloadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int vs = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        // the real servers listen (on loopback), so the few checks that run pass and the table stays as configured
        List<java.net.ServerSocket> listeners = new java.util.ArrayList<>();
        for (int r = 0; r <= rs; r++) {
            listeners.add(new java.net.ServerSocket(0, 1000, java.net.InetAddress.getLoopbackAddress()));
        }
        ports = listeners.stream().mapToInt(java.net.ServerSocket::getLocalPort).toArray();
        Path dir = Files.createTempDirectory("jkv-reload-bench");
        Path before = dir.resolve("before.conf");
        Path after = dir.resolve("after.conf");
        Files.writeString(before, config(vs, vs, rs));
        Files.writeString(after, config(vs, vs - vs / 10, rs + 1));
        CheckerServiceTest.MapKernel kernel = new CheckerServiceTest.MapKernel();
        ScriptAdmission admission = ScriptAdmission.forThisProcess(false, Optional.empty(), Optional.empty());
        CheckerService service = CheckerService.start(parse(before), () -> new CheckerService.OpenedIpvs(kernel,
                () -> { }), HealthChecker.Options.DEFAULT).orElseThrow();
        awaitServices(kernel, vs, (long) vs * rs);
        System.out.printf("started: %d virtual servers, %d real servers%n", vs, vs * rs);
        for (int round = 0; round < rounds; round++) {
            Path[] files = {before, after, before};
            for (Path file : files) {
                long t0 = System.nanoTime();
                ParseResult parsed = new ConfigParser(new ParseOptions("bench")).parse(file);
                long t1 = System.nanoTime();
                int changesBefore = kernel.changes.size();
                CheckerService.ReloadSummary summary = service.reload(parsed.config().lvs(), admission,
                        LvsFlushOnStop.NONE);
                long t2 = System.nanoTime();
                boolean big = file == before;
                long wantVs = big ? vs : vs - vs / 10;
                long wantRs = big ? (long) vs * rs : (vs - vs / 10) * (long) (rs + 1);
                awaitServices(kernel, wantVs, wantRs);
                long t3 = System.nanoTime();
                List<IpvsChange> changes = kernel.changes.subList(changesBefore, kernel.changes.size());
                System.out.printf("round %d %-11s parse %5d ms, reload call %5d ms, converged %5d ms after,"
                                + " %6d kernel changes; %s%n", round, file.getFileName(), (t1 - t0) / 1_000_000,
                        (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, changes.size(), summary);
            }
        }
        long t = System.nanoTime();
        int changesBefore = kernel.changes.size();
        service.reload(new ConfigParser(new ParseOptions("bench")).parse(before).config().lvs(), admission,
                LvsFlushOnStop.NONE);
        Thread.sleep(2000);
        System.out.printf("same file again: reload call %d ms, %d kernel changes in 2 s%n",
                (System.nanoTime() - t) / 1_000_000 - 2000, kernel.changes.size() - changesBefore);
        service.close();
    }

    private static io.jkeepalived.config.model.LvsConfig parse(Path file) {
        return new ConfigParser(new ParseOptions("bench")).parse(file).config().lvs();
    }

    /** Virtual servers 10.1.x.y:80 (kept in the kernel's table only: nothing is sent to them). */
    private static String config(int total, int present, int realServers) {
        StringBuilder s = new StringBuilder();
        for (int v = 0; v < present; v++) {
            s.append("virtual_server 10.1.").append(v / 250).append('.').append(v % 250 + 1).append(" 80 {\n")
                    .append("  protocol TCP\n  delay_loop 3600\n");
            for (int r = 0; r < realServers; r++) {
                s.append("  real_server 127.0.0.1 ").append(ports[r]).append(" {\n    TCP_CHECK {\n")
                        .append("      connect_timeout 5\n    }\n  }\n");
            }
            s.append("}\n");
        }
        return s.toString();
    }

    private static void awaitServices(CheckerServiceTest.MapKernel kernel, long services, long destinations)
            throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            var snapshot = kernel.snapshot();
            long dests = snapshot.values().stream().mapToLong(List::size).sum();
            if (snapshot.size() == services && dests == destinations) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("not converged");
    }
}
