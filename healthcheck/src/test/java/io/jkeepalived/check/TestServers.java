package io.jkeepalived.check;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.KeyManagerFactory;

/**
 * Servers the tests own, on 127.0.0.0/8 addresses and ports they choose: well-behaved ones and every kind of
 * hostile one a checker must survive. Each records the requests it received.
 */
final class TestServers implements AutoCloseable {
    private final EventLoopGroup group = new NioEventLoopGroup(2, new DefaultThreadFactory("test-servers", true));
    private final List<Channel> listeners = new ArrayList<>();
    private final List<AutoCloseable> others = new ArrayList<>();
    private static final AtomicInteger NEXT_ADDRESS = new AtomicInteger(10);

    /** A fresh loopback address for each server (127.0.0.10, .11, ...), so tests never share a port space. */
    static InetAddress nextLoopback() {
        int n = NEXT_ADDRESS.getAndIncrement();
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, (byte) (n / 250), (byte) (2 + n % 250)});
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One running server: its address and what it received. */
    static final class Server {
        final InetSocketAddress address;
        final List<String> requests = new CopyOnWriteArrayList<>();
        final List<String> sniNames = new CopyOnWriteArrayList<>();
        final AtomicInteger connections = new AtomicInteger();

        Server(InetSocketAddress address) {
            this.address = address;
        }

        int port() {
            return address.getPort();
        }
    }

    /** What the server does with each connection. */
    interface Behaviour {
        ChannelHandler handler(Server server);
    }

    Server start(Behaviour behaviour) throws InterruptedException {
        return start(behaviour, null);
    }

    Server start(Behaviour behaviour, SslContext tls) throws InterruptedException {
        InetAddress address = nextLoopback();
        Server[] holder = new Server[1];
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        holder[0].connections.incrementAndGet();
                        if (tls != null) {
                            ch.pipeline().addLast(new SniHandler(host -> {
                                holder[0].sniNames.add(host == null ? "<none>" : host);
                                return tls;
                            }));
                        }
                        ch.pipeline().addLast(behaviour.handler(holder[0]));
                    }
                });
        Channel ch = b.bind(address, 0).sync().channel();
        holder[0] = new Server((InetSocketAddress) ch.localAddress());
        listeners.add(ch);
        return holder[0];
    }

    /** A port on a fresh loopback address where nothing listens: connections are refused. */
    static InetSocketAddress refusingAddress() throws IOException {
        InetAddress address = nextLoopback();
        try (ServerSocket s = new ServerSocket(0, 1, address)) {
            return new InetSocketAddress(address, s.getLocalPort());
        }
    }

    /**
     * A listener that never accepts, with its accept queue already full: the kernel drops further SYNs, so a
     * connect neither succeeds nor fails until the client gives up (a "connect timeout" without leaving loopback).
     */
    InetSocketAddress blackholeAddress() throws IOException {
        InetAddress address = nextLoopback();
        ServerSocket s = new ServerSocket(0, 1, address);
        others.add(s);
        InetSocketAddress where = new InetSocketAddress(address, s.getLocalPort());
        // Fill the accept queue (backlog 1 holds 2) and the SYN queue's leftovers.
        for (int i = 0; i < 4; i++) {
            Socket filler = new Socket();
            others.add(filler);
            try {
                filler.connect(where, 200);
            } catch (IOException e) {
                break;
            }
        }
        return where;
    }

    /** Reads the request (up to the blank line), records it, then runs {@code afterRequest}. */
    abstract static class RequestReader extends ChannelInboundHandlerAdapter {
        private final StringBuilder request = new StringBuilder();
        private boolean answered;
        final Server server;

        RequestReader(Server server) {
            this.server = server;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                if (answered) {
                    return;
                }
                request.append(buf.toString(StandardCharsets.ISO_8859_1));
                if (request.indexOf("\r\n\r\n") >= 0) {
                    answered = true;
                    server.requests.add(request.toString());
                    afterRequest(ctx);
                }
            } finally {
                buf.release();
            }
        }

        abstract void afterRequest(ChannelHandlerContext ctx);

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Answers with these bytes and closes. */
    static Behaviour respond(byte[] response) {
        return respondAfter(response, 0);
    }

    static Behaviour respond(String response) {
        return respond(response.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Answers after {@code delayMillis} and closes. */
    static Behaviour respondAfter(byte[] response, long delayMillis) {
        return server -> new RequestReader(server) {
            @Override
            void afterRequest(ChannelHandlerContext ctx) {
                Runnable answer = () -> ctx.writeAndFlush(Unpooled.wrappedBuffer(response))
                        .addListener(ChannelFutureListener.CLOSE);
                if (delayMillis > 0) {
                    ctx.executor().schedule(answer, delayMillis, TimeUnit.MILLISECONDS);
                } else {
                    answer.run();
                }
            }
        };
    }

    /** Answers a complete response with Content-Length and keeps the connection open (a keep-alive server). */
    static Behaviour respondAndKeepOpen(byte[] response) {
        return server -> new RequestReader(server) {
            @Override
            void afterRequest(ChannelHandlerContext ctx) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(response));
            }
        };
    }

    static String ok(String body) {
        return "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                + body.getBytes(StandardCharsets.ISO_8859_1).length + "\r\n\r\n" + body;
    }

    /** Accepts, reads everything, never writes a byte. */
    static Behaviour neverAnswer() {
        return server -> new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ((ByteBuf) msg).release();
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close();
            }
        };
    }

    /** Sends these bytes as soon as a client connects, whatever it says, and closes. */
    static Behaviour greet(byte[] bytes) {
        return server -> new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes)).addListener(ChannelFutureListener.CLOSE);
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ((ByteBuf) msg).release();
            }
        };
    }

    /** Accepts and closes at once. */
    static Behaviour closeAtOnce() {
        return server -> new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                ctx.close();
            }
        };
    }

    /** After the request, sends {@code prefix} then one byte of {@code drip} every {@code periodMillis}, forever. */
    static Behaviour slowloris(String prefix, String drip, long periodMillis) {
        return server -> new RequestReader(server) {
            private int next;

            @Override
            void afterRequest(ChannelHandlerContext ctx) {
                ctx.writeAndFlush(Unpooled.copiedBuffer(prefix, StandardCharsets.ISO_8859_1));
                tick(ctx);
            }

            private void tick(ChannelHandlerContext ctx) {
                ctx.executor().schedule(() -> {
                    if (ctx.channel().isActive()) {
                        char c = drip.charAt(next++ % drip.length());
                        ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {(byte) c}));
                        tick(ctx);
                    }
                }, periodMillis, TimeUnit.MILLISECONDS);
            }
        };
    }

    /** After the request, sends {@code prefix} then {@code chunk} forever, as fast as the client reads. */
    static Behaviour endless(String prefix, Supplier<byte[]> chunk) {
        return server -> new RequestReader(server) {
            @Override
            void afterRequest(ChannelHandlerContext ctx) {
                ctx.writeAndFlush(Unpooled.copiedBuffer(prefix, StandardCharsets.ISO_8859_1));
                pump(ctx);
            }

            private void pump(ChannelHandlerContext ctx) {
                while (ctx.channel().isActive() && ctx.channel().isWritable()) {
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(chunk.get()));
                }
            }

            @Override
            public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                pump(ctx);
            }
        };
    }

    static Behaviour endlessBody() {
        byte[] chunk = new byte[16 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'x');
        return endless("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n", () -> chunk);
    }

    static Behaviour endlessHeaders() {
        byte[] line = "X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        return endless("HTTP/1.0 200 OK\r\n", () -> line);
    }

    /** Random bytes instead of HTTP, forever. */
    static Behaviour garbageForever() {
        Random random = new Random(42);
        return endless("", () -> {
            byte[] b = new byte[4096];
            random.nextBytes(b);
            return b;
        });
    }

    /** A TLS server context with a self-signed certificate made by keytool (expired when asked). */
    static SslContext tlsContext(Path dir, boolean expired) throws Exception {
        Path store = dir.resolve(expired ? "expired.p12" : "server.p12");
        if (!Files.exists(store)) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                            .toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=jkv-ck-test", "-keystore", store.toString(), "-storetype", "PKCS12",
                    "-storepass", "changeit", "-keypass", "changeit"));
            if (expired) {
                cmd.addAll(List.of("-startdate", "2001/01/01 00:00:00", "-validity", "1"));
            } else {
                cmd.addAll(List.of("-validity", "3650"));
            }
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (p.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + out);
            }
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        return SslContextBuilder.forServer(kmf).build();
    }

    @Override
    public void close() {
        for (Channel ch : listeners) {
            ch.close().awaitUninterruptibly(30, TimeUnit.SECONDS);
        }
        for (AutoCloseable c : others) {
            try {
                c.close();
            } catch (Exception e) {
                // best effort
            }
        }
        // Bounded: a stuck server loop fails the test that used it instead of hanging the run.
        if (!group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test servers' event loop did not stop within 30 s");
        }
    }
}
