package io.jkeepalived.vrrp;

/**
 * Why a received packet was not taken as an advertisement. The receive path counts each reason
 * separately ({@link DropCounters}); {@link #key()} is the stable name for counters and logs.
 */
public enum DropReason {
    /** The packet is shorter than an IP header plus the 8-byte VRRP header. */
    TRUNCATED("truncated"),
    /** Not an IPv4/IPv6 datagram carrying VRRP (bad IP header, other protocol). */
    NOT_VRRP("not_vrrp"),
    /** The VRID belongs to no instance here (keepalived ignores these, optionally logging). */
    OTHER_VRID("other_vrid"),
    /** The version field is neither 2 nor 3 (or VRRPv2 over IPv6). */
    VERSION_UNKNOWN("version_unknown"),
    /** The length differs from what the header's address count implies. */
    LENGTH_MISMATCH("length_mismatch"),
    /** IPv4 TTL / IPv6 hop limit is not 255 on a multicast instance (RFC 3768 7.1, RFC 5798 7.1). */
    TTL_INVALID("ttl_invalid"),
    /** The version differs from the instance's version. */
    VERSION_MISMATCH("version_mismatch"),
    /** VRRPv2 authentication type other than 0, 1, 2. */
    AUTH_TYPE_INVALID("auth_type_invalid"),
    /** VRRPv2 authentication type (or an AH header) differs from ours. */
    AUTH_TYPE_MISMATCH("auth_type_mismatch"),
    /** VRRPv2 simple password differs from ours (first 8 bytes). */
    AUTH_FAILURE("auth_failure"),
    /** VRRPv2 advert interval differs from ours: dropped so two configurations cannot both be master. */
    INTERVAL_MISMATCH("interval_mismatch"),
    /** The type field is not 1 (advertisement). */
    TYPE_INVALID("type_invalid"),
    /** The IPv4 total length differs from the received length. */
    IP_LENGTH_MISMATCH("ip_length_mismatch"),
    /** The VRRP checksum is wrong (in every accepted form). */
    CHECKSUM_INVALID("checksum_invalid"),
    /** A unicast packet on a multicast instance, or the reverse. */
    CAST_MISMATCH("cast_mismatch"),
    /** A unicast advert from an address that is not a unicast_peer, or outside the peer's TTL range. */
    UNKNOWN_PEER("unknown_peer"),
    /** Received while the instance does not listen (INIT, FAULT, STOP): ignored unchecked. */
    NOT_LISTENING("not_listening");

    private final String key;

    DropReason(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
