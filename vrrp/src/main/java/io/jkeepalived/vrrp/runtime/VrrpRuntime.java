package io.jkeepalived.vrrp.runtime;

import io.jkeepalived.config.model.GlobalDefs;
import io.jkeepalived.config.model.KeepalivedConfig;
import io.jkeepalived.config.model.ScriptUser;
import io.jkeepalived.config.model.TrackedInterface;
import io.jkeepalived.config.model.TrackedScript;
import io.jkeepalived.config.model.VirtualAddress;
import io.jkeepalived.config.model.VrrpConfig;
import io.jkeepalived.config.model.VrrpInstance;
import io.jkeepalived.config.model.VrrpSyncGroup;
import io.jkeepalived.exec.ScriptAdmission;
import io.jkeepalived.libc.Libc;
import io.jkeepalived.libc.NetNamespace;
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
import io.jkeepalived.vrrp.MasterGate;
import io.jkeepalived.vrrp.VrrpParameters;
import io.jkeepalived.vrrp.VrrpState;
import io.jkeepalived.vrrp.loop.EventLoop;
import io.jkeepalived.vrrp.net.AnnouncePacer;
import io.jkeepalived.vrrp.net.Announcements;
import io.jkeepalived.vrrp.net.Ipv4VrrpSocket;
import io.jkeepalived.vrrp.net.Ipv6VrrpSocket;
import io.jkeepalived.vrrp.net.PacketSocket;
import io.jkeepalived.vrrp.net.VrrpSocket;
import io.jkeepalived.vrrp.track.ScriptExecutor;
import io.jkeepalived.vrrp.track.ScriptHealth;
import io.jkeepalived.vrrp.track.TrackedObjects;
import io.jkeepalived.vrrp.vip.AddressTable;
import io.jkeepalived.vrrp.vip.VipManager;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VRRP part of the daemon: every vrrp_instance of the configuration running on one event loop,
 * with its sockets, VIPs, gratuitous ARPs, tracking, sync groups and notify scripts.
 *
 * <p>{@link #start()} opens everything (an instance that cannot run - missing interface, no address to
 * send from, AH authentication - is logged and left out; the others run); {@link #stop()} takes every
 * master down cleanly (priority 0 advert, VIPs removed), notifies STOP, and closes.
 */
public final class VrrpRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VrrpRuntime.class);

    /**
     * @param namespace where sockets live (empty: the process's own namespace, the daemon's case; tests
     *                  run several runtimes in one JVM, each in a namespace of its own)
     * @param executor  runs vrrp_scripts and notify scripts
     */
    public record Options(Optional<NetNamespace> namespace, ScriptExecutor executor) {
        public Options {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(executor, "executor");
        }
    }

    /** What an instance looks like from outside, for tests and stats. */
    public record InstanceStatus(String name, VrrpState state, int effectivePriority, Map<DropReason, Long> drops,
                                 long advertsSent, long sendErrors) {
    }

    private record ChannelKey(String interfaceName, IpFamily family) {
    }

    private final KeepalivedConfig config;
    private final Options options;
    private final Libc libc = Libc.get();
    private final Map<ChannelKey, Channel> channels = new LinkedHashMap<>();
    private final Map<String, InstanceRunner> runners = new LinkedHashMap<>();
    private final Map<String, SyncGroupRunner> groups = new LinkedHashMap<>();
    private final InterfaceRegistry interfaces = new InterfaceRegistry();
    private final Notifier notifier;
    private final ScriptAdmission admission;
    private EventLoop loop;
    private Rtnetlink rtnl;
    private AddressTable table;
    private RtnlMonitor monitor;
    private PacketSocket packets;
    private AnnouncePacer pacer;
    private ScriptTracker scripts;
    private volatile boolean stopped;

    public VrrpRuntime(KeepalivedConfig config, Options options) {
        this.config = Objects.requireNonNull(config, "config");
        this.options = Objects.requireNonNull(options, "options");
        GlobalDefs globals = config.globalDefs();
        this.admission = ScriptAdmission.forThisProcess(globals.enableScriptSecurity(),
                globals.scriptUser().map(ScriptUser::user), globals.scriptUser().flatMap(ScriptUser::group));
        this.notifier = new Notifier(options.executor(), admission);
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
        NetlinkConnection route = NetlinkConnection.open(Netlink.NETLINK_ROUTE, namespace());
        rtnl = new Rtnetlink(route);
        interfaces.reset(rtnl.links(), rtnl.addresses(Rtnetlink.AF_UNSPEC));
        packets = inNamespace(() -> PacketSocket.open(libc));
        pacer = new AnnouncePacer(loop, packets, g.vrrpGarpInterval(), g.vrrpGnaInterval());
        table = AddressTable.of(route);

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
        initialiseTracking();

        for (Channel c : channels.values()) {
            loop.register(c.socket.fd(), c::readable);
        }
        loop.start();
        monitor = RtnlMonitor.open(namespace());
        monitor.start("vrrp-netlink", event -> loop.execute(new LinkEventTask(event)));
        Duration delay = g.vrrpStartupDelay();
        loop.execute(() -> {
            scripts.start();
            if (delay.isZero()) {
                startReadyInstances();
            } else {
                LOG.info("Delaying the start of VRRP by {} s (vrrp_startup_delay)", delay.toMillis() / 1000.0);
                loop.schedule(delay.toNanos(), this::startReadyInstances);
            }
        });
        LOG.info("VRRP started: {} instance(s) on {} socket(s)", runners.size(), channels.size());
    }

    private void build(VrrpInstance m, VrrpConfig vrrp, AddressTable table) throws IOException {
        if (m.useVmac().isPresent()) {
            LOG.warn("({}) use_vmac is not supported by jkeepalived yet; running on the interface itself", m.name());
        }
        String ifName = m.interfaceName().or(() -> m.sourceAddress().flatMap(interfaces::interfaceOf))
                .orElseThrow(() -> new IllegalArgumentException("no interface, and no interface has the source address"));
        if (interfaces.link(ifName).isEmpty()) {
            throw new IllegalArgumentException("interface " + ifName + " does not exist");
        }
        IpFamily family = m.family() == io.jkeepalived.config.model.AddressFamily.IPV6 ? IpFamily.IPV6 : IpFamily.IPV4;
        List<InetAddress> vips = new ArrayList<>();
        m.virtualAddresses().forEach(a -> vips.add(a.address()));
        m.excludedAddresses().forEach(a -> vips.add(a.address()));
        Optional<? extends InetAddress> primary = m.sourceAddress().isPresent() ? m.sourceAddress()
                : family == IpFamily.IPV4 ? interfaces.primaryIpv4(ifName, vips) : interfaces.linkLocal(ifName);
        if (primary.isEmpty()) {
            throw new IllegalArgumentException("interface " + ifName + " has no "
                    + (family == IpFamily.IPV4 ? "IPv4 address" : "link-local IPv6 address") + " to send adverts from");
        }
        VrrpParameters params = ParameterMapper.map(m, primary.get());

        ChannelKey key = new ChannelKey(ifName, family);
        Channel channel = channels.get(key);
        if (channel == null) {
            int index = interfaces.index(ifName);
            VrrpSocket socket = inNamespace(() -> family == IpFamily.IPV4 ? Ipv4VrrpSocket.open(libc, ifName, index)
                    : Ipv6VrrpSocket.open(libc, ifName, index, (Inet6Address) primary.get()));
            channel = new Channel(socket, family, loop);
            channels.put(key, channel);
        }
        if (!m.unicast()) {
            channel.socket.join(m.multicastGroup().orElseThrow());
        }
        InstanceRunner runner = new InstanceRunner(m, params, ifName, channel.socket, loop, notifier);
        List<VirtualAddress> all = new ArrayList<>(m.virtualAddresses());
        all.addAll(m.excludedAddresses());
        VipManager vipManager = new VipManager(m.name(), ifName, all, interfaces::index, table);
        SyncGroupRunner group = vrrp.syncGroupOf(m.name()).map(sg -> groups.get(sg.name())).orElse(null);
        MasterGate gate = group == null ? MasterGate.ALWAYS : group;
        InstanceAnnouncer announcer = new InstanceAnnouncer(m.name(), vipManager, interfaces, pacer, loop);
        InstanceSeams seams = new InstanceSeams(runner, vipManager, announcer, runner, gate);
        // Load and check now what the first takeover would otherwise load: address encoding, frames, the advert.
        NetlinkMessageBuilder scratch = new NetlinkMessageBuilder(512);
        vipManager.prepare(a -> RtnlCodec.writeAddAddress(scratch, a, false));
        announcer.prepare(params.allAddresses());
        runner.prepare();
        runner.attach(new io.jkeepalived.vrrp.VrrpInstance(params, loop, seams));
        runner.vips = vipManager;
        notifier.admitAll(m.notifyScripts());
        if (group != null) {
            runner.group = group;
            group.members.add(runner);
        }
        channel.add(runner);
        runners.put(m.name(), runner);
    }

    /**
     * Asks the kernel for things it refuses at once and harmlessly (an address on, and a frame out of, an
     * interface that cannot exist), so that loading and linking the code of a VIP change and a gratuitous
     * ARP is paid now and not during the first takeover (measured: 20-30 ms on a cold JVM).
     */
    private void warmUpKernelPaths() {
        int nowhere = Integer.MAX_VALUE;
        long deadline = System.nanoTime() + 500_000_000L;
        // Enough rounds for the JIT to compile the netlink round trip and the frame send (about 20 us each).
        for (int round = 0; round < 2000 && System.nanoTime() < deadline; round++) {
            warmUpOnce(nowhere, round % 2 == 0 ? WARM_UP_V4 : WARM_UP_V6);
        }
    }

    private void warmUpOnce(int nowhere, InetAddress a) {
        InterfaceAddress probe = InterfaceAddress.host(nowhere, a);
        try {
            table.addAll(List.of(probe));
        } catch (IOException | RuntimeException expected) {
            // The answer is ENODEV: the point was to run the code.
        }
        try {
            rtnl.deleteAddress(probe);
        } catch (IOException | RuntimeException expected) {
            // ENODEV
        }
        try {
            packets.send(nowhere, Announcements.frame(new byte[6], a), Announcements.ethertype(a),
                    Announcements.destinationMac(a));
        } catch (IOException | RuntimeException expected) {
            // ENXIO
        }
    }

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

    private void initialiseTracking() {
        for (InstanceRunner r : runners.values()) {
            TrackedObjects t = r.tracked;
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
            r.instance().setPriorityDelta(t.delta());
        }
        applyFaults();
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
                for (InstanceRunner r : runners.values()) {
                    r.instance().stop();
                }
                for (SyncGroupRunner g : groups.values()) {
                    g.stopped();
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
        closeResources();
        LOG.info("VRRP stopped");
    }

    private void closeResources() {
        stopped = true;
        if (monitor != null) {
            monitor.close();
        }
        if (loop != null) {
            loop.close();
        }
        channels.values().forEach(c -> c.socket.close());
        if (packets != null) {
            packets.close();
        }
        if (rtnl != null) {
            rtnl.close();
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
