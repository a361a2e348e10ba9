package io.jkeepalived.ipvs;

import java.io.IOException;

/**
 * The kernel has no IPVS: the generic netlink family "IPVS" is not registered, and loading the ip_vs module
 * did not register it. The message says so in those words, with what the module loader reported.
 */
public final class IpvsUnavailableException extends IOException {

    private static final long serialVersionUID = 1L;

    public IpvsUnavailableException(String detail, Throwable cause) {
        super("kernel has no IPVS: " + detail, cause);
    }
}
