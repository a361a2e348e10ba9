package io.jkeepalived.vrrp;

/**
 * The RFC timers, in nanoseconds. VRRPv2 (RFC 3768 6.1): Skew_Time = (256 - Priority) / 256 s.
 * VRRPv3 (RFC 5798 6.1): Skew_Time = ((256 - Priority) * Master_Adver_Interval) / 256, with the
 * interval the master advertises. Master_Down_Interval = 3 * interval + Skew_Time (keepalived's
 * down_timer_adverts replaces the 3).
 */
public final class VrrpTiming {
    public static final long NANOS_PER_CENTI = 10_000_000L;

    private VrrpTiming() {
    }

    public static long skewNanos(VrrpVersion version, int priority, int masterIntervalCentis) {
        long weight = 256L - priority;
        if (version == VrrpVersion.V2) {
            return weight * 1_000_000_000L / 256;
        }
        return weight * masterIntervalCentis * NANOS_PER_CENTI / 256;
    }

    public static long masterDownNanos(VrrpVersion version, int priority, int masterIntervalCentis, int downTimerAdverts) {
        return downTimerAdverts * masterIntervalCentis * NANOS_PER_CENTI
                + skewNanos(version, priority, masterIntervalCentis);
    }
}
