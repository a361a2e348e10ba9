package io.jkeepalived.config.model.lvs;

import java.util.Objects;
import java.util.Optional;

/**
 * The top-level {@code SSL} block used by every SSL_GET checker: key password, CA file, client certificate and
 * key. All empty: the TLS context is built with defaults.
 */
public record SslClientConfig(Optional<String> password, Optional<String> caFile, Optional<String> certificateFile,
                              Optional<String> keyFile) {
    public static final SslClientConfig DEFAULTS = new SslClientConfig(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());

    public SslClientConfig {
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(caFile, "caFile");
        Objects.requireNonNull(certificateFile, "certificateFile");
        Objects.requireNonNull(keyFile, "keyFile");
    }
}
