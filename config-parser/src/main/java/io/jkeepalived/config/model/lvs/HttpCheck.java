package io.jkeepalived.config.model.lvs;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code HTTP_GET} ({@code tls} false) or {@code SSL_GET} ({@code tls} true): every URL must answer as
 * expected for the real server to be up.
 *
 * @param virtualhost the Host name (and, with {@code enableSni}, the TLS server name) for URLs that name none:
 *                    the checker's own, else the real server's, else the virtual server's
 */
public record HttpCheck(boolean tls, CheckerSettings settings, Connection connection, List<HttpUrl> urls,
                        Optional<String> virtualhost, HttpProtocol protocol, boolean enableSni, boolean fastRecovery)
        implements Checker.Network {
    public HttpCheck {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(connection, "connection");
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("an HTTP check needs a url");
        }
        Objects.requireNonNull(virtualhost, "virtualhost");
        Objects.requireNonNull(protocol, "protocol");
    }

    @Override
    public String keyword() {
        return tls ? "SSL_GET" : "HTTP_GET";
    }

    /** {@code http_protocol}: 1.0 (default), 1.0C (1.0 with Connection: close), 1.1. */
    public enum HttpProtocol {
        HTTP_1_0("1.0"), HTTP_1_0C("1.0C"), HTTP_1_1("1.1");

        private final String word;

        HttpProtocol(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }
}
