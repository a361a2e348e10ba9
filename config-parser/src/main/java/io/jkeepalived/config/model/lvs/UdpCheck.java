package io.jkeepalived.config.model.lvs;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code UDP_CHECK} (run by the healthcheck module's UdpCheck). Byte strings are kept as lower-case hex, two digits a byte; in
 * {@code replyPattern} an {@code x} digit matches any nibble.
 *
 * @param payload      the datagram to send; empty means keepalived's fixed 32 bytes ("keepalived check - ..."),
 *                     not random data
 * @param requireReply a reply is needed for success
 * @param replyPattern the reply's expected prefix, if given
 */
public record UdpCheck(CheckerSettings settings, Connection connection, Optional<String> payload,
                       boolean requireReply, Optional<String> replyPattern, int minReplyLength, int maxReplyLength)
        implements Checker.Network {
    public UdpCheck {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(replyPattern, "replyPattern");
        if (replyPattern.isPresent() && !requireReply) {
            throw new IllegalArgumentException("a reply pattern implies require_reply");
        }
    }

    @Override
    public String keyword() {
        return "UDP_CHECK";
    }
}
