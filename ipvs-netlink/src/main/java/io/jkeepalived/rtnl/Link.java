package io.jkeepalived.rtnl;

/**
 * A network interface as rtnetlink reports it.
 *
 * @param index       ifindex
 * @param name        IFLA_IFNAME
 * @param type        ARPHRD_* link type (1 = Ethernet, 772 = loopback)
 * @param flags       IFF_* flags (administrative IFF_UP, IFF_LOWER_UP carrier, ...)
 * @param operState   IFLA_OPERSTATE
 * @param address     IFLA_ADDRESS (the MAC), or null for links without one
 * @param mtu         IFLA_MTU, or 0 when absent
 * @param masterIndex IFLA_MASTER (bridge or bond), or 0
 * @param kind        IFLA_INFO_KIND ("veth", "bridge", "macvlan"...), or null for plain devices
 */
public record Link(int index, String name, int type, int flags, OperState operState, HardwareAddress address,
        int mtu, int masterIndex, String kind) {

    /** Administratively up (ip link set up). */
    public boolean isAdminUp() {
        return (flags & Rtnl.IFF_UP) != 0;
    }

    /** The driver reports carrier (IFF_LOWER_UP). */
    public boolean hasCarrier() {
        return (flags & Rtnl.IFF_LOWER_UP) != 0;
    }

    /**
     * Usable for VRRP: administratively up and operationally up (or UNKNOWN, which drivers without
     * operstate support such as loopback and some virtual devices report while working).
     */
    public boolean isUsable() {
        return isAdminUp() && (operState == OperState.UP
                || (operState == OperState.UNKNOWN && (flags & Rtnl.IFF_RUNNING) != 0));
    }
}
