package io.jkeepalived.config.model;

import java.util.Objects;
import java.util.Optional;

/** The iptables chains keepalived fills for no_accept mode ({@code vrrp_iptables IN [OUT]}). */
public record IptablesChains(String in, Optional<String> out) {
    public IptablesChains {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
    }
}
