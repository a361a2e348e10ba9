package io.jkeepalived.ipvs;

/** How packets reach a real server (IP_VS_CONN_F_FWD_MASK values): keepalived's lvs_method. */
public enum ForwardingMethod {
    /** NAT. */
    MASQ(0, "NAT"),
    LOCAL(1, "local"),
    /** IP-in-IP (or GUE/GRE) tunnel: TUN. */
    TUNNEL(2, "TUN"),
    /** Direct routing: DR. */
    DROUTE(3, "DR"),
    BYPASS(4, "bypass");

    private final int value;
    private final String keepalivedName;

    ForwardingMethod(int value, String keepalivedName) {
        this.value = value;
        this.keepalivedName = keepalivedName;
    }

    /** keepalived's lvs_method word: NAT, DR, TUN. */
    public String keepalivedName() {
        return keepalivedName;
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
