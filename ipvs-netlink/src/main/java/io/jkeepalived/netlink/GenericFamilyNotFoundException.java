package io.jkeepalived.netlink;

import io.jkeepalived.libc.Errno;

/** The kernel has no generic netlink family by that name (CTRL_CMD_GETFAMILY answered ENOENT). */
public final class GenericFamilyNotFoundException extends NetlinkErrorException {

    private static final long serialVersionUID = 1L;

    private final String family;

    public GenericFamilyNotFoundException(String family, Errno errno, String extAck) {
        super("resolve generic netlink family " + family + " (not registered in this kernel)", errno, extAck, -1);
        this.family = family;
    }

    public String family() {
        return family;
    }
}
