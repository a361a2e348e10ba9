package io.jkeepalived.vrrp.runtime;

import io.jkeepalived.alert.SmtpSettings;
import io.jkeepalived.config.model.GlobalDefs;
import io.jkeepalived.config.model.SmtpServer;
import java.util.Optional;

/** global_defs' mail settings as the SMTP alerter takes them (shared by the VRRP and checker parts). */
public final class AlertSettings {
    private AlertSettings() {
    }

    /** Empty when keepalived would mail nothing: no smtp_server or no notification_email. */
    public static Optional<SmtpSettings> of(GlobalDefs g) {
        return SmtpSettings.of(g.smtpServer().map(SmtpServer::host),
                g.smtpServer().map(SmtpServer::port).orElse(SmtpServer.DEFAULT_PORT), g.smtpConnectTimeout(),
                g.smtpHeloName(), g.notificationEmailFrom(), g.notificationEmail(), g.routerId());
    }
}
