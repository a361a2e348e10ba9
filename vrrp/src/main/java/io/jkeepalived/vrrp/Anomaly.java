package io.jkeepalived.vrrp;

/** Something odd about an advert that is nevertheless accepted (keepalived logs these and goes on). */
public enum Anomaly {
    /** The advert lists a different number of addresses than we have. */
    ADDRESS_COUNT_MISMATCH,
    /** Same count, but one of our addresses is missing from the advert. */
    ADDRESS_LIST_MISMATCH,
    /** VRRPv3 interval differs from ours; RFC 5798 has the backup adopt the master's. */
    INTERVAL_MISMATCH,
    /** A VRRPv3/IPv4 advert whose checksum leaves out the pseudo-header (v3_checksum_as_v2 sender). */
    CHECKSUM_WITHOUT_PSEUDO_HEADER
}
