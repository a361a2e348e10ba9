package io.jkeepalived.config.model.lvs;

import java.util.Objects;

/**
 * {@code DNS_CHECK}: a DNS query over UDP (run by the healthcheck module's DnsCheck).
 *
 * @param name the query name; empty (keepalived's default) means the root
 */
public record DnsCheck(CheckerSettings settings, Connection connection, QueryType type, String name)
        implements Checker.Network {
    public DnsCheck {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String keyword() {
        return "DNS_CHECK";
    }

    /** The query types keepalived knows, with their RR type numbers; SOA is the default. */
    public enum QueryType {
        A(1), NS(2), CNAME(5), SOA(6), MX(15), TXT(16), AAAA(28), RRSIG(46), DNSKEY(48);

        private final int code;

        QueryType(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }
    }
}
