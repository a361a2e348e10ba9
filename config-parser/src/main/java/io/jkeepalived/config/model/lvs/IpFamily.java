package io.jkeepalived.config.model.lvs;

import java.net.Inet6Address;
import java.net.InetAddress;

/** The address family of a virtual service, as {@code ip_family} spells it. */
public enum IpFamily {
    INET("inet"),
    INET6("inet6");

    private final String keyword;

    IpFamily(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    public static IpFamily of(InetAddress address) {
        return address instanceof Inet6Address ? INET6 : INET;
    }
}
