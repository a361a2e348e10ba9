package io.jkeepalived.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One received netlink message: the nlmsghdr fields and the payload after the header. The payload is a
 * little view (position 0, limit its length, machine byte order); whether it shares the socket's receive
 * buffer is said by whoever hands it out (dumps return copies).
 */
public record NetlinkMessage(int type, int flags, int sequence, int portId, ByteBuffer payload) {

    /** True when the message is one part of a multipart reply (NLM_F_MULTI). */
    public boolean isMultipart() {
        return (flags & Netlink.NLM_F_MULTI) != 0;
    }

    /** True when the kernel flagged this dump part as possibly inconsistent (NLM_F_DUMP_INTR). */
    public boolean isDumpInterrupted() {
        return (flags & Netlink.NLM_F_DUMP_INTR) != 0;
    }

    public int payloadLength() {
        return payload.limit();
    }

    /**
     * Checks that the payload holds at least a family header of {@code length} bytes before a decoder
     * reads it at fixed offsets.
     */
    public void requirePayload(int length, String what) throws MalformedMessageException {
        if (payload.limit() < length) {
            throw new MalformedMessageException(what + ": payload of " + payload.limit()
                    + " bytes is shorter than its " + length + "-byte header");
        }
    }

    /** Reads the attributes that follow a fixed family header of {@code headerLength} bytes. */
    public AttributeReader attributes(int headerLength) throws MalformedMessageException {
        requirePayload(headerLength, typeLabel());
        int start = Math.min(Netlink.align(headerLength), payload.limit());
        return new AttributeReader(payload, start, payload.limit() - start);
    }

    /** A copy whose payload no longer shares any buffer, for keeping past the next receive. */
    public NetlinkMessage detached() {
        ByteBuffer copy = ByteBuffer.allocate(payload.limit()).order(ByteOrder.nativeOrder());
        copy.put(payload.duplicate().position(0).limit(payload.limit()));
        copy.flip();
        return new NetlinkMessage(type, flags, sequence, portId, copy);
    }

    private String typeLabel() {
        return Netlink.typeName(type);
    }

    @Override
    public String toString() {
        return "NetlinkMessage[" + Netlink.typeName(type) + ", flags 0x" + Integer.toHexString(flags) + ", seq "
                + Integer.toUnsignedString(sequence) + ", port " + Integer.toUnsignedString(portId) + ", "
                + payload.limit() + " payload bytes]";
    }
}
