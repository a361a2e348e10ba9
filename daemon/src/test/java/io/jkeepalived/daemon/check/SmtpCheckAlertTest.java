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
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
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
 * SMTP_CHECK end to end: a mail real server of ours on 127.0.0.1 (greeting 220 while healthy, 554 otherwise), the
 * real checkers, an in-memory IPVS table and a test SMTP server for the alerts. keepalived's checker cannot run on
 * this host (no IPVS in its kernel), so the verdicts and the mail wording are keepalived 2.2.7's as check_smtp.c
 * writes them ("=> CHECK succeed on service <=" / "=> CHECK failed on service ... <=").
 */
class SmtpCheckAlertTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aMailServerRefusingMailIsTakenOutAndPutBackAndMailed() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        AtomicBoolean healthy = new AtomicBoolean(true);
        try (ServerSocket rs = new ServerSocket(0, 50, lo);
             TestSmtpServer alertsServer = TestSmtpServer.start(TestSmtpServer.Mode.ANSWER);
             SmtpAlerter alerts = SmtpAlerter.start("test-checker-smtp", SocketChannel::open)) {
            Thread mx = new Thread(() -> serve(rs, healthy), "jkv-sc-mx");
            mx.setDaemon(true);
            mx.start();
            Path file = dir.resolve("keepalived.conf");
            Files.writeString(file, """
                    global_defs {
                        router_id LVS_SC
                        notification_email {
                            ops@example.com
                        }
                        notification_email_from lb@example.com
                        smtp_server 127.0.0.1 %d
                    }
                    virtual_server 127.0.0.1 25 {
                        protocol TCP
                        delay_loop 1
                        real_server 127.0.0.1 %d {
                            SMTP_CHECK {
                                connect_timeout 1
                                retry 1
                                delay_before_retry 1
                                helo_name lb1.example.com
                            }
                        }
                    }
                    """.formatted(alertsServer.port(), rs.getLocalPort()));
            ParseResult result = new ConfigParser(new ParseOptions("jkv-sc")).parse(file);
            assertTrue(result.runnable(), result.diagnostics().toString());
            KeepalivedConfig config = result.config();
            alerts.useSettings(AlertSettings.of(config.globalDefs()));
            CheckerServiceTest.MapKernel kernel = new CheckerServiceTest.MapKernel();
            Optional<CheckerService> service = CheckerService.start(config.lvs(),
                    ScriptAdmission.forThisProcess(false, Optional.empty(), Optional.empty()),
                    CheckerService.Flush.NONE, () -> new CheckerService.OpenedIpvs(kernel, () -> { }),
                    () -> new CheckerServiceTest.FakeAddresses(Set.of()),
                    HealthChecker.Options.DEFAULT.withBootstrapDelay(Duration.ofMillis(50)), NotifyFifos.none(),
                    alerts);
            assertTrue(service.isPresent());
            try {
                awaitDestinations(kernel, 1);
                healthy.set(false);
                awaitDestinations(kernel, 0);
                String server = "[127.0.0.1]:tcp:" + rs.getLocalPort();
                String vs = "[127.0.0.1]:tcp:25";
                List<TestSmtpServer.Session> down = alertsServer.awaitMails(1, PATIENCE);
                assertEquals("[LVS_SC] Realserver " + server + " of virtual server " + vs + " - DOWN",
                        down.get(0).subject());
                assertEquals(List.of("=> CHECK failed on service <=", ""), down.get(0).body());
                healthy.set(true);
                awaitDestinations(kernel, 1);
                List<TestSmtpServer.Session> all = alertsServer.awaitMails(2, PATIENCE);
                assertEquals("[LVS_SC] Realserver " + server + " of virtual server " + vs + " - UP",
                        all.get(1).subject());
                assertEquals(List.of("=> CHECK succeed on service <=", ""), all.get(1).body());
            } finally {
                service.get().close();
            }
        }
    }

    /** One dialogue per connection: 220 or 554, then 250 to HELO lb1.example.com and 221 to QUIT. */
    private static void serve(ServerSocket listener, AtomicBoolean healthy) {
        while (!listener.isClosed()) {
            try (Socket s = listener.accept()) {
                s.setSoTimeout(5000);
                OutputStream out = s.getOutputStream();
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                        StandardCharsets.US_ASCII));
                if (!healthy.get()) {
                    out.write("554 5.3.2 not now\r\n".getBytes(StandardCharsets.US_ASCII));
                    continue;
                }
                out.write("220 mx.test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
                String helo = in.readLine();
                out.write(("lb1.example.com".equals(helo == null ? null : helo.substring(5)) ? "250 mx.test\r\n"
                        : "501 wrong HELO\r\n").getBytes(StandardCharsets.US_ASCII));
                in.readLine();
                out.write("221 bye\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException | RuntimeException e) {
                // A closed listener ends the loop; a checker that went away ends one dialogue.
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
