package io.jkeepalived.check;

import io.jkeepalived.exec.ScriptRunner;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs single attempts through the real {@link NettyProber} on its own event loop, and times them. */
final class ProbeHarness implements AutoCloseable {
    record Timed(ProbeResult result, long millis) {
    }

    final EventLoopGroup group;
    final EventLoop loop;
    final NettyProber prober;

    ProbeHarness(boolean epoll, ProbeLimits limits, ScriptRunner scripts) {
        if (epoll) {
            Epoll.ensureAvailability();
            group = new EpollEventLoopGroup(1);
        } else {
            group = new NioEventLoopGroup(1);
        }
        loop = group.next();
        ChannelFactory<? extends Channel> channels = epoll ? EpollSocketChannel::new : NioSocketChannel::new;
        prober = new NettyProber(loop, channels, limits, scripts);
    }

    ProbeHarness() {
        this(Epoll.isAvailable(), ProbeLimits.DEFAULT, null);
    }

    /** Starts an attempt on the loop; the future completes with the result and how long it took. */
    CompletableFuture<Timed> start(CheckerSpec spec, int url) {
        CompletableFuture<Timed> f = new CompletableFuture<>();
        loop.execute(() -> {
            long start = System.nanoTime();
            prober.probe(spec, url, r -> f.complete(new Timed(r, (System.nanoTime() - start) / 1_000_000)));
        });
        return f;
    }

    Timed run(CheckerSpec spec) throws Exception {
        return start(spec, 0).get(60, TimeUnit.SECONDS);
    }

    Timed run(CheckerSpec spec, int url) throws Exception {
        return start(spec, url).get(60, TimeUnit.SECONDS);
    }

    /** Fails, rather than waiting for ever, if the loop does not stop: a stuck loop is a finding. */
    @Override
    public void close() {
        if (!group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the checker event loop did not stop within 30 s");
        }
    }
}
