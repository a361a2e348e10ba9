package io.jkeepalived.alert;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The commands and the message keepalived 2.2.7 writes to an SMTP server, as pure text (core/smtp.c, smtp.h). What
 * it writes, measured on the wire against 2.2.7 (SmtpOracleNamespaceTest):
 * <pre>
 * HELO name
 * MAIL FROM:&lt;from&gt;
 * RCPT TO:&lt;a&gt;            one per notification_email, in order
 * DATA
 * Date: Sun, 22 Nov 2026 03:52:21 +0000
 * From: from
 * Subject: [router_id] subject
 * X-Mailer: Keepalived
 * To: a, b
 *                          (empty line)
 * body
 *                          (empty line)
 * .
 * QUIT
 * </pre>
 * No dot-stuffing and no header folding: keepalived writes neither, and its bodies and subjects never start a line
 * with a dot.
 */
public final class MailText {
    /** strftime's {@code %a, %d %b %Y %H:%M:%S %z} in the C locale. */
    private static final DateTimeFormatter RFC822 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT);

    /** keepalived's buffers: a longer subject or body is cut there (MAX_HEADERS_LENGTH, MAX_BODY_LENGTH). */
    static final int MAX_SUBJECT = 255;
    static final int MAX_BODY = 511;

    private MailText() {
    }

    public static String helo(String name) {
        return "HELO " + name + "\r\n";
    }

    public static String mailFrom(String from) {
        return "MAIL FROM:<" + from + ">\r\n";
    }

    public static String rcptTo(String to) {
        return "RCPT TO:<" + to + ">\r\n";
    }

    public static final String DATA = "DATA\r\n";
    public static final String QUIT = "QUIT\r\n";

    /** The subject with keepalived's {@code [router_id] } prefix. */
    public static String subject(String routerId, Alert alert) {
        return cut("[" + routerId + "] " + alert.subject(), MAX_SUBJECT);
    }

    /** What follows DATA, up to and including the terminating {@code .} line. */
    public static String message(ZonedDateTime date, String from, String routerId, List<String> to, Alert alert) {
        return "Date: " + RFC822.format(date) + "\r\n"
                + "From: " + from + "\r\n"
                + "Subject: " + subject(routerId, alert) + "\r\n"
                + "X-Mailer: Keepalived\r\n"
                + "To: " + String.join(", ", to) + "\r\n"
                + "\r\n"
                + cut(alert.body(), MAX_BODY) + "\r\n"
                + "\r\n.\r\n";
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
