package io.jkeepalived.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.alert.TestSmtpServer;
import io.jkeepalived.libc.Libc;
import io.jkeepalived.libc.NetNamespace;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Oracle: keepalived 2.2.7 and jkeepalived run the same keepalived.conf, each alone on a segment of its own (so
 * each goes BACKUP at start, then MASTER), each mailing a test SMTP server on 127.0.0.1:2525 inside its own
 * namespace. The SMTP dialogues must be the same line by line, server and client, except the Date header (the
 * time of sending). router_id, smtp_helo_name and notification_email_from are left out, so their defaults (the
 * host's name, root@host name) are compared too; both run on this host, so no host-specific text is masked. A
 * second instance with {@code smtp_alert off} must mail nothing on either side, and neither sends a mail at
 * shutdown (keepalived opens a connection for "Stopping" and exits before HELO).
 */
class SmtpOracleNamespaceTest {
    private static final int PORT = 2525;
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private static final String CONF = """
            global_defs {
                notification_email {
                    ops@example.com
                    noc@example.com
                }
                smtp_server 127.0.0.1 %d
                smtp_connect_timeout 5
                smtp_alert
            }
            vrrp_sync_group G1 {
                group {
                    VI_1
                }
            }
            vrrp_instance VI_1 {
                state MASTER
                interface jkv-sm-a0
                virtual_router_id 51
                priority 100
                advert_int 1
                virtual_ipaddress {
                    192.0.2.100/24
                }
            }
            vrrp_instance VI_2 {
                interface jkv-sm-a0
                virtual_router_id 52
                priority 100
                advert_int 1
                smtp_alert off
                virtual_ipaddress {
                    192.0.2.101/24
                }
            }
            """.formatted(PORT);

    @Test
    void keepalivedAndJkeepalivedMailTheSameDialogues() throws Exception {
        String keepalived = Prereq.require("keepalived");
        Path conf = dir.resolve("jkv-sm.conf");
        Files.writeString(conf, CONF);
        try (Lab k = Lab.create("jkv-sm-", "k", "a");
             Lab j = Lab.create("jkv-sm-", "j", "a");
             NetNamespace kns = NetNamespace.named(Libc.get(), k.ns('a'));
             NetNamespace jns = NetNamespace.named(Libc.get(), j.ns('a'));
             TestSmtpServer kServer = TestSmtpServer.start(() -> kns.call(ServerSocketChannel::open), PORT,
                     TestSmtpServer.Mode.ANSWER);
             TestSmtpServer jServer = TestSmtpServer.start(() -> jns.call(ServerSocketChannel::open), PORT,
                     TestSmtpServer.Mode.ANSWER)) {
            Process kp = k.spawn('a', dir.resolve("keepalived.log"), keepalived, "-n", "-l", "-D", "-R", "-P",
                    "-f", conf.toString(), "-i", "jkv-sm", "-p", dir.resolve("jkv-sm.pid").toString(),
                    "-r", dir.resolve("jkv-sm-vrrp.pid").toString());
            List<TestSmtpServer.Session> ours;
            List<TestSmtpServer.Session> theirs;
            try (Node node = Node.start(j, 'a', dir, CONF)) {
                // BACKUP at start, then MASTER: instance and group each time.
                theirs = kServer.awaitMails(4, PATIENCE);
                ours = jServer.awaitMails(4, PATIENCE);
                // VI_2 became master as VI_1 did; give a mail of it, wrongly sent, time to arrive.
                Thread.sleep(1500);
                kp.destroy();
                assertTrue(kp.waitFor(10, java.util.concurrent.TimeUnit.SECONDS), "keepalived stopped");
            }
            Thread.sleep(1000);
            Map<String, List<String>> kMails = normalised(kServer.sessions());
            Map<String, List<String>> jMails = normalised(jServer.sessions());
            assertEquals(List.of(
                    "[" + localName() + "] VRRP Group G1 - Entering BACKUP state",
                    "[" + localName() + "] VRRP Group G1 - Entering MASTER state",
                    "[" + localName() + "] VRRP Instance VI_1 - Entering BACKUP state",
                    "[" + localName() + "] VRRP Instance VI_1 - Entering MASTER state"),
                    new ArrayList<>(kMails.keySet()), "keepalived's mails:\n" + kServer.sessions());
            // Kept for the report: what was compared.
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "smtp-oracle-dialogues.txt"), "keepalived 2.2.7:\n"
                    + String.join("\n----\n", kServer.sessions().stream().map(Object::toString).toList())
                    + "\n\njkeepalived:\n"
                    + String.join("\n----\n", jServer.sessions().stream().map(Object::toString).toList()) + "\n");
            assertEquals(kMails, jMails);
            for (TestSmtpServer.Session s : theirs) {
                assertDateIsNow(s);
            }
            for (TestSmtpServer.Session s : ours) {
                assertDateIsNow(s);
            }
            // Shutdown: keepalived may have connected for "Stopping" but never said HELO; we do not connect.
            for (TestSmtpServer.Session s : kServer.sessions()) {
                assertTrue(s.delivered() || s.clientLines().isEmpty(), s::toString);
            }
            assertEquals(4, jServer.sessions().size(), () -> jServer.sessions().toString());
        }
    }

    private static String localName() {
        return io.jkeepalived.alert.LocalName.resolve();
    }

    /** Subject to the whole dialogue with the Date header's value masked. */
    private static Map<String, List<String>> normalised(List<TestSmtpServer.Session> sessions) {
        Map<String, List<String>> out = new TreeMap<>();
        for (TestSmtpServer.Session s : sessions) {
            if (!s.delivered()) {
                continue;
            }
            List<String> lines = new ArrayList<>();
            for (String l : s.lines()) {
                lines.add(l.startsWith("C: Date: ") ? "C: Date: (masked)" : l);
            }
            out.put(s.subject(), lines);
        }
        return out;
    }

    private static void assertDateIsNow(TestSmtpServer.Session s) {
        String date = s.clientLines().stream().filter(l -> l.startsWith("Date: ")).findFirst().orElseThrow()
                .substring(6);
        ZonedDateTime t = ZonedDateTime.parse(date,
                DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT));
        long age = Duration.between(t, ZonedDateTime.now()).abs().toSeconds();
        assertTrue(age < 120, "Date " + date + " is " + age + " s away from now");
    }
}
