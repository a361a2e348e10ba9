package io.jkeepalived.config.model.lvs;

import java.net.InetAddress;
import java.util.Objects;

/**
 * {@code sorry_server IP [PORT]}: put into the service (weight 1) while the quorum is lost. The port is the
 * effective one: for DR and TUN keepalived forces it to the virtual port (0 for fwmark services).
 *
 * @param inhibitOnFailure {@code sorry_server_inhibit}: kept at weight 0 rather than removed while not needed
 */
public record SorryServer(InetAddress address, int port, ForwardingMethod forwardingMethod, boolean inhibitOnFailure) {
    public SorryServer {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(forwardingMethod, "forwardingMethod");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port);
        }
    }
}
