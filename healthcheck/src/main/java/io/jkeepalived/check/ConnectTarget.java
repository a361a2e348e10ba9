package io.jkeepalived.check;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a TCP_CHECK, HTTP_GET, SSL_GET or DNS_CHECK connects, and how long one attempt may take.
 *
 * @param destination    {@code connect_ip}/{@code connect_port}, defaulting to the real server's address and port
 * @param bindAddress    {@code bindto}: the local address; empty: the kernel chooses
 * @param bindPort       {@code bind_port}: the local port; 0: the kernel chooses
 * @param connectTimeout {@code connect_timeout} (default 5 s): the whole attempt (connect, TLS handshake,
 *                       request, response) must end within it. keepalived 2.2.7 re-arms it for each step and each
 *                       read of a plain HTTP response, so a server that trickles bytes keeps it waiting forever;
 *                       here it is one deadline
 */
public record ConnectTarget(InetSocketAddress destination, Optional<InetAddress> bindAddress, int bindPort,
                            Duration connectTimeout) {
    /** keepalived's default {@code connect_timeout}. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    public ConnectTarget {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (destination.isUnresolved()) {
            throw new IllegalArgumentException("checker destination must be an IP address: " + destination);
        }
        if (bindPort < 0 || bindPort > 65535) {
            throw new IllegalArgumentException("bind_port out of range: " + bindPort);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connect_timeout must be positive");
        }
    }

    public static ConnectTarget of(InetSocketAddress destination, Duration connectTimeout) {
        return new ConnectTarget(destination, Optional.empty(), 0, connectTimeout);
    }

    /** The local address to bind before connecting, when {@code bindto} or {@code bind_port} asks for one. */
    Optional<InetSocketAddress> localAddress() {
        if (bindAddress.isEmpty() && bindPort == 0) {
            return Optional.empty();
        }
        return Optional.of(bindAddress.map(a -> new InetSocketAddress(a, bindPort))
                .orElseGet(() -> new InetSocketAddress(bindPort)));
    }

    /** "[127.0.0.1]:tcp:80", the way keepalived names a checked service in its log. */
    @Override
    public String toString() {
        return toString("tcp");
    }

    /** "[127.0.0.1]:udp:53" for the UDP checkers. */
    public String toString(String protocol) {
        return "[" + destination.getAddress().getHostAddress() + "]:" + protocol + ":" + destination.getPort();
    }
}
