package io.jkeepalived.netlink;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over a run of netlink attributes. {@link #next} moves to the following attribute and checks
 * that its length stays inside the run; the typed getters check that the payload has the size the type
 * needs. Any violation is a {@link MalformedMessageException} naming the attribute, never an index or
 * buffer exception. The reader never moves the underlying buffer's position.
 *
 * <pre>{@code
 * AttributeReader a = message.attributes(IFADDRMSG_SIZE);
 * while (a.next()) {
 *     switch (a.type()) {
 *         case IFA_LOCAL -> local = a.address();
 *         case IFA_LABEL -> label = a.string();
 *         default -> { }  // attributes from newer kernels are skipped
 *     }
 * }
 * }</pre>
 */
public final class AttributeReader {

    private final ByteBuffer buffer;
    private final int end;
    private int next;
    private int payloadStart = -1;
    private int payloadLength;
    private int rawType;

    /** Reads the attributes in {@code buffer[offset, offset + length)}. */
    public AttributeReader(ByteBuffer buffer, int offset, int length) throws MalformedMessageException {
        if (offset < 0 || length < 0 || offset + length > buffer.limit() || offset + length < 0) {
            throw new MalformedMessageException("attribute run [" + offset + ", +" + length
                    + ") outside a buffer of " + buffer.limit() + " bytes");
        }
        this.buffer = buffer.order() == ByteOrder.nativeOrder() ? buffer
                : buffer.duplicate().order(ByteOrder.nativeOrder());
        this.next = offset;
        this.end = offset + length;
    }

    /** Moves to the next attribute; false when the run is exhausted. */
    public boolean next() throws MalformedMessageException {
        if (next >= end) {
            payloadStart = -1;
            return false;
        }
        if (end - next < Netlink.ATTRIBUTE_HEADER_SIZE) {
            throw new MalformedMessageException((end - next) + " trailing bytes after the last attribute");
        }
        int length = buffer.getShort(next) & 0xffff;
        int type = buffer.getShort(next + 2) & 0xffff;
        if (length < Netlink.ATTRIBUTE_HEADER_SIZE) {
            throw new MalformedMessageException("attribute type " + (type & Netlink.NLA_TYPE_MASK)
                    + " has length " + length + ", less than its header");
        }
        if (length > end - next) {
            throw new MalformedMessageException("attribute type " + (type & Netlink.NLA_TYPE_MASK)
                    + " has length " + length + " but only " + (end - next) + " bytes remain");
        }
        rawType = type;
        payloadStart = next + Netlink.ATTRIBUTE_HEADER_SIZE;
        payloadLength = length - Netlink.ATTRIBUTE_HEADER_SIZE;
        // The last attribute of a run may omit its padding; never step past the run.
        next = Math.min(next + Netlink.align(length), end);
        return true;
    }

    /** The current attribute's type without the NLA_F_NESTED / NLA_F_NET_BYTEORDER bits. */
    public int type() {
        current();
        return rawType & Netlink.NLA_TYPE_MASK;
    }

    /** True when the sender flagged the current attribute NLA_F_NESTED. */
    public boolean nestedFlag() {
        current();
        return (rawType & Netlink.NLA_F_NESTED) != 0;
    }

    /** Payload length of the current attribute. */
    public int length() {
        current();
        return payloadLength;
    }

    public int u8() throws MalformedMessageException {
        return buffer.get(exactly(1)) & 0xff;
    }

    public int u16() throws MalformedMessageException {
        return buffer.getShort(exactly(2)) & 0xffff;
    }

    /** The raw 32 bits; use {@link Integer#toUnsignedLong} where the value is unsigned and may be large. */
    public int u32() throws MalformedMessageException {
        return buffer.getInt(exactly(4));
    }

    public long u64() throws MalformedMessageException {
        return buffer.getLong(exactly(8));
    }

    /** A 16-bit value in network byte order (ports). */
    public int be16() throws MalformedMessageException {
        short raw = buffer.getShort(exactly(2));
        return (ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN ? raw : Short.reverseBytes(raw)) & 0xffff;
    }

    /** A 32-bit value in network byte order. */
    public int be32() throws MalformedMessageException {
        int raw = buffer.getInt(exactly(4));
        return ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN ? raw : Integer.reverseBytes(raw);
    }

    /** A string attribute: the bytes up to the first NUL (or all of them when the sender omitted it). */
    public String string() {
        current();
        int length = 0;
        while (length < payloadLength && buffer.get(payloadStart + length) != 0) {
            length++;
        }
        byte[] bytes = new byte[length];
        buffer.get(payloadStart, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public byte[] bytes() {
        current();
        byte[] bytes = new byte[payloadLength];
        buffer.get(payloadStart, bytes);
        return bytes;
    }

    /** An IPv4 (4 bytes) or IPv6 (16 bytes) address attribute. */
    public InetAddress address() throws MalformedMessageException {
        current();
        if (payloadLength != 4 && payloadLength != 16) {
            throw new MalformedMessageException("attribute type " + type() + " is " + payloadLength
                    + " bytes, not an IPv4 or IPv6 address");
        }
        return toAddress(bytes());
    }

    /**
     * The first {@code length} bytes (4 or 16) of an address attribute that is longer, such as IPVS's
     * union nf_inet_addr which always carries 16 bytes.
     */
    public InetAddress address(int length) throws MalformedMessageException {
        current();
        if ((length != 4 && length != 16) || payloadLength < length) {
            throw new MalformedMessageException("attribute type " + type() + " is " + payloadLength
                    + " bytes, too short for a " + length + "-byte address");
        }
        byte[] raw = new byte[length];
        buffer.get(payloadStart, raw);
        return toAddress(raw);
    }

    /** A reader over the current attribute's payload, for nested attributes. */
    public AttributeReader nested() throws MalformedMessageException {
        current();
        return new AttributeReader(buffer, payloadStart, payloadLength);
    }

    /** Absolute offset of the current attribute's payload in the underlying buffer. */
    public int payloadOffset() {
        current();
        return payloadStart;
    }

    private int exactly(int size) throws MalformedMessageException {
        current();
        if (payloadLength != size) {
            throw new MalformedMessageException("attribute type " + type() + " has " + payloadLength
                    + " payload bytes, expected " + size);
        }
        return payloadStart;
    }

    private void current() {
        if (payloadStart < 0) {
            throw new IllegalStateException("no current attribute: call next() first");
        }
    }

    /** 16 bytes stay an Inet6Address even when IPv4-mapped (InetAddress.getByAddress would convert). */
    static InetAddress toAddress(byte[] raw) {
        try {
            return raw.length == 16 ? Inet6Address.getByAddress(null, raw, (NetworkInterface) null)
                    : InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }
}
