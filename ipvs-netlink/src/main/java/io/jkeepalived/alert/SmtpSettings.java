package io.jkeepalived.alert;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how alerts are mailed: global_defs' smtp_server, smtp_helo_name, smtp_connect_timeout,
 * notification_email_from, notification_email and router_id. The optional values default, as keepalived's do,
 * to the local host name (router_id, HELO) and {@code user@host name} (From); they are resolved on the sender's
 * thread, because finding the host name may ask DNS.
 *
 * @param host       the SMTP server: an address literal or a host name, resolved when a mail is sent
 * @param port       its port (keepalived's default 25)
 * @param timeout    smtp_connect_timeout: for the connection and for each reply
 * @param recipients notification_email, in order: one RCPT TO each, and the To header
 */
public record SmtpSettings(String host, int port, Duration timeout, Optional<String> heloName,
                           Optional<String> from, List<String> recipients, Optional<String> routerId) {
    public SmtpSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(heloName, "heloName");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(routerId, "routerId");
        recipients = List.copyOf(recipients);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port);
        }
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("no recipient");
        }
    }

    /**
     * keepalived mails only when there is at least one notification_email and an smtp_server; otherwise alerts
     * are dropped silently. Empty means that.
     */
    public static Optional<SmtpSettings> of(Optional<String> host, int port, Duration timeout,
                                            Optional<String> heloName, Optional<String> from,
                                            List<String> recipients, Optional<String> routerId) {
        if (host.isEmpty() || recipients.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SmtpSettings(host.get(), port, timeout, heloName, from, recipients, routerId));
    }

    /** The server as keepalived's logs write it (inet_sockaddrtopair): {@code [127.0.0.1]:25}, {@code [::1]:25}. */
    public String describe() {
        return "[" + host + "]:" + port;
    }
}
