package io.jkeepalived.rtnl;

/** RFC 2863 operational state of a link (IFLA_OPERSTATE), numbered as linux/if.h. */
public enum OperState {
    UNKNOWN, NOTPRESENT, DOWN, LOWERLAYERDOWN, TESTING, DORMANT, UP;

    /** The state for a kernel value; values from the future read as UNKNOWN. */
    public static OperState of(int value) {
        OperState[] all = values();
        return value >= 0 && value < all.length ? all[value] : UNKNOWN;
    }
}
