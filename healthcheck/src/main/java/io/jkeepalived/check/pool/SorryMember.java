package io.jkeepalived.check.pool;

import java.util.Objects;

import io.jkeepalived.ipvs.RealServerDest;

/**
 * A virtual server's {@code sorry_server}: in the service while the quorum is lost.
 *
 * @param destination the destination with the weight it gets while in use (keepalived: 1)
 * @param inhibit     {@code sorry_server_inhibit}: kept at weight 0 while not needed instead of being removed
 */
public record SorryMember(RealServerDest destination, boolean inhibit) {
    public SorryMember {
        Objects.requireNonNull(destination, "destination");
    }
}
