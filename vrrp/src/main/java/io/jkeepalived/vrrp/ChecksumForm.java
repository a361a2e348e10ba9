package io.jkeepalived.vrrp;

/** Which checksum a received advert carries. */
public enum ChecksumForm {
    /** Over the VRRP message alone: VRRPv2, or VRRPv3/IPv4 sent with v3_checksum_as_v2. */
    PLAIN,
    /** Over the pseudo-header plus the VRRP message: VRRPv3 per RFC 5798 5.2.8. */
    PSEUDO_HEADER,
    /** Neither form verifies. */
    INVALID
}
