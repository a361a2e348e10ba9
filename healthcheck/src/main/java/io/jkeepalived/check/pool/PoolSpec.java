package io.jkeepalived.check.pool;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.jkeepalived.exec.ScriptRequest;
import io.jkeepalived.ipvs.VirtualService;

/**
 * What a {@link ServicePool} manages: one virtual server, already translated to IPVS terms.
 *
 * @param service    the IPVS service
 * @param members    the real servers, in configuration order (the order they are programmed in)
 * @param sorry      the sorry server, if any
 * @param quorum     minimum sum of live weights (keepalived's default 1)
 * @param hysteresis added to the quorum to gain it, subtracted to lose it
 * @param quorumUp   {@code quorum_up} script
 * @param quorumDown {@code quorum_down} script
 * @param omega      on stop, run the notify_down of live real servers and quorum_down
 */
public record PoolSpec(VirtualService service, List<PoolMember> members, Optional<SorryMember> sorry, long quorum,
                       long hysteresis, Optional<ScriptRequest> quorumUp, Optional<ScriptRequest> quorumDown,
                       boolean omega) {
    public PoolSpec {
        Objects.requireNonNull(service, "service");
        members = List.copyOf(members);
        Objects.requireNonNull(sorry, "sorry");
        Objects.requireNonNull(quorumUp, "quorumUp");
        Objects.requireNonNull(quorumDown, "quorumDown");
        if (quorum < 0 || hysteresis < 0) {
            throw new IllegalArgumentException("quorum " + quorum + ", hysteresis " + hysteresis);
        }
    }
}
