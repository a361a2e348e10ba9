package io.jkeepalived.ipvs;

/**
 * Counters and rates of a service or destination (IPVS_*_ATTR_STATS64, or the 32-bit STATS of older
 * kernels).
 */
public record IpvsStats(long connections, long inPackets, long outPackets, long inBytes, long outBytes,
        long connectionsPerSecond, long inPacketsPerSecond, long outPacketsPerSecond, long inBytesPerSecond,
        long outBytesPerSecond) {

    public static final IpvsStats NONE = new IpvsStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
