package io.jkeepalived.netlink;

import io.jkeepalived.libc.Errno;
import io.jkeepalived.libc.LinuxException;

/**
 * The kernel refused a netlink request (NLMSG_ERROR with a negative errno, or a failed dump). Carries the
 * errno, the operation with the object it was about (e.g. "add address 192.0.2.1/24 to ifindex 3"), and the
 * kernel's extended-ack text when it gave one.
 */
public class NetlinkErrorException extends LinuxException {

    private static final long serialVersionUID = 1L;

    private final String extAckMessage;
    private final int extAckOffset;

    public NetlinkErrorException(String operation, Errno errno, String extAckMessage, int extAckOffset) {
        super(operation, errno, format(operation, errno, extAckMessage));
        this.extAckMessage = extAckMessage;
        this.extAckOffset = extAckOffset;
    }

    private static String format(String operation, Errno errno, String extAck) {
        String base = operation + ": " + errno;
        return extAck == null || extAck.isEmpty() ? base : base + ": kernel says \"" + extAck + "\"";
    }

    /** The operation and its object. Same as {@link #call()}. */
    public String operation() {
        return call();
    }

    /** The kernel's NLMSGERR_ATTR_MSG text, or null when it gave none. */
    public String extAckMessage() {
        return extAckMessage;
    }

    /** NLMSGERR_ATTR_OFFS: byte offset in the request of the offending attribute, or -1. */
    public int extAckOffset() {
        return extAckOffset;
    }
}
