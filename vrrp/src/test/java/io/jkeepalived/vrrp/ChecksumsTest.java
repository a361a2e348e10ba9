package io.jkeepalived.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Inet4Address;
import java.net.Inet6Address;
import org.junit.jupiter.api.Test;

class ChecksumsTest {

    @Test
    void rfc1071Example() {
        // RFC 1071 section 3: these bytes sum (one's complement) to 0xddf2.
        byte[] data = {0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5, (byte) 0xf6, (byte) 0xf7};
        assertEquals(0xddf2, Checksums.finish(Checksums.sum(0, data, 0, data.length)) ^ 0xffff);
        assertEquals(~0xddf2 & 0xffff, Checksums.internetChecksum(data, 0, data.length));
    }

    @Test
    void oddLengthPadsTheLastByteWithZero() {
        byte[] odd = {0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5, (byte) 0xf6, (byte) 0xf7, 0x01};
        assertEquals(~0xdef2 & 0xffff, Checksums.internetChecksum(odd, 0, odd.length));
    }

    @Test
    void dataIncludingItsChecksumSumsToZero() {
        byte[] data = {0x12, 0x34, 0x56, 0x78, 0, 0, (byte) 0x9a, (byte) 0xbc};
        int c = Checksums.internetChecksum(data, 0, data.length);
        data[4] = (byte) (c >>> 8);
        data[5] = (byte) c;
        assertEquals(0, Checksums.internetChecksum(data, 0, data.length));
    }

    @Test
    void ipv4PseudoHeaderIsSourceDestinationProtocolLength() {
        Inet4Address s = (Inet4Address) Golden.ip("192.0.2.1");
        Inet4Address d = (Inet4Address) Golden.ip("224.0.0.18");
        long expected = 0xc000 + 0x0201 + 0xe000 + 0x0012 + 112 + 16;
        assertEquals(expected, Checksums.ipv4PseudoHeaderSum(s, d, 112, 16));
    }

    @Test
    void ipv6PseudoHeaderCarriesA32BitLength() {
        Inet6Address s = (Inet6Address) Golden.ip("fe80::1");
        Inet6Address d = (Inet6Address) Golden.ip("ff02::12");
        long expected = 0xfe80 + 1 + 0xff02 + 0x12 + 1 + 0x0002 + 112;
        assertEquals(expected, Checksums.ipv6PseudoHeaderSum(s, d, 112, 0x10002));
    }
}
