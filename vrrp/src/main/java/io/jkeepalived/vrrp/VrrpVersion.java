package io.jkeepalived.vrrp;

/** The two wire versions: RFC 3768 (VRRPv2, IPv4 only) and RFC 5798 (VRRPv3, IPv4 and IPv6). */
public enum VrrpVersion {
    V2(2),
    V3(3);

    private final int number;

    VrrpVersion(int number) {
        this.number = number;
    }

    /** The value of the 4-bit version field. */
    public int number() {
        return number;
    }

    /** The version for a wire value, or null when it is neither 2 nor 3. */
    public static VrrpVersion fromWire(int number) {
        return switch (number) {
            case 2 -> V2;
            case 3 -> V3;
            default -> null;
        };
    }
}
