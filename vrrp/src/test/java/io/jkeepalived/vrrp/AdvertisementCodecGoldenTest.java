package io.jkeepalived.vrrp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Decodes every advert keepalived 2.2.7 sent in the golden captures, and encodes it back byte for byte. */
class AdvertisementCodecGoldenTest {

    /** What the config of each capture makes keepalived send. */
    record Expect(String capture, VrrpVersion version, IpFamily family, int vrid, int priority, AuthType authType,
                  AuthData authData, int intervalCentis, List<InetAddress> addresses, String source,
                  String destination) {
        @Override
        public String toString() {
            return capture;
        }
    }

    static Stream<Expect> captures() {
        return Stream.of(
                new Expect("v2-pass", VrrpVersion.V2, IpFamily.IPV4, 51, 150, AuthType.PASS,
                        AuthData.ofPassword("secret12"), 100, Golden.ips("192.0.2.100"), "192.0.2.1", "224.0.0.18"),
                new Expect("v2-none-multi", VrrpVersion.V2, IpFamily.IPV4, 52, 100, AuthType.NONE, AuthData.ZERO, 200,
                        Golden.ips("192.0.2.101", "192.0.2.102", "192.0.2.103"), "192.0.2.1", "224.0.0.18"),
                new Expect("v2-pass-short", VrrpVersion.V2, IpFamily.IPV4, 55, 254, AuthType.PASS,
                        AuthData.ofBytes(new byte[] {'a', 'b', 'c', 0, 0, 0, 0, 0}), 100, Golden.ips("192.0.2.120"),
                        "192.0.2.1", "224.0.0.18"),
                new Expect("v2-pass-long", VrrpVersion.V2, IpFamily.IPV4, 56, 1, AuthType.PASS,
                        AuthData.ofPassword("longpassword"), 300, Golden.ips("192.0.2.121"), "192.0.2.1", "224.0.0.18"),
                new Expect("v3-ipv4", VrrpVersion.V3, IpFamily.IPV4, 53, 120, AuthType.NONE, AuthData.ZERO, 150,
                        Golden.ips("192.0.2.110", "192.0.2.111"), "192.0.2.1", "224.0.0.18"),
                new Expect("v3-ipv6", VrrpVersion.V3, IpFamily.IPV6, 54, 200, AuthType.NONE, AuthData.ZERO, 100,
                        Golden.ips("2001:db8::100", "2001:db8::101"), "fe80::f44f:e9ff:fe23:7b99", "ff02::12"));
    }

    @ParameterizedTest
    @MethodSource("captures")
    void decodesToTheConfiguredFieldsAndTheLastIsThePriorityZeroOfTheStop(Expect e) {
        List<Golden.Packet> packets = Golden.vrrp(e.capture());
        assertTrue(packets.size() >= 3, "capture has adverts while master and the stop");
        for (int i = 0; i < packets.size(); i++) {
            Golden.Packet p = packets.get(i);
            boolean last = i == packets.size() - 1;
            assertEquals(255, p.ttl(), "TTL / hop limit");
            assertEquals(112, p.protocol(), "IP protocol");
            assertEquals(Golden.ip(e.source()), p.source());
            assertEquals(Golden.ip(e.destination()), p.destination());
            byte[] vrrp = p.vrrp();
            DecodeResult r = AdvertisementCodec.decode(vrrp, 0, vrrp.length, e.family());
            Advertisement a = assertInstanceOf(DecodeResult.Decoded.class, r, r.toString()).advertisement();
            Advertisement expected = new Advertisement(e.version(), e.family(), e.vrid(), last ? 0 : e.priority(),
                    e.authType(), e.authData(), e.intervalCentis(), e.addresses());
            assertEquals(expected, a, "packet " + i + " of " + e.capture());
        }
    }

    @ParameterizedTest
    @MethodSource("captures")
    void encodesTheSameFieldsToTheIdenticalBytes(Expect e) {
        for (Golden.Packet p : Golden.vrrp(e.capture())) {
            byte[] vrrp = p.vrrp();
            Advertisement a = ((DecodeResult.Decoded) AdvertisementCodec.decode(vrrp, 0, vrrp.length, e.family()))
                    .advertisement();
            assertEquals(HexFormat.of().formatHex(vrrp),
                    HexFormat.of().formatHex(AdvertisementCodec.encode(a, p.source(), p.destination())));
        }
    }

    @ParameterizedTest
    @MethodSource("captures")
    void checksumVerifiesInTheFormTheVersionPrescribes(Expect e) {
        for (Golden.Packet p : Golden.vrrp(e.capture())) {
            byte[] vrrp = p.vrrp();
            ChecksumForm form = AdvertisementCodec.verifyChecksum(vrrp, 0, vrrp.length, e.version(), p.source(),
                    p.destination());
            assertEquals(e.version() == VrrpVersion.V2 ? ChecksumForm.PLAIN : ChecksumForm.PSEUDO_HEADER, form);
            for (int bit = 0; bit < vrrp.length * 8; bit += 7) {
                byte[] flipped = vrrp.clone();
                flipped[bit / 8] ^= (byte) (1 << (bit % 8));
                assertEquals(ChecksumForm.INVALID, AdvertisementCodec.verifyChecksum(flipped, 0, flipped.length,
                        e.version(), p.source(), p.destination()), "bit " + bit + " flipped");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("captures")
    void ipv4HeaderIsTheOneKeepalivedWrites(Expect e) {
        if (e.family() != IpFamily.IPV4) {
            return;
        }
        for (Golden.Packet p : Golden.vrrp(e.capture())) {
            byte[] d = p.datagram();
            int id = ((d[4] & 0xff) << 8) | (d[5] & 0xff);
            Ipv4Header ours = Ipv4Header.forAdvert((Inet4Address) p.source(), (Inet4Address) p.destination(),
                    p.vrrp().length, id);
            assertArrayEquals(Arrays.copyOf(d, 20), ours.encode());
            Ipv4Header parsed = Ipv4Header.parse(d, d.length).orElseThrow();
            assertEquals(ours, parsed);
        }
    }

    @ParameterizedTest
    @MethodSource("captures")
    void v3ChecksumAsV2IsAcceptedAsPlainAndDiffersFromTheRfcForm(Expect e) {
        if (e.version() != VrrpVersion.V3 || e.family() != IpFamily.IPV4) {
            return;
        }
        Golden.Packet p = Golden.vrrp(e.capture()).get(0);
        byte[] vrrp = p.vrrp();
        Advertisement a = ((DecodeResult.Decoded) AdvertisementCodec.decode(vrrp, 0, vrrp.length, e.family()))
                .advertisement();
        byte[] asV2 = AdvertisementCodec.encode(a, p.source(), p.destination(), true);
        assertNotEquals(HexFormat.of().formatHex(vrrp), HexFormat.of().formatHex(asV2));
        assertArrayEquals(Arrays.copyOf(vrrp, 6), Arrays.copyOf(asV2, 6), "only the checksum differs");
        assertEquals(0, Checksums.internetChecksum(asV2, 0, asV2.length));
        assertEquals(ChecksumForm.PLAIN, AdvertisementCodec.verifyChecksum(asV2, 0, asV2.length, VrrpVersion.V3,
                p.source(), p.destination()));
    }
}
