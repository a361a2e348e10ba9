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

    /** Starts the checker daemon (IPVS in memory) on {@code config}; returns the file its log goes to. */
    private Path startDaemon(Path config) throws IOException {
        Path stderr = dir.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), InMemoryIpvsMain.class.getName(), config.toString(),
                dir.resolve("table").toString(), dir.resolve("changes").toString(), dir.toString())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(stderr.toFile());
        builder.environment().remove("JOURNAL_STREAM");
        builder.environment().remove("NOTIFY_SOCKET");
        daemon = builder.start();
        return stderr;
    }

    @Test
    void theCheckerThreadsGetTheCheckerSettings() throws Exception {
        Lab.requireRoot();
        Path config = dir.resolve("keepalived.conf");
        Files.writeString(config, "global_defs {\n    checker_rt_priority 15\n}\n"
                + "virtual_server 127.0.0.1 80 {\n    protocol TCP\n    real_server 127.0.0.1 8080 {\n"
                + "        TCP_CHECK {\n            connect_timeout 1\n        }\n    }\n}\n");
        Path stderr = startDaemon(config);
        long pid = daemon.pid();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Map<String, List<String>> t = threads(pid);
        while (!(List.of("2/15/0").equals(t.get("jkv-checkers-1-")) && List.of("2/15/0").equals(t.get("jkeepalived-ipv"))
                && List.of("1/16/0").equals(t.get("jkv-checker-rt")))) {
            assertTrue(System.nanoTime() < deadline, "checker threads not at SCHED_RR 15: " + t + "\n"
                    + Files.readString(stderr));
            assertTrue(daemon.isAlive(), Files.readString(stderr));
            Thread.sleep(50);
            t = threads(pid);
        }
        // The one more real-time thread: the watchdog (SCHED_FIFO one step above), which takes SCHED_RR from a
        // checker thread that runs too long without sleeping (PolledRealtimeWatchdog).
        assertEquals(List.of("1/16/0"), t.get("jkv-checker-rt"), t.toString());
        t.forEach((comm, states) -> {
            if (!comm.equals("jkv-checkers-1-") && !comm.equals("jkeepalived-ipv") && !comm.equals("jkv-checker-rt")) {
                states.forEach(st -> assertEquals("0/0/0", st, "thread " + comm + " stays ordinary"));
            }
        });
        assertTrue(Files.readString(stderr).contains("Checker: thread "), Files.readString(stderr));
        // keepalived 2.2.7 suggests max_auto_priority at start when it is not set.
        assertTrue(Files.readString(stderr).contains("NOTICE: max_auto_priority is not set"), Files.readString(stderr));
    }

    /** A one-thread HTTPS server on 127.0.0.1 answering every request 200, with a keytool-made certificate. */
    private static javax.net.ssl.SSLServerSocket httpsServer(Path dir) throws Exception {
        Path store = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=jkv-cp",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass",
                "changeit", "-validity", "30").redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, keytool.waitFor(), out);
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        var kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        var ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        var server = (javax.net.ssl.SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 50,
                java.net.InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (var c = server.accept()) {
                    c.setSoTimeout(5000);
                    var in = new java.io.BufferedReader(new java.io.InputStreamReader(c.getInputStream(),
                            java.nio.charset.StandardCharsets.ISO_8859_1));
                    String line;
                    while ((line = in.readLine()) != null && !line.isEmpty()) {
                        // the request's head
                    }
                    c.getOutputStream().write(("HTTP/1.0 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
                            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                    c.getOutputStream().flush();
                } catch (IOException e) {
                    // the next connection
                }
            }
        }, "https-test-server");
        t.setDaemon(true);
        t.start();
        return server;
    }

    /**
     * The first SSL_GET of a daemon loads and runs the JDK's whole TLS stack on the checker thread: about a second
     * of CPU in stretches far longer than checker_rlimit_rttime. Before the watchdog the kernel killed the JVM
     * there (exit 137, seen by hand with openssl s_server, and in this test before the restore moved onto the
     * checker's own loop); now the thread goes on at SCHED_OTHER, the check succeeds, and the thread is real-time
     * again afterwards.
     */
    @Test
    void theFirstTlsHandshakeOnARealtimeCheckerThreadDoesNotKillTheDaemon() throws Exception {
        Lab.requireRoot();
        try (var server = httpsServer(dir)) {
            Path config = dir.resolve("keepalived.conf");
            Files.writeString(config, "global_defs {\n    checker_rt_priority 15\n}\n"
                    + "virtual_server 127.0.0.1 443 {\n    delay_loop 1\n    alpha\n    protocol TCP\n"
                    + "    real_server 127.0.0.1 " + server.getLocalPort() + " {\n        SSL_GET {\n"
                    + "            url {\n                path /\n                status_code 200\n            }\n"
                    + "            connect_timeout 10\n        }\n    }\n}\n");
            Path stderr = startDaemon(config);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(stderr).contains("is now UP")) {
                assertTrue(daemon.isAlive(), "the daemon died (exit " + (daemon.isAlive() ? "" : daemon.exitValue())
                        + "):\n" + Files.readString(stderr));
                assertTrue(System.nanoTime() < deadline, "the SSL_GET never succeeded:\n" + Files.readString(stderr));
                Thread.sleep(100);
            }
            Thread.sleep(3000);   // a few more checks, at real-time priority again
            assertTrue(daemon.isAlive(), Files.readString(stderr));
            String log = Files.readString(stderr);
            assertTrue(log.contains("Checker: thread ") && log.contains("ran for more than"), log);
            // Back at SCHED_RR 15 between checks (a check in its TLS handshake may be demoted at any moment).
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            Map<String, List<String>> t = threads(daemon.pid());
            while (!List.of("2/15/0").equals(t.get("jkv-checkers-1-"))) {
                assertTrue(System.nanoTime() < until, "the checker thread never got SCHED_RR 15 back: " + t);
                Thread.sleep(10);
                t = threads(daemon.pid());
            }
        }
    }
}
