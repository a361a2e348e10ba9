package io.jkeepalived.check.pool;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.jkeepalived.exec.ScriptRequest;
import io.jkeepalived.ipvs.VirtualService;

/**
 * What a {@link ServicePool} manages: one virtual server, already translated to IPVS terms.
 *
 * @param services   the IPVS services, at least one: one for a virtual server given by address or fwmark, one per
 *                   address and per fwmark of its {@code virtual_server_group} otherwise; every one carries the
 *                   same real servers
 * @param members    the real servers, in configuration order (the order they are programmed in)
 * @param sorry      the sorry server, if any
 * @param quorum     minimum sum of live weights (keepalived's default 1)
 * @param hysteresis added to the quorum to gain it, subtracted to lose it
 * @param quorumUp   {@code quorum_up} script
 * @param quorumDown {@code quorum_down} script
 * @param omega      on stop, run the notify_down of live real servers and quorum_down
 */
public record PoolSpec(List<VirtualService> services, List<PoolMember> members, Optional<SorryMember> sorry, long quorum,
                       long hysteresis, Optional<ScriptRequest> quorumUp, Optional<ScriptRequest> quorumDown,
                       boolean omega) {
    public PoolSpec {
        services = List.copyOf(services);
        if (services.isEmpty()) {
            throw new IllegalArgumentException("a pool without a service");
        }
        members = List.copyOf(members);
        Objects.requireNonNull(sorry, "sorry");
        Objects.requireNonNull(quorumUp, "quorumUp");
        Objects.requireNonNull(quorumDown, "quorumDown");
        if (quorum < 0 || hysteresis < 0) {
            throw new IllegalArgumentException("quorum " + quorum + ", hysteresis " + hysteresis);
        }
    }

    /** A virtual server with one service. */
    public PoolSpec(VirtualService service, List<PoolMember> members, Optional<SorryMember> sorry, long quorum,
                    long hysteresis, Optional<ScriptRequest> quorumUp, Optional<ScriptRequest> quorumDown,
                    boolean omega) {
        this(List.of(service), members, sorry, quorum, hysteresis, quorumUp, quorumDown, omega);
    }

    /** The first service: the virtual server's in log lines. */
    public VirtualService service() {
        return services.get(0);
    }

    /** For log lines: the service, or the first one and how many more for a group. */
    public String describe() {
        return services.size() == 1 ? service().describe()
                : service().describe() + " (and " + (services.size() - 1) + " more of its group)";
    }
}
