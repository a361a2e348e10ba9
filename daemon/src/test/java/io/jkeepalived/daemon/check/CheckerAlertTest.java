package io.jkeepalived.daemon.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.alert.SmtpAlerter;
import io.jkeepalived.alert.TestSmtpServer;
import io.jkeepalived.check.HealthChecker;
import io.jkeepalived.config.ConfigParser;
import io.jkeepalived.config.ParseOptions;
import io.jkeepalived.config.ParseResult;
import io.jkeepalived.config.model.KeepalivedConfig;
import io.jkeepalived.exec.ScriptAdmission;
import io.jkeepalived.fifo.NotifyFifos;
import io.jkeepalived.vrrp.runtime.AlertSettings;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real server and quorum alerts of the checker side: real TCP checks on 127.0.0.1, an in-memory IPVS table, and a
 * test SMTP server on 127.0.0.1. keepalived's checker cannot run on this host (no IPVS in its kernel), so the
 * expected subjects and bodies are keepalived 2.2.7's as its source writes them (core/smtp.c: "[router_id]
 * Realserver RS of virtual server VS - UP|DOWN", "[router_id] Virtualserver VS - UP|DOWN"; check_tcp.c: "=> TCP
 * CHECK succeed|failed on service <="; ipwrapper.c: "=> Lost quorum|Gained quorum Q+H=T <= W <="); the SMTP
 * dialogue around them is the one compared with keepalived's in SmtpOracleNamespaceTest.
 */
class CheckerAlertTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private KeepalivedConfig parse(String text) throws IOException {
        Path file = dir.resolve("keepalived.conf");
        Files.writeString(file, text);
        ParseResult result = new ConfigParser(new ParseOptions("jkv-sm")).parse(file);
        assertTrue(result.runnable(), result.diagnostics().toString());
        return result.config();
    }

    private String conf(int smtpPort, int rsPort, String vsExtra) {
        return """
                global_defs {
                    router_id LVS_SM
                    notification_email {
                        ops@example.com
                    }
                    notification_email_from lb@example.com
                    smtp_server 127.0.0.1 %d
                    smtp_connect_timeout 30
                }
                virtual_server 127.0.0.1 80 {
                    protocol TCP
                    delay_loop 1
                    %s
                    real_server 127.0.0.1 %d {
                        TCP_CHECK {
                            connect_timeout 1
                        }
                    }
                }
                """.formatted(smtpPort, vsExtra, rsPort);
    }

    private static Optional<CheckerService> start(KeepalivedConfig config, CheckerServiceTest.MapKernel kernel,
                                                  SmtpAlerter alerts) {
        return CheckerService.start(config.lvs(),
                ScriptAdmission.forThisProcess(false, Optional.empty(), Optional.empty()), CheckerService.Flush.NONE,
                () -> new CheckerService.OpenedIpvs(kernel, () -> { }),
                () -> new CheckerServiceTest.FakeAddresses(Set.of()),
                HealthChecker.Options.DEFAULT.withBootstrapDelay(Duration.ofMillis(50)), NotifyFifos.none(), alerts);
    }

    /** The real server's smtp_alert is on by default (keepalived, for backwards compatibility): DOWN, then UP. */
    @Test
    void aRealServerGoingDownAndUpIsMailedAsKeepalivedDoes() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        ServerSocket rs = new ServerSocket(0, 50, lo);
        int rsPort = rs.getLocalPort();
        try (TestSmtpServer smtp = TestSmtpServer.start(TestSmtpServer.Mode.ANSWER);
             SmtpAlerter alerts = SmtpAlerter.start("test-checker-smtp", SocketChannel::open)) {
            KeepalivedConfig config = parse(conf(smtp.port(), rsPort, "smtp_alert on"));
            alerts.useSettings(AlertSettings.of(config.globalDefs()));
            Optional<CheckerService> service = start(config, new CheckerServiceTest.MapKernel(), alerts);
            assertTrue(service.isPresent());
            try {
                rs.close();
                List<TestSmtpServer.Session> down = smtp.awaitMails(2, PATIENCE);
                String server = "[127.0.0.1]:tcp:" + rsPort;
                String vs = "[127.0.0.1]:tcp:80";
                assertEquals("[LVS_SM] Realserver " + server + " of virtual server " + vs + " - DOWN",
                        down.get(0).subject());
                assertEquals(List.of("=> TCP CHECK failed on service <=", ""), down.get(0).body());
                assertEquals("[LVS_SM] Virtualserver " + vs + " - DOWN", down.get(1).subject());
                assertEquals(List.of("=> Lost quorum 1+0=1 <= 0 <=", ""), down.get(1).body());
                try (ServerSocket again = new ServerSocket(rsPort, 50, lo)) {
                    List<TestSmtpServer.Session> all = smtp.awaitMails(4, PATIENCE);
                    assertEquals("[LVS_SM] Realserver " + server + " of virtual server " + vs + " - UP",
                            all.get(2).subject());
                    assertEquals(List.of("=> TCP CHECK succeed on service <=", ""), all.get(2).body());
                    assertEquals("[LVS_SM] Virtualserver " + vs + " - UP", all.get(3).subject());
                    assertEquals(List.of("=> Gained quorum 1+0=1 <= 1 <=", ""), all.get(3).body());
                    List<String> c = all.get(2).clientLines();
                    assertEquals("MAIL FROM:<lb@example.com>", c.get(1));
                    assertEquals("RCPT TO:<ops@example.com>", c.get(2));
                }
            } finally {
                service.get().close();
            }
        }
    }

    /**
     * An SMTP server that accepts and never answers: the checks go on (the real server goes down and up again in
     * the IPVS table) while the first alert is still waiting for its 220.
     */
    @Test
    void aHungSmtpServerDoesNotHoldTheCheckers() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        ServerSocket rs = new ServerSocket(0, 50, lo);
        int rsPort = rs.getLocalPort();
        try (TestSmtpServer hung = TestSmtpServer.start(TestSmtpServer.Mode.SILENT);
             SmtpAlerter alerts = SmtpAlerter.start("test-checker-smtp", SocketChannel::open)) {
            KeepalivedConfig config = parse(conf(hung.port(), rsPort, ""));
            alerts.useSettings(AlertSettings.of(config.globalDefs()));
            CheckerServiceTest.MapKernel kernel = new CheckerServiceTest.MapKernel();
            Optional<CheckerService> service = start(config, kernel, alerts);
            assertTrue(service.isPresent());
            try {
                awaitDestinations(kernel, 1);
                rs.close();
                awaitDestinations(kernel, 0);
                hung.await(1, s -> true, PATIENCE);
                try (ServerSocket again = new ServerSocket(rsPort, 50, lo)) {
                    awaitDestinations(kernel, 1);
                }
                // The DOWN alert is still waiting for the hung server (30 s), the UP one queued behind it.
                assertEquals(0, alerts.sent());
                assertEquals(0, alerts.failed());
                assertEquals(1, hung.sessions().size());
                assertTrue(alerts.queued() >= 1, "the UP alert waits behind the hung one");
            } finally {
                service.get().close();
            }
        }
    }

    /**
     * DNS_CHECK end to end: a UDP virtual server whose real server is a small DNS responder of ours on 127.0.0.1.
     * SERVFAIL takes it out of the IPVS table with check_dns.c's wording, NOERROR puts it back.
     */
    @Test
    void aDnsRealServerAnsweringServfailIsTakenOutAndMailedAsKeepalivedDoes() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        AtomicBoolean healthy = new AtomicBoolean(true);
        try (DatagramSocket dns = new DatagramSocket(new InetSocketAddress(lo, 0));
             TestSmtpServer smtp = TestSmtpServer.start(TestSmtpServer.Mode.ANSWER);
             SmtpAlerter alerts = SmtpAlerter.start("test-checker-smtp", SocketChannel::open)) {
            Thread responder = new Thread(() -> answerDns(dns, healthy), "jkv-ud-dns");
            responder.setDaemon(true);
            responder.start();
            int rsPort = dns.getLocalPort();
            KeepalivedConfig config = parse("""
                    global_defs {
                        router_id LVS_UD
                        notification_email {
                            ops@example.com
                        }
                        notification_email_from lb@example.com
                        smtp_server 127.0.0.1 %d
                    }
                    virtual_server 127.0.0.1 53 {
                        protocol UDP
                        delay_loop 1
                        real_server 127.0.0.1 %d {
                            DNS_CHECK {
                                connect_timeout 1
                                retry 1
                                delay_before_retry 1
                                type A
                                name www.example.org
                            }
                        }
                    }
                    """.formatted(smtp.port(), rsPort));
            alerts.useSettings(AlertSettings.of(config.globalDefs()));
            CheckerServiceTest.MapKernel kernel = new CheckerServiceTest.MapKernel();
            Optional<CheckerService> service = start(config, kernel, alerts);
            assertTrue(service.isPresent());
            try {
                awaitDestinations(kernel, 1);
                healthy.set(false);
                awaitDestinations(kernel, 0);
                List<TestSmtpServer.Session> down = smtp.awaitMails(1, PATIENCE);
                String server = "[127.0.0.1]:udp:" + rsPort;
                String vs = "[127.0.0.1]:udp:53";
                assertEquals("[LVS_UD] Realserver " + server + " of virtual server " + vs + " - DOWN",
                        down.get(0).subject());
                assertEquals(List.of("=> DNS_CHECK: failed on service <=", ""), down.get(0).body());
                healthy.set(true);
                awaitDestinations(kernel, 1);
                // The virtual server's smtp_alert is off: no quorum mails, only the real server's two.
                List<TestSmtpServer.Session> all = smtp.awaitMails(2, PATIENCE);
                assertEquals("[LVS_UD] Realserver " + server + " of virtual server " + vs + " - UP",
                        all.get(1).subject());
                assertEquals(List.of("=> DNS_CHECK: succeed on service <=", ""), all.get(1).body());
            } finally {
                service.get().close();
            }
        }
    }

    /** NOERROR while healthy, SERVFAIL otherwise: the query's ID, QR and RD set, the question echoed. */
    private static void answerDns(DatagramSocket socket, AtomicBoolean healthy) {
        byte[] buf = new byte[1500];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                byte[] reply = java.util.Arrays.copyOf(p.getData(), p.getLength());
                reply[2] = (byte) 0x81;
                reply[3] = (byte) (healthy.get() ? 0x80 : 0x82);
                socket.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
            } catch (IOException e) {
                return;
            }
        }
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
}
