package io.jkeepalived.config.model.lvs;

import java.util.Objects;

/**
 * {@code PING_CHECK}: ICMP (or ICMPv6) echo to the connection's address, one request an attempt, waiting
 * connect_timeout for the reply. Run by the health checker (io.jkeepalived.check.PingCheck), which uses only the
 * address and timeout of the connection, as keepalived 2.2.7 does.
 */
public record PingCheck(CheckerSettings settings, Connection connection) implements Checker.Network {
    public PingCheck {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(connection, "connection");
    }

    @Override
    public String keyword() {
        return "PING_CHECK";
    }
}
