package io.jkeepalived.ipvs;

/** Encapsulation of a TUNNEL destination (IP_VS_CONN_F_TUNNEL_TYPE_*), Linux 5.2+. */
public enum TunnelType {
    IPIP(0), GUE(1), GRE(2);

    private final int value;

    TunnelType(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    public static TunnelType of(int value) {
        for (TunnelType t : values()) {
            if (t.value == value) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown IPVS tunnel type " + value);
    }
}
