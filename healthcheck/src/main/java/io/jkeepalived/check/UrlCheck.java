package io.jkeepalived.check;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code url} block of an HTTP_GET/SSL_GET checker.
 *
 * @param path        {@code path}, sent as is in the request line
 * @param digest      {@code digest}: 32 hex digits, the MD5 of the body as genhash prints it (any case accepted,
 *                    kept lower case); empty: not checked
 * @param statusCodes {@code status_code}, default 200-299
 * @param virtualhost {@code virtualhost} of this url: the Host header (and SNI name) for this url
 */
public record UrlCheck(String path, Optional<String> digest, StatusCodes statusCodes, Optional<String> virtualhost) {
    public UrlCheck {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(statusCodes, "statusCodes");
        Objects.requireNonNull(virtualhost, "virtualhost");
        digest = digest.map(d -> d.toLowerCase(Locale.ROOT));
        digest.ifPresent(d -> {
            if (!d.matches("[0-9a-f]{32}")) {
                throw new IllegalArgumentException("digest must be 32 hex digits: " + d);
            }
        });
        if (path.isEmpty() || path.chars().anyMatch(c -> c <= ' ' || c == 127)) {
            throw new IllegalArgumentException("invalid url path '" + path + "'");
        }
    }

    public static UrlCheck of(String path) {
        return new UrlCheck(path, Optional.empty(), StatusCodes.DEFAULT, Optional.empty());
    }

    public UrlCheck withDigest(String digest) {
        return new UrlCheck(path, Optional.of(digest), statusCodes, virtualhost);
    }

    public UrlCheck withStatusCodes(StatusCodes codes) {
        return new UrlCheck(path, digest, codes, virtualhost);
    }

    public UrlCheck withVirtualhost(String host) {
        return new UrlCheck(path, digest, statusCodes, Optional.of(host));
    }
}
