package io.jkeepalived.config.model.lvs;

import io.jkeepalived.config.model.ScriptCommand;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code virtual_server} with keepalived's defaults and corrections applied (see docs/config-language.md,
 * "LVS side: decisions").
 *
 * @param family                 the service's address family; empty only for a group holding both families
 *                               whose servers are all tunnelled (then each group entry has its own)
 * @param protocol               empty for fwmark-only services (IPVS protocol 0); UDP when an address service
 *                               names none, as keepalived does
 * @param schedulerFlags         {@code flag-1..3}, {@code sh-*}, {@code mh-*}
 * @param onePacketScheduling    {@code ops}; only kept for UDP and fwmark services
 * @param forwardingMethod       the virtual server's {@code lvs_method} (NAT unless set); real and sorry servers
 *                               carry their own effective one
 * @param persistenceTimeout     empty when not persistent; 360 s when persistence is implied
 * @param quorum                 minimum live weight; at most the sum of the real servers' weights
 * @param hysteresis             below {@code quorum}
 * @param inhibitOnFailure       default for the real servers
 * @param smtpAlert              mail on quorum change (default no)
 * @param weight                 default weight of the real servers (default 1)
 * @param checkDefaults          timings passed on to the real servers
 * @param realServers            at least one, no two with the same address and port
 */
public record VirtualServer(VirtualServerId id, Optional<IpFamily> family, Optional<Protocol> protocol,
                            Scheduler scheduler, Set<SchedulerFlag> schedulerFlags, boolean onePacketScheduling,
                            ForwardingMethod forwardingMethod, Optional<Duration> persistenceTimeout,
                            Optional<PersistenceGranularity> persistenceGranularity,
                            Optional<String> persistenceEngine, boolean haSuspend, Optional<String> virtualhost,
                            boolean alpha, boolean omega, long quorum, long hysteresis, Optional<ScriptCommand> quorumUp,
                            Optional<ScriptCommand> quorumDown, boolean inhibitOnFailure, boolean smtpAlert, int weight,
                            CheckDefaults checkDefaults, Optional<SorryServer> sorryServer,
                            List<RealServer> realServers) {
    /** The timeout keepalived uses when persistence is asked for without one. */
    public static final Duration DEFAULT_PERSISTENCE_TIMEOUT = Duration.ofSeconds(360);

    public VirtualServer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(scheduler, "scheduler");
        schedulerFlags = Set.copyOf(schedulerFlags);
        Objects.requireNonNull(forwardingMethod, "forwardingMethod");
        Objects.requireNonNull(persistenceTimeout, "persistenceTimeout");
        Objects.requireNonNull(persistenceGranularity, "persistenceGranularity");
        Objects.requireNonNull(persistenceEngine, "persistenceEngine");
        Objects.requireNonNull(virtualhost, "virtualhost");
        Objects.requireNonNull(quorumUp, "quorumUp");
        Objects.requireNonNull(quorumDown, "quorumDown");
        Objects.requireNonNull(checkDefaults, "checkDefaults");
        Objects.requireNonNull(sorryServer, "sorryServer");
        realServers = List.copyOf(realServers);
    }
}
