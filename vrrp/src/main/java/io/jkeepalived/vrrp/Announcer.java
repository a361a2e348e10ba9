package io.jkeepalived.vrrp;

import java.net.InetAddress;
import java.util.List;

/**
 * Announces addresses to the segment: gratuitous ARP for IPv4 (an ARP request to broadcast with
 * sender IP = target IP = the address), unsolicited neighbour advertisement for IPv6. Must not block.
 */
@FunctionalInterface
public interface Announcer {
    /**
     * Sends {@code repeat} rounds; each round announces every address once, in list order (as
     * keepalived does: round-robin over the addresses, not all repeats of one address first).
     * Spacing between messages (vrrp_garp_interval) is the implementation's business.
     */
    void announce(List<InetAddress> addresses, int repeat);

    /** Reports (logs) what was announced since the last call; see {@link VirtualAddresses#settle()}. */
    default void settle() {
    }
}
