package io.jkeepalived.config.model.lvs;

import java.util.Objects;

/**
 * {@code SMTP_CHECK}: an SMTP HELO dialogue (run by the healthcheck module's SmtpCheck). A block with the deprecated
 * {@code host} sub-blocks is read as one SmtpCheck per host, as keepalived 2.2.7 does.
 */
public record SmtpCheck(CheckerSettings settings, Connection connection, String heloName) implements Checker.Network {
    /** keepalived's default HELO name. */
    public static final String DEFAULT_HELO = "smtpchecker.keepalived.org";

    public SmtpCheck {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(heloName, "heloName");
    }

    @Override
    public String keyword() {
        return "SMTP_CHECK";
    }
}
