package io.jkeepalived.config.model;

import java.net.Inet6Address;
import java.net.InetAddress;

/** The IP version a VRRP instance, an address or a route belongs to. */
public enum AddressFamily {
    IPV4,
    IPV6;

    public static AddressFamily of(InetAddress address) {
        return address instanceof Inet6Address ? IPV6 : IPV4;
    }

    /** The longest prefix an address of this family can have: 32 or 128. */
    public int maxPrefixLength() {
        return this == IPV4 ? 32 : 128;
    }
}
