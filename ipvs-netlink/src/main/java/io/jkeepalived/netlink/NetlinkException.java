package io.jkeepalived.netlink;

import java.io.IOException;

/** A netlink exchange went wrong without the kernel reporting an errno: garbage, silence, interruption. */
public class NetlinkException extends IOException {

    private static final long serialVersionUID = 1L;

    public NetlinkException(String message) {
        super(message);
    }

    public NetlinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
