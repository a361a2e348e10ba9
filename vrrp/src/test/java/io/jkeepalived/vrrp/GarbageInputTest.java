package io.jkeepalived.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.Inet6Address;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Garbage in yields a typed reason out: decode and validate never throw. */
class GarbageInputTest {
    private static final ReceiveExpectations OURS = new ReceiveExpectations(51, VrrpVersion.V2, IpFamily.IPV4,
            AuthType.PASS, AuthData.ofPassword("secret12"), 100, Golden.ips("192.0.2.100"), false);
    private static final ReceiveExpectations OURS6 = new ReceiveExpectations(54, VrrpVersion.V3, IpFamily.IPV6,
            AuthType.NONE, AuthData.ZERO, 100, Golden.ips("2001:db8::100", "2001:db8::101"), false);

    @Test
    void randomBytes() {
        Random random = new Random(20261121);
        Inet6Address src = (Inet6Address) Golden.ip("fe80::1");
        Inet6Address dst = (Inet6Address) Golden.ip("ff02::12");
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[random.nextInt(120)];
            random.nextBytes(b);
            for (IpFamily f : IpFamily.values()) {
                assertNotNull(AdvertisementCodec.decode(b, 0, b.length, f));
            }
            assertNotNull(AdvertValidator.validate(InboundPacket.ipv4(b), OURS));
            assertNotNull(AdvertValidator.validate(InboundPacket.ipv6(b, src, dst, random.nextInt(256)), OURS6));
        }
    }

    @Test
    void mutatedGoldenAdverts() {
        Random random = new Random(7);
        List<Golden.Packet> pool = new java.util.ArrayList<>();
        for (String c : List.of("v2-pass", "v2-none-multi", "v3-ipv4", "v3-ipv6")) {
            pool.addAll(Golden.vrrp(c));
        }
        for (int i = 0; i < 20_000; i++) {
            Golden.Packet p = pool.get(random.nextInt(pool.size()));
            byte[] d = p.datagram().clone();
            int flips = 1 + random.nextInt(3);
            for (int k = 0; k < flips; k++) {
                d[random.nextInt(d.length)] = (byte) random.nextInt(256);
            }
            if (random.nextBoolean()) {
                d = java.util.Arrays.copyOf(d, random.nextInt(d.length + 8));
            }
            Golden.Packet m = new Golden.Packet(0, d);
            if (d.length > 40 && p.ipv6()) {
                assertNotNull(AdvertValidator.validate(m.inbound(), OURS6));
            } else {
                assertNotNull(AdvertValidator.validate(InboundPacket.ipv4(d), OURS));
            }
            byte[] vrrp = d.length > 20 ? java.util.Arrays.copyOfRange(d, 20, d.length) : d;
            assertNotNull(AdvertisementCodec.decode(vrrp, 0, vrrp.length, IpFamily.IPV4));
        }
    }

    @Test
    void decodeNamesTheReason() {
        assertEquals(DropReason.TRUNCATED, malformed(new byte[7]).reason());
        assertEquals(DropReason.VERSION_UNKNOWN, malformed(new byte[] {0x41, 1, 1, 0, 0, 1, 0, 0}).reason());
        assertEquals(DropReason.TYPE_INVALID, malformed(new byte[] {0x32, 1, 1, 0, 0, 1, 0, 0}).reason());
        assertEquals(DropReason.LENGTH_MISMATCH, malformed(new byte[] {0x31, 1, 1, 1, 0, 1, 0, 0}).reason());
        byte[] v2 = new byte[16];
        v2[0] = 0x21;
        v2[4] = 9;
        assertEquals("auth type 9 is not 0, 1 or 2", malformed(v2).detail());
        assertEquals(DropReason.TRUNCATED,
                assertInstanceOf(DecodeResult.Malformed.class, AdvertisementCodec.decode(v2, 10, 20, IpFamily.IPV4))
                        .reason());
        byte[] v2over6 = new byte[8];
        v2over6[0] = 0x21;
        assertEquals(DropReason.VERSION_UNKNOWN, assertInstanceOf(DecodeResult.Malformed.class,
                AdvertisementCodec.decode(v2over6, 0, 8, IpFamily.IPV6)).reason());
    }

    @Test
    void v3ReservedBitsAreIgnored() {
        byte[] b = {0x31, 1, 100, 0, (byte) 0xf0, 100, 0, 0};
        DecodeResult.Decoded d = assertInstanceOf(DecodeResult.Decoded.class,
                AdvertisementCodec.decode(b, 0, b.length, IpFamily.IPV4));
        assertEquals(100, d.advertisement().intervalCentis());
    }

    private static DecodeResult.Malformed malformed(byte[] b) {
        return assertInstanceOf(DecodeResult.Malformed.class, AdvertisementCodec.decode(b, 0, b.length, IpFamily.IPV4));
    }
}
