package io.jkeepalived.check;

import java.util.Objects;

/**
 * DNS_CHECK: one query over UDP to the target; success when a response to it (same ID, QR set) comes back with
 * RCODE 0 within connect_timeout. See {@link DnsQuery} for what counts.
 *
 * @param target where the query goes; connect_timeout bounds the whole attempt (keepalived's deadline too)
 * @param type   the RR type number asked for (SOA = 6 by default)
 * @param name   the query name; "" (keepalived's default) or "." ask for the root
 */
public record DnsCheck(ConnectTarget target, int type, String name) implements CheckerSpec {
    public DnsCheck {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(name, "name");
        if (type < 1 || type > 0xffff) {
            throw new IllegalArgumentException("DNS type out of range: " + type);
        }
    }

    @Override
    public CheckerKind kind() {
        return CheckerKind.DNS_CHECK;
    }
}
