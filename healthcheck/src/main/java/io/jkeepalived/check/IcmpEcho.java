package io.jkeepalived.check;

import java.nio.charset.StandardCharsets;

/**
 * ICMP and ICMPv6 echo messages as a ping socket carries them: the ICMP header and data, no IP header. A ping
 * socket overwrites the identifier with its own and computes the checksum (IPv4 in ping_v4_sendmsg, IPv6 like
 * every ICMPv6 message), so a request leaves both zero; type and code must be an echo request or the kernel
 * refuses it.
 */
final class IcmpEcho {
    /** Type, code, checksum, identifier, sequence. */
    static final int HEADER_SIZE = 8;
    /** keepalived sends 128 bytes of data after the header (ICMP_BUFSIZE in check_ping.c). */
    static final int DATA_SIZE = 128;
    static final int ECHO_REQUEST_V4 = 8;
    static final int ECHO_REPLY_V4 = 0;
    static final int ECHO_REQUEST_V6 = 128;
    static final int ECHO_REPLY_V6 = 129;

    private static final byte[] FILL = "keepalived check - ".getBytes(StandardCharsets.US_ASCII);

    private IcmpEcho() {
    }

    /**
     * An echo request of 136 bytes: the header with identifier and checksum zero and {@code sequence} (big-endian;
     * keepalived writes its counter in host order, which only changes the number a capture shows), then
     * keepalived's data, "keepalived check - " repeated and cut at 128 bytes, so no memory content leaks.
     */
    static byte[] request(boolean ipv6, int sequence) {
        byte[] b = new byte[HEADER_SIZE + DATA_SIZE];
        b[0] = (byte) (ipv6 ? ECHO_REQUEST_V6 : ECHO_REQUEST_V4);
        b[6] = (byte) (sequence >>> 8);
        b[7] = (byte) sequence;
        for (int i = 0; i < DATA_SIZE; i++) {
            b[HEADER_SIZE + i] = FILL[i % FILL.length];
        }
        return b;
    }

    /** The most of a reply read: a longer one is cut there, as keepalived's buffer of the request's size does. */
    static int receiveBufferSize() {
        return HEADER_SIZE + DATA_SIZE;
    }

    /**
     * Judges the first message read from the ping socket ({@code length} bytes, {@code head} its first bytes, at
     * least 8 when there are that many): keepalived's recv_it/recv6_it. The kernel delivered it because its
     * identifier is the socket's; the sequence is not compared, a reply to an earlier request of the same socket
     * would count (there is none: each attempt has its own socket).
     */
    static ProbeResult judge(boolean ipv6, byte[] head, int length) {
        String icmp = ipv6 ? "ICMPv6" : "ICMP";
        if (length < HEADER_SIZE) {
            return ProbeResult.failure("got short " + icmp + " packet, " + length + " bytes");
        }
        int type = head[0] & 0xff;
        if (type != (ipv6 ? ECHO_REPLY_V6 : ECHO_REPLY_V4)) {
            return ProbeResult.failure("got " + icmp + " packet with type 0x" + Integer.toHexString(type));
        }
        return ProbeResult.success("echo reply, sequence " + sequence(head) + ", " + length + " bytes");
    }

    static int identifier(byte[] message) {
        return ((message[4] & 0xff) << 8) | (message[5] & 0xff);
    }

    static int sequence(byte[] message) {
        return ((message[6] & 0xff) << 8) | (message[7] & 0xff);
    }
}
