package io.jkeepalived.rtnl;

/**
 * Valid and preferred lifetimes of an address in seconds (IFA_CACHEINFO). keepalived's
 * {@code preferred_lft 0} on an IPv6 VIP keeps it from being chosen as a source address.
 */
public record AddressLifetime(long validSeconds, long preferredSeconds) {

    /** The kernel's "forever" (INFINITY_LIFE_TIME). */
    public static final long FOREVER = 0xFFFFFFFFL;

    public static final AddressLifetime PERMANENT = new AddressLifetime(FOREVER, FOREVER);

    public AddressLifetime {
        check(validSeconds, "valid");
        check(preferredSeconds, "preferred");
        if (preferredSeconds > validSeconds) {
            throw new IllegalArgumentException("preferred lifetime " + preferredSeconds + " exceeds valid "
                    + validSeconds);
        }
    }

    private static void check(long v, String which) {
        if (v < 0 || v > FOREVER) {
            throw new IllegalArgumentException(which + " lifetime " + v + " out of range 0.." + FOREVER);
        }
    }

    /** Valid forever, preferred for {@code seconds}: what {@code preferred_lft N} sets. */
    public static AddressLifetime preferredFor(long seconds) {
        return new AddressLifetime(FOREVER, seconds);
    }

    private static String text(long v) {
        return v == FOREVER ? "forever" : v + "sec";
    }

    @Override
    public String toString() {
        return "valid_lft " + text(validSeconds) + " preferred_lft " + text(preferredSeconds);
    }
}
