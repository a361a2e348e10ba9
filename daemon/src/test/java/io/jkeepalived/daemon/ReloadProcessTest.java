package io.jkeepalived.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code systemctl reload} as systemd does it, against the real daemon in a child process: NOTIFY_SOCKET names a
 * datagram socket this test listens on (as systemd's), SIGHUP comes from kill(1). The IPVS table is in memory
 * ({@link InMemoryIpvsMain}: the host kernel has no IPVS); everything else is the daemon's own.
 */
class ReloadProcessTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Path config;
    private Path stderr;
    private Path table;
    private Path changes;
    private FakeSystemd systemd;
    private Process daemon;

    @BeforeEach
    void listen() throws IOException {
        config = dir.resolve("keepalived.conf");
        stderr = dir.resolve("stderr.txt");
        table = dir.resolve("table.txt");
        changes = dir.resolve("changes.txt");
        systemd = new FakeSystemd(dir.resolve("notify"));
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (daemon != null) {
            daemon.destroyForcibly();
        }
        systemd.close();
    }

    private String log() throws IOException {
        return Files.exists(stderr) ? Files.readString(stderr) : "";
    }

    private String table() throws IOException {
        return Files.exists(table) ? Files.readString(table) : "";
    }

    private void await(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; table:\n" + table() + "stderr:\n"
                        + log());
            }
            Thread.sleep(20);
        }
    }

    private void awaitTable(String expected) throws Exception {
        await("the table\n" + expected, () -> {
            try {
                return table().equals(expected);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** The next notification systemd would get. */
    private String notification() throws Exception {
        String next = systemd.next(PATIENCE);
        if (next == null) {
            throw new AssertionError("no notification; stderr:\n" + log());
        }
        return next;
    }

    private void kill(String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(daemon.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
    }

    private static String virtualServer(int port, String scheduler, int... realPorts) {
        StringBuilder s = new StringBuilder("virtual_server 127.0.0.1 " + port + " {\n    protocol TCP\n    lb_algo "
                + scheduler + "\n");
        for (int rs : realPorts) {
            s.append("    real_server 127.0.0.1 ").append(rs).append(" {\n    }\n");
        }
        return s.append("}\n").toString();
    }

    @Test
    void systemdSeesReadyReloadingReadyAndStoppingAndAReloadChangesOnlyWhatChanged() throws Exception {
        Files.writeString(config, virtualServer(80, "wlc", 8080) + virtualServer(81, "wlc", 8081));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), InMemoryIpvsMain.class.getName(),
                config.toString(), table.toString(), changes.toString(), dir.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(stderr.toFile());
        builder.environment().remove("JOURNAL_STREAM");
        builder.environment().put("NOTIFY_SOCKET", dir.resolve("notify").toString());
        daemon = builder.start();

        String ready = notification();
        assertEquals("READY=1\nSTATUS=Running the checkers", ready, log());
        awaitTable("TCP 127.0.0.1:80 wlc [127.0.0.1:8080 w1]\nTCP 127.0.0.1:81 wlc [127.0.0.1:8081 w1]\n");

        // port 80 persists with another scheduler and one more real server; port 81 goes
        Files.writeString(config, virtualServer(80, "rr", 8080, 8082));
        Files.writeString(changes, "");
        long before = System.nanoTime() / 1000;
        kill("HUP");
        String reloading = notification();
        long after = System.nanoTime() / 1000;
        assertTrue(reloading.matches("RELOADING=1\nMONOTONIC_USEC=\\d+\nSTATUS=Reloading the configuration"),
                reloading);
        long monotonic = Long.parseLong(reloading.split("\n")[1].substring("MONOTONIC_USEC=".length()));
        assertTrue(before <= monotonic && monotonic <= after, "CLOCK_MONOTONIC, as systemd compares it: "
                + before + " <= " + monotonic + " <= " + after);
        assertEquals("READY=1\nSTATUS=Reloaded: the checkers took the new configuration", notification());
        awaitTable("TCP 127.0.0.1:80 rr [127.0.0.1:8080 w1, 127.0.0.1:8082 w1]\n");
        String applied = Files.readString(changes);
        assertEquals("DeleteService TCP 127.0.0.1:81\nEditService TCP 127.0.0.1:80\n"
                + "AddDestination TCP 127.0.0.1:80 -> 127.0.0.1:8082\n", applied,
                "port 80 edited in place, never deleted");
        assertTrue(log().contains("Checkers reloaded: 1 virtual server(s) (0 added, 1 removed); real servers: 1 kept,"
                + " 0 restarted, 1 added, 1 removed"), log());

        // the file is gone (a botched edit): nothing changes, the daemon runs on, systemd hears READY=1 again
        Path moved = dir.resolve("moved.conf");
        Files.move(config, moved);
        Files.writeString(changes, "");
        kill("HUP");
        assertTrue(notification().startsWith("RELOADING=1\n"));
        assertEquals("READY=1\nSTATUS=Reload refused (see the log); running the checkers with the previous"
                + " configuration", notification());
        assertTrue(log().contains("ERROR Cannot read configuration file " + config + ": no such file; the running"
                + " configuration is kept"), log());

        // a mistake inside the file is reported at its line, as at start; like keepalived, the rest is loaded
        Files.writeString(config, virtualServer(80, "rr", 8080, 8082).replace("    lb_algo rr\n",
                "    lb_algo rr\n    delay_loop soon\n"));
        kill("HUP");
        assertTrue(notification().startsWith("RELOADING=1\n"));
        assertEquals("READY=1\nSTATUS=Reloaded: the checkers took the new configuration", notification());
        assertTrue(log().contains(config + ":4: "), "the mistake, at its file and line:\n" + log());
        assertTrue(daemon.isAlive());
        Thread.sleep(500);
        assertEquals("", Files.readString(changes), "nothing of the table changed");
        assertEquals("TCP 127.0.0.1:80 rr [127.0.0.1:8080 w1, 127.0.0.1:8082 w1]\n", table());

        kill("TERM");
        assertEquals("STOPPING=1\nSTATUS=Stopping (SIGTERM)", notification());
        assertTrue(daemon.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        assertEquals(0, daemon.exitValue(), log());
        assertEquals("", table(), "the services it programmed are deleted at stop");
        assertFalse(log().contains("\tat "), log());
    }
}
