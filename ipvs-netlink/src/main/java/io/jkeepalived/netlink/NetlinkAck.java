package io.jkeepalived.netlink;

import io.jkeepalived.libc.Errno;

/**
 * The content of an NLMSG_ERROR (an acknowledgement when errno is 0) or of an NLMSG_DONE: the error
 * number, and the extended-ack text and offset when the kernel attached them (NLM_F_ACK_TLVS).
 *
 * @param error      0 for success, otherwise the positive errno
 * @param message    NLMSGERR_ATTR_MSG, or null
 * @param offset     NLMSGERR_ATTR_OFFS, or -1
 */
public record NetlinkAck(int error, String message, int offset) {

    /** struct nlmsgerr starts with an int error, then the echoed request header. */
    private static final int ERROR_SIZE = 4;
    /** The kernel's errnos are below 4096 (MAX_ERRNO); anything larger is not an error code. */
    private static final int MAX_ERRNO = 4095;

    public boolean isSuccess() {
        return error == 0;
    }

    public Errno errno() {
        return Errno.of(error);
    }

    /** Decodes an NLMSG_ERROR payload: int error, echoed request (capped or whole), then TLVs. */
    public static NetlinkAck parseError(NetlinkMessage m) throws MalformedMessageException {
        m.requirePayload(ERROR_SIZE + Netlink.HEADER_SIZE, "NLMSG_ERROR");
        int raw = m.payload().getInt(0);
        if (raw > 0 || raw < -MAX_ERRNO) {
            throw new MalformedMessageException("NLMSG_ERROR with error " + raw + ", not a negative errno");
        }
        int error = -raw;
        if ((m.flags() & Netlink.NLM_F_ACK_TLVS) == 0) {
            return new NetlinkAck(error, null, -1);
        }
        int echoedLength = m.payload().getInt(ERROR_SIZE);
        int tlvStart;
        if ((m.flags() & Netlink.NLM_F_CAPPED) != 0) {
            tlvStart = ERROR_SIZE + Netlink.HEADER_SIZE;
        } else {
            if (echoedLength < Netlink.HEADER_SIZE) {
                throw new MalformedMessageException("NLMSG_ERROR echoes a request of length " + echoedLength);
            }
            tlvStart = ERROR_SIZE + Netlink.align(echoedLength);
        }
        return withTlvs(m, error, tlvStart);
    }

    /** Decodes an NLMSG_DONE payload: int error (0 or a negative errno), then TLVs when flagged. */
    public static NetlinkAck parseDone(NetlinkMessage m) throws MalformedMessageException {
        if (m.payloadLength() < ERROR_SIZE) {
            // Some families end dumps with an empty NLMSG_DONE.
            return new NetlinkAck(0, null, -1);
        }
        int raw = m.payload().getInt(0);
        // Only a negative errno is a failure; some genetlink families leave other data here.
        int error = raw < 0 && raw >= -MAX_ERRNO ? -raw : 0;
        if ((m.flags() & Netlink.NLM_F_ACK_TLVS) == 0) {
            return new NetlinkAck(error, null, -1);
        }
        return withTlvs(m, error, ERROR_SIZE);
    }

    private static NetlinkAck withTlvs(NetlinkMessage m, int error, int tlvStart) throws MalformedMessageException {
        if (tlvStart > m.payloadLength()) {
            throw new MalformedMessageException("extended ack starts at " + tlvStart + " beyond a payload of "
                    + m.payloadLength() + " bytes");
        }
        AttributeReader tlv = new AttributeReader(m.payload(), tlvStart, m.payloadLength() - tlvStart);
        String text = null;
        int offset = -1;
        while (tlv.next()) {
            switch (tlv.type()) {
                case Netlink.NLMSGERR_ATTR_MSG -> text = tlv.string();
                case Netlink.NLMSGERR_ATTR_OFFS -> offset = tlv.u32();
                default -> {
                    // cookies, policies and missing-attribute hints are not needed to report the error
                }
            }
        }
        return new NetlinkAck(error, text, offset);
    }
}
