package io.jkeepalived.config.model.lvs;

import java.util.Objects;

/** {@code TCP_CHECK}: up when a TCP connection is accepted within the connect timeout. */
public record TcpCheck(CheckerSettings settings, Connection connection) implements Checker.Network {
    public TcpCheck {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(connection, "connection");
    }

    @Override
    public String keyword() {
        return "TCP_CHECK";
    }
}
