package io.jkeepalived.vrrp;

import java.net.InetAddress;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The receive checks of RFC 3768 7.1 / RFC 5798 7.1 as a pure function, in keepalived's order so
 * that a packet with several faults is counted under the same reason keepalived would count it.
 *
 * <p>Order: IP header sanity and the 8-byte VRRP header; VRID (keepalived dispatches on it first,
 * so an advert of another VRID is never held against this instance); length against the address
 * count; TTL/hop limit 255 (multicast only); version; for VRRPv2 the auth type, the password and
 * the advert interval (a different interval is dropped); type; IPv4 total length; checksum;
 * multicast vs unicast destination. Then, accepted but noted: address count or list mismatch and,
 * for VRRPv3, a different interval (logged as keepalived 2.4 does; 2.2.7 dropped a count mismatch
 * while checking addresses).
 */
public final class AdvertValidator {

    private AdvertValidator() {
    }

    public static Verdict validate(InboundPacket packet, ReceiveExpectations ours) {
        byte[] buf = packet.bytes();
        int off;
        int len;
        int ttl;
        InetAddress source;
        InetAddress destination;
        Ipv4Header ip = null;
        if (packet.family() == IpFamily.IPV4) {
            Optional<Ipv4Header> parsed = Ipv4Header.parse(buf, buf.length);
            if (parsed.isEmpty()) {
                return drop(DropReason.NOT_VRRP, null, buf.length < Ipv4Header.MIN_LENGTH
                        ? "datagram of " + buf.length + " bytes is shorter than an IPv4 header"
                        : "not a sound IPv4 header");
            }
            ip = parsed.get();
            source = ip.source();
            destination = ip.destination();
            if (ip.protocol() == 51) {
                return drop(DropReason.AUTH_TYPE_MISMATCH, source, "IPsec AH header received, AH is not supported");
            }
            if (ip.protocol() != Checksums.IPPROTO_VRRP) {
                return drop(DropReason.NOT_VRRP, source, "IP protocol " + ip.protocol() + " is not VRRP (112)");
            }
            off = ip.headerLength();
            len = buf.length - off;
            ttl = ip.ttl();
        } else {
            off = 0;
            len = buf.length;
            ttl = packet.hopLimit();
            source = packet.source();
            destination = packet.destination();
        }
        if (len < AdvertisementCodec.HEADER_LENGTH) {
            return drop(DropReason.TRUNCATED, source, "VRRP part of " + len + " bytes is shorter than the "
                    + AdvertisementCodec.HEADER_LENGTH + "-byte header");
        }

        int vrid = buf[off + 1] & 0xff;
        if (vrid != ours.vrid()) {
            return drop(DropReason.OTHER_VRID, source, "VRID " + vrid + ", ours is " + ours.vrid());
        }

        int versionNumber = (buf[off] & 0xff) >>> 4;
        int count = buf[off + 3] & 0xff;
        // Like keepalived, the expected length follows the header's own version field.
        int expected = AdvertisementCodec.HEADER_LENGTH + count * ours.family().addressLength()
                + (versionNumber == 2 && ours.family() == IpFamily.IPV4 ? AuthData.LENGTH : 0);
        if (len != expected) {
            return drop(DropReason.LENGTH_MISMATCH, source, "VRRP part of " + len + " bytes is too "
                    + (len > expected ? "long" : "short") + ", " + count + " addresses need " + expected);
        }

        if (!ours.unicast() && ttl >= 0 && ttl != Ipv4Header.VRRP_TTL) {
            return drop(DropReason.TTL_INVALID, source, (ip != null ? "TTL " : "hop limit ") + ttl + ", must be 255");
        }

        if (versionNumber != ours.version().number()) {
            return drop(DropReason.VERSION_MISMATCH, source, "version " + versionNumber + ", ours is "
                    + ours.version().number());
        }

        if (ours.version() == VrrpVersion.V2) {
            int code = buf[off + 4] & 0xff;
            AuthType authType = AuthType.fromWire(code);
            if (authType == null) {
                return drop(DropReason.AUTH_TYPE_INVALID, source, "auth type " + code + " is not 0, 1 or 2");
            }
            if (authType != ours.authType()) {
                return drop(DropReason.AUTH_TYPE_MISMATCH, source, "auth type " + authType + ", ours is "
                        + ours.authType());
            }
            if (authType == AuthType.PASS && !ours.authData().matches(buf, off + len - AuthData.LENGTH)) {
                return drop(DropReason.AUTH_FAILURE, source, "wrong password");
            }
            int seconds = buf[off + 5] & 0xff;
            if (seconds * 100 != ours.intervalCentis()) {
                return drop(DropReason.INTERVAL_MISMATCH, source, "advert interval " + seconds + " s, ours is "
                        + (ours.intervalCentis() / 100) + " s");
            }
        }

        int type = buf[off] & 0x0f;
        if (type != AdvertisementCodec.TYPE_ADVERTISEMENT) {
            return drop(DropReason.TYPE_INVALID, source, "type " + type + " is not 1 (advertisement)");
        }

        if (ip != null && ip.totalLength() != buf.length) {
            return drop(DropReason.IP_LENGTH_MISMATCH, source, "IP total length " + ip.totalLength()
                    + ", received " + buf.length + " bytes");
        }

        ChecksumForm form = AdvertisementCodec.verifyChecksum(buf, off, len, ours.version(), source, destination);
        if (form == ChecksumForm.INVALID) {
            return drop(DropReason.CHECKSUM_INVALID, source, "bad VRRPv" + ours.version().number() + " checksum");
        }

        if (destination.isMulticastAddress() == ours.unicast()) {
            return drop(DropReason.CAST_MISMATCH, source, ours.unicast()
                    ? "multicast advert on a unicast instance" : "unicast advert on a multicast instance");
        }

        DecodeResult decoded = AdvertisementCodec.decode(buf, off, len, ours.family());
        if (decoded instanceof DecodeResult.Malformed m) {
            // Every check decode makes has been made above; keep the reason if that ever changes.
            return drop(m.reason(), source, m.detail());
        }
        Advertisement advert = ((DecodeResult.Decoded) decoded).advertisement();

        Map<Anomaly, String> anomalies = new EnumMap<>(Anomaly.class);
        if (form == ChecksumForm.PLAIN && ours.version() == VrrpVersion.V3) {
            anomalies.put(Anomaly.CHECKSUM_WITHOUT_PSEUDO_HEADER, "VRRPv3 checksum without the IPv4 pseudo-header");
        }
        if (ours.version() == VrrpVersion.V3 && advert.intervalCentis() != ours.intervalCentis()) {
            anomalies.put(Anomaly.INTERVAL_MISMATCH, "advert interval " + advert.intervalCentis()
                    + " cs, ours is " + ours.intervalCentis() + " cs");
        }
        if (advert.addresses().size() != ours.addresses().size()) {
            anomalies.put(Anomaly.ADDRESS_COUNT_MISMATCH, "advert lists " + advert.addresses().size()
                    + " addresses, we have " + ours.addresses().size());
        } else {
            Set<InetAddress> theirs = new HashSet<>(advert.addresses());
            for (InetAddress a : ours.addresses()) {
                if (!theirs.contains(a)) {
                    anomalies.put(Anomaly.ADDRESS_LIST_MISMATCH, "our address " + a.getHostAddress()
                            + " is not in the advert");
                    break;
                }
            }
        }
        return new Verdict.Accepted(advert, source, form, anomalies);
    }

    private static Verdict drop(DropReason reason, InetAddress source, String detail) {
        return new Verdict.Dropped(reason, source, detail);
    }
}
