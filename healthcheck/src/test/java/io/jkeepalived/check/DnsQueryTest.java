package io.jkeepalived.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The DNS_CHECK codec against bytes written out by hand from RFC 1035 and keepalived 2.2.7's check_dns.c. */
class DnsQueryTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void rootSoaQueryIsTheHeaderAZeroByteTypeSixClassIn() {
        byte[] expected = hex("1234 0100 0001 0000 0000 0000 00 0006 0001");
        assertArrayEquals(expected, new DnsQuery(0x1234, "", 6).encode());
        assertArrayEquals(expected, new DnsQuery(0x1234, ".", 6).encode());
    }

    @Test
    void namesAreLabelsWithOrWithoutTheTrailingDot() {
        byte[] expected = hex("beef 0100 0001 0000 0000 0000 03777777 076578616d706c65 03636f6d 00 0001 0001");
        assertArrayEquals(expected, new DnsQuery(0xbeef, "www.example.com", 1).encode());
        assertArrayEquals(expected, new DnsQuery(0xbeef, "www.example.com.", 1).encode());
        byte[] aaaa = new DnsQuery(0, "a", 28).encode();
        assertArrayEquals(hex("0000 0100 0001 0000 0000 0000 0161 00 001c 0001"), aaaa);
    }

    @Test
    void aNoErrorResponseWithOurIdSucceedsWhateverTheOtherBits() {
        DnsQuery q = new DnsQuery(0xa1b2, "", 6);
        assertEquals(DnsQuery.Verdict.SUCCESS, q.judge(hex("a1b2 8180 0001 0001 0000 0000"), 12));
        // TC set (truncated), AA set, no answers: keepalived reads only ID, QR and RCODE.
        assertEquals(DnsQuery.Verdict.SUCCESS, q.judge(hex("a1b2 8700 0001 0000 0000 0000"), 12));
        // Eight bytes are enough for keepalived (its size check is the size of a pointer).
        assertEquals(DnsQuery.Verdict.SUCCESS, q.judge(hex("a1b2 8180 0001 0000"), 8));
    }

    @Test
    void anyNonZeroRcodeFails() {
        DnsQuery q = new DnsQuery(7, "", 6);
        for (int rcode = 1; rcode <= 15; rcode++) {
            byte[] reply = hex("0007 8180 0001 0000 0000 0000");
            reply[3] = (byte) (0x80 | rcode);
            assertEquals(DnsQuery.Verdict.FAILURE, q.judge(reply, 12), "rcode " + rcode);
            assertEquals(rcode, DnsQuery.rcode(reply));
        }
    }

    @Test
    void otherIdsQueriesAndShortDatagramsAreIgnored() {
        DnsQuery q = new DnsQuery(0x0102, "", 6);
        assertEquals(DnsQuery.Verdict.IGNORE, q.judge(hex("0103 8180 0001 0000 0000 0000"), 12), "other ID");
        assertEquals(DnsQuery.Verdict.IGNORE, q.judge(hex("0102 0100 0001 0000 0000 0000"), 12), "QR clear");
        assertEquals(DnsQuery.Verdict.IGNORE, q.judge(hex("0102 8182 0001 00"), 7), "7 bytes, even with SERVFAIL");
        assertEquals(DnsQuery.Verdict.IGNORE, q.judge(new byte[0], 0), "empty datagram");
    }

    @Test
    void typeNamesAsKeepalivedDumpsThem() {
        assertEquals("SOA", DnsQuery.typeName(6));
        assertEquals("DNSKEY", DnsQuery.typeName(48));
        assertEquals("(unknown)", DnsQuery.typeName(99));
    }
}
