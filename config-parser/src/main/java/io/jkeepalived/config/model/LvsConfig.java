package io.jkeepalived.config.model;

import io.jkeepalived.config.model.lvs.SslClientConfig;
import io.jkeepalived.config.model.lvs.VirtualServer;
import io.jkeepalived.config.model.lvs.VirtualServerGroup;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The checker side of keepalived.conf: virtual server groups, virtual servers (with their real servers and
 * checkers) and the {@code SSL} block, each in the order written. Only what survived validation is here: a
 * virtual server naming an unknown group, a duplicate, or one left without real servers has been dropped
 * (with an error).
 *
 * @param ssl the {@code SSL} block, if written
 */
public record LvsConfig(Optional<SslClientConfig> ssl, List<VirtualServerGroup> groups,
                        List<VirtualServer> virtualServers) {
    public static final LvsConfig EMPTY = new LvsConfig(Optional.empty(), List.of(), List.of());

    public LvsConfig {
        Objects.requireNonNull(ssl, "ssl");
        groups = List.copyOf(groups);
        virtualServers = List.copyOf(virtualServers);
    }

    public Optional<VirtualServerGroup> group(String name) {
        return groups.stream().filter(g -> g.name().equals(name)).findFirst();
    }
}
