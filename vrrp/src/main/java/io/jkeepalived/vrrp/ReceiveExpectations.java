package io.jkeepalived.vrrp;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * What an instance expects of the adverts it receives: the local side of every receive check.
 *
 * @param vrid           our virtual router id
 * @param version        our VRRP version
 * @param family         our address family
 * @param authType       our VRRPv2 authentication type (NONE for VRRPv3)
 * @param authData       our 8 VRRPv2 authentication bytes
 * @param intervalCentis our advert interval in centiseconds
 * @param addresses      our virtual addresses, to compare with the advert's list
 * @param unicast        true for an instance with unicast peers (no TTL check, unicast destination)
 */
public record ReceiveExpectations(
        int vrid,
        VrrpVersion version,
        IpFamily family,
        AuthType authType,
        AuthData authData,
        int intervalCentis,
        List<InetAddress> addresses,
        boolean unicast) {

    public ReceiveExpectations {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(authType, "authType");
        Objects.requireNonNull(authData, "authData");
        addresses = List.copyOf(addresses);
    }
}
