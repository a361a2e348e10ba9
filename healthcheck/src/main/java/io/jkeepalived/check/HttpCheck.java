package io.jkeepalived.check;

import java.net.Inet6Address;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * HTTP_GET, or SSL_GET when {@code tls}: each attempt fetches one url; every url must pass.
 *
 * <p>The Host header is the first of: the url's virtualhost, the checker's, the real server's, the virtual
 * server's; else {@code IP:port} of the target ({@code [IPv6]:port}). The TLS server name (SNI, only with
 * {@code enable_sni}) is the first of the url's, the checker's and the virtual server's virtualhost; keepalived
 * does not look at the real server's there, and neither does this.
 *
 * @param target                   where to connect, and the attempt's deadline
 * @param tls                      SSL_GET: TLS without any certificate verification, as keepalived
 * @param protocol                 {@code http_protocol}
 * @param urls                     the {@code url} blocks, checked in order (at least one)
 * @param virtualhost              the checker's {@code virtualhost}
 * @param realServerVirtualhost    the real server's {@code virtualhost}
 * @param virtualServerVirtualhost the virtual server's {@code virtualhost}
 * @param enableSni                {@code enable_sni}
 * @param fastRecovery             {@code fast_recovery}: no delay_loop between urls while recovering
 */
public record HttpCheck(ConnectTarget target, boolean tls, HttpProtocol protocol, List<UrlCheck> urls,
                        Optional<String> virtualhost, Optional<String> realServerVirtualhost,
                        Optional<String> virtualServerVirtualhost, boolean enableSni, boolean fastRecovery)
        implements CheckerSpec {
    public HttpCheck {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(protocol, "protocol");
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("an HTTP_GET/SSL_GET checker needs at least one url");
        }
        Objects.requireNonNull(virtualhost, "virtualhost");
        Objects.requireNonNull(realServerVirtualhost, "realServerVirtualhost");
        Objects.requireNonNull(virtualServerVirtualhost, "virtualServerVirtualhost");
    }

    /** An HTTP_GET (or SSL_GET) with keepalived's defaults: HTTP/1.0, no virtualhost, no SNI. */
    public static HttpCheck of(ConnectTarget target, boolean tls, List<UrlCheck> urls) {
        return new HttpCheck(target, tls, HttpProtocol.HTTP_1_0, urls, Optional.empty(), Optional.empty(),
                Optional.empty(), false, false);
    }

    public HttpCheck withProtocol(HttpProtocol protocol) {
        return new HttpCheck(target, tls, protocol, urls, virtualhost, realServerVirtualhost,
                virtualServerVirtualhost, enableSni, fastRecovery);
    }

    public HttpCheck withVirtualhost(String host) {
        return new HttpCheck(target, tls, protocol, urls, Optional.of(host), realServerVirtualhost,
                virtualServerVirtualhost, enableSni, fastRecovery);
    }

    public HttpCheck withSni(boolean enableSni) {
        return new HttpCheck(target, tls, protocol, urls, virtualhost, realServerVirtualhost,
                virtualServerVirtualhost, enableSni, fastRecovery);
    }

    public HttpCheck withFastRecovery(boolean fastRecovery) {
        return new HttpCheck(target, tls, protocol, urls, virtualhost, realServerVirtualhost,
                virtualServerVirtualhost, enableSni, fastRecovery);
    }

    @Override
    public CheckerKind kind() {
        return tls ? CheckerKind.SSL_GET : CheckerKind.HTTP_GET;
    }

    /** The Host header value for {@code url}. */
    String hostHeader(UrlCheck url) {
        Optional<String> vhost = url.virtualhost().or(() -> virtualhost).or(() -> realServerVirtualhost)
                .or(() -> virtualServerVirtualhost);
        if (vhost.isPresent()) {
            return vhost.get();
        }
        String ip = target.destination().getAddress().getHostAddress();
        if (target.destination().getAddress() instanceof Inet6Address) {
            int scope = ip.indexOf('%');
            ip = "[" + (scope >= 0 ? ip.substring(0, scope) : ip) + "]";
        }
        return ip + ":" + target.destination().getPort();
    }

    /** The SNI name for {@code url}, when enable_sni asks for one and a virtualhost gives it. */
    Optional<String> sniName(UrlCheck url) {
        if (!tls || !enableSni) {
            return Optional.empty();
        }
        return url.virtualhost().or(() -> virtualhost).or(() -> virtualServerVirtualhost);
    }
}
