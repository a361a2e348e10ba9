package io.jkeepalived.netlink;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes one netlink request: the nlmsghdr, the family's fixed header (ifaddrmsg, genlmsghdr...), then
 * attributes, each 4-byte aligned with zero padding. This is the only place that computes netlink offsets
 * and lengths; everything else says what to write, not where.
 *
 * <p>The buffer is direct and reused: {@link #begin} starts a new message, {@link #message()} exposes the
 * finished bytes (valid until the next begin). Sequence number and port id are stamped by the connection
 * when it sends. Not thread-safe: one builder per user.
 */
public final class NetlinkMessageBuilder {

    private static final int LEN = 0;
    private static final int TYPE = 4;
    private static final int FLAGS = 6;
    private static final int SEQ = 8;
    private static final int PID = 12;

    private ByteBuffer buffer;
    private int openNests;
    private boolean begun;

    public NetlinkMessageBuilder() {
        this(4096);
    }

    public NetlinkMessageBuilder(int initialCapacity) {
        buffer = ByteBuffer.allocateDirect(Math.max(64, initialCapacity)).order(ByteOrder.nativeOrder());
    }

    /** Starts a new message of {@code type} with {@code flags} (NLM_F_REQUEST is the caller's choice). */
    public NetlinkMessageBuilder begin(int type, int flags) {
        buffer.clear();
        openNests = 0;
        begun = true;
        buffer.putInt(0);
        buffer.putShort((short) type);
        buffer.putShort((short) flags);
        buffer.putInt(0);
        buffer.putInt(0);
        return this;
    }

    /** The message type being built. */
    public int type() {
        return buffer.getShort(TYPE) & 0xffff;
    }

    public int flags() {
        return buffer.getShort(FLAGS) & 0xffff;
    }

    /** Adds flags to the header (the connection adds NLM_F_ACK or NLM_F_DUMP as its call requires). */
    public NetlinkMessageBuilder addFlags(int flags) {
        buffer.putShort(FLAGS, (short) (flags() | flags));
        return this;
    }

    /** Stamps the sequence number and sender port id. */
    public void stamp(int sequence, int portId) {
        buffer.putInt(SEQ, sequence);
        buffer.putInt(PID, portId);
    }

    public int sequence() {
        return buffer.getInt(SEQ);
    }

    // ---- fixed header fields, written in order ----

    public NetlinkMessageBuilder u8(int value) {
        ensure(1).put((byte) value);
        return this;
    }

    public NetlinkMessageBuilder u16(int value) {
        ensure(2).putShort((short) value);
        return this;
    }

    public NetlinkMessageBuilder u32(int value) {
        ensure(4).putInt(value);
        return this;
    }

    public NetlinkMessageBuilder u64(long value) {
        ensure(8).putLong(value);
        return this;
    }

    /** A 16-bit field in network byte order (ports). */
    public NetlinkMessageBuilder be16(int value) {
        ensure(2).putShort(toNetwork16(value));
        return this;
    }

    /** A 32-bit field in network byte order. */
    public NetlinkMessageBuilder be32(int value) {
        ensure(4).putInt(isBigEndianHost() ? value : Integer.reverseBytes(value));
        return this;
    }

    public NetlinkMessageBuilder bytes(byte[] value) {
        ensure(value.length).put(value);
        return this;
    }

    public NetlinkMessageBuilder zeros(int count) {
        ensure(count);
        for (int i = 0; i < count; i++) {
            buffer.put((byte) 0);
        }
        return this;
    }

    /** struct genlmsghdr: command, family version, two reserved bytes. */
    public NetlinkMessageBuilder genlHeader(int command, int version) {
        return u8(command).u8(version).u16(0);
    }

    // ---- attributes ----

    public NetlinkMessageBuilder attrU8(int type, int value) {
        attrHeader(type, 1).put((byte) value);
        return pad();
    }

    public NetlinkMessageBuilder attrU16(int type, int value) {
        attrHeader(type, 2).putShort((short) value);
        return pad();
    }

    public NetlinkMessageBuilder attrU32(int type, int value) {
        attrHeader(type, 4).putInt(value);
        return pad();
    }

    public NetlinkMessageBuilder attrU64(int type, long value) {
        attrHeader(type, 8).putLong(value);
        return pad();
    }

    /** A 16-bit attribute in network byte order (IPVS ports). */
    public NetlinkMessageBuilder attrBe16(int type, int value) {
        attrHeader(type, 2).putShort(toNetwork16(value));
        return pad();
    }

    /** A 32-bit attribute in network byte order. */
    public NetlinkMessageBuilder attrBe32(int type, int value) {
        attrHeader(type, 4).putInt(isBigEndianHost() ? value : Integer.reverseBytes(value));
        return pad();
    }

    /** A NUL-terminated string attribute, as the kernel's NLA_STRING / NLA_NUL_STRING policies expect. */
    public NetlinkMessageBuilder attrString(int type, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            if (b == 0) {
                throw new IllegalArgumentException("string attribute " + type + " contains NUL");
            }
        }
        attrHeader(type, bytes.length + 1).put(bytes).put((byte) 0);
        return pad();
    }

    public NetlinkMessageBuilder attrBytes(int type, byte[] value) {
        attrHeader(type, value.length).put(value);
        return pad();
    }

    /** The raw 4 or 16 address bytes, network order, as rtnetlink and IPVS carry them. */
    public NetlinkMessageBuilder attrAddress(int type, InetAddress address) {
        return attrBytes(type, address.getAddress());
    }

    /** A zero-length attribute whose presence is the value (NLA_FLAG). */
    public NetlinkMessageBuilder attrFlag(int type) {
        attrHeader(type, 0);
        return this;
    }

    /**
     * Opens a nested attribute and returns the token {@link #endNested} needs. With {@code nestedFlag} the
     * type carries NLA_F_NESTED, which strictly validated families require and older ones ignore.
     */
    public int beginNested(int type, boolean nestedFlag) {
        int start = attrStart();
        ensure(Netlink.ATTRIBUTE_HEADER_SIZE);
        buffer.putShort((short) 0);
        buffer.putShort((short) (checkType(type) | (nestedFlag ? Netlink.NLA_F_NESTED : 0)));
        openNests++;
        return start;
    }

    /** Closes the nested attribute opened at {@code token}; its length covers the children and padding. */
    public NetlinkMessageBuilder endNested(int token) {
        if (openNests == 0) {
            throw new IllegalStateException("endNested without beginNested");
        }
        int length = buffer.position() - token;
        if (length > 0xffff) {
            throw new IllegalStateException("nested attribute longer than 65535 bytes");
        }
        buffer.putShort(token, (short) length);
        openNests--;
        return this;
    }

    /**
     * Finishes the message: writes nlmsg_len and returns a view of the bytes (position 0, limit the
     * length) that shares this builder's buffer.
     */
    public ByteBuffer message() {
        if (!begun) {
            throw new IllegalStateException("no message begun");
        }
        if (openNests != 0) {
            throw new IllegalStateException(openNests + " nested attribute(s) not closed");
        }
        int length = buffer.position();
        buffer.putInt(LEN, length);
        ByteBuffer view = buffer.duplicate().order(ByteOrder.nativeOrder());
        view.position(0).limit(length);
        return view;
    }

    /** A heap copy of the finished message, for tests and logs. */
    public byte[] toByteArray() {
        ByteBuffer m = message();
        byte[] out = new byte[m.remaining()];
        m.get(out);
        return out;
    }

    /** Current length of the message in bytes. */
    public int length() {
        return buffer.position();
    }

    private ByteBuffer attrHeader(int type, int payloadLength) {
        int total = Netlink.ATTRIBUTE_HEADER_SIZE + payloadLength;
        if (total > 0xffff) {
            throw new IllegalArgumentException("attribute " + type + " payload of " + payloadLength
                    + " bytes does not fit a netlink attribute");
        }
        attrStart();
        ensure(Netlink.align(total));
        buffer.putShort((short) total);
        buffer.putShort((short) checkType(type));
        return buffer;
    }

    private static int checkType(int type) {
        if (type < 0 || type > Netlink.NLA_TYPE_MASK) {
            throw new IllegalArgumentException("attribute type " + type + " out of range");
        }
        return type;
    }

    /** Attributes start on a 4-byte boundary even after an odd-sized fixed header. */
    private int attrStart() {
        if (!begun) {
            throw new IllegalStateException("begin() first");
        }
        pad();
        return buffer.position();
    }

    private NetlinkMessageBuilder pad() {
        int aligned = Netlink.align(buffer.position());
        ensure(aligned - buffer.position());
        while (buffer.position() < aligned) {
            buffer.put((byte) 0);
        }
        return this;
    }

    private ByteBuffer ensure(int more) {
        if (buffer.remaining() < more) {
            int needed = buffer.position() + more;
            int capacity = buffer.capacity();
            while (capacity < needed) {
                capacity *= 2;
            }
            ByteBuffer bigger = ByteBuffer.allocateDirect(capacity).order(ByteOrder.nativeOrder());
            buffer.flip();
            bigger.put(buffer);
            buffer = bigger;
        }
        return buffer;
    }

    private static boolean isBigEndianHost() {
        return ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;
    }

    private static short toNetwork16(int value) {
        short s = (short) value;
        return isBigEndianHost() ? s : Short.reverseBytes(s);
    }
}
