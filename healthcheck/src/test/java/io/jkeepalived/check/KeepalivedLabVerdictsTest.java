package io.jkeepalived.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The datagrams keepalived 2.2.7 sent and received in the kernel lab (healthcheck/lab/keepalived-dns-udp-check.sh
 * and keepalived-ping-check.sh, run 2026-11-22), byte for byte from the scripted servers' logs, with the verdict
 * keepalived gave each: our encoders must send the same bytes and our judges must reach the same verdicts.
 */
class KeepalivedLabVerdictsTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static DnsQuery.Verdict dns(int id, String reply) {
        byte[] r = hex(reply);
        return new DnsQuery(id, "", 6).judge(r, r.length);
    }

    @Test
    void dnsQueriesAreKeepalivedsBytes() {
        // Port 5301, defaults (the root, SOA): 17 bytes with keepalived's random ID 0x5546.
        assertArrayEquals(hex("5546 0100 0001 0000 0000 0000 00 0006 0001"), new DnsQuery(0x5546, "", 6).encode());
        // Port 5314, name www.example.org. and type A.
        assertArrayEquals(hex("2d4c 0100 0001 0000 0000 0000 03777777 076578616d706c65 036f7267 00 0001 0001"),
                new DnsQuery(0x2d4c, "www.example.org.", 1).encode());
    }

    @Test
    void dnsRepliesJudgedAsKeepalivedJudgedThem() {
        // Success ("no log line", real server kept): NOERROR; TC set; ten bytes (less than the 12-byte header).
        assertEquals(DnsQuery.Verdict.SUCCESS, dns(0x5546, "5546818000010000000000000000060001"));
        assertEquals(DnsQuery.Verdict.SUCCESS, dns(0x4b45, "4b45838000010000000000000000060001"));
        assertEquals(DnsQuery.Verdict.SUCCESS, dns(0x2342, "23428180000000000000"));
        // "read error occurred. (rcode = 2|5|3)" at once.
        assertEquals(DnsQuery.Verdict.FAILURE, dns(0xbd56, "bd56818200010000000000000000060001"));
        assertEquals(DnsQuery.Verdict.FAILURE, dns(0x0abd, "0abd818500010000000000000000060001"));
        assertEquals(DnsQuery.Verdict.FAILURE, dns(0xe851, "e851818300010000000000000000060001"));
        // Waited on ("read timeout from socket" when nothing else came): garbage, six bytes, the query reflected.
        assertEquals(DnsQuery.Verdict.IGNORE,
                dns(0xab91, "676172626167652c206e6f74206120444e53207265706c7920617420616c6c"));
        assertEquals(DnsQuery.Verdict.IGNORE, dns(0xc843, "c84381800001"));
        assertEquals(DnsQuery.Verdict.IGNORE, dns(0x8093, "8093010000010000000000000000060001"));
        // Port 5305: another ID first (ignored), 0.4 s later the right one: success.
        assertEquals(DnsQuery.Verdict.IGNORE, dns(0x18bf, "e7bf818000010000000000000000060001"));
        assertEquals(DnsQuery.Verdict.SUCCESS, dns(0x18bf, "18bf818000010000000000000000060001"));
        // Port 5315: two bytes, another ID, the query back, then SERVFAIL 0.6 s later: "rcode = 2".
        assertEquals(DnsQuery.Verdict.IGNORE, dns(0xe96f, "0102"));
        assertEquals(DnsQuery.Verdict.IGNORE, dns(0xe96f, "166f818000010000000000000000060001"));
        assertEquals(DnsQuery.Verdict.IGNORE, dns(0xe96f, "e96f010000010000000000000000060001"));
        assertEquals(DnsQuery.Verdict.FAILURE, dns(0xe96f, "e96f818200010000000000000000060001"));
    }

    private static UdpCheck udp(boolean requireReply, String pattern, int min, int max) {
        return new UdpCheck(ConnectTarget.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9),
                Duration.ofSeconds(2)), Optional.empty(), requireReply, Optional.ofNullable(pattern), min, max);
    }

    /** A reply as the attempt reads it: cut at max_reply_length + 1 bytes. */
    private static boolean accepts(UdpCheck c, String reply) {
        byte[] r = hex(reply);
        byte[] read = Arrays.copyOf(r, Math.min(r.length, c.receiveBufferSize()));
        return c.accepts(read, read.length);
    }

    @Test
    void udpPayloadAndRepliesAsKeepalived() {
        // Without a payload keepalived sent these 32 bytes to every port.
        assertArrayEquals(hex("6b656570616c6976656420636865636b202d206b656570616c69766564206368"),
                udp(false, null, 0, 255).payload());
        // "UDP connection to ... success.": a match longer than the pattern, x for a nibble, an empty datagram,
        // and any reply when require_reply has no pattern, even one longer than max_reply_length.
        assertTrue(accepts(udp(true, "cafe00", 0, 255), "cafe0001020304"));
        assertTrue(accepts(udp(true, "cxfe", 0, 255), "cafe"));
        assertTrue(accepts(udp(true, "cafe", 0, 255), ""));
        assertTrue(accepts(udp(true, null, 0, 10), "cafe000000000000000000000000000000000000"));
        // "UDP_CHECK on service ... failed.": mismatch, shorter than min_reply_length, longer than max.
        assertFalse(accepts(udp(true, "beef", 0, 255), "cafe0001"));
        assertFalse(accepts(udp(true, "cafe", 4, 255), "cafe00"));
        assertFalse(accepts(udp(true, "cafe", 0, 10), "cafe000000000000000000000000000000000000"));
    }

    @Test
    void echoRequestDataIsKeepalivedsAndOnlyTheSequenceByteOrderDiffers() {
        byte[] ours = IcmpEcho.request(false, 1);
        // keepalived's first 40 data bytes as the raw socket logged them; 128 data bytes in all.
        assertEquals("keepalived check - keepalived check - ke",
                new String(ours, 8, 40, StandardCharsets.US_ASCII));
        assertEquals(136, ours.length);
        // keepalived's second request carried sequence bytes 01 00 (its counter in host order); ours 00 01.
        assertArrayEquals(hex("0001"), Arrays.copyOfRange(ours, 6, 8));
    }
}
