package io.jkeepalived.ipvs;

import java.net.InetAddress;

/**
 * An IPVS connection synchronisation daemon (keepalived's {@code lvs_sync_daemon}).
 *
 * @param state          Ipvs.STATE_MASTER or Ipvs.STATE_BACKUP
 * @param interfaceName  multicast interface
 * @param syncId         0..255
 * @param maxLength      UDP payload size, 0 for the kernel default
 * @param group          multicast group, or null for the default 224.0.0.81
 * @param port           multicast port, 0 for the default 8848
 * @param ttl            multicast TTL, 0 for the default 1
 */
public record SyncDaemon(int state, String interfaceName, int syncId, int maxLength, InetAddress group, int port,
        int ttl) {

    public SyncDaemon {
        if (state != Ipvs.STATE_MASTER && state != Ipvs.STATE_BACKUP) {
            throw new IllegalArgumentException("sync daemon state must be MASTER or BACKUP");
        }
        VirtualService.checkName("sync interface", interfaceName, Ipvs.IFNAME_MAXLEN, false);
        if (syncId < 0 || syncId > 255 || maxLength < 0 || maxLength > 65535 || port < 0 || port > 65535
                || ttl < 0 || ttl > 255) {
            throw new IllegalArgumentException("sync daemon parameter out of range");
        }
    }

    public static SyncDaemon of(int state, String interfaceName, int syncId) {
        return new SyncDaemon(state, interfaceName, syncId, 0, null, 0, 0);
    }
}
