package io.jkeepalived.ipvs;

/** How packets reach a real server (IP_VS_CONN_F_FWD_MASK values): keepalived's lvs_method. */
public enum ForwardingMethod {
    /** NAT. */
    MASQ(0),
    LOCAL(1),
    /** IP-in-IP (or GUE/GRE) tunnel: TUN. */
    TUNNEL(2),
    /** Direct routing: DR. */
    DROUTE(3),
    BYPASS(4);

    private final int value;

    ForwardingMethod(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    /** The method for the kernel's value (only the low three bits are the method). */
    public static ForwardingMethod of(int value) {
        int v = value & 0x7;
        for (ForwardingMethod m : values()) {
            if (m.value == v) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown IPVS forwarding method " + v);
    }
}
