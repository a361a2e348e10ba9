package io.jkeepalived.netlink;

/**
 * A netlink message or attribute does not parse: a length that runs past its container, an attribute of
 * the wrong size for its type, a missing mandatory field. The only exception readers throw on garbage.
 */
public final class MalformedMessageException extends NetlinkException {

    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message) {
        super("malformed netlink message: " + message);
    }
}
