package io.jkeepalived.vrrp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes the VRRP message (the IP payload). Layouts, in network byte order:
 *
 * <pre>
 * VRRPv2: version|type  vrid  priority  count | auth type  interval(s)  checksum | addresses | 8 auth bytes
 * VRRPv3: version|type  vrid  priority  count | rsvd(4) max interval(12, cs)  checksum | addresses
 * </pre>
 *
 * Decoding never throws for any input: bad bytes yield {@link DecodeResult.Malformed}.
 */
public final class AdvertisementCodec {
    /** Fixed header of both versions. */
    public static final int HEADER_LENGTH = 8;
    public static final int TYPE_ADVERTISEMENT = 1;

    private AdvertisementCodec() {
    }

    /** Length of a VRRP message with {@code count} addresses. */
    public static int wireLength(VrrpVersion version, IpFamily family, int count) {
        int length = HEADER_LENGTH + count * family.addressLength();
        return version == VrrpVersion.V2 ? length + AuthData.LENGTH : length;
    }

    /**
     * Encodes with the RFC checksum: VRRPv2 over the message; VRRPv3 over the pseudo-header of
     * {@code source} and {@code destination} (ignored for VRRPv2, may then be null).
     */
    public static byte[] encode(Advertisement advert, InetAddress source, InetAddress destination) {
        return encode(advert, source, destination, false);
    }

    /**
     * Encodes; with {@code v3ChecksumAsV2} a VRRPv3/IPv4 checksum leaves out the pseudo-header, as
     * keepalived's v3_checksum_as_v2 does for routers that read RFC 5798 5.2.8 as IPv6-only.
     */
    public static byte[] encode(Advertisement advert, InetAddress source, InetAddress destination,
                                boolean v3ChecksumAsV2) {
        int length = advert.wireLength();
        byte[] buf = new byte[length];
        buf[0] = (byte) ((advert.version().number() << 4) | TYPE_ADVERTISEMENT);
        buf[1] = (byte) advert.vrid();
        buf[2] = (byte) advert.priority();
        buf[3] = (byte) advert.addresses().size();
        if (advert.version() == VrrpVersion.V2) {
            buf[4] = (byte) advert.authType().code();
            buf[5] = (byte) (advert.intervalCentis() / 100);
        } else {
            buf[4] = (byte) ((advert.intervalCentis() >>> 8) & 0x0f);
            buf[5] = (byte) advert.intervalCentis();
        }
        int off = HEADER_LENGTH;
        for (InetAddress a : advert.addresses()) {
            byte[] raw = a.getAddress();
            System.arraycopy(raw, 0, buf, off, raw.length);
            off += raw.length;
        }
        if (advert.version() == VrrpVersion.V2) {
            advert.authData().writeTo(buf, off);
        }
        long acc = 0;
        if (usesPseudoHeader(advert.version(), advert.family(), v3ChecksumAsV2)) {
            if (source == null || destination == null) {
                throw new IllegalArgumentException("a VRRPv3 checksum needs the source and destination addresses");
            }
            acc = Checksums.vrrpPseudoHeaderSum(source, destination, length);
        }
        int checksum = Checksums.finish(Checksums.sum(acc, buf, 0, length));
        buf[6] = (byte) (checksum >>> 8);
        buf[7] = (byte) checksum;
        return buf;
    }

    private static boolean usesPseudoHeader(VrrpVersion version, IpFamily family, boolean v3ChecksumAsV2) {
        return version == VrrpVersion.V3 && !(v3ChecksumAsV2 && family == IpFamily.IPV4);
    }

    /** Decodes the VRRP message in {@code buf[off, off+len)}, carried in an IP datagram of {@code family}. */
    public static DecodeResult decode(byte[] buf, int off, int len, IpFamily family) {
        if (buf == null || off < 0 || len < 0 || off + len > buf.length) {
            return new DecodeResult.Malformed(DropReason.TRUNCATED, "no such byte range");
        }
        if (len < HEADER_LENGTH) {
            return new DecodeResult.Malformed(DropReason.TRUNCATED,
                    "VRRP message of " + len + " bytes is shorter than the " + HEADER_LENGTH + "-byte header");
        }
        int versionNumber = (buf[off] & 0xff) >>> 4;
        VrrpVersion version = VrrpVersion.fromWire(versionNumber);
        if (version == null) {
            return new DecodeResult.Malformed(DropReason.VERSION_UNKNOWN, "version " + versionNumber + " is neither 2 nor 3");
        }
        if (version == VrrpVersion.V2 && family == IpFamily.IPV6) {
            return new DecodeResult.Malformed(DropReason.VERSION_UNKNOWN, "VRRPv2 is not defined over IPv6");
        }
        int type = buf[off] & 0x0f;
        if (type != TYPE_ADVERTISEMENT) {
            return new DecodeResult.Malformed(DropReason.TYPE_INVALID, "type " + type + " is not 1 (advertisement)");
        }
        int count = buf[off + 3] & 0xff;
        int expected = wireLength(version, family, count);
        if (len != expected) {
            return new DecodeResult.Malformed(DropReason.LENGTH_MISMATCH, "VRRP message of " + len + " bytes, "
                    + count + " addresses need " + expected);
        }
        AuthType authType = AuthType.NONE;
        AuthData authData = AuthData.ZERO;
        int intervalCentis;
        if (version == VrrpVersion.V2) {
            int code = buf[off + 4] & 0xff;
            authType = AuthType.fromWire(code);
            if (authType == null) {
                return new DecodeResult.Malformed(DropReason.AUTH_TYPE_INVALID, "auth type " + code + " is not 0, 1 or 2");
            }
            authData = AuthData.read(buf, off + len - AuthData.LENGTH);
            intervalCentis = (buf[off + 5] & 0xff) * 100;
        } else {
            // The top 4 bits are reserved: RFC 5798 5.2.6 says ignore them on receive.
            intervalCentis = ((buf[off + 4] & 0x0f) << 8) | (buf[off + 5] & 0xff);
        }
        int checksum = ((buf[off + 6] & 0xff) << 8) | (buf[off + 7] & 0xff);
        List<InetAddress> addresses = readAddresses(buf, off + HEADER_LENGTH, count, family);
        Advertisement advert = new Advertisement(version, family, buf[off + 1] & 0xff, buf[off + 2] & 0xff,
                authType, authData, intervalCentis, addresses);
        return new DecodeResult.Decoded(advert, checksum);
    }

    static List<InetAddress> readAddresses(byte[] buf, int off, int count, IpFamily family) {
        int width = family.addressLength();
        List<InetAddress> addresses = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] raw = new byte[width];
            System.arraycopy(buf, off + i * width, raw, 0, width);
            try {
                addresses.add(InetAddress.getByAddress(raw));
            } catch (UnknownHostException e) {
                throw new IllegalStateException("4 or 16 bytes are always an address", e);
            }
        }
        return addresses;
    }

    /**
     * Verifies the checksum of the VRRP message in {@code buf[off, off+len)}. VRRPv2 is checked over
     * the message; VRRPv3 first with the pseudo-header and, for IPv4, then without it (keepalived's
     * v3_checksum_as_v2 senders), so either form is accepted.
     */
    public static ChecksumForm verifyChecksum(byte[] buf, int off, int len, VrrpVersion version,
                                              InetAddress source, InetAddress destination) {
        long plain = Checksums.sum(0, buf, off, len);
        if (version == VrrpVersion.V2) {
            return Checksums.finish(plain) == 0 ? ChecksumForm.PLAIN : ChecksumForm.INVALID;
        }
        if (source != null && destination != null && IpFamily.of(source) == IpFamily.of(destination)) {
            long pseudo = Checksums.vrrpPseudoHeaderSum(source, destination, len);
            if (Checksums.finish(pseudo + plain) == 0) {
                return ChecksumForm.PSEUDO_HEADER;
            }
        }
        boolean ipv4 = source == null || IpFamily.of(source) == IpFamily.IPV4;
        if (ipv4 && Checksums.finish(plain) == 0) {
            return ChecksumForm.PLAIN;
        }
        return ChecksumForm.INVALID;
    }
}
