package io.jkeepalived.alert;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mails alerts as keepalived 2.2.7 does (one SMTP connection per alert: HELO, MAIL FROM, one RCPT TO per
 * recipient, DATA, QUIT; see {@link MailText}), from a thread of its own. {@link #offer} only queues, so the VRRP
 * loop and the checkers never wait for a mail server; a dead or slow one delays only later mails. Each mail's
 * settings are taken when it is offered, so a reload that changes them does not drop or alter what is queued.
 * A failed alert is logged once, with the server, as keepalived logs it.
 */
public final class SmtpAlerter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpAlerter.class);
    /** A bound on what waits for a dead server; beyond it, alerts are dropped and counted. */
    static final int QUEUE_LIMIT = 1000;

    /** Opens the TCP socket a mail goes through (in a network namespace, for VRRP in one). */
    public interface Connector {
        SocketChannel open() throws IOException;
    }

    private record Pending(SmtpSettings settings, Alert alert) {
    }

    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE_LIMIT);
    private final Connector connector;
    private final Clock clock;
    private final Supplier<String> localName;
    private final Thread thread;
    private volatile Optional<SmtpSettings> settings = Optional.empty();
    private volatile boolean closed;
    private String resolvedLocalName;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    private SmtpAlerter(String name, Connector connector, Clock clock, Supplier<String> localName) {
        this.connector = connector;
        this.clock = clock;
        this.localName = localName;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    /** A running alerter (with no settings: it drops every alert until {@link #useSettings}). */
    public static SmtpAlerter start(String threadName, Connector connector) {
        return start(threadName, connector, Clock.systemDefaultZone(), LocalName::resolve);
    }

    public static SmtpAlerter start(String threadName, Connector connector, Clock clock, Supplier<String> localName) {
        SmtpAlerter a = new SmtpAlerter(threadName, connector, clock, localName);
        a.thread.start();
        return a;
    }

    /** The settings for alerts offered from now on; empty: no smtp_server or no notification_email. */
    public void useSettings(Optional<SmtpSettings> next) {
        settings = next;
    }

    /** Whether an offered alert would be mailed (keepalived composes nothing without a server and a recipient). */
    public boolean enabled() {
        return settings.isPresent();
    }

    /** Queues an alert; never blocks. */
    public void offer(Alert alert) {
        Optional<SmtpSettings> s = settings;
        if (s.isEmpty() || closed) {
            return;
        }
        if (!queue.offer(new Pending(s.get(), alert))) {
            if (dropped.getAndIncrement() == 0) {
                LOG.warn("SMTP alerts to {} are not going out; dropping alerts beyond {} queued",
                        s.get().describe(), QUEUE_LIMIT);
            }
        }
    }

    public long sent() {
        return sent.get();
    }

    public long failed() {
        return failed.get();
    }

    public long dropped() {
        return dropped.get();
    }

    /** Alerts queued and not yet tried. */
    public int queued() {
        return queue.size();
    }

    /**
     * Stops the sender. Alerts still queued are not sent: keepalived 2.2.7 exits without finishing its SMTP
     * dialogues either (measured: it connects and quits before HELO).
     */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left = queue.size();
        if (left > 0) {
            LOG.info("{} SMTP alert(s) not sent at shutdown", left);
        }
    }

    private void run() {
        while (!closed) {
            Pending p;
            try {
                p = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                if (deliver(p.settings(), p.alert())) {
                    sent.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
            } catch (RuntimeException e) {
                failed.incrementAndGet();
                LOG.warn("SMTP alert to {} failed: {}", p.settings().describe(), e.toString());
            }
        }
    }

    private String localName() {
        if (resolvedLocalName == null) {
            resolvedLocalName = localName.get();
        }
        return resolvedLocalName;
    }

    /** One alert's whole dialogue; logs its failure once. */
    boolean deliver(SmtpSettings s, Alert alert) {
        String server = s.describe();
        InetAddress address;
        try {
            address = InetAddress.getByName(s.host());
        } catch (UnknownHostException e) {
            LOG.warn("SMTP alert not sent: cannot resolve SMTP server {}", s.host());
            return false;
        }
        String host = localName();
        String from = s.from().orElseGet(() -> System.getProperty("user.name") + "@" + host);
        String routerId = s.routerId().orElse(host);
        String helo = s.heloName().orElse(host);
        int timeout = (int) Math.min(Integer.MAX_VALUE, Math.max(1, s.timeout().toMillis()));
        try (SocketChannel ch = connector.open()) {
            Socket socket = ch.socket();
            try {
                socket.connect(new InetSocketAddress(address, s.port()), timeout);
            } catch (SocketTimeoutException e) {
                LOG.warn("Timeout connecting SMTP server {}.", server);
                return false;
            } catch (ConnectException e) {
                LOG.warn("SMTP connection ERROR to {}: {}.", server, e.getMessage());
                return false;
            }
            socket.setSoTimeout(timeout);
            Dialogue d = new Dialogue(socket.getInputStream(), socket.getOutputStream(), server);
            List<Step> steps = new ArrayList<>();
            steps.add(new Step(null, 220, "(E)SMTP"));
            steps.add(new Step(MailText.helo(helo), 250, "HELO"));
            steps.add(new Step(MailText.mailFrom(from), 250, "MAIL"));
            for (String to : s.recipients()) {
                steps.add(new Step(MailText.rcptTo(to), 250, "RCPT"));
            }
            steps.add(new Step(MailText.DATA, 354, "DATA"));
            steps.add(new Step(MailText.message(ZonedDateTime.now(clock), from, routerId, s.recipients(), alert),
                    250, "BODY"));
            for (Step step : steps) {
                if (!d.step(step)) {
                    d.quitQuietly();
                    return false;
                }
            }
            LOG.debug("SMTP alert successfully sent to {}: {}", server, alert.subject());
            d.quitQuietly();
            return true;
        } catch (IOException e) {
            if (closed) {
                LOG.debug("SMTP alert to {} cut off by shutdown", server);
            } else {
                LOG.warn("SMTP alert to {} failed: {}", server, e.getMessage());
            }
            return false;
        }
    }

    private record Step(String send, int expect, String name) {
    }

    /** Commands out, replies in; a reply's last line (no '-' after the code) carries its code. */
    private static final class Dialogue {
        private final InputStream in;
        private final OutputStream out;
        private final String server;
        private final byte[] buffer = new byte[1024];
        private int length;
        private boolean failedOnce;

        Dialogue(InputStream in, OutputStream out, String server) {
            this.in = in;
            this.out = out;
            this.server = server;
        }

        boolean step(Step step) throws IOException {
            if (step.send() != null) {
                out.write(step.send().getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            int code;
            try {
                code = reply();
            } catch (SocketTimeoutException e) {
                fail("Timeout reading data to remote SMTP server " + server + ".");
                return false;
            }
            if (code < 0) {
                fail("Remote SMTP server " + server + " has closed the connection.");
                return false;
            }
            if (code != step.expect()) {
                fail("Error processing " + step.name() + " cmd on SMTP server " + server + ". SMTP status code = "
                        + code);
                return false;
            }
            return true;
        }

        private void fail(String message) {
            if (!failedOnce) {
                failedOnce = true;
                LOG.warn(message);
            }
        }

        /** The code of the next complete reply; -1 at end of stream. */
        private int reply() throws IOException {
            while (true) {
                int start = 0;
                for (int i = 0; i + 1 < length; i++) {
                    if (buffer[i] == '\r' && buffer[i + 1] == '\n') {
                        boolean more = i - start > 3 && buffer[start + 3] == '-';
                        int code = more ? 0 : parseCode(start, i);
                        start = i + 2;
                        if (!more) {
                            System.arraycopy(buffer, start, buffer, 0, length - start);
                            length -= start;
                            return code;
                        }
                    }
                }
                System.arraycopy(buffer, start, buffer, 0, length - start);
                length -= start;
                if (length == buffer.length) {
                    length = 0; // an over-long line: keepalived gives up on it too
                    return 0;
                }
                int n = in.read(buffer, length, buffer.length - length);
                if (n < 0) {
                    return -1;
                }
                length += n;
            }
        }

        private int parseCode(int from, int to) {
            if (to - from < 3) {
                return 0;
            }
            int code = 0;
            for (int i = from; i < from + 3; i++) {
                int d = buffer[i] - '0';
                if (d < 0 || d > 9) {
                    return 0;
                }
                code = code * 10 + d;
            }
            return code;
        }

        /** QUIT and its 221, best effort: the alert's outcome is already known and logged. */
        void quitQuietly() {
            try {
                out.write(MailText.QUIT.getBytes(StandardCharsets.UTF_8));
                out.flush();
                reply();
            } catch (IOException e) {
                LOG.debug("SMTP QUIT to {}: {}", server, e.getMessage());
            }
        }
    }
}
