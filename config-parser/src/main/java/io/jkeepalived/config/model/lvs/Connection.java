package io.jkeepalived.config.model.lvs;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a network checker connects, effective: {@code connect_ip}/{@code connect_port} default to the real
 * server's address and the port written on its {@code real_server} line (0 when none was written: keepalived
 * then connects to port 0, so set {@code connect_port}).
 *
 * @param bindPort      {@code bind_port}, 0 for any
 * @param bindInterface {@code bind_if}, needed for an IPv6 link-local destination
 * @param timeout       {@code connect_timeout} after inheritance (default 5 s)
 * @param fwmark        {@code fwmark} put on the checker's packets (SO_MARK), 0 for none
 */
public record Connection(InetAddress address, int port, Optional<InetAddress> bindAddress, int bindPort,
                         Optional<String> bindInterface, Duration timeout, long fwmark) {
    public Connection {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(bindInterface, "bindInterface");
        Objects.requireNonNull(timeout, "timeout");
        if (port < 0 || port > 65535 || bindPort < 0 || bindPort > 65535) {
            throw new IllegalArgumentException("port out of range");
        }
    }
}
