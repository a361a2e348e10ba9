package io.jkeepalived.config.model.lvs;

/** A health checker attached to a real server; the record type is the checker kind. */
public sealed interface Checker
        permits Checker.Scheduled, FileCheck, BfdCheck {

    /** The configuration keyword of this kind, e.g. {@code HTTP_GET}. */
    String keyword();

    /** A checker that runs on its own schedule (every kind except FILE_CHECK and BFD_CHECK). */
    sealed interface Scheduled extends Checker permits Checker.Network, MiscCheck {
        CheckerSettings settings();
    }

    /** A checker that talks to the network: it has connection options. */
    sealed interface Network extends Scheduled permits HttpCheck, TcpCheck, SmtpCheck, DnsCheck, UdpCheck, PingCheck {
        Connection connection();
    }
}
