package io.jkeepalived.daemon.check;

import static io.jkeepalived.testing.TestNetns.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jkeepalived.alert.SmtpAlerter;
import io.jkeepalived.alert.TestSmtpServer;
import io.jkeepalived.check.HealthChecker;
import io.jkeepalived.config.ConfigParser;
import io.jkeepalived.config.ParseOptions;
import io.jkeepalived.config.ParseResult;
import io.jkeepalived.config.model.KeepalivedConfig;
import io.jkeepalived.exec.ScriptAdmission;
import io.jkeepalived.fifo.NotifyFifos;
import io.jkeepalived.libc.Libc;
import io.jkeepalived.libc.NetNamespace;
import io.jkeepalived.testing.TestNetns;
import io.jkeepalived.vrrp.runtime.AlertSettings;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PING_CHECK end to end: the checker service runs in a director namespace of ours (its threads are started there),
 * the real server 192.0.2.2 lives in a second namespace joined by a veth pair (jkv-pc-*, deleted at the end), the
 * IPVS table is in memory and the alerts go to a test SMTP server on the host's 127.0.0.1. The real server stops
 * answering echoes (icmp_echo_ignore_all in its namespace): it leaves the table with check_ping.c's mail, "=> ICMP
 * CHECK failed on service <=", and comes back with "=> ICMP CHECK succeed on service <=". keepalived's checker
 * cannot run on this host (no IPVS in its kernel): the wording and verdicts are from its 2.2.7 source.
 */
class PingCheckAlertTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aRealServerThatStopsAnsweringPingsIsTakenOutAndMailedAsKeepalivedDoes() throws Exception {
        requireRoot();
        String base = "jkv-pc-" + ProcessHandle.current().pid() + "-alert";
        String director = base + "-d";
        String server = base + "-r";
        try {
            run("ip", "netns", "add", director);
            run("ip", "netns", "add", server);
            run("ip", "-n", director, "link", "set", "lo", "up");
            run("ip", "-n", director, "link", "add", "jkv-pc-d", "type", "veth", "peer", "name", "jkv-pc-r",
                    "netns", server);
            run("ip", "-n", director, "addr", "add", "192.0.2.1/24", "dev", "jkv-pc-d");
            run("ip", "-n", server, "addr", "add", "192.0.2.2/24", "dev", "jkv-pc-r");
            run("ip", "-n", director, "link", "set", "jkv-pc-d", "up");
            run("ip", "-n", server, "link", "set", "jkv-pc-r", "up");
            scenario(director, server);
        } finally {
            TestNetns.delete(director);
            TestNetns.delete(server);
        }
    }

    private void scenario(String director, String server) throws Exception {
        Path file = dir.resolve("keepalived.conf");
        try (TestSmtpServer smtp = TestSmtpServer.start(TestSmtpServer.Mode.ANSWER);
             SmtpAlerter alerts = SmtpAlerter.start("test-checker-smtp", SocketChannel::open)) {
            Files.writeString(file, """
                    global_defs {
                        router_id LVS_PC
                        notification_email {
                            ops@example.com
                        }
                        notification_email_from lb@example.com
                        smtp_server 127.0.0.1 %d
                    }
                    virtual_server 192.0.2.80 80 {
                        protocol TCP
                        delay_loop 1
                        real_server 192.0.2.2 80 {
                            PING_CHECK {
                                connect_timeout 1
                                retry 0
                            }
                        }
                    }
                    """.formatted(smtp.port()));
            ParseResult result = new ConfigParser(new ParseOptions("jkv-pc")).parse(file);
            assertTrue(result.runnable(), result.diagnostics().toString());
            KeepalivedConfig config = result.config();
            alerts.useSettings(AlertSettings.of(config.globalDefs()));
            CheckerServiceTest.MapKernel kernel = new CheckerServiceTest.MapKernel();
            Optional<CheckerService> service = inside(director, () -> CheckerService.start(config.lvs(),
                    ScriptAdmission.forThisProcess(false, Optional.empty(), Optional.empty()),
                    CheckerService.Flush.NONE, () -> new CheckerService.OpenedIpvs(kernel, () -> { }),
                    () -> new CheckerServiceTest.FakeAddresses(Set.of()),
                    HealthChecker.Options.DEFAULT.withBootstrapDelay(Duration.ofMillis(50)), NotifyFifos.none(),
                    alerts));
            assertTrue(service.isPresent());
            try {
                // The health checker let root open ping sockets in the namespace it was given work in.
                assertTrue(readSysctl(director, "net/ipv4/ping_group_range").startsWith("0\t"));
                awaitDestinations(kernel, 1);
                sysctl(server, "net/ipv4/icmp_echo_ignore_all", "1");
                awaitDestinations(kernel, 0);
                List<TestSmtpServer.Session> down = smtp.awaitMails(1, PATIENCE);
                String rs = "[192.0.2.2]:tcp:80";
                String vs = "[192.0.2.80]:tcp:80";
                assertEquals("[LVS_PC] Realserver " + rs + " of virtual server " + vs + " - DOWN",
                        down.get(0).subject());
                assertEquals(List.of("=> ICMP CHECK failed on service <=", ""), down.get(0).body());
                sysctl(server, "net/ipv4/icmp_echo_ignore_all", "0");
                awaitDestinations(kernel, 1);
                List<TestSmtpServer.Session> all = smtp.awaitMails(2, PATIENCE);
                assertEquals("[LVS_PC] Realserver " + rs + " of virtual server " + vs + " - UP",
                        all.get(1).subject());
                assertEquals(List.of("=> ICMP CHECK succeed on service <=", ""), all.get(1).body());
            } finally {
                inside(director, () -> {
                    service.get().close();
                    return null;
                });
            }
            assertTrue(readSysctl(director, "net/ipv4/ping_group_range").startsWith("1\t"),
                    "put back at the end");
        }
    }

    private static <T> T inside(String ns, NetNamespace.Action<T> action) throws IOException {
        try (NetNamespace n = NetNamespace.named(Libc.get(), ns)) {
            return n.call(action);
        }
    }

    private static void sysctl(String ns, String key, String value) throws IOException {
        inside(ns, () -> {
            Files.writeString(Path.of("/proc/sys", key), value + "\n");
            return null;
        });
    }

    /** One read(2): these sysctls answer only a read at offset 0. */
    private static String readSysctl(String ns, String key) throws IOException {
        return inside(ns, () -> {
            try (var in = Files.newInputStream(Path.of("/proc/sys", key))) {
                byte[] b = new byte[64];
                int n = in.read(b);
                return new String(b, 0, Math.max(0, n), StandardCharsets.US_ASCII);
            }
        });
    }

    private static void awaitDestinations(CheckerServiceTest.MapKernel kernel, int count) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            var services = kernel.services();
            if (services.size() == 1 && kernel.destinations(services.get(0)).size() == count) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the IPVS table never had " + count + " destination(s): " + kernel.services());
    }

    /** House rule: root and ip(8) are needed; missing under CI=true fails, elsewhere skips. */
    private static void requireRoot() throws IOException {
        boolean root = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(l -> l.startsWith("Uid:") && l.substring(4).trim().split("\\s+")[1].equals("0"));
        boolean ip = Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip"))
                || Files.isExecutable(Path.of("/usr/bin/ip"));
        if (!root || !ip) {
            String missing = !root ? "root" : "iproute2 (ip)";
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true and this test needs " + missing);
            }
            Assumptions.abort("needs " + missing + " (set CI=true to make this a failure)");
        }
    }
}
