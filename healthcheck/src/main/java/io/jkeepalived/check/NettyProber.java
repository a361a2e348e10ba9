package io.jkeepalived.check;

import io.jkeepalived.exec.ScriptRequest;
import io.jkeepalived.exec.ScriptResult;
import io.jkeepalived.exec.ScriptRunner;
import io.jkeepalived.libc.Errno;
import io.jkeepalived.libc.Libc;
import io.jkeepalived.libc.LinuxException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.DefaultMaxMessagesRecvByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * Runs TCP_CHECK, HTTP_GET, SSL_GET and DNS_CHECK attempts as non-blocking Netty channels on one event loop, and
 * MISC_CHECK through the {@link ScriptRunner}. Each attempt has one deadline, its connect_timeout, after which its channel is
 * closed and it fails, whatever the server does; nothing an attempt does blocks the loop.
 */
final class NettyProber implements Prober {
    /** Where an HTTP attempt was when it ended; genhash words its messages after it. */
    enum Phase { CONNECT, TLS_HANDSHAKE, SEND, RESPONSE }

    /** How an HTTP exchange ended, before any status/digest judgement. */
    record HttpOutcome(boolean complete, Phase phase, boolean timedOut, boolean refused, String error,
                       HttpResponseReader reader) {
    }

    private final EventLoop loop;
    private final ChannelFactory<? extends Channel> channels;
    private SslContext tls;
    private final ProbeLimits limits;
    private final ScriptRunner scripts;

    NettyProber(EventLoop loop, ChannelFactory<? extends Channel> channels, ProbeLimits limits, ScriptRunner scripts) {
        this.loop = loop;
        this.channels = channels;
        this.limits = limits;
        this.scripts = scripts;
    }

    /** Built on first use: setting up the JDK's TLS costs a noticeable fraction of a second. */
    private SslContext tls() {
        if (tls == null) {
            tls = insecureTls();
        }
        return tls;
    }

    /** TLS as keepalived's checker: any certificate accepted, no host name check (SSL_GET is about liveness). */
    static SslContext insecureTls() {
        try {
            return SslContextBuilder.forClient()
                    .sslProvider(SslProvider.JDK)
                    .trustManager(InsecureTrustManagerFactory.INSTANCE)
                    .endpointIdentificationAlgorithm(null)
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS for SSL_GET: " + e.getMessage(), e);
        }
    }

    @Override
    public CheckScheduler.Cancellable probe(CheckerSpec spec, int url, Consumer<ProbeResult> done) {
        if (spec instanceof TcpCheck tcp) {
            return started(new TcpAttempt(tcp.target(), done));
        }
        if (spec instanceof HttpCheck http) {
            UrlCheck u = http.urls().get(url);
            return started(new HttpAttempt(http, u, u.digest().isPresent(), false,
                    outcome -> done.accept(judge(outcome, u))));
        }
        if (spec instanceof DnsCheck dns) {
            return started(new DnsAttempt(dns, done));
        }
        if (spec instanceof UdpCheck udp) {
            return started(new UdpAttempt(udp, done));
        }
        if (spec instanceof PingCheck ping) {
            return started(new PingAttempt(ping, done));
        }
        if (spec instanceof SmtpCheck smtp) {
            return started(new SmtpAttempt(smtp, done));
        }
        return misc((MiscCheck) spec, done);
    }

    /** Starts the attempt on the loop (whatever thread asks) and hands it back for cancelling. */
    private Attempt started(Attempt attempt) {
        loop.execute(attempt::start);
        return attempt;
    }

    /** A UDP socket of the same transport as the TCP ones: epoll when the loop is an epoll loop. */
    private Channel newDatagramChannel() {
        return loop.parent() instanceof EpollEventLoopGroup ? new EpollDatagramChannel() : new NioDatagramChannel();
    }

    /** One HTTP(S) exchange for genhash: the outcome with the digest, and the body kept when asked. */
    CheckScheduler.Cancellable fetch(HttpCheck http, int url, boolean keepBody, Consumer<HttpOutcome> done) {
        return started(new HttpAttempt(http, http.urls().get(url), true, keepBody, done));
    }

    static ProbeResult judge(HttpOutcome o, UrlCheck url) {
        if (!o.complete()) {
            return ProbeResult.failure(o.error());
        }
        HttpResponseReader r = o.reader();
        int status = r.statusCode();
        if (!url.statusCodes().contains(status)) {
            return ProbeResult.failure(status == 0 ? "no HTTP status code in the response"
                    : "HTTP status " + status + " for " + url.path() + " (wanted " + url.statusCodes() + ")");
        }
        if (url.digest().isPresent()) {
            String got = r.digestHex();
            if (!got.equals(url.digest().get())) {
                return ProbeResult.failure("MD5 digest of " + url.path() + " is " + got + ", not "
                        + url.digest().get());
            }
            return ProbeResult.success("HTTP status " + status + " and MD5 digest for " + url.path());
        }
        return ProbeResult.success("HTTP status " + status + " for " + url.path());
    }

    private CheckScheduler.Cancellable misc(MiscCheck misc, Consumer<ProbeResult> done) {
        boolean[] cancelled = {false};
        if (scripts == null) {
            loop.execute(() -> done.accept(ProbeResult.indeterminate("no script runner")));
            return () -> cancelled[0] = true;
        }
        scripts.run(new ScriptRequest(misc.command(), misc.timeout(), misc.runAs())).whenComplete((result, error) -> {
            try {
                loop.execute(() -> {
                    if (!cancelled[0]) {
                        done.accept(error != null ? ProbeResult.indeterminate("script runner failed: " + error)
                                : scriptResult(result));
                    }
                });
            } catch (RejectedExecutionException e) {
                // The checkers are shutting down; nobody waits for this result.
            }
        });
        return () -> cancelled[0] = true;
    }

    private static ProbeResult scriptResult(ScriptResult r) {
        return switch (r.outcome()) {
            case EXITED -> ProbeResult.exited(r.exitStatus(), "exited with status " + r.exitStatus());
            case SIGNALLED, TIMED_OUT -> ProbeResult.failure(r.detail());
            case NOT_STARTED -> ProbeResult.indeterminate("script not run: " + r.detail());
        };
    }

    /** Common life of a connection attempt: socket, bind, connect, one deadline, one result. */
    private abstract class Attempt extends ChannelInboundHandlerAdapter implements CheckScheduler.Cancellable {
        final ConnectTarget target;
        Channel channel;
        ScheduledFuture<?> deadline;
        Phase phase = Phase.CONNECT;
        boolean finished;

        Attempt(ConnectTarget target) {
            this.target = target;
        }

        Channel newChannel() {
            return channels.newChannel();
        }

        /** For a UDP attempt: the most bytes of a reply datagram read (the rest of a longer one is cut). */
        int datagramBufferSize() {
            return 2048;
        }

        /** How a datagram socket's replies are read: one datagram a read, cut at datagramBufferSize(). */
        RecvByteBufAllocator datagramAllocator() {
            return new FixedRecvByteBufAllocator(datagramBufferSize()).maxMessagesPerRead(4);
        }

        void start() {
            if (finished) {
                return;
            }
            try {
                channel = newChannel();
            } catch (RuntimeException e) {
                // keepalived: "connect fail to create socket. Rescheduling." (EMFILE, ENFILE, ENOBUFS)
                finished = true;
                report(ProbeResult.indeterminate("cannot create a socket: " + message(e)), false, false);
                return;
            }
            long timeoutMillis = Math.max(1, Math.min(Integer.MAX_VALUE, target.connectTimeout().toMillis()));
            channel.config().setOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeoutMillis);
            if (channel instanceof DatagramChannel) {
                // One datagram a read, a few per turn: a server flooding us cannot hold the loop. Only the
                // first bytes of a reply are judged; a longer datagram is cut, as keepalived's fixed buffer does.
                channel.config().setRecvByteBufAllocator(datagramAllocator());
            } else {
                channel.config().setOption(ChannelOption.TCP_NODELAY, true);
                // Small reads, few per turn: a server flooding one connection cannot hold the loop (and the other
                // checks' deadlines) for long. Health check responses are small.
                channel.config().setRecvByteBufAllocator(new AdaptiveRecvByteBufAllocator(512, 2048, 16 * 1024)
                        .maxMessagesPerRead(4));
            }
            addHandlers(channel.pipeline());
            deadline = loop.schedule(this::timeout, target.connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
            loop.register(channel).addListener(registered -> {
                if (!registered.isSuccess()) {
                    end(ProbeResult.indeterminate("cannot register a socket: " + message(registered.cause())),
                            false, false);
                    return;
                }
                Optional<InetSocketAddress> local = target.localAddress();
                if (local.isPresent()) {
                    channel.bind(local.get()).addListener(bound -> {
                        if (bound.isSuccess()) {
                            connect();
                        } else {
                            // keepalived: "socket bind failed. Rescheduling." - no verdict on the server.
                            end(ProbeResult.indeterminate("cannot bind to " + local.get() + ": "
                                    + message(bound.cause())), false, false);
                        }
                    });
                } else {
                    connect();
                }
            });
        }

        void connect() {
            if (finished) {
                return;
            }
            channel.connect(target.destination()).addListener(connected -> {
                if (connected.isSuccess()) {
                    connected();
                } else {
                    Throwable cause = connected.cause();
                    if (isLocalAddressProblem(cause)) {
                        end(ProbeResult.indeterminate("cannot connect from this host: " + message(cause)), false,
                                false);
                    } else {
                        boolean timeout = cause instanceof ConnectTimeoutException;
                        end(ProbeResult.failure(timeout ? "connect timed out after " + seconds(target.connectTimeout())
                                : "connect: " + message(cause)), timeout, !timeout);
                    }
                }
            });
        }

        void addHandlers(ChannelPipeline pipeline) {
            pipeline.addLast(this);
        }

        abstract void connected();

        private void timeout() {
            deadline = null;
            end(ProbeResult.failure("timed out after " + seconds(target.connectTimeout()) + " ("
                    + phase.name().toLowerCase().replace('_', ' ') + ")"), true, false);
        }

        /** Ends the attempt once: no more timer, no more socket, then the result. */
        final void end(ProbeResult result, boolean timedOut, boolean refused) {
            if (finished) {
                return;
            }
            finished = true;
            release();
            report(result, timedOut, refused);
        }

        abstract void report(ProbeResult result, boolean timedOut, boolean refused);

        private void release() {
            if (deadline != null) {
                deadline.cancel(false);
                deadline = null;
            }
            if (channel != null) {
                // Netty's read loop goes on reading a socket after the handler that ends the attempt returns. Closed
                // here, the descriptor would be free while that loop still uses its number, and a socket opened in
                // between by any thread (a blocking one: a test server, netlink) would get it: the loop then blocks
                // in recv on a socket that is not its own, and every check stalls (seen in CI). So reading stops
                // now and the socket is closed on a later turn of the loop.
                Channel c = channel;
                c.config().setAutoRead(false);
                try {
                    loop.execute(c::close);
                } catch (RejectedExecutionException e) {
                    c.close();
                }
            }
        }

        @Override
        public void cancel() {
            if (!finished) {
                finished = true;
                release();
            }
        }
    }

    private final class TcpAttempt extends Attempt {
        private final Consumer<ProbeResult> done;

        TcpAttempt(ConnectTarget target, Consumer<ProbeResult> done) {
            super(target);
            this.done = done;
        }

        @Override
        void connected() {
            end(ProbeResult.success("connected"), false, false);
        }

        @Override
        void report(ProbeResult result, boolean timedOut, boolean refused) {
            done.accept(result);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A reset right after the connection completed: the connect already counted.
        }
    }

    private final class HttpAttempt extends Attempt {
        private final HttpCheck check;
        private final UrlCheck url;
        private final HttpResponseReader reader;
        private final Consumer<HttpOutcome> done;
        private SslHandler ssl;

        HttpAttempt(HttpCheck check, UrlCheck url, boolean digest, boolean keepBody, Consumer<HttpOutcome> done) {
            super(check.target());
            this.check = check;
            this.url = url;
            this.reader = new HttpResponseReader(limits, digest, keepBody);
            this.done = done;
        }

        @Override
        void addHandlers(ChannelPipeline pipeline) {
            if (check.tls()) {
                Optional<String> sni = check.sniName(url);
                ssl = sni.isPresent()
                        ? tls().newHandler(channel.alloc(), sni.get(), target.destination().getPort())
                        : tls().newHandler(channel.alloc());
                // The attempt's deadline covers the handshake; no second timer, and no lingering close.
                ssl.setHandshakeTimeoutMillis(0);
                ssl.setCloseNotifyFlushTimeoutMillis(100);
                ssl.setCloseNotifyReadTimeoutMillis(0);
                pipeline.addLast(ssl);
            }
            pipeline.addLast(this);
        }

        @Override
        void connected() {
            if (ssl == null) {
                send();
                return;
            }
            phase = Phase.TLS_HANDSHAKE;
            ssl.handshakeFuture().addListener(handshake -> {
                if (handshake.isSuccess()) {
                    send();
                } else {
                    end(ProbeResult.failure("TLS handshake failed: " + message(handshake.cause())), false, false);
                }
            });
        }

        private void send() {
            if (finished) {
                return;
            }
            phase = Phase.SEND;
            byte[] request = HttpRequests.get(url.path(), check.protocol(), check.hostHeader(url));
            channel.writeAndFlush(Unpooled.wrappedBuffer(request)).addListener(written -> {
                if (!written.isSuccess()) {
                    end(ProbeResult.failure("cannot send the request: " + message(written.cause())), false, false);
                }
            });
            phase = Phase.RESPONSE;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                if (finished) {
                    return;
                }
                for (ByteBuffer nio : buf.nioBuffers()) {
                    if (reader.feed(nio)) {
                        break;
                    }
                }
            } finally {
                buf.release();
            }
            if (reader.isDone()) {
                complete();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!finished) {
                if (phase != Phase.RESPONSE) {
                    end(ProbeResult.failure("connection closed during " + phase.name().toLowerCase()
                            .replace('_', ' ')), false, false);
                    return;
                }
                reader.endOfStream();
                complete();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Throwable root = cause.getCause() instanceof SSLException ? cause.getCause() : cause;
            end(ProbeResult.failure((phase == Phase.RESPONSE ? "read error: " : phase.name().toLowerCase()
                    .replace('_', ' ') + ": ") + message(root)), false, false);
        }

        private void complete() {
            if (reader.state() == HttpResponseReader.State.FAILED) {
                end(ProbeResult.failure(reader.failure()), false, false);
            } else {
                end(ProbeResult.success("complete"), false, false);
            }
        }

        @Override
        void report(ProbeResult result, boolean timedOut, boolean refused) {
            boolean complete = result.kind() == ProbeResult.Kind.SUCCESS;
            done.accept(new HttpOutcome(complete, phase, timedOut, refused, result.detail(), reader));
        }
    }

    /**
     * An attempt over a connected datagram socket (DNS_CHECK, UDP_CHECK, PING_CHECK): one request out once connected,
     * then each reply judged until one decides or the deadline runs out. Connected, the kernel drops datagrams from
     * other peers and reports an ICMP error for ours as a read error.
     */
    private abstract class DatagramAttempt extends Attempt {
        DatagramAttempt(ConnectTarget target) {
            super(target);
        }

        @Override
        Channel newChannel() {
            return newDatagramChannel();
        }

        /** The datagram to send, made when the socket is connected. */
        abstract byte[] request();

        /** How the result names a failed send, before the cause. */
        abstract String sendFailure();

        /** One reply datagram (the attempt is not finished yet); released by the caller. */
        abstract void replied(ByteBuf reply);

        @Override
        final void connected() {
            phase = Phase.SEND;
            channel.writeAndFlush(Unpooled.wrappedBuffer(request())).addListener(written -> {
                if (!written.isSuccess()) {
                    end(ProbeResult.failure(sendFailure() + ": " + message(written.cause())), false, false);
                }
            });
            phase = Phase.RESPONSE;
        }

        @Override
        public final void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = msg instanceof DatagramPacket packet ? packet.content() : (ByteBuf) msg;
            try {
                if (!finished) {
                    replied(buf);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
    }

    /**
     * One DNS_CHECK query: a connected UDP socket (so the kernel drops datagrams from other peers and reports an
     * ICMP port unreachable as a read error), one datagram out, then replies judged by {@link DnsQuery} until one
     * decides or connect_timeout, counted from the start, runs out. keepalived 2.2.7 does the same; its checker
     * cannot run on this host (no IPVS in the host kernel), so this follows its source, check_dns.c.
     */
    private final class DnsAttempt extends DatagramAttempt {
        private final DnsQuery query;
        private final Consumer<ProbeResult> done;

        DnsAttempt(DnsCheck check, Consumer<ProbeResult> done) {
            super(check.target());
            // keepalived takes random() for the ID: unpredictable enough that a stale or spoofed reply rarely
            // matches, which is all the check needs.
            this.query = new DnsQuery(ThreadLocalRandom.current().nextInt(0x10000), check.name(), check.type());
            this.done = done;
        }

        @Override
        byte[] request() {
            return query.encode();
        }

        @Override
        String sendFailure() {
            return "failed to write socket";
        }

        @Override
        void replied(ByteBuf buf) {
            int length = buf.readableBytes();
            byte[] head = new byte[Math.min(length, 4)];
            buf.getBytes(buf.readerIndex(), head);
            switch (query.judge(head, length)) {
                case SUCCESS -> end(ProbeResult.success("NOERROR reply"), false, false);
                case FAILURE -> end(ProbeResult.failure("read error occurred. (rcode = " + DnsQuery.rcode(head)
                        + ")"), false, false);
                case IGNORE -> {
                    // Not our answer: wait on, within the same deadline.
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // On a connected UDP socket an ICMP port/host unreachable comes back as ECONNREFUSED (or
            // EHOSTUNREACH) on the next read; keepalived fails the attempt then ("failed to read socket").
            end(ProbeResult.failure("failed to read socket: " + message(cause)), false, true);
        }

        @Override
        void report(ProbeResult result, boolean timedOut, boolean refused) {
            done.accept(timedOut ? ProbeResult.failure("read timeout from socket (" + seconds(target.connectTimeout())
                    + ")") : result);
        }
    }

    /**
     * One UDP_CHECK: a connected UDP socket, the payload out, then the first datagram back, an ICMP error or the
     * end of connect_timeout decides, as {@link UdpCheck} describes. keepalived's checker cannot run on this host
     * (no IPVS in the host kernel), so this follows its 2.2.7 source, check_udp.c and layer4.c.
     */
    private final class UdpAttempt extends DatagramAttempt {
        private final UdpCheck check;
        private final Consumer<ProbeResult> done;

        UdpAttempt(UdpCheck check, Consumer<ProbeResult> done) {
            super(check.target());
            this.check = check;
            this.done = done;
        }

        @Override
        int datagramBufferSize() {
            return check.receiveBufferSize();
        }

        @Override
        byte[] request() {
            return check.payload();
        }

        /**
         * Netty's epoll channel reads an empty datagram on a connected socket and drops it (recv's 0 is not a
         * read), but keepalived takes it as the reply: with require_reply it succeeds, unless a pattern's
         * min_reply_length says it is too short (seen with keepalived 2.2.7 in the kernel lab). The read is
         * still reported to the allocator's handle, as -1 bytes (0 is "nothing to read"); that is where we see
         * it. NIO hands the empty datagram on as a message of its own.
         */
        @Override
        RecvByteBufAllocator datagramAllocator() {
            if (!(channel instanceof EpollDatagramChannel)) {
                return super.datagramAllocator();
            }
            int size = datagramBufferSize();
            return new DefaultMaxMessagesRecvByteBufAllocator(4) {
                @Override
                public Handle newHandle() {
                    return new MaxMessageHandle() {
                        @Override
                        public int guess() {
                            return size;
                        }

                        @Override
                        public void lastBytesRead(int bytes) {
                            super.lastBytesRead(bytes);
                            if (bytes == -1 && !finished) {
                                judge(new byte[0], 0);
                            }
                        }
                    };
                }
            };
        }

        @Override
        String sendFailure() {
            return "UDP send failed";
        }

        @Override
        void replied(ByteBuf buf) {
            int length = buf.readableBytes();
            byte[] reply = new byte[length];
            buf.getBytes(buf.readerIndex(), reply);
            judge(reply, length);
        }

        private void judge(byte[] reply, int length) {
            if (check.accepts(reply, length)) {
                end(ProbeResult.success("reply of " + length + " byte(s)"), false, false);
            } else {
                end(ProbeResult.failure("reply data mismatch (" + length + " byte(s))"), false, false);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // An ICMP destination unreachable for our datagram: keepalived fails on it, reply or no reply needed.
            end(ProbeResult.failure("UDP connection failed: " + message(cause)), false, true);
        }

        @Override
        void report(ProbeResult result, boolean timedOut, boolean refused) {
            if (timedOut) {
                // keepalived: silence is success unless a reply is required.
                String waited = "no reply within " + seconds(target.connectTimeout());
                result = check.requireReply() ? ProbeResult.failure(waited)
                        : ProbeResult.success(waited + " and none required");
            } else if (result.kind() == ProbeResult.Kind.INDETERMINATE && channel != null) {
                // Unlike the TCP checkers and DNS_CHECK, keepalived's UDP_CHECK fails on a bind or connect error
                // (udp_bind_connect returns connect_error); only a socket it cannot create means no verdict.
                result = ProbeResult.failure(result.detail());
            }
            done.accept(result);
        }
    }

    /**
     * One PING_CHECK, as {@link PingCheck} describes: a ping socket made through libc and handed to Netty, so the
     * attempt lives on the same epoll loop with one deadline. keepalived's checker cannot run on this host (no IPVS
     * in the host kernel), so this follows its 2.2.7 source, check_ping.c.
     */
    private final class PingAttempt extends DatagramAttempt {
        private final PingCheck check;
        private final Consumer<ProbeResult> done;
        /** An ICMP error the kernel reported while we waited; said with the timeout, not acted on. */
        private String lastError;

        PingAttempt(PingCheck check, Consumer<ProbeResult> done) {
            super(check.target());
            this.check = check;
            this.done = done;
        }

        @Override
        Channel newChannel() {
            return newPingChannel(check.ipv6());
        }

        @Override
        int datagramBufferSize() {
            return IcmpEcho.receiveBufferSize();
        }

        /**
         * keepalived sends with sendto from an unconnected socket. Netty's epoll channel drops any datagram read
         * unconnected whose source port is 0, and an ICMP reply's always is, so ours is connected (the kernel still
         * hands it only the replies carrying its identifier). A route lookup that fails here is keepalived's
         * failed sendto: a failure at once.
         */
        @Override
        void connect() {
            if (finished) {
                return;
            }
            channel.connect(target.destination()).addListener(connected -> {
                if (connected.isSuccess()) {
                    connected();
                } else {
                    end(ProbeResult.failure(sendFailure() + ": " + message(connected.cause())), false, false);
                }
            });
        }

        @Override
        byte[] request() {
            return IcmpEcho.request(check.ipv6(), nextPingSequence());
        }

        @Override
        String sendFailure() {
            return "send " + icmp() + " packet failed";
        }

        private String icmp() {
            return check.ipv6() ? "ICMPv6" : "ICMP";
        }

        @Override
        void replied(ByteBuf buf) {
            int length = buf.readableBytes();
            byte[] head = new byte[Math.min(length, IcmpEcho.HEADER_SIZE)];
            buf.getBytes(buf.readerIndex(), head);
            end(IcmpEcho.judge(check.ipv6(), head, length), false, false);
        }

        /**
         * Connected, the socket reports "hard" ICMP errors (administratively prohibited, protocol unreachable; not
         * host or network unreachable) as a read error. keepalived's unconnected socket never sees them and waits
         * for its timeout; so do we, and say what we heard.
         */
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            lastError = message(cause);
        }

        @Override
        void report(ProbeResult result, boolean timedOut, boolean refused) {
            if (timedOut) {
                result = ProbeResult.failure("no echo reply within " + seconds(target.connectTimeout())
                        + (lastError == null ? "" : " (" + lastError + ")"));
            }
            done.accept(result);
        }
    }

    /** keepalived numbers its echo requests with one counter for all PING_CHECKs; only the loop touches it. */
    private int pingSequence;

    private int nextPingSequence() {
        int s = pingSequence;
        pingSequence = (pingSequence + 1) & 0xffff;
        return s;
    }

    /**
     * A non-blocking ICMP ping socket, wrapped as an epoll datagram channel. NIO cannot adopt a descriptor, so
     * under NIO there is none: the attempt then has no verdict, and the checker says why every delay_loop.
     */
    private Channel newPingChannel(boolean ipv6) {
        if (!(loop.parent() instanceof EpollEventLoopGroup)) {
            throw new UnsupportedOperationException("PING_CHECK needs the epoll transport; the checkers run on NIO,"
                    + " which cannot use an ICMP socket");
        }
        Libc libc = Libc.get();
        int fd;
        try {
            fd = libc.socket(ipv6 ? Libc.AF_INET6 : Libc.AF_INET,
                    Libc.SOCK_DGRAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC,
                    ipv6 ? Libc.IPPROTO_ICMPV6 : Libc.IPPROTO_ICMP);
        } catch (LinuxException e) {
            String hint = e.is(Errno.EACCES)
                    ? " (net.ipv4.ping_group_range does not include this process's group)" : "";
            throw new IllegalStateException((ipv6 ? "ICMPv6" : "ICMP") + " socket: " + e.getMessage() + hint, e);
        }
        try {
            return new EpollDatagramChannel(fd);
        } catch (RuntimeException e) {
            libc.closeQuietly(fd);
            throw e;
        }
    }

    /**
     * One SMTP_CHECK dialogue, as {@link SmtpCheck} describes: greeting, HELO, QUIT, each reply read by an
     * {@link SmtpReplyReader} from the reads as they come (never waiting on the loop), each step under its own
     * connect_timeout. keepalived's checker cannot run on this host (no IPVS in the host kernel), so this follows
     * its 2.2.7 source, check_smtp.c.
     */
    private final class SmtpAttempt extends Attempt {
        private final SmtpCheck check;
        private final Consumer<ProbeResult> done;
        private final SmtpReplyReader reader = new SmtpReplyReader();
        private SmtpStep step = SmtpStep.GREETING;

        SmtpAttempt(SmtpCheck check, Consumer<ProbeResult> done) {
            super(check.target());
            this.check = check;
            this.done = done;
        }

        @Override
        void connected() {
            phase = Phase.RESPONSE;
            awaitReply(SmtpStep.GREETING);
        }

        /** A new reply is awaited: a fresh buffer, and connect_timeout for it alone, as keepalived per step. */
        private void awaitReply(SmtpStep next) {
            step = next;
            reader.reset();
            if (deadline != null) {
                deadline.cancel(false);
            }
            deadline = loop.schedule(this::replyTimeout, target.connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
        }

        private void replyTimeout() {
            deadline = null;
            end(ProbeResult.failure("read timeout from server " + server() + ": no " + step.what + " within "
                    + seconds(target.connectTimeout())), true, false);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                if (finished) {
                    return;
                }
                // keepalived reads a reply into a fresh buffer and drops what followed its first line in the same
                // read; the bytes of a later read belong to the next reply.
                SmtpReplyReader.State state = SmtpReplyReader.State.READING;
                for (ByteBuffer nio : buf.nioBuffers()) {
                    state = reader.feed(nio);
                    if (state != SmtpReplyReader.State.READING) {
                        break;
                    }
                }
                switch (state) {
                    case READING -> {
                    }
                    case LINE -> replied();
                    case TOO_LONG -> end(ProbeResult.failure(step.what + " from server " + server()
                            + " longer than " + SmtpReplyReader.MAX_LINE + " bytes: " + reader.excerpt()), false, false);
                    case GARBAGE -> end(ProbeResult.failure(step.what + " from server " + server()
                            + " has a NUL byte: " + reader.excerpt()), false, false);
                }
            } finally {
                buf.release();
            }
        }

        private void replied() {
            switch (step) {
                case GREETING -> {
                    if (reader.code() != 220) {
                        end(ProbeResult.failure("bad greeting banner from server " + server() + ": "
                                + reader.excerpt()), false, false);
                    } else {
                        send(check.helo(), SmtpStep.HELO_REPLY);
                    }
                }
                case HELO_REPLY -> {
                    if (reader.code() != 250) {
                        end(ProbeResult.failure("bad HELO response from server " + server() + ": "
                                + reader.excerpt()), false, false);
                    } else {
                        send(SmtpCheck.quit(), SmtpStep.QUIT_REPLY);
                    }
                }
                // keepalived takes any line after QUIT, whatever its code.
                case QUIT_REPLY -> end(ProbeResult.success("greeting 220, HELO 250, QUIT answered"), false, false);
            }
        }

        private void send(byte[] line, SmtpStep next) {
            awaitReply(next);
            channel.writeAndFlush(Unpooled.wrappedBuffer(line)).addListener(written -> {
                if (!written.isSuccess()) {
                    end(ProbeResult.failure("write failure to server " + server() + ": "
                            + message(written.cause())), false, false);
                }
            });
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!finished) {
                end(ProbeResult.failure("read failure from server " + server() + ": connection closed before the "
                        + step.what), false, false);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            end(ProbeResult.failure("read failure from server " + server() + ": " + message(cause)), false, false);
        }

        private String server() {
            return "[" + target.destination().getAddress().getHostAddress() + "]:" + target.destination().getPort();
        }

        @Override
        void report(ProbeResult result, boolean timedOut, boolean refused) {
            done.accept(result);
        }
    }

    /** The reply an SMTP_CHECK waits for. */
    private enum SmtpStep {
        GREETING("greeting"), HELO_REPLY("reply to HELO"), QUIT_REPLY("reply to QUIT");

        final String what;

        SmtpStep(String what) {
            this.what = what;
        }
    }

    /** The connect failed for a reason of ours (no free local port, address not ours), not the server's. */
    private static boolean isLocalAddressProblem(Throwable cause) {
        if (cause instanceof BindException) {
            return true;
        }
        String m = String.valueOf(cause.getMessage());
        return m.contains("Cannot assign requested address") || m.contains("Address already in use");
    }

    static String message(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return t.getClass().getSimpleName();
        }
        // Netty's native transport prefixes the syscall: "connect(..) failed: Connection refused".
        int failed = m.indexOf(" failed: ");
        if (failed > 0 && m.indexOf('(') > 0 && m.indexOf('(') < failed) {
            m = m.substring(failed + " failed: ".length());
        }
        if (t instanceof NoRouteToHostException && !m.toLowerCase().contains("unreachable")) {
            m = "no route to host: " + m;
        }
        return m;
    }

    static String seconds(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + " s" : String.format("%.3f s", millis / 1000.0);
    }
}
