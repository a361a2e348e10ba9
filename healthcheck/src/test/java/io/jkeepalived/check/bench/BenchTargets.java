package io.jkeepalived.check.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real servers of the checker benchmark, in their own process: N TCP listeners (accept, wait for the client
 * to close) and M HTTP listeners (answer a small page, close), each on its own 127.0.x.y:port. Writes the list to
 * a file and runs until killed.
 *
 * <p>Usage: BenchTargets TCP_COUNT HTTP_COUNT ENDPOINTS_FILE [BASE_PORT]
 */
public final class BenchTargets {
    static final String BODY = "<html>jkeepalived checker benchmark</html>\n";
    static final byte[] RESPONSE = ("HTTP/1.0 200 OK\r\nContent-Type: text/html\r\nContent-Length: "
            + BODY.length() + "\r\n\r\n" + BODY).getBytes(StandardCharsets.ISO_8859_1);
    private static final int PORTS_PER_ADDRESS = 200;

    private BenchTargets() {
    }

    public static void main(String[] args) throws Exception {
        int tcp = Integer.parseInt(args[0]);
        int http = Integer.parseInt(args[1]);
        Path file = Path.of(args[2]);
        int basePort = args.length > 3 ? Integer.parseInt(args[3]) : 12000;
        EventLoopGroup group = new EpollEventLoopGroup(1);
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(file + ".tmp")))) {
            bindAll("tcp", tcp, 1, basePort, group, BenchTargets::tcpHandler, out);
            bindAll("http", http, 101, basePort, group, BenchTargets::httpHandler, out);
        }
        Files.move(Path.of(file + ".tmp"), file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        System.out.println("listening: " + tcp + " TCP, " + http + " HTTP endpoints; list in " + file);
        Thread.currentThread().join();
    }

    /** Binds {@code count} listeners on 127.0.SECOND.x, 200 ports per address, skipping ports in use. */
    private static void bindAll(String kind, int count, int firstThird, int basePort, EventLoopGroup group,
                                java.util.function.Supplier<ChannelHandler> handler, PrintWriter out) throws Exception {
        int bound = 0;
        int third = firstThird;
        int port = basePort;
        int onThisAddress = 0;
        while (bound < count) {
            InetAddress address = InetAddress.getByAddress(new byte[] {127, 0, (byte) (third / 250 + 1),
                    (byte) (third % 250 + 1)});
            ServerBootstrap b = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childHandler(handler.get());
            try {
                b.bind(address, port).sync();
                out.println(kind + " " + address.getHostAddress() + " " + port);
                bound++;
            } catch (Exception e) {
                // In use by something else: take the next port.
            }
            port++;
            if (++onThisAddress == PORTS_PER_ADDRESS) {
                onThisAddress = 0;
                port = basePort;
                third++;
            }
        }
    }

    /** A TCP_CHECK target: accept and close at once (the check is over once the connection completed). */
    @ChannelHandler.Sharable
    private static final class Drain extends ChannelInboundHandlerAdapter {
        static final Drain INSTANCE = new Drain();

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.close();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ((ByteBuf) msg).release();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    @ChannelHandler.Sharable
    private static final class Page extends ChannelInboundHandlerAdapter {
        static final Page INSTANCE = new Page();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ((ByteBuf) msg).release();
            if (ctx.channel().isActive() && ctx.channel().attr(ANSWERED).setIfAbsent(Boolean.TRUE) == null) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(RESPONSE)).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private static final io.netty.util.AttributeKey<Boolean> ANSWERED = io.netty.util.AttributeKey.valueOf("answered");

    private static ChannelHandler tcpHandler() {
        return Drain.INSTANCE;
    }

    private static ChannelHandler httpHandler() {
        return Page.INSTANCE;
    }
}
