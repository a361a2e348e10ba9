package io.jkeepalived.check.pool;

import io.jkeepalived.check.RealServerHealth;
import io.jkeepalived.ipvs.RealServerDest;
import io.jkeepalived.ipvs.VirtualService;
import java.util.List;
import java.util.Optional;

/**
 * A virtual server's pool at one instant, for status reports: read-only values, safe on any thread.
 *
 * @param services    its IPVS services (one, or one per entry of its virtual_server_group)
 * @param liveWeight  the sum of the live real servers' weights, what the quorum is compared with
 * @param sorryActive the sorry server stands in for the real servers (the quorum is lost)
 * @param members     the real servers in configuration order
 */
public record PoolStatus(List<VirtualService> services, long quorum, long hysteresis, long liveWeight,
                         boolean quorumUp, Optional<SorryMember> sorry, boolean sorryActive, List<Member> members) {
    public PoolStatus {
        services = List.copyOf(services);
        members = List.copyOf(members);
    }

    /**
     * @param destination as configured (configured weight)
     * @param health      what the checkers say now (null only before the pool started)
     */
    public record Member(RealServerDest destination, boolean inhibitOnFailure, RealServerHealth health) {
    }
}
