package io.jkeepalived.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Splits a received datagram into its netlink messages, checking every length against the datagram. */
public final class NetlinkMessages {

    private NetlinkMessages() {
    }

    /**
     * The messages in {@code datagram} between its position and limit. Payloads are views sharing the
     * datagram's buffer; call {@link NetlinkMessage#detached()} to keep one.
     */
    public static List<NetlinkMessage> split(ByteBuffer datagram) throws MalformedMessageException {
        ByteBuffer in = datagram.order() == ByteOrder.nativeOrder() ? datagram
                : datagram.duplicate().order(ByteOrder.nativeOrder());
        List<NetlinkMessage> messages = new ArrayList<>(2);
        int offset = in.position();
        int end = in.limit();
        while (offset < end) {
            if (end - offset < Netlink.HEADER_SIZE) {
                throw new MalformedMessageException((end - offset) + " trailing bytes, too few for a header");
            }
            int length = in.getInt(offset);
            int type = in.getShort(offset + 4) & 0xffff;
            int flags = in.getShort(offset + 6) & 0xffff;
            int seq = in.getInt(offset + 8);
            int pid = in.getInt(offset + 12);
            if (length < Netlink.HEADER_SIZE || length > end - offset) {
                throw new MalformedMessageException("message " + Netlink.typeName(type) + " declares length "
                        + Integer.toUnsignedString(length) + " with " + (end - offset) + " bytes left");
            }
            ByteBuffer payload = in.duplicate().position(offset + Netlink.HEADER_SIZE).limit(offset + length)
                    .slice().order(ByteOrder.nativeOrder());
            messages.add(new NetlinkMessage(type, flags, seq, pid, payload));
            offset += Math.min(Netlink.align(length), end - offset);
        }
        return messages;
    }
}
