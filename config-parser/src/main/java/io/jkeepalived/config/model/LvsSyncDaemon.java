package io.jkeepalived.config.model;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The IPVS connection-synchronisation daemon ({@code lvs_sync_daemon}).
 *
 * @param interfaceName the interface the kernel's sync daemon binds to
 * @param vrrpInstance  the VRRP instance whose state decides master or backup sync daemon; empty runs both
 *                      for as long as the daemon runs. Always names an instance of the model.
 * @param syncId        the sync id (0-255); keepalived's default, already applied, is the VRID of
 *                      {@code vrrpInstance}, or 0 without one
 * @param maxLen        maximum sync packet length (1-65507), kernel default when empty
 * @param port          UDP port (1-65535), kernel default (8848) when empty
 * @param ttl           multicast TTL (1-255), kernel default when empty
 * @param group         multicast group, kernel default (224.0.0.81) when empty
 */
public record LvsSyncDaemon(String interfaceName, Optional<String> vrrpInstance, int syncId, OptionalInt maxLen,
                            OptionalInt port, OptionalInt ttl, Optional<InetAddress> group) {
    public LvsSyncDaemon {
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(vrrpInstance, "vrrpInstance");
        Objects.requireNonNull(maxLen, "maxLen");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(group, "group");
        if (syncId < 0 || syncId > 255) {
            throw new IllegalArgumentException("syncId " + syncId);
        }
    }

    public LvsSyncDaemon withSyncId(int id) {
        return new LvsSyncDaemon(interfaceName, vrrpInstance, id, maxLen, port, ttl, group);
    }
}
