package io.jkeepalived.vrrp;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One VRRP advertisement, as the fields on the wire (RFC 3768 5.1, RFC 5798 5.1). The checksum is
 * not a field here: {@link AdvertisementCodec} computes it from the fields and, for VRRPv3, the IP
 * addresses around them.
 *
 * @param version        VRRPv2 or VRRPv3
 * @param family         address family of {@code addresses} (VRRPv2 is IPv4 only)
 * @param vrid           virtual router id, 0-255 as on the wire (1-255 are valid VRIDs)
 * @param priority       0 (master stopping) to 255 (address owner)
 * @param authType       VRRPv2 authentication type; always NONE for VRRPv3, which has no such field
 * @param authData       the 8 trailing VRRPv2 authentication bytes; zero for VRRPv3
 * @param intervalCentis advertisement interval in centiseconds: VRRPv2 carries whole seconds
 *                       (0-255 s), VRRPv3 a 12-bit count of centiseconds (0-4095)
 * @param addresses      the virtual addresses, at most 255, all of {@code family}
 */
public record Advertisement(
        VrrpVersion version,
        IpFamily family,
        int vrid,
        int priority,
        AuthType authType,
        AuthData authData,
        int intervalCentis,
        List<InetAddress> addresses) {

    public static final int MAX_ADDRESSES = 255;
    public static final int PRIORITY_STOP = 0;
    public static final int PRIORITY_OWNER = 255;

    public Advertisement {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(authType, "authType");
        Objects.requireNonNull(authData, "authData");
        addresses = List.copyOf(addresses);
        requireByte("vrid", vrid);
        requireByte("priority", priority);
        if (addresses.size() > MAX_ADDRESSES) {
            throw new IllegalArgumentException("at most " + MAX_ADDRESSES + " addresses fit in an advert, got "
                    + addresses.size());
        }
        for (InetAddress a : addresses) {
            if (!family.holds(a)) {
                throw new IllegalArgumentException("address " + a.getHostAddress() + " is not " + family);
            }
        }
        if (version == VrrpVersion.V2) {
            if (family != IpFamily.IPV4) {
                throw new IllegalArgumentException("VRRPv2 is IPv4 only");
            }
            if (intervalCentis < 0 || intervalCentis % 100 != 0 || intervalCentis / 100 > 255) {
                throw new IllegalArgumentException("a VRRPv2 advert interval is 0-255 whole seconds, got "
                        + intervalCentis + " cs");
            }
        } else {
            if (authType != AuthType.NONE || !authData.equals(AuthData.ZERO)) {
                throw new IllegalArgumentException("VRRPv3 has no authentication");
            }
            if (intervalCentis < 0 || intervalCentis > 0x0fff) {
                throw new IllegalArgumentException("a VRRPv3 max advert interval is 0-4095 centiseconds, got "
                        + intervalCentis);
            }
        }
    }

    private static void requireByte(String what, int value) {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException(what + " must be 0-255, got " + value);
        }
    }

    /** A VRRPv2 advert (IPv4). */
    public static Advertisement v2(int vrid, int priority, AuthType authType, AuthData authData,
                                   int intervalSeconds, List<InetAddress> addresses) {
        return new Advertisement(VrrpVersion.V2, IpFamily.IPV4, vrid, priority, authType, authData,
                intervalSeconds * 100, addresses);
    }

    /** A VRRPv3 advert. */
    public static Advertisement v3(IpFamily family, int vrid, int priority, int intervalCentis,
                                   List<InetAddress> addresses) {
        return new Advertisement(VrrpVersion.V3, family, vrid, priority, AuthType.NONE, AuthData.ZERO,
                intervalCentis, addresses);
    }

    public Duration interval() {
        return Duration.ofMillis(intervalCentis * 10L);
    }

    public Advertisement withPriority(int newPriority) {
        return new Advertisement(version, family, vrid, newPriority, authType, authData, intervalCentis, addresses);
    }

    /** Length of the VRRP message on the wire (without IP header). */
    public int wireLength() {
        return AdvertisementCodec.wireLength(version, family, addresses.size());
    }
}
