package io.jkeepalived.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.vrrp.runtime.Lab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * checker_rt_priority on the real checker side (root; the IPVS table is in memory, see {@link InMemoryIpvsMain}):
 * /proc shows the probing event loop and the IPVS-programming thread at SCHED_RR, every other thread ordinary.
 */
class CheckerPriorityTest {
    @TempDir
    Path dir;

    private Process daemon;

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.destroyForcibly();
        }
    }

    /** comm -> "policy/rt_priority/nice" of every thread of {@code pid}. */
    private static Map<String, List<String>> threads(long pid) throws IOException {
        Map<String, List<String>> out = new TreeMap<>();
        try (var s = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : s.toList()) {
                String line;
                try {
                    line = Files.readString(t.resolve("stat"));
                } catch (java.nio.file.NoSuchFileException gone) {
                    continue;
                }
                String comm = line.substring(line.indexOf('(') + 1, line.lastIndexOf(')'));
                String[] f = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
                out.computeIfAbsent(comm, k -> new ArrayList<>()).add(f[38] + "/" + f[37] + "/" + f[16]);
            }
        }
        return out;
    }

    @Test
    void theCheckerThreadsGetTheCheckerSettings() throws Exception {
        Lab.requireRoot();
        Path config = dir.resolve("keepalived.conf");
        Files.writeString(config, "global_defs {\n    checker_rt_priority 15\n}\n"
                + "virtual_server 127.0.0.1 80 {\n    protocol TCP\n    real_server 127.0.0.1 8080 {\n"
                + "        TCP_CHECK {\n            connect_timeout 1\n        }\n    }\n}\n");
        Path stderr = dir.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), InMemoryIpvsMain.class.getName(), config.toString(),
                dir.resolve("table").toString(), dir.resolve("changes").toString(), dir.toString())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(stderr.toFile());
        builder.environment().remove("JOURNAL_STREAM");
        builder.environment().remove("NOTIFY_SOCKET");
        daemon = builder.start();
        long pid = daemon.pid();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Map<String, List<String>> t = threads(pid);
        while (!(List.of("2/15/0").equals(t.get("jkv-checkers-1-")) && List.of("2/15/0").equals(t.get("jkeepalived-ipv")))) {
            assertTrue(System.nanoTime() < deadline, "checker threads not at SCHED_RR 15: " + t + "\n"
                    + Files.readString(stderr));
            assertTrue(daemon.isAlive(), Files.readString(stderr));
            Thread.sleep(50);
            t = threads(pid);
        }
        t.forEach((comm, states) -> {
            if (!comm.equals("jkv-checkers-1-") && !comm.equals("jkeepalived-ipv")) {
                states.forEach(st -> assertEquals("0/0/0", st, "thread " + comm + " stays ordinary"));
            }
        });
        assertTrue(Files.readString(stderr).contains("Checker: thread "), Files.readString(stderr));
        // keepalived 2.2.7 suggests max_auto_priority at start when it is not set.
        assertTrue(Files.readString(stderr).contains("NOTICE: max_auto_priority is not set"), Files.readString(stderr));
    }
}
