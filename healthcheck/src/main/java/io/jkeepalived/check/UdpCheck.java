package io.jkeepalived.check;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * UDP_CHECK, as keepalived 2.2.7 runs it (check_udp.c, layer4.c; our own code, written from their behaviour). One
 * datagram goes to the target from a connected socket; then:
 * <ul>
 *   <li>an ICMP destination unreachable (ECONNREFUSED/EHOSTUNREACH on the socket) fails;</li>
 *   <li>the first datagram back decides: without {@code require_reply} any datagram succeeds; with it and a
 *       reply pattern, the datagram must be min..max bytes long and match the pattern over the shorter of the two;
 *       with {@code require_reply} but no pattern, any datagram succeeds and the lengths are not looked at
 *       (keepalived checks them only with a pattern);</li>
 *   <li>nothing back within connect_timeout succeeds unless {@code require_reply} is set.</li>
 * </ul>
 *
 * @param target         where the datagram goes; bind failures fail the attempt (unlike DNS_CHECK)
 * @param payloadHex     the datagram, lower-case hex; empty: keepalived's 32 bytes of "keepalived check - ..."
 * @param requireReply   a reply is needed for success
 * @param replyPattern   the expected reply prefix, hex with {@code x} for any nibble
 * @param minReplyLength with a pattern: the shortest acceptable reply
 * @param maxReplyLength with a pattern: the longest acceptable reply (keepalived's default 255)
 */
public record UdpCheck(ConnectTarget target, Optional<String> payloadHex, boolean requireReply,
                       Optional<String> replyPattern, int minReplyLength, int maxReplyLength) implements CheckerSpec {
    /** What keepalived sends without a payload: its text repeated to 32 bytes, so no stack content leaks. */
    static final byte[] DEFAULT_PAYLOAD = "keepalived check - keepalived ch".getBytes(StandardCharsets.US_ASCII);

    public UdpCheck {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(payloadHex, "payloadHex");
        Objects.requireNonNull(replyPattern, "replyPattern");
        payloadHex.ifPresent(p -> HexFormat.of().parseHex(p));
        replyPattern.ifPresent(p -> {
            if (p.length() % 2 != 0 || !p.matches("[0-9a-fx]*")) {
                throw new IllegalArgumentException("reply pattern must be lower-case hex digits or x: " + p);
            }
        });
        if (minReplyLength < 0 || maxReplyLength < 0 || maxReplyLength > 65535) {
            throw new IllegalArgumentException("reply lengths out of range");
        }
    }

    @Override
    public CheckerKind kind() {
        return CheckerKind.UDP_CHECK;
    }

    /** The datagram to send. */
    byte[] payload() {
        return payloadHex.map(p -> HexFormat.of().parseHex(p)).orElseGet(DEFAULT_PAYLOAD::clone);
    }

    /**
     * How many bytes of a reply to read: keepalived reads max_reply_length + 1, so that a longer reply is seen
     * as too long (and cut there).
     */
    int receiveBufferSize() {
        return maxReplyLength + 1;
    }

    /**
     * Whether a received datagram ({@code length} bytes, cut to {@link #receiveBufferSize()}) makes the attempt a
     * success. Only called for a datagram that arrived; an ICMP error and the timeout are decided elsewhere.
     */
    boolean accepts(byte[] reply, int length) {
        if (replyPattern.isEmpty()) {
            return true;
        }
        if (length < minReplyLength || length > maxReplyLength) {
            return false;
        }
        String pattern = replyPattern.get();
        int compared = Math.min(length, pattern.length() / 2);
        for (int i = 0; i < compared; i++) {
            int b = reply[i] & 0xff;
            if (!nibbleMatches(pattern.charAt(2 * i), b >>> 4) || !nibbleMatches(pattern.charAt(2 * i + 1), b & 0xf)) {
                return false;
            }
        }
        return true;
    }

    private static boolean nibbleMatches(char expected, int nibble) {
        return expected == 'x' || Character.digit(expected, 16) == nibble;
    }
}
