package io.jkeepalived.check;

import io.jkeepalived.exec.ScriptRunner;
import io.jkeepalived.libc.Libc;
import io.jkeepalived.track.FileTracker;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health checkers of the whole daemon (TCP_CHECK, HTTP_GET, SSL_GET, MISC_CHECK, DNS_CHECK, UDP_CHECK,
 * PING_CHECK, SMTP_CHECK, and FILE_CHECK fed by {@link #followTrackFiles}) for any number of real
 * servers, on one event loop thread (epoll, or NIO where epoll is unavailable), with keepalived's scheduling.
 *
 * <p>Use: {@link #start}, then {@link #add} each real server with its checkers; the listener hears every change of a
 * server's {@link RealServerHealth}. {@link #remove} a server on reload, {@link #close} at shutdown. {@code add},
 * {@code remove} and {@code health} may be called from any thread.
 *
 * @param <K> the caller's key for a real server (equals/hashCode must be stable), e.g. a (virtual server, real
 *            server) pair
 */
public final class HealthChecker<K> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HealthChecker.class);

    /** Which Netty transport to use. */
    public enum Transport { AUTO, EPOLL, NIO }

    /**
     * @param limits         bounds on every HTTP response
     * @param bootstrapDelay added before every checker's first attempt (keepalived: 1 s)
     * @param transport      AUTO: epoll when available, else NIO
     */
    public record Options(ProbeLimits limits, Duration bootstrapDelay, Transport transport) {
        public static final Options DEFAULT = new Options(ProbeLimits.DEFAULT, Duration.ofSeconds(1), Transport.AUTO);

        public Options {
            Objects.requireNonNull(limits, "limits");
            Objects.requireNonNull(bootstrapDelay, "bootstrapDelay");
            Objects.requireNonNull(transport, "transport");
        }

        public Options withBootstrapDelay(Duration delay) {
            return new Options(limits, delay, transport);
        }

        public Options withTransport(Transport t) {
            return new Options(limits, bootstrapDelay, t);
        }

        public Options withLimits(ProbeLimits l) {
            return new Options(l, bootstrapDelay, transport);
        }
    }

    private final EventLoopGroup group;
    private final EventLoop loop;
    private final CheckDriver<K> driver;
    private final ScheduleStats stats = new ScheduleStats();
    private final Map<K, RealServerHealth> health = new ConcurrentHashMap<>();
    private final String transportName;
    /** Opened up for the first PING_CHECK, put back at {@link #close}. */
    private final PingGroupRange pingGroups = new PingGroupRange(PingGroupRange.SYSCTL);
    private boolean pingWarned;
    /** The track_files FILE_CHECKs follow (replaced at each {@link #followTrackFiles}); null: none. */
    private volatile FileTracker files;

    /** Runs {@code task} on the checkers' event-loop thread (to set that thread's scheduling). */
    public void onLoopThread(Runnable task) {
        loop.execute(task);
    }

    private HealthChecker(HealthListener<K> listener, ScriptRunner scripts, Options options) {
        boolean epoll = switch (options.transport()) {
            case EPOLL -> {
                Epoll.ensureAvailability();
                yield true;
            }
            case NIO -> false;
            case AUTO -> Epoll.isAvailable();
        };
        DefaultThreadFactory threads = new DefaultThreadFactory("jkv-checkers", true);
        ChannelFactory<? extends Channel> channels;
        if (epoll) {
            group = new EpollEventLoopGroup(1, threads);
            channels = EpollSocketChannel::new;
            transportName = "epoll";
        } else {
            if (options.transport() == Transport.AUTO) {
                log.info("epoll is not available ({}); the checkers use NIO", Epoll.unavailabilityCause().toString());
            }
            group = new NioEventLoopGroup(1, threads);
            channels = NioSocketChannel::new;
            transportName = "nio";
        }
        loop = group.next();
        HealthListener<K> recording = (server, before, after) -> {
            // A server removed from another thread may still report until the loop drops it: keep that quiet.
            if (health.computeIfPresent(server, (k, v) -> after) != null) {
                listener.healthChanged(server, before, after);
            }
        };
        NettyProber prober = new NettyProber(loop, channels, options.limits(), scripts);
        driver = new CheckDriver<>(new EventLoopScheduler(loop), prober, recording, new Random(),
                options.bootstrapDelay(), stats);
    }

    /**
     * Starts the checkers' event loop.
     *
     * @param listener hears every change, on the event loop thread
     * @param scripts  runs MISC_CHECK scripts; may be null when there are none (a MISC_CHECK then never runs)
     */
    public static <K> HealthChecker<K> start(HealthListener<K> listener, ScriptRunner scripts, Options options) {
        return new HealthChecker<>(Objects.requireNonNull(listener, "listener"), scripts,
                Objects.requireNonNull(options, "options"));
    }

    /**
     * Starts checking a real server and returns its health before any check: alive unless a checker has alpha,
     * with the configured weight. The first attempts start after the bootstrap delay plus each checker's random
     * warmup.
     *
     * @param configuredWeight the real server's {@code weight}
     * @throws IllegalStateException when {@code server} is already checked
     */
    public RealServerHealth add(K server, int configuredWeight, List<CheckerConfig> checkers) {
        List<CheckerConfig> copy = List.copyOf(checkers);
        if (copy.stream().anyMatch(c -> c.spec() instanceof PingCheck)) {
            allowPings();
        }
        // keepalived 2.2.7 counts a FILE_CHECK whose file holds a FAULT value as failed before anything starts
        // (init_service_rs), and adds the others' values to the weight (set_track_file_weights).
        FileTracker tracker = files;
        boolean alive = copy.stream().noneMatch(c -> c.timing().alpha());
        long weight = configuredWeight;
        for (CheckerConfig c : copy) {
            if (c.spec() instanceof FileCheck file) {
                Long value = tracker != null && tracker.tracks(file.trackFile()) ? tracker.value(file.trackFile())
                        : null;
                FileCheckPolicy policy = new FileCheckPolicy(file, value);
                alive &= policy.isUp();
                weight += policy.weightDelta();
            }
        }
        RealServerHealth initial = new RealServerHealth(alive, (int) Math.max(0, Math.min(Integer.MAX_VALUE,
                weight)));
        if (health.putIfAbsent(server, initial) != null) {
            throw new IllegalStateException("real server " + server + " is already checked");
        }
        loop.execute(() -> driver.add(server, configuredWeight, copy, initial));
        return initial;
    }

    /**
     * Follows the track_files of a configuration for FILE_CHECK, from now on (at start, before the first
     * {@link #add}; at a reload, before adding the new real servers): {@code init_file} is applied to every
     * declared file (never overwriting at a reload, as keepalived), the files FILE_CHECKs name are read now and
     * watched with inotify on a thread of their own, and each change reaches the checkers' loop as a value. The
     * files followed before are left; a FILE_CHECK whose file is no longer followed goes up, adding nothing.
     *
     * <p>Blocking file I/O: call it from the start or reload thread, never from the checkers' loop.
     *
     * @param declared every {@code track_file} of the configuration
     * @param followed the names FILE_CHECKs use
     */
    public void followTrackFiles(List<FileTracker.Declared> declared, Set<String> followed, boolean reload) {
        FileTracker[] self = new FileTracker[1];
        self[0] = FileTracker.open(Libc.get(), declared, followed, reload, name -> loop.execute(() -> {
            // A tracker a reload replaced may still report: its values are not the ones in force.
            if (files == self[0]) {
                driver.trackFileValue(name, self[0].value(name));
            }
        }));
        FileTracker next = self[0];
        next.nameThread("jkv-check-track-file");
        Map<String, Long> values = new HashMap<>();
        for (String name : followed) {
            if (next.tracks(name)) {
                values.put(name, next.value(name));
            }
        }
        FileTracker before;
        synchronized (this) {
            before = files;
            files = next;
            // Queued before any add() that reads this tracker's values, so the loop sees them in that order.
            loop.execute(() -> driver.trackFileValues(values));
        }
        next.start();
        if (before != null) {
            before.close();
        }
    }

    /** Ping sockets need our group in ping_group_range, and the epoll transport (NIO cannot adopt one). */
    private synchronized void allowPings() {
        pingGroups.admitRoot();
        if (!"epoll".equals(transportName) && !pingWarned) {
            pingWarned = true;
            log.warn("PING_CHECK needs the epoll transport and the checkers run on NIO: no PING_CHECK gives a"
                    + " verdict; the real servers keep their state from their other checkers");
        }
    }

    /** Stops checking a real server; no more events for it. */
    public void remove(K server) {
        if (health.remove(server) != null) {
            loop.execute(() -> driver.remove(server));
        }
    }

    /**
     * Suspends or resumes the checkers of a real server ({@code ha_suspend}): while suspended no attempt starts
     * (each falls due again delay_loop later) and its health stays as it is. Calls take effect in order, after
     * an {@link #add} made before them.
     */
    public void setSuspended(K server, boolean suspended) {
        loop.execute(() -> driver.setSuspended(server, suspended));
    }

    /** The last known health of a real server, if it is checked. */
    public Optional<RealServerHealth> health(K server) {
        return Optional.ofNullable(health.get(server));
    }

    /**
     * The checkers of each real server as they stand, copied on the checkers' loop and waited for at most
     * {@code timeout} (the loop is never blocked). Keys not checked map to an empty list.
     *
     * @throws java.util.concurrent.TimeoutException the loop did not answer in time
     */
    public Map<K, List<CheckerStatus>> checkerStatus(java.util.Collection<K> servers, Duration timeout)
            throws java.util.concurrent.TimeoutException, InterruptedException {
        List<K> keys = List.copyOf(servers);
        if (loop.isShuttingDown()) {
            return Map.of();
        }
        io.netty.util.concurrent.Future<Map<K, List<CheckerStatus>>> f = loop.submit(() -> {
            Map<K, List<CheckerStatus>> out = new java.util.LinkedHashMap<>();
            keys.forEach(k -> out.put(k, driver.status(k)));
            return out;
        });
        if (!f.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            f.cancel(false);
            throw new java.util.concurrent.TimeoutException("the checkers' loop did not answer within " + timeout);
        }
        if (!f.isSuccess()) {
            throw new IllegalStateException("checker status failed: " + f.cause(), f.cause());
        }
        return f.getNow();
    }

    /** How late attempts start, and how many ran. */
    public ScheduleStats scheduleStats() {
        return stats;
    }

    /** "epoll" or "nio". */
    public String transport() {
        return transportName;
    }

    /** Stops every checker, closes every connection, stops the event loop (running scripts finish or time out). */
    @Override
    public void close() {
        if (!loop.isShuttingDown()) {
            try {
                loop.submit(driver::removeAll).await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        health.clear();
        FileTracker tracker = files;
        if (tracker != null) {
            tracker.close();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        pingGroups.restore();
    }
}
