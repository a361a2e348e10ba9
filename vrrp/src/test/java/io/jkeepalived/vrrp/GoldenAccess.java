package io.jkeepalived.vrrp;

import java.util.List;

/** The golden captures for tests in other packages. */
public final class GoldenAccess {
    private GoldenAccess() {
    }

    /** The Ethernet frames of {@code capture}.announce.hex. */
    public static List<byte[]> announcements(String capture) {
        return Golden.announcements(capture).stream().map(Golden.Packet::datagram).toList();
    }

    /** The IP datagrams of {@code capture}.vrrp.hex. */
    public static List<byte[]> adverts(String capture) {
        return Golden.vrrp(capture).stream().map(Golden.Packet::datagram).toList();
    }
}
