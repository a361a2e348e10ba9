package io.jkeepalived.vrrp;

/**
 * VRRPv2 authentication type (RFC 2338 5.3.6; RFC 3768 keeps the field but deprecates its use).
 * keepalived still sends PASS, so we must speak it. AH travels as IP protocol 51 and is not supported.
 */
public enum AuthType {
    NONE(0),
    PASS(1),
    AH(2);

    private final int code;

    AuthType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type for a wire value, or null for an unknown value. */
    public static AuthType fromWire(int code) {
        return switch (code) {
            case 0 -> NONE;
            case 1 -> PASS;
            case 2 -> AH;
            default -> null;
        };
    }
}
