package io.jkeepalived.check;

/** What one checker does; {@link CheckTiming} says when. */
public sealed interface CheckerSpec permits TcpCheck, HttpCheck, MiscCheck, DnsCheck, UdpCheck, PingCheck,
        SmtpCheck, FileCheck {
    CheckerKind kind();
}
