package io.jkeepalived.check;

import io.jkeepalived.check.NettyProber.HttpOutcome;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * What keepalived's {@code genhash} computes: the MD5 digest of a web page's body, as the {@code digest} of an
 * HTTP_GET/SSL_GET url must be written for the checker to accept the page.
 */
public final class Genhash {
    /** keepalived genhash's timeout when none is given: UINT_MAX microseconds, about 71 minutes. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofNanos(4_294_967_295_000L);

    private Genhash() {
    }

    /**
     * The digest genhash prints for a whole raw HTTP response (header and body, as read from the socket until the
     * server closed): MD5 of the bytes after the first CR LF CR LF, up to Content-Length when the header has
     * one. Empty when there is no complete header (genhash: "no data received from remote webserver").
     */
    public static Optional<String> digest(byte[] response) {
        int headerRoom = (int) Math.max(64, Math.min(Integer.MAX_VALUE - 8L, response.length + 1L));
        HttpResponseReader reader = new HttpResponseReader(new ProbeLimits(headerRoom, Long.MAX_VALUE), true, false);
        reader.feed(ByteBuffer.wrap(response));
        reader.endOfStream();
        return reader.state() == HttpResponseReader.State.COMPLETE ? Optional.of(reader.digestHex())
                : Optional.empty();
    }

    /**
     * One genhash fetch.
     *
     * @param server      {@code -s}/{@code -p}
     * @param path        {@code -u}
     * @param ssl         {@code -S}
     * @param sni         {@code -I}: send the virtualhost as the TLS server name
     * @param virtualhost {@code -V}: the Host header (else IP:port)
     * @param protocol    {@code -P}
     * @param timeout     {@code -t}
     * @param keepBody    keep the body bytes (for {@code -v})
     */
    public record Request(InetSocketAddress server, String path, boolean ssl, boolean sni,
                          Optional<String> virtualhost, HttpProtocol protocol, Duration timeout, boolean keepBody) {
        public Request {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(virtualhost, "virtualhost");
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(timeout, "timeout");
        }
    }

    /**
     * The answer.
     *
     * @param digest      the hex digest when the response was complete
     * @param header      the response header bytes (for {@code -v})
     * @param body        the digested body bytes, when kept
     * @param failure     keepalived genhash's message for a failed fetch, printed on stdout ("Connection failed",
     *                    "Timeout connecting", ...); or "no data received from remote webserver", printed on stderr
     * @param noData      the failure is "no data received" (stderr in genhash)
     * @param detail      our own description of a failure, for a log
     */
    public record Result(Optional<String> digest, byte[] header, byte[] body, String failure, boolean noData,
                         String detail) {
    }

    /** Fetches the page and computes its digest; blocks until done (up to the timeout). */
    public static Result fetch(Request request) throws InterruptedException {
        UrlCheck url = new UrlCheck(request.path(), Optional.empty(), StatusCodes.range(100, 599), Optional.empty());
        ConnectTarget target = ConnectTarget.of(request.server(), request.timeout());
        HttpCheck check = new HttpCheck(target, request.ssl(), request.protocol(), List.of(url), request.virtualhost(),
                Optional.empty(), Optional.empty(), request.sni(), false);
        ProbeLimits limits = new ProbeLimits(64 * 1024, request.keepBody() ? 256L * 1024 * 1024 : Long.MAX_VALUE);
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = epoll ? new EpollEventLoopGroup(1, new DefaultThreadFactory("jkv-genhash", true))
                : new NioEventLoopGroup(1, new DefaultThreadFactory("jkv-genhash", true));
        try {
            NettyProber prober = new NettyProber(group.next(), epoll ? EpollSocketChannel::new : NioSocketChannel::new,
                    limits, null);
            CompletableFuture<HttpOutcome> outcome = new CompletableFuture<>();
            prober.fetch(check, 0, request.keepBody(), outcome::complete);
            return toResult(outcome.get(), request.ssl());
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private static Result toResult(HttpOutcome o, boolean ssl) {
        HttpResponseReader r = o.reader();
        if (o.complete()) {
            return new Result(Optional.of(r.digestHex()), r.headerBytes(), r.bodyBytes(), "", false, "");
        }
        String message;
        boolean noData = false;
        switch (o.phase()) {
            case CONNECT -> message = o.timedOut() ? "Timeout connecting"
                    : o.refused() ? "Connection failed" : "Error connecting";
            case TLS_HANDSHAKE -> message = o.timedOut() ? "Timeout connecting"
                    : "SSL handshake/communication error connecting to";
            case SEND -> message = o.timedOut() ? "Timeout WEB write" : "Cannot send get request to";
            default -> {
                if (o.timedOut()) {
                    message = ssl ? "Timeout SSL read" : "Timeout HTTP read";
                } else if (o.error().startsWith("read error")) {
                    message = ssl ? "SSL read error from" : "Read error with";
                } else if (r.state() == HttpResponseReader.State.HEADER
                        || (r.state() == HttpResponseReader.State.FAILED && r.headerBytes().length == 0)) {
                    // The server closed (or overflowed keepalived's header buffer) before the header ended.
                    message = "no data received from remote webserver";
                    noData = true;
                } else {
                    message = o.error();
                }
            }
        }
        return new Result(Optional.empty(), r.headerBytes(), r.bodyBytes(), message, noData, o.error());
    }

}
