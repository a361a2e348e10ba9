package io.jkeepalived.config.model;

import java.util.Objects;

/**
 * The SMTP relay for notification e-mail. keepalived accepts an IP address or a host name here; the name is
 * kept as written and resolved by whoever sends mail, never while parsing.
 */
public record SmtpServer(String host, int port) {
    public static final int DEFAULT_PORT = 25;

    public SmtpServer {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port);
        }
    }
}
