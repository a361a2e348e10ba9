package io.jkeepalived.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SMTP client against a test server of our own on 127.0.0.1: the whole dialogue keepalived 2.2.7 has with a
 * server (its format is checked against keepalived itself in SmtpOracleNamespaceTest), its defaults, and what a
 * dead or hung server does (nothing but fail that alert, once).
 */
class SmtpAlerterTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T03:52:21Z"), ZoneId.of("UTC"));
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private static SmtpSettings settings(int port, Duration timeout) {
        return new SmtpSettings("127.0.0.1", port, timeout, Optional.of("lb1.example.com"),
                Optional.of("lb@example.com"), List.of("ops@example.com", "noc@example.com"), Optional.of("LVS_1"));
    }

    private static SmtpAlerter alerter() {
        return SmtpAlerter.start("test-smtp-alerter", SocketChannel::open, CLOCK, () -> "host.example.org");
    }

    @Test
    void theWholeDialogueIsKeepalivedsOne() throws Exception {
        try (TestSmtpServer server = TestSmtpServer.start(TestSmtpServer.Mode.ANSWER);
             SmtpAlerter alerter = alerter()) {
            alerter.useSettings(Optional.of(settings(server.port(), Duration.ofSeconds(5))));
            alerter.offer(Alert.instance("VI_1", Alert.VrrpEvent.MASTER));
            TestSmtpServer.Session s = server.awaitMails(1, PATIENCE).get(0);
            assertEquals(List.of(
                    "S: 220 test ESMTP",
                    "C: HELO lb1.example.com", "S: 250 OK",
                    "C: MAIL FROM:<lb@example.com>", "S: 250 OK",
                    "C: RCPT TO:<ops@example.com>", "S: 250 OK",
                    "C: RCPT TO:<noc@example.com>", "S: 250 OK",
                    "C: DATA", "S: 354 end with .",
                    "C: Date: Sun, 22 Nov 2026 03:52:21 +0000",
                    "C: From: lb@example.com",
                    "C: Subject: [LVS_1] VRRP Instance VI_1 - Entering MASTER state",
                    "C: X-Mailer: Keepalived",
                    "C: To: ops@example.com, noc@example.com",
                    "C: ",
                    "C: => VRRP Instance is now owning VRRP VIPs <=",
                    "C: ",
                    "C: .", "S: 250 2.0.0 queued",
                    "C: QUIT", "S: 221 bye",
                    "EOF"), s.lines());
            awaitCount("sent", alerter::sent, 1);
        }
    }

    @Test
    void defaultsAreTheLocalNameAndUserAtLocalName() throws Exception {
        try (TestSmtpServer server = TestSmtpServer.start(TestSmtpServer.Mode.ANSWER);
             SmtpAlerter alerter = alerter()) {
            alerter.useSettings(Optional.of(new SmtpSettings("127.0.0.1", server.port(), Duration.ofSeconds(5),
                    Optional.empty(), Optional.empty(), List.of("ops@example.com"), Optional.empty())));
            alerter.offer(Alert.realServer("[192.168.1.2]:tcp:80", "[10.0.0.1]:tcp:80", false, Alert.CheckKind.TCP,
                    false, ""));
            List<String> c = server.awaitMails(1, PATIENCE).get(0).clientLines();
            assertEquals("HELO host.example.org", c.get(0));
            assertEquals("MAIL FROM:<" + System.getProperty("user.name") + "@host.example.org>", c.get(1));
            assertTrue(c.contains("Subject: [host.example.org] Realserver [192.168.1.2]:tcp:80 of virtual server "
                    + "[10.0.0.1]:tcp:80 - DOWN"), c::toString);
            assertTrue(c.contains("=> TCP CHECK failed on service <="), c::toString);
        }
    }

    @Test
    void nothingIsMailedWithoutServerOrRecipient() {
        assertEquals(Optional.empty(), SmtpSettings.of(Optional.empty(), 25, Duration.ofSeconds(1),
                Optional.empty(), Optional.empty(), List.of("a@b"), Optional.empty()));
        assertEquals(Optional.empty(), SmtpSettings.of(Optional.of("127.0.0.1"), 25, Duration.ofSeconds(1),
                Optional.empty(), Optional.empty(), List.of(), Optional.empty()));
        try (SmtpAlerter alerter = alerter()) {
            alerter.offer(Alert.instance("VI_1", Alert.VrrpEvent.MASTER));
            assertEquals(0, alerter.queued());
            assertTrue(!alerter.enabled());
        }
    }

    /** A port with nothing listening: that alert fails (logged once), the next one, elsewhere, goes out. */
    @Test
    void aRefusedConnectionFailsOnlyThatAlert() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        try (TestSmtpServer server = TestSmtpServer.start(TestSmtpServer.Mode.ANSWER);
             SmtpAlerter alerter = alerter()) {
            alerter.useSettings(Optional.of(settings(closedPort, Duration.ofSeconds(5))));
            alerter.offer(Alert.instance("VI_1", Alert.VrrpEvent.BACKUP));
            alerter.useSettings(Optional.of(settings(server.port(), Duration.ofSeconds(5))));
            alerter.offer(Alert.instance("VI_1", Alert.VrrpEvent.MASTER));
            TestSmtpServer.Session s = server.awaitMails(1, PATIENCE).get(0);
            assertEquals("[LVS_1] VRRP Instance VI_1 - Entering MASTER state", s.subject());
            awaitCount("failed", alerter::failed, 1);
            awaitCount("sent", alerter::sent, 1);
        }
    }

    /**
     * A server that accepts and never answers: offering returns at once (the queue holds the mails), a reload's
     * new settings apply to later alerts only, and the queued ones go to the server they were offered for, where
     * each fails by its own timeout.
     */
    @Test
    void aHungServerHoldsOnlyTheAlertsMeantForIt() throws Exception {
        try (TestSmtpServer hung = TestSmtpServer.start(TestSmtpServer.Mode.SILENT);
             TestSmtpServer good = TestSmtpServer.start(TestSmtpServer.Mode.ANSWER);
             SmtpAlerter alerter = alerter()) {
            alerter.useSettings(Optional.of(settings(hung.port(), Duration.ofSeconds(1))));
            alerter.offer(Alert.instance("VI_1", Alert.VrrpEvent.BACKUP));
            alerter.offer(Alert.instance("VI_1", Alert.VrrpEvent.MASTER));
            // A reload to a working server: what is queued keeps its server; what comes next goes to the new one.
            alerter.useSettings(Optional.of(settings(good.port(), Duration.ofSeconds(5))));
            alerter.offer(Alert.group("G1", Alert.VrrpEvent.MASTER));
            TestSmtpServer.Session s = good.awaitMails(1, PATIENCE).get(0);
            assertEquals("[LVS_1] VRRP Group G1 - Entering MASTER state", s.subject());
            // keepalived ends the body with an empty line before the "." line.
            assertEquals(List.of("=> All VRRP group instances are now in MASTER state <=", ""), s.body());
            awaitCount("failed", alerter::failed, 2);
            assertEquals(2, hung.sessions().size(), "each queued alert tried the hung server");
            for (TestSmtpServer.Session h : hung.sessions()) {
                assertTrue(h.lines().stream().noneMatch(l -> l.startsWith("S: ")));
            }
        }
    }

    @Test
    void multiLineRepliesAreRead() throws Exception {
        // EHLO-style 250- continuation lines: keepalived reads to the last line; so do we. The test server answers
        // EHLO with two lines, so a HELO name starting with "EHLO" is not needed: feed a raw dialogue instead.
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             SmtpAlerter alerter = alerter()) {
            Thread fake = new Thread(() -> {
                try (var socket = ss.accept()) {
                    var out = socket.getOutputStream();
                    var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream()));
                    out.write("220-welcome\r\n220-more\r\n220 ready\r\n".getBytes());
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.startsWith("HELO") || line.startsWith("MAIL") || line.startsWith("RCPT")) {
                            out.write("250-one\r\n250 two\r\n".getBytes());
                        } else if (line.equals("DATA")) {
                            out.write("354 go\r\n".getBytes());
                        } else if (line.equals(".")) {
                            out.write("250 ok\r\n".getBytes());
                        } else if (line.equals("QUIT")) {
                            out.write("221 bye\r\n".getBytes());
                            return;
                        }
                    }
                } catch (IOException e) {
                    // the test fails on the count below
                }
            });
            fake.start();
            alerter.useSettings(Optional.of(settings(ss.getLocalPort(), Duration.ofSeconds(5))));
            alerter.offer(Alert.instance("VI_1", Alert.VrrpEvent.FAULT));
            fake.join(PATIENCE.toMillis());
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (alerter.sent() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(1, alerter.sent());
        }
    }

    @Test
    void anUnexpectedCodeEndsTheDialogueWithQuit() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             SmtpAlerter alerter = alerter()) {
            List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread fake = new Thread(() -> {
                try (var socket = ss.accept()) {
                    var out = socket.getOutputStream();
                    var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream()));
                    out.write("220 ready\r\n".getBytes());
                    String line;
                    while ((line = in.readLine()) != null) {
                        seen.add(line);
                        if (line.startsWith("RCPT")) {
                            out.write("550 no such user\r\n".getBytes());
                        } else if (line.equals("QUIT")) {
                            out.write("221 bye\r\n".getBytes());
                            return;
                        } else {
                            out.write("250 ok\r\n".getBytes());
                        }
                    }
                } catch (IOException e) {
                    // the assertions below fail
                }
            });
            fake.start();
            alerter.useSettings(Optional.of(settings(ss.getLocalPort(), Duration.ofSeconds(5))));
            alerter.offer(Alert.instance("VI_1", Alert.VrrpEvent.FAULT));
            fake.join(PATIENCE.toMillis());
            assertEquals(List.of("HELO lb1.example.com", "MAIL FROM:<lb@example.com>", "RCPT TO:<ops@example.com>",
                    "QUIT"), seen);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (alerter.failed() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(1, alerter.failed());
        }
    }

    private static void awaitCount(String what, java.util.function.LongSupplier counter, long expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (counter.getAsLong() < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(expected, counter.getAsLong(), what);
    }

    @Test
    void messageTextIsExact() {
        ZonedDateTime date = ZonedDateTime.of(2026, 3, 1, 9, 4, 8, 0, ZoneId.of("+01:00"));
        assertEquals("Date: Sun, 01 Mar 2026 09:04:08 +0100\r\nFrom: a@b\r\nSubject: [R] VRRP Group G - Stopping\r\n"
                        + "X-Mailer: Keepalived\r\nTo: x@y\r\n\r\n=> All VRRP group instances are now stopping <=\r\n"
                        + "\r\n.\r\n",
                MailText.message(date, "a@b", "R", List.of("x@y"), Alert.group("G", Alert.VrrpEvent.STOP)));
    }

    @Test
    void keepalivedsTextsForEachEvent() {
        assertEquals(new Alert("VRRP Instance VI_1 - Entering BACKUP state",
                "=> VRRP Instance is no longer owning VRRP VIPs <="), Alert.instance("VI_1", Alert.VrrpEvent.BACKUP));
        assertEquals(new Alert("VRRP Instance VI_1 - Entering FAULT state",
                "=> VRRP Instance is no longer owning VRRP VIPs <="), Alert.instance("VI_1", Alert.VrrpEvent.FAULT));
        assertEquals(new Alert("VRRP Group G1 - Entering FAULT state",
                "=> All VRRP group instances are now in FAULT state <="), Alert.group("G1", Alert.VrrpEvent.FAULT));
        assertEquals(new Alert("Realserver [192.168.1.2]:tcp:80 of virtual server [10.0.0.1]:tcp:80 - UP",
                        "=> CHECK succeed on service <="),
                Alert.realServer("[192.168.1.2]:tcp:80", "[10.0.0.1]:tcp:80", true, Alert.CheckKind.HTTP, true, ""));
        assertEquals("=> CHECK failed on service : HTTP request failed <=",
                Alert.realServer("a", "b", false, Alert.CheckKind.HTTP, false, "").body());
        assertEquals("=> MISC CHECK timed out on service <=",
                Alert.realServer("a", "b", false, Alert.CheckKind.MISC, false, "timed out").body());
        assertEquals(new Alert("Virtualserver [10.0.0.1]:tcp:80 - DOWN", "=> Lost quorum 3+1=2 <= 1 <="),
                Alert.quorum("[10.0.0.1]:tcp:80", false, false, 3, 1, 2, 1));
        assertEquals("=> Starting with quorum up 1+0=1 <= 2 <=",
                Alert.quorum("FWM 7", true, true, 1, 0, 1, 2).body());
        assertEquals(new Alert("Realserver [192.168.1.2]:tcp:80 of virtual server [10.0.0.1]:tcp:80 - DOWN",
                "=> Removing <="), Alert.realServerRemoved("[192.168.1.2]:tcp:80", "[10.0.0.1]:tcp:80", false));
    }

    @Test
    void localNameIsTheHostsFilesCanonicalName() throws IOException {
        Path hostname = Files.writeString(dir.resolve("hostname"), "lb1\n");
        Path hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.1 localhost\n# 10.0.0.9 lb1\n"
                + "127.0.1.1 lb1.example.com lb1 # the director\n");
        assertEquals("lb1.example.com", LocalName.resolve(hostname, hosts));
        assertEquals("lb1", LocalName.resolve(hostname, dir.resolve("absent")));
        Path self = Files.writeString(dir.resolve("hosts2"), "127.0.0.1 lb1\n");
        assertEquals("lb1", LocalName.resolve(hostname, self));
    }

}
