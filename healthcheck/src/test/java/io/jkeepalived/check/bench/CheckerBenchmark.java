package io.jkeepalived.check.bench;

import io.jkeepalived.check.CheckTiming;
import io.jkeepalived.check.CheckerConfig;
import io.jkeepalived.check.CheckerKind;
import io.jkeepalived.check.ConnectTarget;
import io.jkeepalived.check.HealthChecker;
import io.jkeepalived.check.HttpCheck;
import io.jkeepalived.check.ScheduleStats;
import io.jkeepalived.check.TcpCheck;
import io.jkeepalived.check.UrlCheck;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The checker benchmark: one HealthChecker running a TCP_CHECK for every "tcp" endpoint and an HTTP_GET (with a
 * digest) for every "http" endpoint of the list BenchTargets wrote, at delay_loop 1 s with keepalived's other
 * defaults (retry 1, warmup = delay_loop, connect_timeout 5 s). After a warm-up it measures, for this process only:
 * CPU in cores, RSS, attempts, failures and the schedule drift.
 *
 * <p>Usage: CheckerBenchmark ENDPOINTS_FILE [MEASURE_SECONDS [WARMUP_SECONDS]]
 */
public final class CheckerBenchmark {
    private CheckerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int measure = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        List<String> endpoints = Files.readAllLines(file);
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                .digest(BenchTargets.BODY.getBytes(StandardCharsets.ISO_8859_1)));
        AtomicLong transitions = new AtomicLong();
        Duration delayLoop = Duration.ofSeconds(1);
        int tcp = 0;
        int http = 0;
        try (HealthChecker<Integer> checker = HealthChecker.start((rs, before, after) -> transitions.incrementAndGet(),
                null, HealthChecker.Options.DEFAULT)) {
            int key = 0;
            for (String line : endpoints) {
                String[] w = line.split(" ");
                InetSocketAddress where = new InetSocketAddress(InetAddress.getByName(w[1]), Integer.parseInt(w[2]));
                ConnectTarget target = ConnectTarget.of(where, ConnectTarget.DEFAULT_CONNECT_TIMEOUT);
                CheckerConfig config;
                if (w[0].equals("tcp")) {
                    config = new CheckerConfig(new TcpCheck(target),
                            CheckTiming.keepalivedDefaults(CheckerKind.TCP_CHECK, delayLoop));
                    tcp++;
                } else {
                    config = new CheckerConfig(HttpCheck.of(target, false, List.of(UrlCheck.of("/").withDigest(digest))),
                            CheckTiming.keepalivedDefaults(CheckerKind.HTTP_GET, delayLoop));
                    http++;
                }
                checker.add(key++, 1, List.of(config));
            }
            System.out.printf("transport %s; %d TCP_CHECK + %d HTTP_GET (digest), delay_loop 1 s, warmup 1 s; "
                    + "warming up %d s, measuring %d s%n", checker.transport(), tcp, http, warmup, measure);
            Thread.sleep(warmup * 1000L);
            checker.scheduleStats().reset();
            long transitionsAtStart = transitions.get();
            Path loopThread = threadNamed("jkv-checkers");
            long[] sched0 = schedstat(loopThread);
            long gc0 = gcMillis();
            long cpu0 = cpuTicks();
            long wall0 = System.nanoTime();
            long maxRss = 0;
            for (int s = 5; s <= measure; s += 5) {
                Thread.sleep(5000);
                long rss = rssKib();
                maxRss = Math.max(maxRss, rss);
                double cores = (cpuTicks() - cpu0) / (double) ticksPerSecond()
                        / ((System.nanoTime() - wall0) / 1e9);
                System.out.printf("  %3d s: CPU %.2f cores, RSS %d MiB, %s%n", s, cores, rss >> 10,
                        checker.scheduleStats().snapshot());
            }
            double seconds = (System.nanoTime() - wall0) / 1e9;
            long[] sched1 = schedstat(loopThread);
            double loopCpu = (sched1[0] - sched0[0]) / 1e9 / seconds;
            double loopWait = (sched1[1] - sched0[1]) / 1e9 / seconds;
            long gcMillis = gcMillis() - gc0;
            double cores = (cpuTicks() - cpu0) / (double) ticksPerSecond() / seconds;
            ScheduleStats.Snapshot stats = checker.scheduleStats().snapshot();
            Runtime rt = Runtime.getRuntime();
            System.out.printf("RESULT checks=%d+%d seconds=%.1f attempts_per_s=%.0f failures=%d no_verdict=%d "
                            + "transitions=%d cpu_cores=%.3f rss_max_mib=%d heap_used_mib=%d drift_mean_us=%d "
                            + "drift_p50_us<=%d drift_p99_us<=%d drift_p999_us<=%d drift_max_us=%d%n",
                    tcp, http, seconds, stats.attempts() / seconds, stats.failures(), stats.indeterminate(),
                    transitions.get() - transitionsAtStart, cores, maxRss >> 10,
                    (rt.totalMemory() - rt.freeMemory()) >> 20, stats.mean().toNanos() / 1000,
                    stats.p50().toNanos() / 1000, stats.p99().toNanos() / 1000, stats.p999().toNanos() / 1000,
                    stats.max().toNanos() / 1000);
            System.out.printf("RESULT loop_thread_cpu=%.3f loop_thread_runqueue_wait=%.3f (seconds per second) "
                    + "gc_ms_per_s=%.1f%n", loopCpu, loopWait, gcMillis / seconds);
            stats.reasons().forEach((reason, count) -> System.out.printf("  %8d x %s%n", count, reason));
        }
    }

    /** /proc/self/task/TID of the first thread whose name starts with {@code prefix}. */
    static Path threadNamed(String prefix) throws Exception {
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                if (Files.readString(t.resolve("comm")).startsWith(prefix)) {
                    return t;
                }
            }
        }
        throw new IllegalStateException("no thread " + prefix);
    }

    /** A thread's time on CPU and time runnable but waiting for a CPU, in ns (/proc/.../schedstat). */
    static long[] schedstat(Path task) throws Exception {
        String[] f = Files.readString(task.resolve("schedstat")).trim().split(" ");
        return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
    }

    static long gcMillis() {
        long total = 0;
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    /** utime + stime of this process, in clock ticks (/proc/self/stat fields 14 and 15). */
    static long cpuTicks() throws Exception {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    static long ticksPerSecond() {
        return 100; // USER_HZ on Linux x86_64 and arm64
    }

    static long rssKib() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }
}
