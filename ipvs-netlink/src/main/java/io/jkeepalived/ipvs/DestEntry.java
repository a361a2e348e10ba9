package io.jkeepalived.ipvs;

/**
 * A destination as the kernel reports it: configuration, connection counts and statistics.
 *
 * @param family AF_INET or AF_INET6 of the destination (may differ from the service's for tunnels)
 */
public record DestEntry(RealServerDest dest, int family, int activeConnections, int inactiveConnections,
        int persistentConnections, IpvsStats stats) {
}
