package io.jkeepalived.vrrp.runtime;

import io.jkeepalived.alert.Alert;
import io.jkeepalived.alert.SmtpAlerter;
import io.jkeepalived.config.model.GlobalDefs;
import io.jkeepalived.sched.PartPriority;
import io.jkeepalived.sched.ThreadScheduler;
import io.jkeepalived.config.model.KeepalivedConfig;
import io.jkeepalived.config.model.NotifyScripts;
import io.jkeepalived.config.model.ScriptCommand;
import io.jkeepalived.config.model.ScriptUser;
import io.jkeepalived.config.model.TrackedFile;
import io.jkeepalived.config.model.TrackedInterface;
import io.jkeepalived.config.model.TrackedScript;
import io.jkeepalived.config.model.VirtualAddress;
import io.jkeepalived.config.model.VrrpConfig;
import io.jkeepalived.config.model.VrrpInstance;
import io.jkeepalived.config.model.VrrpScript;
import io.jkeepalived.config.model.VrrpSyncGroup;
import io.jkeepalived.exec.ScriptAdmission;
import io.jkeepalived.fifo.NotifyFifos;
import io.jkeepalived.libc.Libc;
import io.jkeepalived.libc.NetNamespace;
import io.jkeepalived.track.FileTracker;
import io.jkeepalived.netlink.Netlink;
import io.jkeepalived.netlink.NetlinkConnection;
import io.jkeepalived.netlink.NetlinkMessageBuilder;
import io.jkeepalived.rtnl.InterfaceAddress;
import io.jkeepalived.rtnl.Rtnetlink;
import io.jkeepalived.rtnl.RtnlCodec;
import io.jkeepalived.rtnl.RtnlEvent;
import io.jkeepalived.rtnl.RtnlMonitor;
import io.jkeepalived.vrrp.DropReason;
import io.jkeepalived.vrrp.InstanceSeams;
import io.jkeepalived.vrrp.IpFamily;
import io.jkeepalived.vrrp.VrrpParameters;
import io.jkeepalived.vrrp.VrrpState;
import io.jkeepalived.vrrp.loop.EventLoop;
import io.jkeepalived.vrrp.net.AnnouncePacer;
import io.jkeepalived.vrrp.net.Ipv4VrrpSocket;
import io.jkeepalived.vrrp.net.Ipv6VrrpSocket;
import io.jkeepalived.vrrp.net.PacketSocket;
import io.jkeepalived.vrrp.net.VrrpSocket;
import io.jkeepalived.vrrp.track.ScriptExecutor;
import io.jkeepalived.vrrp.track.ScriptHealth;
import io.jkeepalived.vrrp.track.TrackedObjects;
import io.jkeepalived.vrrp.vip.AddressTable;
import io.jkeepalived.vrrp.vip.VipManager;
import io.jkeepalived.vrrp.vip.FirewalledAddresses;
import io.jkeepalived.vrrp.vip.VipFirewall;
import io.jkeepalived.nft.NfTables;
import io.jkeepalived.nft.VipDropTable;
import io.jkeepalived.config.model.NftablesOptions;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VRRP part of the daemon: every vrrp_instance of the configuration running on one event loop,
 * with its sockets, VIPs, gratuitous ARPs, tracking, sync groups and notify scripts.
 *
 * <p>{@link #start()} opens everything (an instance that cannot run - missing interface, no address to
 * send from, AH authentication - is logged and left out; the others run); {@link #stop()} takes every
 * master down cleanly (priority 0 advert, VIPs removed), notifies STOP, and closes; {@link #reload} takes a new
 * configuration in between without disturbing what did not change.
 */
public final class VrrpRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VrrpRuntime.class);

    /**
     * @param namespace where sockets live (empty: the process's own namespace, the daemon's case; tests
     *                  run several runtimes in one JVM, each in a namespace of its own)
     * @param executor  runs vrrp_scripts and notify scripts
     */
    public record Options(Optional<NetNamespace> namespace, ScriptExecutor executor, boolean globalFifoScript) {
        public Options {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(executor, "executor");
        }

        /** The VRRP side starts notify_fifo_script (no checker side starts it). */
        public Options(Optional<NetNamespace> namespace, ScriptExecutor executor) {
            this(namespace, executor, true);
        }
    }

    /** What an instance looks like from outside, for tests and stats. */
    public record InstanceStatus(String name, VrrpState state, int effectivePriority, Map<DropReason, Long> drops,
                                 long advertsSent, long sendErrors) {
    }

    private record ChannelKey(String interfaceName, IpFamily family) {
    }

    /** The configuration in force: the one started with, then each reload's (replaced on the event loop). */
    private volatile KeepalivedConfig config;
    private final Options options;
    private final Libc libc = Libc.get();
    private final Map<ChannelKey, Channel> channels = new LinkedHashMap<>();
    private final Map<String, InstanceRunner> runners = new LinkedHashMap<>();
    private final Map<String, SyncGroupRunner> groups = new LinkedHashMap<>();
    private final InterfaceRegistry interfaces = new InterfaceRegistry();
    private final Notifier notifier;
    /** SMTP alerts of instances and sync groups, sent from the alerter's own thread (from inside our namespace). */
    private SmtpAlerter alerter;
    /** notify_fifo and vrrp_notify_fifo as opened; replaced by reload (under its lock), closed by stop. */
    private volatile NotifyFifos fifos = NotifyFifos.none();
    private ScriptAdmission admission;
    private EventLoop loop;
    private Rtnetlink rtnl;
    private AddressTable table;
    /** The nftables table of no_accept instances (opened only when one is configured); touched on the loop. */
    private VipFirewall firewall;
    private RtnlMonitor monitor;
    private PacketSocket packets;
    private AnnouncePacer pacer;
    private ScriptTracker scripts;
    /** The track_files of the configuration in force (replaced by a reload); touched on the loop after start. */
    private FileTracker files;
    private volatile boolean stopped;
    /** The loop thread's priority; touched on the loop only. */
    private PartPriority priority;

    public VrrpRuntime(KeepalivedConfig config, Options options) {
        this.config = Objects.requireNonNull(config, "config");
        this.options = Objects.requireNonNull(options, "options");
        GlobalDefs globals = config.globalDefs();
        this.admission = admissionOf(globals);
        this.notifier = new Notifier(options.executor(), admission);
    }

    private static ScriptAdmission admissionOf(GlobalDefs globals) {
        return ScriptAdmission.forThisProcess(globals.enableScriptSecurity(),
                globals.scriptUser().map(ScriptUser::user), globals.scriptUser().flatMap(ScriptUser::group));
    }

    private NetNamespace namespace() {
        return options.namespace().orElse(null);
    }

    private <T> T inNamespace(NetNamespace.Action<T> action) throws IOException {
        NetNamespace ns = namespace();
        return ns == null ? action.run() : ns.call(action);
    }

    /**
     * Opens sockets and starts every instance that can run. Throws only when nothing can work at all
     * (no rtnetlink, no raw sockets: not root).
     */
    public void start() throws IOException {
        VrrpConfig vrrp = config.vrrp();
        GlobalDefs g = config.globalDefs();
        loop = new EventLoop(libc, "vrrp");
        // First task on the loop thread: keepalived sets the VRRP child's priority before it runs anything.
        PartPriority startPriority = new PartPriority(new ThreadScheduler(libc), VrrpPriorities.of(g), "VRRP");
        loop.execute(() -> {
            priority = startPriority;
            loop.changeScheduling(priority::apply);
            loop.sleepAtLeastEvery(priority.sleepBoundNanos());
        });
        loop.watchLateness((due, ran) -> {
            if (priority != null) {
                loop.changeScheduling(() -> priority.timerRan(due, ran));
                loop.sleepAtLeastEvery(priority.sleepBoundNanos());
            }
        });
        NetlinkConnection route = NetlinkConnection.open(Netlink.NETLINK_ROUTE, namespace());
        rtnl = new Rtnetlink(route);
        interfaces.reset(rtnl.links(), rtnl.addresses(Rtnetlink.AF_UNSPEC));
        packets = inNamespace(() -> PacketSocket.open(libc));
        pacer = new AnnouncePacer(loop, packets, g.vrrpGarpInterval(), g.vrrpGnaInterval());
        table = AddressTable.of(route);
        firewall = new VipFirewall(dropTableOf(config), () -> NfTables.open(namespace()));
        if (needsFirewall(config)) {
            LOG.info("no_accept/strict specified: using nftables table {}", firewall.table().name());
            firewall.open();
        }

        // keepalived opens its FIFOs (and starts their scripts) before any instance runs.
        fifos = NotifyFifos.open(VrrpFifos.specs(g, options.globalFifoScript()), admission, this::startFifoScript,
                libc);
        notifier.useFifos(fifos);
        alerter = SmtpAlerter.start("vrrp-smtp", () -> inNamespace(SocketChannel::open));
        alerter.useSettings(AlertSettings.of(g));
        notifier.useAlerts(alerter, g.noEmailFaults());
        // The alert texts too (their classes and enum switches), for the same reason.
        for (Alert.VrrpEvent e : Alert.VrrpEvent.values()) {
            Alert.instance("warm-up", e);
            Alert.group("warm-up", e);
        }
        notifier.warmUpAlerts();
        // Load the line formatting now, not at the first state change on the (real-time) loop.
        io.jkeepalived.fifo.NotifyFifoLines.instance("warm-up", VrrpState.MASTER.name(), 0);
        io.jkeepalived.fifo.NotifyFifoLines.group("warm-up", VrrpState.MASTER.name());
        for (VrrpSyncGroup sg : vrrp.syncGroups()) {
            groups.put(sg.name(), new SyncGroupRunner(sg, notifier));
            notifier.admitAll(sg.notifyScripts());
        }
        for (VrrpInstance m : vrrp.instances()) {
            try {
                build(m, vrrp, table);
            } catch (IllegalArgumentException | IOException e) {
                LOG.error("({}) not started: {}", m.name(), e.getMessage());
            }
        }
        groups.values().removeIf(sg -> sg.members.isEmpty());
        warmUpKernelPaths();
        long warmStart = System.nanoTime();
        int rounds = WarmUp.run();
        LOG.debug("JIT warm-up: {} rounds in {} ms", rounds, (System.nanoTime() - warmStart) / 1_000_000);

        admission.defaultUserProblem().ifPresent(p -> LOG.warn("Scripts without a user of their own will not run: {}", p));
        scripts = new ScriptTracker(loop, loop, options.executor(), admission, vrrp.scripts(),
                this::scriptChanged);
        files = openFiles(vrrp, false);
        initialiseTracking();

        for (Channel c : channels.values()) {
            loop.register(c.socket.fd(), c::readable);
        }
        loop.start();
        files.start();
        monitor = RtnlMonitor.open(namespace());
        RtnlMonitor events = monitor;
        java.util.OptionalInt monitorFd = events.descriptor();
        if (monitorFd.isPresent()) {
            // On the loop itself, as keepalived does: a thread of its own would be woken by our own VIP adds in
            // the middle of a takeover and compete with it for a CPU.
            loop.execute(() -> loop.register(monitorFd.getAsInt(),
                    () -> events.deliverReady(event -> new LinkEventTask(event).run(), 64)));
        } else {
            events.start("vrrp-netlink", event -> loop.execute(new LinkEventTask(event)));
        }
        Duration delay = g.vrrpStartupDelay();
        long rehearsalStart = System.nanoTime();
        loop.execute(() -> loop.rehearsePreciseTimers(SPIN_REHEARSALS, SPIN_REHEARSAL_INTERVAL_NANOS, () -> {
            LOG.debug("Timer rehearsal: {} precise timers in {} ms", SPIN_REHEARSALS,
                    (System.nanoTime() - rehearsalStart) / 1_000_000);
            scripts.start();
            if (delay.isZero()) {
                startReadyInstances();
            } else {
                LOG.info("Delaying the start of VRRP by {} s (vrrp_startup_delay)", delay.toMillis() / 1000.0);
                loop.schedule(delay.toNanos(), this::startReadyInstances);
            }
        }));
        LOG.info("VRRP started: {} instance(s) on {} socket(s)", runners.size(), channels.size());
    }

    /** keepalived's test: an instance not in accept mode needs the firewall (use_vmac too, unsupported here). */
    private static boolean needsFirewall(KeepalivedConfig c) {
        return c.vrrp().instances().stream().anyMatch(m -> !m.accept());
    }

    private static VipDropTable dropTableOf(KeepalivedConfig c) {
        NftablesOptions o = c.globalDefs().nftables();
        return new VipDropTable(o.tableName(), o.priority(), o.counters());
    }

    /** Where and how an instance of the configuration runs, worked out from the interfaces there are. */
    private record Resolved(VrrpInstance model, String interfaceName, IpFamily family, InetAddress primary,
                            VrrpParameters params, VirtualRouterKey key) {
    }

    /** @throws IllegalArgumentException what keeps the instance from running, for the log */
    private static Resolved resolve(VrrpInstance m, InterfaceRegistry registry) {
        String ifName = m.interfaceName().or(() -> m.sourceAddress().flatMap(registry::interfaceOf))
                .orElseThrow(() -> new IllegalArgumentException("no interface, and no interface has the source address"));
        if (registry.link(ifName).isEmpty()) {
            throw new IllegalArgumentException("interface " + ifName + " does not exist");
        }
        IpFamily family = m.family() == io.jkeepalived.config.model.AddressFamily.IPV6 ? IpFamily.IPV6 : IpFamily.IPV4;
        List<InetAddress> vips = new ArrayList<>();
        m.virtualAddresses().forEach(a -> vips.add(a.address()));
        m.excludedAddresses().forEach(a -> vips.add(a.address()));
        Optional<? extends InetAddress> primary = m.sourceAddress().isPresent() ? m.sourceAddress()
                : family == IpFamily.IPV4 ? registry.primaryIpv4(ifName, vips) : registry.linkLocal(ifName);
        if (primary.isEmpty()) {
            throw new IllegalArgumentException("interface " + ifName + " has no "
                    + (family == IpFamily.IPV4 ? "IPv4 address" : "link-local IPv6 address") + " to send adverts from");
        }
        VrrpParameters params = ParameterMapper.map(m, primary.get());
        return new Resolved(m, ifName, family, primary.get(), params,
                VirtualRouterKey.of(m, ifName, params));
    }

    private VrrpSocket openSocket(Resolved r, InterfaceRegistry registry) throws IOException {
        int index = registry.index(r.interfaceName());
        String ifName = r.interfaceName();
        return inNamespace(() -> r.family() == IpFamily.IPV4 ? Ipv4VrrpSocket.open(libc, ifName, index)
                : Ipv6VrrpSocket.open(libc, ifName, index, (Inet6Address) r.primary()));
    }

    /** The runner, its addresses, announcer and state machine, not yet attached to a channel or group. */
    private InstanceRunner assemble(Resolved r, VrrpSocket socket) {
        VrrpInstance m = r.model();
        InstanceRunner runner = new InstanceRunner(m, r.params(), r.interfaceName(), socket, loop, notifier);
        List<VirtualAddress> all = new ArrayList<>(m.virtualAddresses());
        all.addAll(m.excludedAddresses());
        VipManager vipManager = new VipManager(m.name(), r.interfaceName(), all, interfaces::index, table);
        InstanceAnnouncer announcer = new InstanceAnnouncer(m.name(), vipManager, interfaces, pacer, loop);
        // The runner is the gate: it asks whichever sync group the instance is in now (a reload may change it).
        FirewalledAddresses addresses = new FirewalledAddresses(m.name(), !m.accept(), vipManager, firewall);
        InstanceSeams seams = new InstanceSeams(runner, addresses, announcer, runner, runner);
        // The JIT counts per method, not per instance: one instance of each socket kind rehearses in full.
        runner.prepare(sendRehearsed.add(socket.getClass()) ? SEND_REHEARSALS : 1);
        runner.attach(new io.jkeepalived.vrrp.VrrpInstance(r.params(), loop, seams));
        runner.vips = vipManager;
        runner.addresses = addresses;
        runner.announcer = announcer;
        return runner;
    }

    private void build(VrrpInstance m, VrrpConfig vrrp, AddressTable table) throws IOException {
        if (m.useVmac().isPresent()) {
            LOG.warn("({}) use_vmac is not supported by jkeepalived yet; running on the interface itself", m.name());
        }
        Resolved r = resolve(m, interfaces);
        ChannelKey key = new ChannelKey(r.interfaceName(), r.family());
        Channel channel = channels.get(key);
        if (channel == null) {
            channel = new Channel(openSocket(r, interfaces), r.family(), loop);
            channels.put(key, channel);
        }
        if (!m.unicast()) {
            channel.socket.join(m.multicastGroup().orElseThrow());
        }
        InstanceRunner runner = assemble(r, channel.socket);
        // Load and check now what the first takeover would otherwise load: address encoding, frames, the advert.
        NetlinkMessageBuilder scratch = new NetlinkMessageBuilder(512);
        runner.vips.prepare(a -> RtnlCodec.writeAddAddress(scratch, a, false));
        runner.announcer.prepare(r.params().allAddresses());
        notifier.admitAll(m.notifyScripts());
        SyncGroupRunner group = vrrp.syncGroupOf(m.name()).map(sg -> groups.get(sg.name())).orElse(null);
        if (group != null) {
            runner.group = group;
            group.members.add(runner);
        }
        channel.add(runner);
        runners.put(m.name(), runner);
    }

    /**
     * Asks the kernel for things it refuses at once and harmlessly (addresses on, and frames out of, an
     * interface that cannot exist), through the classes a takeover uses ({@link TakeoverRehearsal}), so that
     * loading, linking and compiling the code of a VIP change and a gratuitous ARP is paid now and not during
     * the first takeover (measured: 20-30 ms on a cold JVM before any warm-up; 1-1.5 ms with the kernel calls
     * alone warmed).
     */
    private void warmUpKernelPaths() {
        long deadline = System.nanoTime() + 500_000_000L;
        TakeoverRehearsal takeover = new TakeoverRehearsal(table, packets, loop, List.of(WARM_UP_V4, WARM_UP_V6));
        List<InterfaceAddress> probes = List.of(InterfaceAddress.host(TakeoverRehearsal.NOWHERE, WARM_UP_V4),
                InterfaceAddress.host(TakeoverRehearsal.NOWHERE, WARM_UP_V6));
        // Enough rounds for the JIT to compile the netlink round trip and the frame sends (60-80 us a round).
        for (int round = 0; round < 1000 && System.nanoTime() < deadline; round++) {
            takeover.once();
            for (InterfaceAddress probe : probes) {
                try {
                    rtnl.deleteAddress(probe);
                } catch (IOException | RuntimeException expected) {
                    // ENODEV: the point was to run the code.
                }
            }
        }
    }

    /** Rounds of the advert send rehearsal (enough for the JIT's thresholds); the kinds of socket done so far. */
    private static final int SEND_REHEARSALS = 300;
    private final java.util.Set<Class<?>> sendRehearsed = new java.util.HashSet<>();

    /** 40 precise timers 1.5 ms apart: about 40 ms of spinning, 20,000-40,000 turns of the loop, at start. */
    private static final int SPIN_REHEARSALS = 40;
    private static final long SPIN_REHEARSAL_INTERVAL_NANOS = 1_500_000L;

    private static final InetAddress WARM_UP_V4 = literal(new byte[] {(byte) 192, 0, 2, 0});
    private static final InetAddress WARM_UP_V6 = literal(new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0});

    private static InetAddress literal(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------ tracking

    private static String interfaceKey(String name) {
        return "interface " + name;
    }

    private static String scriptKey(String name) {
        return "script " + name;
    }

    private static String fileKey(String name) {
        return "file " + name;
    }

    /**
     * The track_files of {@code vrrp} that some running-to-be instance or group tracks, opened off the loop; their
     * changes come back to the loop as {@link FileTask}s.
     */
    private FileTracker openFiles(VrrpConfig vrrp, boolean reload) {
        Set<String> tracked = new HashSet<>();
        vrrp.instances().forEach(m -> m.trackFiles().forEach(f -> tracked.add(f.name())));
        vrrp.syncGroups().forEach(g -> g.trackFiles().forEach(f -> tracked.add(f.name())));
        FileTracker[] self = new FileTracker[1];
        List<FileTracker.Declared> declared = new ArrayList<>();
        vrrp.trackFiles().forEach(f -> declared.add(new FileTracker.Declared(f.name(), f.path(),
                f.init().map(i -> new FileTracker.Init(i.value(), i.overwrite())))));
        self[0] = FileTracker.open(libc, declared, tracked, reload,
                name -> loop.execute(new FileTask(self[0], name)));
        self[0].nameThread("vrrp-track-file");
        return self[0];
    }

    /** A track_file changed (a class, not a lambda: see the timer fields of VrrpInstance). */
    private final class FileTask implements Runnable {
        private final FileTracker from;
        private final String name;

        FileTask(FileTracker from, String name) {
            this.from = from;
            this.name = name;
        }

        @Override
        public void run() {
            // A tracker a reload replaced may still report; its files are not the ones in force.
            if (from == files && !stopped) {
                fileChanged(name);
            }
        }
    }

    private void fileChanged(String name) {
        long value = files.value(name);
        String key = fileKey(name);
        boolean any = false;
        for (InstanceRunner r : runners.values()) {
            if (r.tracked.updateFile(key, value)) {
                LOG.info("({}) track_file {} now holds {}", r.name(), name, value);
                r.instance().setPriorityDelta(r.tracked.delta());
                any = true;
            }
        }
        if (any) {
            applyFaults();
        }
    }

    /**
     * The files an instance tracks, with keepalived's weights: its own, then its sync group's. A file both track
     * takes the group's weight, unless the instance tracks it with weight 0; a group with an address owner
     * (priority 255) among its members tracks its files with weight 0.
     */
    private static List<TrackedFile> trackedFiles(InstanceRunner r, VrrpConfig vrrp) {
        Map<String, TrackedFile> out = new LinkedHashMap<>();
        r.model.trackFiles().forEach(f -> out.putIfAbsent(f.name(), f));
        if (r.group != null) {
            boolean owner = vrrp.instances().stream()
                    .filter(m -> r.group.model.instances().contains(m.name()))
                    .anyMatch(m -> m.priority() == 255);
            for (TrackedFile f : r.group.model.trackFiles()) {
                TrackedFile g = owner && f.weight() != 0 ? new TrackedFile(f.name(), 0, f.reverse()) : f;
                TrackedFile mine = out.get(f.name());
                if (mine == null || mine.weight() != 0) {
                    out.put(f.name(), g);
                }
            }
        }
        return new ArrayList<>(out.values());
    }

    private void initialiseTracking() {
        for (InstanceRunner r : runners.values()) {
            r.tracked = tracking(r, config.vrrp());
            r.instance().setPriorityDelta(r.tracked.delta());
        }
        applyFaults();
    }

    /** What the instance tracks (its interface, track_interface, track_script, its group's), in today's states. */
    private TrackedObjects tracking(InstanceRunner r, VrrpConfig vrrp) {
        TrackedObjects t = new TrackedObjects();
        if (!r.model.dontTrackPrimary()) {
            t.track(interfaceKey(r.interfaceName), 0, false, linkState(r.interfaceName));
        }
        List<TrackedInterface> ifs = new ArrayList<>(r.model.trackInterfaces());
        List<TrackedScript> trackedScripts = new ArrayList<>(r.model.trackScripts());
        if (r.group != null) {
            ifs.addAll(r.group.model.trackInterfaces());
            trackedScripts.addAll(r.group.model.trackScripts());
        }
        for (TrackedInterface ti : ifs) {
            t.track(interfaceKey(ti.name()), ti.weight(), ti.reverse(), linkState(ti.name()));
        }
        for (TrackedScript ts : trackedScripts) {
            if (scripts.disabled(ts.name())) {
                continue;
            }
            t.track(scriptKey(ts.name()), ts.weight(), ts.reverse(), state(scripts.initialStatus(ts.name())));
        }
        for (TrackedFile tf : trackedFiles(r, vrrp)) {
            // A file left out (its directory is missing) is tracked by nobody, as in keepalived.
            if (files.tracks(tf.name())) {
                t.trackFile(fileKey(tf.name()), tf.weight(), tf.reverse(), files.value(tf.name()));
            }
        }
        return t;
    }

    private TrackedObjects.State linkState(String name) {
        return interfaces.usable(name) ? TrackedObjects.State.UP : TrackedObjects.State.DOWN;
    }

    private static TrackedObjects.State state(ScriptHealth.Status s) {
        return switch (s) {
            case UP -> TrackedObjects.State.UP;
            case DOWN -> TrackedObjects.State.DOWN;
            case UNKNOWN -> TrackedObjects.State.UNKNOWN;
        };
    }

    /**
     * Puts each instance in or out of FAULT: its own tracking, or any member's of its sync group.
     * Instances with a fault of their own go first, so the log reads cause before consequence.
     */
    private void applyFaults() {
        List<InstanceRunner> order = new ArrayList<>();
        runners.values().stream().filter(InstanceRunner::ownFault).forEach(order::add);
        runners.values().stream().filter(r -> !r.ownFault()).forEach(order::add);
        for (InstanceRunner r : order) {
            boolean fault = r.group != null ? r.group.anyOwnFault() : r.ownFault();
            if (fault && !r.instance().faulted()) {
                if (r.ownFault()) {
                    LOG.info("({}) {} is down", r.name(), r.tracked.faultCause());
                    r.instance().fault();
                    if (r.group != null && r.group.members.stream().anyMatch(m -> !m.instance().faulted())) {
                        LOG.info("VRRP_Group({}) Syncing instances to FAULT state", r.group.name());
                    }
                } else {
                    LOG.info("({}) a member of sync group {} is in FAULT", r.name(), r.group.name());
                    r.instance().fault();
                }
            } else if (!fault && r.instance().faulted()) {
                LOG.info("({}) nothing it tracks is down any more", r.name());
                r.instance().recover();
            }
        }
    }

    private void startReadyInstances() {
        if (stopped) {
            return;
        }
        for (InstanceRunner r : runners.values()) {
            if (!r.started && !r.tracked.waiting()) {
                r.started = true;
                r.instance().start();
            }
        }
    }

    private void scriptChanged(String script, ScriptHealth.Status status) {
        String key = scriptKey(script);
        for (InstanceRunner r : runners.values()) {
            if (r.tracked.update(key, state(status))) {
                r.instance().setPriorityDelta(r.tracked.delta());
            }
        }
        applyFaults();
        startReadyInstances();
    }

    /** A link or address event for the loop (a class, not a lambda: see the timer fields of VrrpInstance). */
    private final class LinkEventTask implements Runnable {
        private final RtnlEvent event;

        LinkEventTask(RtnlEvent event) {
            this.event = event;
        }

        @Override
        public void run() {
            linkEvent(event);
        }
    }

    private void linkEvent(RtnlEvent event) {
        if (stopped) {
            return;
        }
        if (event instanceof RtnlEvent.EventsLost) {
            try {
                interfaces.reset(rtnl.links(), rtnl.addresses(Rtnetlink.AF_UNSPEC));
            } catch (IOException e) {
                LOG.error("cannot re-read links after lost netlink events: {}", e.getMessage());
                return;
            }
            for (InstanceRunner r : runners.values()) {
                refreshInterfaces(r);
            }
            applyFaults();
            return;
        }
        if (event instanceof RtnlEvent.AddressEvent ae && ae.change() == RtnlEvent.Change.DELETED) {
            String device = interfaces.nameOf(ae.address().ifIndex());
            interfaces.apply(event);
            addressDeleted(ae.address(), device);
            return;
        }
        String changed = interfaces.apply(event);
        if (changed == null) {
            return;
        }
        String key = interfaceKey(changed);
        boolean any = false;
        for (InstanceRunner r : runners.values()) {
            TrackedObjects.State s = linkState(changed);
            if (r.tracked.update(key, s)) {
                LOG.info("({}) interface {} is {}", r.name(), changed, s == TrackedObjects.State.UP ? "up" : "down");
                r.instance().setPriorityDelta(r.tracked.delta());
                any = true;
            }
        }
        if (any) {
            applyFaults();
        }
    }

    /**
     * An address left an interface. Our own removals arrive here too, after the instance has left MASTER,
     * so only a MASTER whose address it is can be concerned; and since a late notification could follow
     * our own re-adding of the address, the kernel is asked whether the address is really gone.
     */
    private void addressDeleted(InterfaceAddress deleted, String device) {
        if (device == null) {
            return;
        }
        InetAddress address = deleted.address();
        for (InstanceRunner r : runners.values()) {
            if (r.instance() == null || r.instance().state() != VrrpState.MASTER || !r.vips.tracks(address, device)) {
                continue;
            }
            if (stillPresent(deleted)) {
                return;
            }
            r.instance().addressDeleted(address);
        }
    }

    private boolean stillPresent(InterfaceAddress deleted) {
        int family = deleted.address() instanceof Inet6Address ? Rtnetlink.AF_INET6 : Rtnetlink.AF_INET;
        try {
            for (InterfaceAddress a : rtnl.addresses(family, deleted.ifIndex())) {
                if (a.address().equals(deleted.address())) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            LOG.warn("cannot read the addresses of interface {} to confirm a deletion: {}", deleted.ifIndex(),
                    e.getMessage());
            return false;
        }
    }

    private void refreshInterfaces(InstanceRunner r) {
        List<String> names = new ArrayList<>();
        names.add(r.interfaceName);
        r.model.trackInterfaces().forEach(t -> names.add(t.name()));
        if (r.group != null) {
            r.group.model.trackInterfaces().forEach(t -> names.add(t.name()));
        }
        for (String n : names) {
            r.tracked.update(interfaceKey(n), linkState(n));
        }
        r.instance().setPriorityDelta(r.tracked.delta());
    }

    // ------------------------------------------------------------ reload

    /** A running instance the new configuration keeps (same virtual router), with its new model. */
    private record Kept(InstanceRunner runner, Resolved next) {
    }

    /** What a reload will do, worked out and opened off the event loop; applied on it in one go. */
    private record Plan(KeepalivedConfig next, List<InstanceRunner> removed, List<Kept> kept,
                        List<InstanceRunner> added, Map<ChannelKey, Channel> newChannels, ScriptAdmission admission,
                        Map<ScriptCommand, ScriptAdmission.Admission> notifyVerdicts,
                        Map<VrrpScript, ScriptAdmission.Admission> scriptVerdicts, FileTracker files) {
    }

    /**
     * Takes a new configuration (already parsed and judged runnable) without disturbing what did not change, as
     * keepalived 2.2.7's reload does. An instance of the new configuration that is the same virtual router as a
     * running one ({@link VirtualRouterKey}: interface, family, VRID, multicast group or unicast source; not the
     * name) keeps its state: a MASTER keeps its addresses and its advert schedule, a BACKUP its master down timer;
     * what changed takes effect ({@link io.jkeepalived.vrrp.VrrpInstance#reconfigure}). A running instance the new
     * configuration does not have stops as on shutdown (priority 0 advert as master, addresses removed) and is
     * notified FAULT, as keepalived does without notify_deleted; a new one starts as at start (without
     * vrrp_startup_delay, which keepalived applies at start only). Scripts and sync groups follow.
     *
     * <p>Everything that can fail is done first, off the event loop: reading the interfaces, resolving every
     * instance, opening the sockets of new interfaces, joining multicast groups, judging the scripts. If any of
     * it fails, nothing has changed (sockets opened for it are closed; a multicast group joined on a socket in
     * use stays joined, which only lets a few more packets be counted as another VRID's) and this throws with
     * the reason. Then the changes are made on the event loop, in one task, without blocking it.
     *
     * @throws IOException the new configuration cannot be applied; the running one is untouched
     */
    public synchronized void reload(KeepalivedConfig next) throws IOException {
        Objects.requireNonNull(next, "next");
        if (loop == null || stopped) {
            throw new IllegalStateException("VRRP is not running");
        }
        Plan plan = plan(next);
        NotifyFifos nextFifos = fifos.next(VrrpFifos.specs(next.globalDefs(), options.globalFifoScript()),
                plan.admission(), this::startFifoScript, libc);
        try {
            reloadOnLoop(plan, nextFifos);
        } finally {
            // Lines of the reload itself (an instance removed: FAULT) went to the new FIFOs.
            NotifyFifos old = fifos;
            fifos = nextFifos;
            old.closeReplaced(nextFifos);
        }
    }

    private void reloadOnLoop(Plan plan, NotifyFifos nextFifos) throws IOException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        PartPriority nextPriority = new PartPriority(new ThreadScheduler(libc),
                VrrpPriorities.of(plan.next().globalDefs()), "VRRP");
        loop.execute(() -> {
            try {
                // keepalived reloads at ordinary scheduling and sets the (new) priorities again afterwards.
                if (priority != null) {
                    loop.changeScheduling(priority::resetForReload);
                }
                try {
                    notifier.useFifos(nextFifos);
                    // New mail settings first: the reload's own changes (a removed instance's FAULT) use them;
                    // what is queued keeps the settings it was offered with.
                    alerter.useSettings(AlertSettings.of(plan.next().globalDefs()));
                    notifier.useAlerts(alerter, plan.next().globalDefs().noEmailFaults());
                    apply(plan);
                } finally {
                    priority = nextPriority;
                    loop.changeScheduling(priority::apply);
                    loop.sleepAtLeastEvery(priority.sleepBoundNanos());
                }
                done.complete(null);
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        });
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            // Not expected: applying is state changes only. What was applied before the failure stays applied.
            throw new IOException("VRRP reload failed while applying it: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("VRRP reload: the event loop did not apply the new configuration within 10 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("VRRP reload interrupted", e);
        }
        LOG.info("VRRP reloaded: {} instance(s) kept, {} removed, {} added", plan.kept().size(),
                plan.removed().size(), plan.added().size());
    }

    private Plan plan(KeepalivedConfig next) throws IOException {
        VrrpConfig vrrp = next.vrrp();
        // A fresh view of the interfaces, on a socket of our own: the loop's registry and netlink socket are its own.
        InterfaceRegistry now = new InterfaceRegistry();
        try (NetlinkConnection route = NetlinkConnection.open(Netlink.NETLINK_ROUTE, namespace())) {
            Rtnetlink r = new Rtnetlink(route);
            now.reset(r.links(), r.addresses(Rtnetlink.AF_UNSPEC));
        }
        Map<VirtualRouterKey, InstanceRunner> running = new LinkedHashMap<>();
        for (InstanceRunner r : runners.values()) {
            running.put(r.key, r);
        }
        Set<String> leftOutBefore = new HashSet<>();
        config.vrrp().instances().forEach(m -> {
            if (!runners.containsKey(m.name())) {
                leftOutBefore.add(m.name());
            }
        });

        List<String> problems = new ArrayList<>();
        List<Resolved> resolved = new ArrayList<>();
        for (VrrpInstance m : vrrp.instances()) {
            try {
                resolved.add(resolve(m, now));
            } catch (IllegalArgumentException e) {
                if (leftOutBefore.contains(m.name())) {
                    // It could not run before either: as at start, it is left out, and the reload goes on.
                    LOG.error("({}) not started: {}", m.name(), e.getMessage());
                } else {
                    problems.add("(" + m.name() + ") " + e.getMessage());
                }
            }
        }
        Map<VirtualRouterKey, Resolved> byKey = new LinkedHashMap<>();
        for (Resolved r : resolved) {
            Resolved twin = byKey.putIfAbsent(r.key(), r);
            if (twin != null) {
                problems.add("(" + r.model().name() + ") is the same virtual router as (" + twin.model().name()
                        + "): " + r.key());
            }
        }
        if (!problems.isEmpty()) {
            throw new IOException("VRRP reload refused, the running configuration is kept: "
                    + String.join("; ", problems));
        }

        List<Kept> kept = new ArrayList<>();
        List<Resolved> fresh = new ArrayList<>();
        for (Resolved r : resolved) {
            InstanceRunner old = running.remove(r.key());
            if (old != null) {
                kept.add(new Kept(old, r));
            } else {
                fresh.add(r);
            }
        }
        List<InstanceRunner> removed = new ArrayList<>(running.values());

        Map<ChannelKey, Channel> newChannels = new LinkedHashMap<>();
        List<InstanceRunner> added = new ArrayList<>();
        try {
            for (Resolved r : fresh) {
                ChannelKey key = new ChannelKey(r.interfaceName(), r.family());
                Channel channel = channels.get(key);
                if (channel == null) {
                    channel = newChannels.get(key);
                }
                if (channel == null) {
                    try {
                        channel = new Channel(openSocket(r, now), r.family(), loop);
                    } catch (IOException e) {
                        throw new IOException("VRRP reload refused, the running configuration is kept: ("
                                + r.model().name() + ") cannot open a VRRP socket on " + r.interfaceName() + ": "
                                + e.getMessage(), e);
                    }
                    newChannels.put(key, channel);
                }
                if (!r.model().unicast()) {
                    InetAddress g = r.model().multicastGroup().orElseThrow();
                    try {
                        channel.socket.join(g);
                    } catch (IOException e) {
                        throw new IOException("VRRP reload refused, the running configuration is kept: ("
                                + r.model().name() + ") cannot join " + g.getHostAddress() + " on "
                                + r.interfaceName() + ": " + e.getMessage(), e);
                    }
                }
                if (r.model().useVmac().isPresent()) {
                    LOG.warn("({}) use_vmac is not supported by jkeepalived yet; running on the interface itself",
                            r.model().name());
                }
                added.add(assemble(r, channel.socket));
            }
        } catch (IOException | RuntimeException e) {
            newChannels.values().forEach(c -> c.socket.close());
            throw e;
        }

        if (needsFirewall(next)) {
            // Off the loop: a socket for the drop rules if this is the first configuration that needs one.
            firewall.open();
        }

        // Scripts are judged again under the new global_defs (script_user, enable_script_security), as at start.
        ScriptAdmission nextAdmission = admissionOf(next.globalDefs());
        nextAdmission.defaultUserProblem().ifPresent(p -> LOG.warn("Scripts without a user of their own will not run: {}", p));
        List<NotifyScripts> notifyScripts = new ArrayList<>();
        vrrp.instances().forEach(m -> notifyScripts.add(m.notifyScripts()));
        vrrp.syncGroups().forEach(g -> notifyScripts.add(g.notifyScripts()));
        var notifyVerdicts = notifier.judgeAll(nextAdmission, notifyScripts);
        var scriptVerdicts = ScriptTracker.admit(nextAdmission, vrrp.scripts());
        // keepalived reads every track_file afresh on reload (init_file never overwrites then). Watching starts
        // now; what changes before the plan is applied is in the tracker's values when it is.
        FileTracker nextFiles = openFiles(vrrp, true);
        nextFiles.start();
        return new Plan(next, removed, kept, added, newChannels, nextAdmission, notifyVerdicts, scriptVerdicts,
                nextFiles);
    }

    /** On the event loop: the plan, in keepalived's order (what goes first, then what stays, then what is new). */
    private void apply(Plan plan) {
        VrrpConfig vrrp = plan.next().vrrp();
        for (InstanceRunner r : plan.removed()) {
            LOG.info("({}) is not in the new configuration: stopping it", r.name());
            r.instance().remove();
            channelOf(r).remove(r);
            if (r.group != null) {
                r.group.members.remove(r);
            }
            runners.remove(r.name());
        }
        admission = plan.admission();
        notifier.install(plan.admission(), plan.notifyVerdicts());
        scripts.reload(plan.scriptVerdicts());
        FileTracker oldFiles = files;
        files = plan.files();
        oldFiles.close();

        // Sync groups: one that keeps its name keeps its state; members are assigned afresh.
        Map<String, SyncGroupRunner> nextGroups = new LinkedHashMap<>();
        for (VrrpSyncGroup sg : vrrp.syncGroups()) {
            SyncGroupRunner g = groups.get(sg.name());
            if (g == null) {
                g = new SyncGroupRunner(sg, notifier);
            } else {
                g.model = sg;
                g.members.clear();
            }
            nextGroups.put(sg.name(), g);
        }
        List<InstanceRunner> all = new ArrayList<>();
        plan.kept().forEach(k -> all.add(k.runner()));
        all.addAll(plan.added());
        Map<InstanceRunner, VrrpInstance> models = new IdentityHashMap<>();
        plan.kept().forEach(k -> models.put(k.runner(), k.next().model()));
        plan.added().forEach(r -> models.put(r, r.model));
        for (InstanceRunner r : all) {
            SyncGroupRunner g = vrrp.syncGroupOf(models.get(r).name()).map(sg -> nextGroups.get(sg.name())).orElse(null);
            r.group = g;
            if (g != null) {
                g.members.add(r);
            }
        }
        nextGroups.values().removeIf(g -> g.members.isEmpty());
        groups.clear();
        groups.putAll(nextGroups);

        firewall.reconfigure(dropTableOf(plan.next()));
        runners.clear();
        for (Kept k : plan.kept()) {
            InstanceRunner r = k.runner();
            Resolved n = k.next();
            r.addresses.reconfigure(n.model().name(), !n.model().accept());
            r.configure(n.model(), n.params());
            r.tracked = tracking(r, vrrp);
            List<VirtualAddress> addresses = new ArrayList<>(n.model().virtualAddresses());
            addresses.addAll(n.model().excludedAddresses());
            Set<InetAddress> redefined = r.vips.reconfigure(n.model().name(), addresses);
            r.announcer.rename(n.model().name());
            r.instance().reconfigure(n.params(), redefined, r.tracked.delta());
            runners.put(r.name(), r);
        }
        plan.newChannels().forEach((key, c) -> {
            channels.put(key, c);
            loop.register(c.socket.fd(), c::readable);
        });
        for (InstanceRunner r : plan.added()) {
            LOG.info("({}) is new in the configuration: starting it", r.name());
            channelOf(r).add(r);
            r.tracked = tracking(r, vrrp);
            r.instance().setPriorityDelta(r.tracked.delta());
            runners.put(r.name(), r);
        }
        channels.values().removeIf(c -> {
            if (!c.isEmpty()) {
                return false;
            }
            loop.unregister(c.socket.fd());
            c.socket.close();
            return true;
        });
        for (SyncGroupRunner g : groups.values()) {
            g.adopt();
        }
        config = plan.next();
        applyFaults();
        startReadyInstances();
    }

    private Channel channelOf(InstanceRunner r) {
        return channels.get(new ChannelKey(r.interfaceName, r.key.family()));
    }

    // ------------------------------------------------------------ stop and queries

    /**
     * Stops every instance: masters send a priority 0 advert and remove their VIPs, every instance and
     * group notifies STOP; then waits briefly for the STOP scripts and closes everything.
     */
    public void stop() {
        if (stopped || loop == null) {
            closeResources();
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                stopped = true;
                if (scripts != null) {
                    scripts.stop();
                }
                if (files != null) {
                    files.close();
                }
                for (InstanceRunner r : runners.values()) {
                    r.instance().stop();
                }
                for (SyncGroupRunner g : groups.values()) {
                    g.stopped();
                }
                if (firewall != null) {
                    // After every master let its addresses go, as keepalived deletes its tables last.
                    firewall.close();
                }
            } finally {
                done.complete(null);
            }
        });
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.error("VRRP instances did not stop in time: {}", e.toString());
        }
        notifier.awaitStopScripts(Notifier.STOP_TIMEOUT);
        // After the STOP lines: they are written, then the FIFOs closed (and unlinked if we made them), as keepalived.
        fifos.close();
        closeResources();
        LOG.info("VRRP stopped");
    }

    /** A FIFO's reader: no time limit; it ends with the executor (SIGTERM), as keepalived's at shutdown. */
    private void startFifoScript(List<String> argv, Optional<String> user, Optional<String> group,
                                 Duration timeout) {
        options.executor().run(argv, user, group, timeout).whenComplete((outcome, error) -> {
            if (error != null) {
                LOG.warn("notify FIFO script {} failed: {}", argv.get(0), error.toString());
            } else if (!stopped) {
                LOG.info("notify FIFO script {} ended: {}", String.join(" ", argv), outcome);
            }
        });
    }

    private void closeResources() {
        stopped = true;
        if (files != null) {
            files.close();
        }
        // The loop first: it polls the monitor's descriptor, which must not be closed under it.
        if (loop != null) {
            loop.close();
        }
        if (monitor != null) {
            monitor.close();
        }
        channels.values().forEach(c -> c.socket.close());
        fifos.close();
        if (alerter != null) {
            alerter.close();
        }
        if (packets != null) {
            packets.close();
        }
        if (rtnl != null) {
            rtnl.close();
        }
        if (firewall != null) {
            // Not stopped on the loop (a failed start): our tables go all the same.
            firewall.close();
        }
        options.executor().close();
    }

    @Override
    public void close() {
        stop();
    }

    /** A snapshot of every running instance, taken on the event loop. */
    public List<InstanceStatus> status() {
        CompletableFuture<List<InstanceStatus>> f = new CompletableFuture<>();
        Runnable take = () -> {
            List<InstanceStatus> out = new ArrayList<>();
            for (InstanceRunner r : runners.values()) {
                io.jkeepalived.vrrp.VrrpInstance i = r.instance();
                out.add(new InstanceStatus(r.name(), i.state(), i.effectivePriority(), i.drops().snapshot(),
                        i.stats().advertsSent(), r.sendErrors()));
            }
            f.complete(out);
        };
        if (loop == null || stopped) {
            take.run();
        } else {
            loop.execute(take);
        }
        try {
            return f.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the VRRP event loop did not answer", e);
        }
    }

    /**
     * Everything a status query or a dump shows, copied on the event loop (nothing else touches the instances)
     * and waited for here at most {@code timeout}: the loop is never blocked, and a stuck loop costs the caller
     * the timeout, not a hang. After {@link #stop()} the snapshot is taken on the calling thread.
     *
     * @throws java.util.concurrent.TimeoutException the loop did not run the copy in time
     */
    public VrrpSnapshot snapshot(Duration timeout) throws java.util.concurrent.TimeoutException, InterruptedException {
        CompletableFuture<VrrpSnapshot> f = new CompletableFuture<>();
        Runnable take = () -> {
            try {
                f.complete(takeSnapshot());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        };
        if (loop == null || stopped) {
            take.run();
        } else {
            loop.execute(take);
        }
        try {
            return f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("VRRP snapshot failed: " + e.getCause(), e.getCause());
        }
    }

    private VrrpSnapshot takeSnapshot() {
        long now = System.nanoTime();
        List<VrrpSnapshot.Instance> instances = new ArrayList<>();
        for (InstanceRunner r : runners.values()) {
            io.jkeepalived.vrrp.VrrpInstance i = r.instance();
            VrrpParameters p = i.parameters();
            List<VrrpSnapshot.Vip> vips = new ArrayList<>();
            r.model.virtualAddresses().forEach(a -> vips.add(vip(r, a, false)));
            r.model.excludedAddresses().forEach(a -> vips.add(vip(r, a, true)));
            List<VrrpSnapshot.Tracked> tracked = new ArrayList<>();
            for (TrackedObjects.Item item : r.tracked.items()) {
                int space = item.key().indexOf(' ');
                // A track_file's status is the number it holds.
                String status = item.value().isPresent() ? Long.toString(item.value().getAsLong())
                        : item.state().name().toLowerCase(java.util.Locale.ROOT);
                tracked.add(new VrrpSnapshot.Tracked(item.key().substring(0, space), item.key().substring(space + 1),
                        item.weight(), item.reverse(), status));
            }
            io.jkeepalived.vrrp.VrrpInstance.Stats st = i.stats();
            Map<DropReason, Long> drops = new LinkedHashMap<>();
            for (DropReason reason : DropReason.values()) {
                drops.put(reason, i.drops().count(reason));
            }
            Optional<VrrpSnapshot.Transition> last = r.lastChange == null ? Optional.empty()
                    : Optional.of(new VrrpSnapshot.Transition(now - r.lastChangeAt, r.lastChange.from(),
                            r.lastChange.to(), r.lastChange.cause()));
            instances.add(new VrrpSnapshot.Instance(r.name(), r.interfaceName, p.vrid(), p.family(),
                    p.version().number(), i.state(), p.priority(), i.effectivePriority(),
                    Optional.ofNullable(i.masterAddress()),
                    i.state() == VrrpState.MASTER && r.lastChange != null ? Optional.of(now - r.masterSince)
                            : Optional.empty(),
                    last, vips, Optional.ofNullable(r.group).map(SyncGroupRunner::name), tracked,
                    new VrrpSnapshot.Counters(st.advertsSent(), st.advertsAccepted(), st.priorityZeroSent(),
                            st.priorityZeroReceived(), st.becameMaster(), st.releasedMaster(), r.sendErrors(),
                            st.dropped()),
                    java.util.Collections.unmodifiableMap(drops)));
        }
        List<VrrpSnapshot.SyncGroup> syncGroups = new ArrayList<>();
        for (SyncGroupRunner g : groups.values()) {
            syncGroups.add(new VrrpSnapshot.SyncGroup(g.name(), g.state(),
                    g.members.stream().map(InstanceRunner::name).toList()));
        }
        Map<DropReason, Long> unrouted = new java.util.EnumMap<>(DropReason.class);
        for (DropReason reason : DropReason.values()) {
            unrouted.put(reason, 0L);
        }
        unroutedDrops().forEach((k, v) -> unrouted.merge(k, v, Long::sum));
        return new VrrpSnapshot(now, instances, syncGroups, unrouted);
    }

    private VrrpSnapshot.Vip vip(InstanceRunner r, VirtualAddress a, boolean excluded) {
        String device = r.vips.deviceOf(a.address());
        return new VrrpSnapshot.Vip(a.address(), a.prefixLength(), device, excluded,
                interfaces.hasAddress(device, a.address()));
    }

    /** Packets dropped before reaching any instance (too short, another VRID), summed over the sockets. */
    public Map<DropReason, Long> unroutedDrops() {
        Map<DropReason, Long> sum = new LinkedHashMap<>();
        for (Channel c : channels.values()) {
            c.drops().snapshot().forEach((k, v) -> sum.merge(k, v, Long::sum));
        }
        return sum;
    }

    /** Names of the instances that run (those that could not start are left out). */
    public List<String> instanceNames() {
        return List.copyOf(runners.keySet());
    }
}
