package io.jkeepalived.vrrp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Optional;

/**
 * The fixed IPv4 header (RFC 791) a raw IPv4 socket delivers in front of a VRRP message, and the
 * one keepalived writes itself (IP_HDRINCL): TOS 0xc0 (internetwork control), TTL 255, protocol
 * 112, no fragmentation flags. Options are skipped on parse and never written.
 */
public record Ipv4Header(
        int headerLength,
        int tos,
        int totalLength,
        int identification,
        int flagsAndFragment,
        int ttl,
        int protocol,
        int checksum,
        Inet4Address source,
        Inet4Address destination) {

    public static final int MIN_LENGTH = 20;
    public static final int VRRP_TTL = 255;
    public static final int TOS_INTERNETWORK_CONTROL = 0xc0;

    public Ipv4Header {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
    }

    /**
     * The header keepalived sends before an advert of {@code payloadLength} bytes, with its checksum
     * (keepalived leaves it 0 for the kernel to fill; the kernel's value is the same).
     */
    public static Ipv4Header forAdvert(Inet4Address source, Inet4Address destination, int payloadLength,
                                       int identification) {
        Ipv4Header unsummed = new Ipv4Header(MIN_LENGTH, TOS_INTERNETWORK_CONTROL, MIN_LENGTH + payloadLength,
                identification, 0, VRRP_TTL, Checksums.IPPROTO_VRRP, 0, source, destination);
        byte[] wire = unsummed.encode();
        return parse(wire, wire.length).orElseThrow();
    }

    /** Parses the header at the start of {@code buf[0, len)}; empty when it is not a sound IPv4 header. */
    public static Optional<Ipv4Header> parse(byte[] buf, int len) {
        if (buf == null || len < MIN_LENGTH || len > buf.length || (buf[0] & 0xff) >>> 4 != 4) {
            return Optional.empty();
        }
        int ihl = (buf[0] & 0x0f) * 4;
        if (ihl < MIN_LENGTH || ihl > len) {
            return Optional.empty();
        }
        return Optional.of(new Ipv4Header(ihl, buf[1] & 0xff, u16(buf, 2), u16(buf, 4), u16(buf, 6),
                buf[8] & 0xff, buf[9] & 0xff, u16(buf, 10), address(buf, 12), address(buf, 16)));
    }

    private static int u16(byte[] buf, int off) {
        return ((buf[off] & 0xff) << 8) | (buf[off + 1] & 0xff);
    }

    private static Inet4Address address(byte[] buf, int off) {
        byte[] raw = {buf[off], buf[off + 1], buf[off + 2], buf[off + 3]};
        try {
            return (Inet4Address) InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes are always an address", e);
        }
    }

    /** The 20-byte header with its checksum computed (the kernel would fill it in the same way). */
    public byte[] encode() {
        byte[] buf = new byte[MIN_LENGTH];
        buf[0] = 0x45;
        buf[1] = (byte) tos;
        put16(buf, 2, totalLength);
        put16(buf, 4, identification);
        put16(buf, 6, flagsAndFragment);
        buf[8] = (byte) ttl;
        buf[9] = (byte) protocol;
        System.arraycopy(source.getAddress(), 0, buf, 12, 4);
        System.arraycopy(destination.getAddress(), 0, buf, 16, 4);
        put16(buf, 10, Checksums.internetChecksum(buf, 0, MIN_LENGTH));
        return buf;
    }

    /** This header (encoded) followed by {@code payload}: a whole datagram. */
    public byte[] datagram(byte[] payload) {
        byte[] header = encode();
        byte[] out = new byte[header.length + payload.length];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(payload, 0, out, header.length, payload.length);
        return out;
    }

    private static void put16(byte[] buf, int off, int value) {
        buf[off] = (byte) (value >>> 8);
        buf[off + 1] = (byte) value;
    }

    public boolean isMulticastDestination() {
        return destination.isMulticastAddress();
    }
}
