package io.jkeepalived.config.model.lvs;

import java.util.Objects;

/** {@code PING_CHECK}: ICMP echo. Parsed, not run yet. */
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
