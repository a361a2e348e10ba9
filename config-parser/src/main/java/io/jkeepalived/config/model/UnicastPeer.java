package io.jkeepalived.config.model;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A peer adverts are unicast to ({@code unicast_peer}); received adverts from it are accepted only with a
 * TTL (hop limit) in [minTtl, maxTtl].
 */
public record UnicastPeer(InetAddress address, int minTtl, int maxTtl) {
    public UnicastPeer {
        Objects.requireNonNull(address, "address");
        if (minTtl < 0 || minTtl > 255 || maxTtl < 0 || maxTtl > 255) {
            throw new IllegalArgumentException("ttl range " + minTtl + ".." + maxTtl);
        }
    }

    public static UnicastPeer of(InetAddress address) {
        return new UnicastPeer(address, 0, 255);
    }
}
