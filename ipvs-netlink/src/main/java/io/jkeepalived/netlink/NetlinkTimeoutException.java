package io.jkeepalived.netlink;

/** No reply to a request arrived within the connection's timeout (a lost reply must not hang the caller). */
public final class NetlinkTimeoutException extends NetlinkException {

    private static final long serialVersionUID = 1L;

    public NetlinkTimeoutException(String operation, long timeoutMillis) {
        super(operation + ": no reply from the kernel within " + timeoutMillis + " ms");
    }
}
