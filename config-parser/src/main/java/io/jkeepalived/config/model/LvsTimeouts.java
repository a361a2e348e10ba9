package io.jkeepalived.config.model;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * IPVS connection timeouts ({@code lvs_timeouts}); an empty value leaves the kernel's setting as it was when
 * the daemon started.
 */
public record LvsTimeouts(Optional<Duration> tcp, Optional<Duration> tcpFin, Optional<Duration> udp) {
    public static final LvsTimeouts UNCHANGED = new LvsTimeouts(Optional.empty(), Optional.empty(), Optional.empty());

    public LvsTimeouts {
        Objects.requireNonNull(tcp, "tcp");
        Objects.requireNonNull(tcpFin, "tcpFin");
        Objects.requireNonNull(udp, "udp");
    }

    public boolean isUnchanged() {
        return tcp.isEmpty() && tcpFin.isEmpty() && udp.isEmpty();
    }
}
