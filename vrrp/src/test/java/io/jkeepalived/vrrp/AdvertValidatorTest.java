package io.jkeepalived.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each receive check, fed keepalived's own adverts with one field changed. */
class AdvertValidatorTest {
    private static final ReceiveExpectations VI_PASS = new ReceiveExpectations(51, VrrpVersion.V2, IpFamily.IPV4,
            AuthType.PASS, AuthData.ofPassword("secret12"), 100, Golden.ips("192.0.2.100"), false);
    private static final ReceiveExpectations VI_V3 = new ReceiveExpectations(53, VrrpVersion.V3, IpFamily.IPV4,
            AuthType.NONE, AuthData.ZERO, 150, Golden.ips("192.0.2.110", "192.0.2.111"), false);
    private static final ReceiveExpectations VI_V3_6 = new ReceiveExpectations(54, VrrpVersion.V3, IpFamily.IPV6,
            AuthType.NONE, AuthData.ZERO, 100, Golden.ips("2001:db8::100", "2001:db8::101"), false);

    private static byte[] v2Pass() {
        return Golden.vrrp("v2-pass").get(0).datagram();
    }

    /** Recomputes the VRRPv2 checksum of a datagram with a 20-byte IP header, so later checks are reached. */
    private static byte[] resum(byte[] d) {
        d[26] = 0;
        d[27] = 0;
        int c = Checksums.internetChecksum(d, 20, d.length - 20);
        d[26] = (byte) (c >>> 8);
        d[27] = (byte) c;
        return d;
    }

    private static DropReason dropped(byte[] datagram, ReceiveExpectations ours) {
        Verdict v = AdvertValidator.validate(InboundPacket.ipv4(datagram), ours);
        return assertInstanceOf(Verdict.Dropped.class, v, v.toString()).reason();
    }

    private static Verdict.Accepted accepted(InboundPacket p, ReceiveExpectations ours) {
        Verdict v = AdvertValidator.validate(p, ours);
        return assertInstanceOf(Verdict.Accepted.class, v, v.toString());
    }

    @Test
    void acceptsKeepalivedsAdvert() {
        Verdict.Accepted a = accepted(InboundPacket.ipv4(v2Pass()), VI_PASS);
        assertEquals(Golden.ip("192.0.2.1"), a.source());
        assertEquals(150, a.advertisement().priority());
        assertEquals(ChecksumForm.PLAIN, a.checksumForm());
        assertEquals(Map.of(), a.anomalies());
    }

    @Test
    void notAnIpv4VrrpDatagram() {
        assertEquals(DropReason.NOT_VRRP, dropped(new byte[10], VI_PASS));
        byte[] udp = v2Pass();
        udp[9] = 17;
        assertEquals(DropReason.NOT_VRRP, dropped(udp, VI_PASS));
        byte[] badIhl = v2Pass();
        badIhl[0] = 0x4f; // 60-byte header in a 40-byte datagram
        assertEquals(DropReason.NOT_VRRP, dropped(badIhl, VI_PASS));
    }

    @Test
    void ahIsAnAuthTypeMismatchAsInKeepalived() {
        byte[] ah = v2Pass();
        ah[9] = 51;
        assertEquals(DropReason.AUTH_TYPE_MISMATCH, dropped(ah, VI_PASS));
    }

    @Test
    void truncatedVrrpHeader() {
        byte[] d = java.util.Arrays.copyOf(v2Pass(), 25);
        assertEquals(DropReason.TRUNCATED, dropped(d, VI_PASS));
    }

    @Test
    void otherVridIsNotHeldAgainstUsEvenWhenOtherwiseBroken() {
        ReceiveExpectations vrid52 = new ReceiveExpectations(52, VrrpVersion.V2, IpFamily.IPV4, AuthType.NONE,
                AuthData.ZERO, 200, List.of(), false);
        byte[] d = v2Pass();
        d[8] = 1; // TTL 1 too
        assertEquals(DropReason.OTHER_VRID, dropped(d, vrid52));
    }

    @Test
    void lengthAgainstTheAddressCount() {
        byte[] moreAddresses = v2Pass();
        moreAddresses[23] = 2;
        assertEquals(DropReason.LENGTH_MISMATCH, dropped(resum(moreAddresses), VI_PASS));
        byte[] longer = java.util.Arrays.copyOf(v2Pass(), 44);
        longer[3] = 44;
        assertEquals(DropReason.LENGTH_MISMATCH, dropped(longer, VI_PASS));
    }

    @Test
    void ttlMustBe255OnMulticast() {
        byte[] d = v2Pass();
        d[8] = 64;
        assertEquals(DropReason.TTL_INVALID, dropped(d, VI_PASS));
    }

    @Test
    void ttlComesBeforePasswordAndChecksum() {
        byte[] d = v2Pass();
        d[8] = 64;
        d[39] ^= 0x20; // wrong password
        d[27] ^= 0x55; // and a bad checksum
        assertEquals(DropReason.TTL_INVALID, dropped(d, VI_PASS));
    }

    @Test
    void aV2AdvertWithAnotherVersionNumberFailsTheLengthCheckAsInKeepalived() {
        // keepalived sizes the packet by the header's version: without "2" there are no auth bytes.
        byte[] d = v2Pass();
        d[20] = 0x31;
        assertEquals(DropReason.LENGTH_MISMATCH, dropped(resum(d), VI_PASS));
    }

    @Test
    void versionMismatch() {
        ReceiveExpectations v3 = new ReceiveExpectations(51, VrrpVersion.V3, IpFamily.IPV4, AuthType.NONE,
                AuthData.ZERO, 100, Golden.ips("192.0.2.100"), false);
        // a v2 advert is 8 bytes longer than v3 expects for one address: the length check decides first,
        // as in keepalived, unless the header's own version explains the length.
        assertEquals(DropReason.VERSION_MISMATCH, dropped(v2Pass(), v3));
    }

    @Test
    void authTypeInvalidMismatchAndWrongPassword() {
        byte[] invalid = v2Pass();
        invalid[24] = 7;
        assertEquals(DropReason.AUTH_TYPE_INVALID, dropped(resum(invalid), VI_PASS));
        ReceiveExpectations none = new ReceiveExpectations(51, VrrpVersion.V2, IpFamily.IPV4, AuthType.NONE,
                AuthData.ZERO, 100, Golden.ips("192.0.2.100"), false);
        assertEquals(DropReason.AUTH_TYPE_MISMATCH, dropped(v2Pass(), none));
        ReceiveExpectations otherPassword = new ReceiveExpectations(51, VrrpVersion.V2, IpFamily.IPV4, AuthType.PASS,
                AuthData.ofPassword("secret13"), 100, Golden.ips("192.0.2.100"), false);
        assertEquals(DropReason.AUTH_FAILURE, dropped(v2Pass(), otherPassword));
    }

    @Test
    void onlyTheFirstEightPasswordBytesCount() {
        ReceiveExpectations longer = new ReceiveExpectations(51, VrrpVersion.V2, IpFamily.IPV4, AuthType.PASS,
                AuthData.ofPassword("secret12-and-more"), 100, Golden.ips("192.0.2.100"), false);
        accepted(InboundPacket.ipv4(v2Pass()), longer);
    }

    @Test
    void v2IntervalMismatchIsDroppedBeforeTheChecksumIsLookedAt() {
        ReceiveExpectations twoSeconds = new ReceiveExpectations(51, VrrpVersion.V2, IpFamily.IPV4, AuthType.PASS,
                AuthData.ofPassword("secret12"), 200, Golden.ips("192.0.2.100"), false);
        byte[] d = v2Pass();
        d[27] ^= 1;
        assertEquals(DropReason.INTERVAL_MISMATCH, dropped(d, twoSeconds));
    }

    @Test
    void typeMustBeAdvertisement() {
        byte[] d = v2Pass();
        d[20] = 0x22;
        assertEquals(DropReason.TYPE_INVALID, dropped(resum(d), VI_PASS));
    }

    @Test
    void ipTotalLengthMustMatchWhatWasReceived() {
        byte[] d = v2Pass();
        d[3] = 60;
        assertEquals(DropReason.IP_LENGTH_MISMATCH, dropped(d, VI_PASS));
    }

    @Test
    void badChecksum() {
        byte[] d = v2Pass();
        d[30] ^= 0x01; // last byte of the VIP
        assertEquals(DropReason.CHECKSUM_INVALID, dropped(d, VI_PASS));
    }

    @Test
    void unicastAdvertOnAMulticastInstanceAndTheReverse() {
        byte[] d = v2Pass();
        d[16] = (byte) 192; // destination 192.0.0.18
        assertEquals(DropReason.CAST_MISMATCH, dropped(d, VI_PASS));
        ReceiveExpectations unicast = new ReceiveExpectations(51, VrrpVersion.V2, IpFamily.IPV4, AuthType.PASS,
                AuthData.ofPassword("secret12"), 100, Golden.ips("192.0.2.100"), true);
        assertEquals(DropReason.CAST_MISMATCH, dropped(v2Pass(), unicast));
        byte[] low = d.clone();
        low[8] = 3; // unicast instances skip the TTL check
        accepted(InboundPacket.ipv4(low), unicast);
    }

    @Test
    void addressMismatchesAreAcceptedAndNoted() {
        ReceiveExpectations two = new ReceiveExpectations(51, VrrpVersion.V2, IpFamily.IPV4, AuthType.PASS,
                AuthData.ofPassword("secret12"), 100, Golden.ips("192.0.2.100", "192.0.2.99"), false);
        assertTrue(accepted(InboundPacket.ipv4(v2Pass()), two).anomalies().containsKey(Anomaly.ADDRESS_COUNT_MISMATCH));
        ReceiveExpectations other = new ReceiveExpectations(51, VrrpVersion.V2, IpFamily.IPV4, AuthType.PASS,
                AuthData.ofPassword("secret12"), 100, Golden.ips("192.0.2.99"), false);
        Verdict.Accepted a = accepted(InboundPacket.ipv4(v2Pass()), other);
        assertEquals("our address 192.0.2.99 is not in the advert", a.anomalies().get(Anomaly.ADDRESS_LIST_MISMATCH));
    }

    @Test
    void v3AcceptsThePseudoHeaderChecksumAndNotesAnotherInterval() {
        Golden.Packet p = Golden.vrrp("v3-ipv4").get(0);
        Verdict.Accepted a = accepted(p.inbound(), VI_V3);
        assertEquals(ChecksumForm.PSEUDO_HEADER, a.checksumForm());
        assertEquals(Map.of(), a.anomalies());
        ReceiveExpectations oneSecond = new ReceiveExpectations(53, VrrpVersion.V3, IpFamily.IPV4, AuthType.NONE,
                AuthData.ZERO, 100, Golden.ips("192.0.2.110", "192.0.2.111"), false);
        assertEquals("advert interval 150 cs, ours is 100 cs",
                accepted(p.inbound(), oneSecond).anomalies().get(Anomaly.INTERVAL_MISMATCH));
    }

    @Test
    void v3AcceptsAChecksumWithoutPseudoHeader() {
        Golden.Packet p = Golden.vrrp("v3-ipv4").get(0);
        byte[] vrrp = p.vrrp();
        Advertisement advert = ((DecodeResult.Decoded) AdvertisementCodec.decode(vrrp, 0, vrrp.length, IpFamily.IPV4))
                .advertisement();
        byte[] asV2 = AdvertisementCodec.encode(advert, p.source(), p.destination(), true);
        byte[] d = p.datagram().clone();
        System.arraycopy(asV2, 0, d, 20, asV2.length);
        Verdict.Accepted a = accepted(InboundPacket.ipv4(d), VI_V3);
        assertEquals(ChecksumForm.PLAIN, a.checksumForm());
        assertTrue(a.anomalies().containsKey(Anomaly.CHECKSUM_WITHOUT_PSEUDO_HEADER));
    }

    @Test
    void v3Ipv6UsesTheHopLimitFromTheSocketAndThePseudoHeader() {
        Golden.Packet p = Golden.vrrp("v3-ipv6").get(0);
        Inet6Address src = (Inet6Address) p.source();
        Inet6Address dst = (Inet6Address) p.destination();
        assertEquals(ChecksumForm.PSEUDO_HEADER, accepted(p.inbound(), VI_V3_6).checksumForm());
        accepted(InboundPacket.ipv6(p.vrrp(), src, dst, -1), VI_V3_6);
        Verdict hop64 = AdvertValidator.validate(InboundPacket.ipv6(p.vrrp(), src, dst, 64), VI_V3_6);
        assertEquals(DropReason.TTL_INVALID, ((Verdict.Dropped) hop64).reason());
        byte[] bad = p.vrrp();
        bad[bad.length - 1] ^= 1;
        Verdict badSum = AdvertValidator.validate(InboundPacket.ipv6(bad, src, dst, 255), VI_V3_6);
        assertEquals(DropReason.CHECKSUM_INVALID, ((Verdict.Dropped) badSum).reason());
        // the plain form is not accepted for IPv6
        Verdict otherSource = AdvertValidator.validate(
                InboundPacket.ipv6(p.vrrp(), (Inet6Address) Golden.ip("fe80::1"), dst, 255), VI_V3_6);
        assertEquals(DropReason.CHECKSUM_INVALID, ((Verdict.Dropped) otherSource).reason());
    }

    @Test
    void droppedDetailNamesTheFieldAndBothValues() {
        ReceiveExpectations twoSeconds = new ReceiveExpectations(51, VrrpVersion.V2, IpFamily.IPV4, AuthType.PASS,
                AuthData.ofPassword("secret12"), 200, Golden.ips("192.0.2.100"), false);
        Verdict.Dropped d = (Verdict.Dropped) AdvertValidator.validate(InboundPacket.ipv4(v2Pass()), twoSeconds);
        assertEquals("advert interval 1 s, ours is 2 s", d.detail());
        assertEquals(Golden.ip("192.0.2.1"), d.source());
    }

    @Test
    void everyGoldenAdvertIsAcceptedByItsOwnInstance() {
        Map<String, ReceiveExpectations> own = Map.of("v2-pass", VI_PASS, "v3-ipv4", VI_V3, "v3-ipv6", VI_V3_6);
        own.forEach((capture, ours) -> {
            for (Golden.Packet p : Golden.vrrp(capture)) {
                accepted(p.inbound(), ours);
            }
        });
    }
}
