package io.jkeepalived.daemon.check;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.function.Supplier;
import java.util.Set;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jkeepalived.check.CheckerConfig;
import io.jkeepalived.check.HealthChecker;
import io.jkeepalived.libc.Libc;
import io.jkeepalived.sched.PolledRealtimeWatchdog;
import io.jkeepalived.sched.PrioritySettings;
import io.jkeepalived.sched.ThreadScheduler;
import io.jkeepalived.check.RealServerHealth;
import io.jkeepalived.check.pool.CheckerConfigs;
import io.jkeepalived.check.pool.HaSuspend;
import io.jkeepalived.check.pool.LocalAddresses;
import io.jkeepalived.check.pool.PoolManager;
import io.jkeepalived.check.pool.PoolManager.MemberKey;
import io.jkeepalived.check.pool.PoolSpec;
import io.jkeepalived.check.pool.PoolSpecs;
import io.jkeepalived.check.pool.ServicePool;
import io.jkeepalived.check.pool.ReconcilingApplier;
import io.jkeepalived.config.model.GlobalDefs;
import io.jkeepalived.config.model.LvsConfig;
import io.jkeepalived.config.model.LvsFlushOnStop;
import io.jkeepalived.config.model.ScriptCommand;
import io.jkeepalived.config.model.TrackFile;
import io.jkeepalived.track.FileTracker;
import io.jkeepalived.config.model.lvs.RealServer;
import io.jkeepalived.config.model.lvs.VirtualServer;
import io.jkeepalived.config.model.lvs.VirtualServerId;
import io.jkeepalived.ipvs.VirtualService;
import io.jkeepalived.ipvs.VirtualService.ServiceKey;
import io.jkeepalived.exec.ScriptAdmission;
import io.jkeepalived.alert.Alert;
import io.jkeepalived.alert.SmtpAlerter;
import io.jkeepalived.fifo.NotifyFifoLines;
import io.jkeepalived.fifo.NotifyFifos;
import io.jkeepalived.exec.ScriptRequest;
import io.jkeepalived.exec.ScriptRunner;
import io.jkeepalived.ipvs.IpvsChange;
import io.jkeepalived.ipvs.IpvsClient;
import io.jkeepalived.ipvs.reconcile.IpvsKernel;
import io.jkeepalived.ipvs.reconcile.IpvsReconciler;
import io.jkeepalived.ipvs.reconcile.NetlinkIpvsKernel;
import io.jkeepalived.netlink.ModprobeLoader;

/**
 * The checker side of the daemon ({@code -C} and the plain run): the pools of every virtual server, their
 * checkers, and the IPVS table they keep, programmed through the reconciler. Without IPVS in the kernel it
 * logs one error line and does not start.
 */
public final class CheckerService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CheckerService.class);

    /**
     * keepalived does not bound notify and quorum scripts; a bound keeps a hung one from holding a runner slot
     * for ever.
     */
    static final Duration NOTIFY_TIMEOUT = Duration.ofMinutes(5);

    /** keepalived gives the scripts it runs while stopping (omega) one second before killing them. */
    static final Duration STOP_SCRIPT_GRACE = Duration.ofSeconds(1);

    /** Opens the kernel's IPVS table (a fake in tests). */
    @FunctionalInterface
    public interface IpvsOpener {
        OpenedIpvs open() throws IOException;
    }

    public record OpenedIpvs(IpvsKernel kernel, AutoCloseable connection) {
    }

    /** The kernel's IPVS over generic netlink in the daemon's namespace, loading ip_vs as ipvsadm does. */
    public static OpenedIpvs openKernel() throws IOException {
        IpvsClient client = IpvsClient.open(null, new ModprobeLoader());
        return new OpenedIpvs(new NetlinkIpvsKernel(client), client);
    }

    private final AutoCloseable ipvs;
    private final IpvsKernel kernel;
    private final ScriptRunner scripts;
    private final ReconcilingApplier applier;
    private final PoolManager pools;
    private final HealthChecker<Checked> checkers;
    private final Supplier<LocalAddresses> addressSource;
    private final Members members;
    private final FifoEvents fifoEvents;

    /** Replaced by a reload; read and written under the lock of {@link #pools}. */
    private Optional<LocalAddresses> addresses = Optional.empty();
    private volatile LvsFlushOnStop onStop;

    private CheckerService(OpenedIpvs ipvs, ScriptRunner scripts, ReconcilingApplier applier, PoolManager pools,
                           Members members, HealthChecker<Checked> checkers, Supplier<LocalAddresses> addressSource,
                           LvsFlushOnStop onStop, FifoEvents fifoEvents) {
        this.fifoEvents = fifoEvents;
        this.kernel = ipvs.kernel();
        this.onStop = onStop;
        this.ipvs = ipvs.connection();
        this.scripts = scripts;
        this.applier = applier;
        this.pools = pools;
        this.members = members;
        this.checkers = checkers;
        this.addressSource = addressSource;
    }

    /**
     * Sets the checkers' threads (the probing event loop and the IPVS-programming thread) to what the
     * checker_* settings ask, each on its own thread. keepalived does this once when its checker process
     * starts; late timers are not watched here (the probes' timers belong to netty).
     */
    public void applyPriorities(PrioritySettings settings) {
        Libc libc = Libc.get();
        ThreadScheduler scheduler = new ThreadScheduler(libc);
        if (settings.noSwap()) {
            scheduler.lockProcessInMemory();
        }
        if (!settings.changesThreads()) {
            if (threadsChanged) {
                // A reload took the settings away: ordinary scheduling again, as keepalived's reloaded checker.
                checkers.onLoopThread(() -> {
                    realtimeWatchdog.unwatch(libc.gettid());
                    scheduler.resetCurrentThread("Checker");
                });
                applier.onThread(() -> {
                    realtimeWatchdog.unwatch(libc.gettid());
                    scheduler.resetCurrentThread("Checker (IPVS)");
                });
                threadsChanged = false;
            }
            return;
        }
        threadsChanged = true;
        // netty's loop cannot be made to sleep in the middle of a batch of I/O (a TLS handshake, many replies):
        // the watchdog takes a thread off real-time scheduling once it has run for the rlimit_rttime bound.
        checkers.onLoopThread(() -> realtimeWatchdog.watch(libc.gettid(), "Checker",
                scheduler.applyToCurrentThread(settings, "Checker"), settings.rlimitRttimeMicros(),
                checkers::onLoopThread));
        applier.onThread(() -> realtimeWatchdog.watch(libc.gettid(), "Checker (IPVS)",
                scheduler.applyToCurrentThread(settings, "Checker (IPVS)"), settings.rlimitRttimeMicros(),
                applier::onThread));
    }

    /** Watches the checker threads while they are real-time (from {@link #applyPriorities}). */
    private final PolledRealtimeWatchdog realtimeWatchdog = new PolledRealtimeWatchdog(Libc.get(), "jkv-checker-rt");

    /** Whether {@link #applyPriorities} changed the threads' scheduling (start/reload thread only). */
    private boolean threadsChanged;

    /** Starts the checkers and programs the first table; empty when there is nothing to run or no IPVS. */
    public static Optional<CheckerService> start(LvsConfig lvs, IpvsOpener opener, HealthChecker.Options options) {
        return start(lvs, defaultAdmission(), Flush.NONE, opener, RtnlLocalAddresses::new, options);
    }

    /**
     * global_defs {@code lvs_flush} (empty the whole IPVS table before programming it) and
     * {@code lvs_flush_on_stop} (FULL: empty the whole table when stopping, other owners' services included; VS
     * and the default both delete the services of this daemon only, which is what happens anyway).
     */
    public record Flush(boolean atStart, LvsFlushOnStop onStop) {
        public static final Flush NONE = new Flush(false, LvsFlushOnStop.NONE);

        public Flush {
            Objects.requireNonNull(onStop, "onStop");
        }

        public static Flush of(GlobalDefs globals) {
            return new Flush(globals.lvsFlush(), globals.lvsFlushOnStop());
        }
    }

    private static ScriptAdmission defaultAdmission() {
        return ScriptAdmission.forThisProcess(false, Optional.empty(), Optional.empty());
    }

    public static Optional<CheckerService> start(LvsConfig lvs, ScriptAdmission admission, IpvsOpener opener,
                                                 HealthChecker.Options options) {
        return start(lvs, admission, Flush.NONE, opener, RtnlLocalAddresses::new, options);
    }

    public static Optional<CheckerService> start(LvsConfig lvs, ScriptAdmission admission, Flush flush,
                                                 IpvsOpener opener, HealthChecker.Options options) {
        return start(lvs, admission, flush, opener, RtnlLocalAddresses::new, options);
    }

    public static Optional<CheckerService> start(LvsConfig lvs, Flush flush, IpvsOpener opener,
                                                 HealthChecker.Options options) {
        return start(lvs, defaultAdmission(), flush, opener, RtnlLocalAddresses::new, options);
    }

    public static Optional<CheckerService> start(LvsConfig lvs, IpvsOpener opener,
                                                 Supplier<LocalAddresses> addresses, HealthChecker.Options options) {
        return start(lvs, defaultAdmission(), Flush.NONE, opener, addresses, options);
    }

    /**
     * A real server of a virtual server as the checkers know it. One key lives as long as its checkers: a reload
     * that keeps them keeps the key, whatever position the real server has in the new configuration. Named for
     * the checkers' log lines; equal only to itself.
     */
    static final class Checked {
        private final String name;

        Checked(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * What makes a real server "the same" across a reload, as keepalived 2.2.7 matches them (ipwrapper.c
     * vs_iseq, rs_iseq): the virtual server (its service, or its group's name) and the real server's address and
     * port.
     */
    private record Identity(Object virtualServer, InetAddress address, int port) {
    }

    /** What runs for a real server: its key, and what its checkers were started with. */
    private record Running(Checked key, int weight, List<CheckerConfig> checkers) {
    }

    /**
     * The current generation: which pool position each running checker feeds, and which checkers run for each
     * real server. Every access holds the lock of {@link #pools}, so a health change is never fed to a position a
     * reload has just given to another real server.
     */
    private static final class Members {
        Map<Checked, MemberKey> positions = new HashMap<>();
        Map<Identity, Running> running = new HashMap<>();
        List<Object> poolIdentities = new ArrayList<>();
        List<List<Checked>> keys = new ArrayList<>();
    }

    /**
     * The configuration translated: the virtual servers that can be programmed, their pools and each real
     * server's checkers. Problems are logged as they are found, at start and at each reload alike.
     */
    private record Plan(List<VirtualServer> servers, List<PoolSpec> specs, List<List<List<CheckerConfig>>> checkers,
                        List<FileTracker.Declared> trackFiles, Set<String> followedFiles) {
        Object identity(int pool) {
            return servers.get(pool).id() instanceof VirtualServerId.Group g ? g : specs.get(pool).service().key();
        }

        Identity member(int pool, int member) {
            RealServer rs = servers.get(pool).realServers().get(member);
            return new Identity(identity(pool), rs.address(), rs.port());
        }

        String name(int pool, int member) {
            return specs.get(pool).members().get(member).destination().describe() + " of "
                    + specs.get(pool).describe();
        }

        int realServers() {
            return servers.stream().mapToInt(vs -> vs.realServers().size()).sum();
        }
    }

    private static Plan plan(LvsConfig lvs, List<TrackFile> trackFiles, ScriptAdmission admission) {
        Map<String, TrackFile> declared = new HashMap<>();
        List<FileTracker.Declared> toFollow = new ArrayList<>();
        for (TrackFile f : trackFiles) {
            // keepalived keeps the first track_file of a name (find_tracked_file_by_name takes the first)
            if (declared.putIfAbsent(f.name(), f) == null) {
                toFollow.add(new FileTracker.Declared(f.name(), f.path(),
                        f.init().map(i -> new FileTracker.Init(i.value(), i.overwrite()))));
            }
        }
        Set<String> followed = new HashSet<>();
        admission.defaultUserProblem().ifPresent(p -> {
            if (runsScripts(lvs)) {
                log.warn("Scripts without a user of their own will not run: {}", p);
            }
        });
        List<PoolSpec> specs = new ArrayList<>();
        List<List<List<CheckerConfig>>> checkers = new ArrayList<>();
        List<VirtualServer> servers = new ArrayList<>();
        Set<ServiceKey> taken = new HashSet<>();
        for (VirtualServer vs : lvs.virtualServers()) {
            try {
                PoolSpec spec = PoolSpecs.from(vs, lvs.groups(), c -> notifyRequest(admission, c));
                for (VirtualService service : spec.services()) {
                    if (taken.contains(service.key())) {
                        throw new IllegalArgumentException("its IPVS service " + service.describe()
                                + " belongs to an earlier virtual server");
                    }
                }
                if (vs.id() instanceof VirtualServerId.Group g && vs.persistenceGranularity().isPresent()) {
                    log.warn("virtual_server group {}: persistence_granularity has no effect on a group's services"
                            + " (as in keepalived 2.2.7)", g.name());
                }
                List<List<CheckerConfig>> configs = new ArrayList<>();
                for (RealServer rs : vs.realServers()) {
                    List<CheckerConfig> rsConfigs = CheckerConfigs.from(vs, rs,
                            c -> admission.admit(c.argv(), c.user(), c.group()),
                            name -> Optional.ofNullable(declared.get(name)), reason -> log.warn("{}", reason));
                    rsConfigs.forEach(c -> {
                        if (c.spec() instanceof io.jkeepalived.check.FileCheck file) {
                            followed.add(file.trackFile());
                        }
                    });
                    configs.add(rsConfigs);
                }
                specs.add(spec);
                spec.services().forEach(service -> taken.add(service.key()));
                servers.add(vs);
                checkers.add(configs);
            } catch (IllegalArgumentException e) {
                // e.g. a service taken twice, or a script user that does not exist: never run such a script as root instead
                log.warn("Virtual server {} not programmed: {}", vs.id(), e.getMessage());
            }
        }
        return new Plan(servers, specs, checkers, toFollow, followed);
    }

    /**
     * @param admission whether each MISC_CHECK, notify_up/down and quorum_up/down script may run and as whom
     *                  (global_defs script_user, keepalived_script, enable_script_security); a refused MISC_CHECK
     *                  is left out, a refused notify script never runs
     * @param addresses the host's addresses, opened only when a virtual server has {@code ha_suspend}
     */
    public static Optional<CheckerService> start(LvsConfig lvs, ScriptAdmission admission, Flush flush,
                                                 IpvsOpener opener, Supplier<LocalAddresses> addresses,
                                                 HealthChecker.Options options) {
        return start(lvs, admission, flush, opener, addresses, options, NotifyFifos.none());
    }

    /** With the host's addresses, writing RS and VS lines to {@code fifos}. */
    public static Optional<CheckerService> start(LvsConfig lvs, ScriptAdmission admission, Flush flush,
                                                 IpvsOpener opener, HealthChecker.Options options,
                                                 NotifyFifos fifos) {
        return start(lvs, admission, flush, opener, RtnlLocalAddresses::new, options, fifos);
    }

    /** With the host's addresses, writing RS and VS lines to {@code fifos} and mailing through {@code alerts}. */
    public static Optional<CheckerService> start(LvsConfig lvs, ScriptAdmission admission, Flush flush,
                                                 IpvsOpener opener, HealthChecker.Options options,
                                                 NotifyFifos fifos, SmtpAlerter alerts) {
        return start(lvs, admission, flush, opener, RtnlLocalAddresses::new, options, fifos, alerts);
    }

    /** @param fifos notify_fifo and lvs_notify_fifo: the RS and VS lines (from the first quorum judgement on) */
    public static Optional<CheckerService> start(LvsConfig lvs, ScriptAdmission admission, Flush flush,
                                                 IpvsOpener opener, Supplier<LocalAddresses> addresses,
                                                 HealthChecker.Options options, NotifyFifos fifos) {
        return start(lvs, admission, flush, opener, addresses, options, fifos, null);
    }

    /**
     * @param alerts where real server and quorum alerts are mailed (keepalived's smtp_alert of real and virtual
     *               servers); null: none
     */
    public static Optional<CheckerService> start(LvsConfig lvs, ScriptAdmission admission, Flush flush,
                                                 IpvsOpener opener, Supplier<LocalAddresses> addresses,
                                                 HealthChecker.Options options, NotifyFifos fifos,
                                                 SmtpAlerter alerts) {
        return start(lvs, List.of(), admission, flush, opener, addresses, options, fifos, alerts);
    }

    /** With the configuration's track_files, for FILE_CHECK, and the host's addresses. */
    public static Optional<CheckerService> start(LvsConfig lvs, List<TrackFile> trackFiles,
                                                 ScriptAdmission admission, Flush flush, IpvsOpener opener,
                                                 HealthChecker.Options options, NotifyFifos fifos,
                                                 SmtpAlerter alerts) {
        return start(lvs, trackFiles, admission, flush, opener, RtnlLocalAddresses::new, options, fifos, alerts);
    }

    /**
     * @param trackFiles every {@code track_file} of the configuration (VrrpConfig.trackFiles): what FILE_CHECKs
     *                   follow, and the {@code init_file}s the checker side applies too, as keepalived's checker
     *                   process does
     */
    public static Optional<CheckerService> start(LvsConfig lvs, List<TrackFile> trackFiles,
                                                 ScriptAdmission admission, Flush flush,
                                                 IpvsOpener opener, Supplier<LocalAddresses> addresses,
                                                 HealthChecker.Options options, NotifyFifos fifos,
                                                 SmtpAlerter alerts) {
        Plan plan = plan(lvs, trackFiles, admission);
        if (plan.specs().isEmpty()) {
            log.info("No virtual server to program: the checkers do not start");
            return Optional.empty();
        }
        OpenedIpvs opened;
        try {
            opened = opener.open();
        } catch (IOException e) {
            log.error("IPVS: {}; no virtual server is programmed or checked", e.getMessage());
            return Optional.empty();
        }
        if (flush.atStart()) {
            emptyTable(opened.kernel(), "lvs_flush");
        }
        ScriptRunner scripts = new ScriptRunner();
        ReconcilingApplier applier = new ReconcilingApplier(new IpvsReconciler(opened.kernel()));
        FifoEvents fifoEvents = new FifoEvents(fifos);
        fifoEvents.alerts = alerts;
        // The alert texts' classes, loaded here rather than at the first change on the (maybe real-time) loop.
        Alert.realServer("warm-up", "warm-up", true, Alert.CheckKind.TCP, true, "succeeded");
        Alert.quorum("warm-up", false, false, 1, 0, 1, 0);
        fifoEvents.name(plan);
        PoolManager pools = new PoolManager(plan.specs(), applier, PoolManager.through(scripts), fifoEvents);
        Members members = new Members();
        HealthChecker<Checked> checkers = HealthChecker.start((key, before, after) -> {
            synchronized (pools) {
                MemberKey position = members.positions.get(key);
                if (position != null) {
                    pools.healthChanged(position, after);
                }
            }
        }, scripts, options);
        CheckerService service = new CheckerService(opened, scripts, applier, pools, members, checkers, addresses,
                flush.onStop(), fifoEvents);
        List<List<RealServerHealth>> initial = new ArrayList<>();
        // Read (and init_file written) before any real server is added: their first health counts the values.
        followTrackFiles(checkers, plan, false);
        synchronized (pools) {
            for (int p = 0; p < plan.specs().size(); p++) {
                List<RealServerHealth> healths = new ArrayList<>();
                List<Checked> keys = new ArrayList<>();
                for (int m = 0; m < plan.servers().get(p).realServers().size(); m++) {
                    // Each (virtual server, real server) pair has its own checkers, as in keepalived.
                    Checked key = new Checked(plan.name(p, m));
                    int weight = plan.servers().get(p).realServers().get(m).weight();
                    List<CheckerConfig> configs = plan.checkers().get(p).get(m);
                    members.positions.put(key, new MemberKey(p, m));
                    members.running.putIfAbsent(plan.member(p, m), new Running(key, weight, configs));
                    keys.add(key);
                    healths.add(checkers.add(key, weight, configs));
                }
                members.poolIdentities.add(plan.identity(p));
                members.keys.add(keys);
                initial.add(healths);
            }
            service.addresses = watchAddresses(plan, members.keys, checkers, addresses);
            pools.start(initial);
        }
        log.info("Checkers started: {} virtual server(s), {} real server(s), on {}", plan.specs().size(),
                plan.realServers(), checkers.transport());
        return Optional.of(service);
    }

    /**
     * What a reload did on the checker side, for the log and systemd's status line.
     *
     * @param kept      real servers whose checkers go on as they were (same virtual server, address, port, weight
     *                  and checkers): their state, retries and timers carry over, no warmup, no flap
     * @param restarted real servers that stay but whose weight or checkers changed: new checkers, started as at
     *                  start
     * @param added     new real servers, started as at start (alpha: down until their first success)
     * @param removed   real servers that left (their live ones' notify_down runs, as keepalived's)
     */
    public record ReloadSummary(int virtualServers, int virtualServersAdded, int virtualServersRemoved, int kept,
                                int restarted, int added, int removed) {
        @Override
        public String toString() {
            return virtualServers + " virtual server(s) (" + virtualServersAdded + " added, " + virtualServersRemoved
                    + " removed); real servers: " + kept + " kept, " + restarted + " restarted, " + added
                    + " added, " + removed + " removed";
        }
    }

    /**
     * Takes a new configuration (SIGHUP) without disturbing what did not change: a virtual server that persists
     * keeps its IPVS service (edited in place, never deleted and added again, so its connections and counters
     * survive); a real server whose checkers did not change keeps them running with its current state; new ones
     * start as at start; removed ones are stopped and their entries deleted; the quorum and sorry server are
     * judged again. Only services this daemon programmed are deleted. {@code lvs_flush} is not applied again
     * (keepalived flushes at start only); {@code lvs_flush_on_stop} is taken from the new configuration.
     *
     * @throws IllegalStateException when the service was closed
     */
    public ReloadSummary reload(LvsConfig lvs, ScriptAdmission admission, LvsFlushOnStop flushOnStop) {
        return reload(lvs, List.of(), admission, flushOnStop);
    }

    /**
     * As {@link #reload(LvsConfig, ScriptAdmission, LvsFlushOnStop)}, with the new configuration's track_files:
     * they are read afresh (init_file never overwrites at a reload); a kept real server's FILE_CHECK keeps its
     * state and takes the value read now.
     */
    public ReloadSummary reload(LvsConfig lvs, List<TrackFile> trackFiles, ScriptAdmission admission,
                                LvsFlushOnStop flushOnStop) {
        Plan plan = plan(lvs, trackFiles, admission);
        followTrackFiles(checkers, plan, true);
        ReloadSummary summary;
        synchronized (pools) {
            summary = swap(plan);
        }
        onStop = flushOnStop;
        log.info("Checkers reloaded: {}", summary);
        return summary;
    }

    private ReloadSummary swap(Plan plan) {
        List<ServicePool> before = pools.pools();
        Map<Object, ServicePool> oldPools = new HashMap<>();
        for (int p = 0; p < before.size(); p++) {
            oldPools.put(members.poolIdentities.get(p), before.get(p));
        }
        Map<Identity, Running> leaving = new HashMap<>(members.running);
        Set<Checked> reused = new HashSet<>();
        Map<Checked, MemberKey> positions = new HashMap<>();
        Map<Identity, Running> running = new HashMap<>();
        List<List<Checked>> keys = new ArrayList<>();
        List<Object> identities = new ArrayList<>();
        List<List<RealServerHealth>> initial = new ArrayList<>();
        List<Boolean> quorum = new ArrayList<>();
        List<Runnable> starts = new ArrayList<>();
        int kept = 0;
        int restarted = 0;
        int added = 0;
        int vsAdded = 0;
        for (int p = 0; p < plan.specs().size(); p++) {
            ServicePool old = oldPools.remove(plan.identity(p));
            if (old == null) {
                vsAdded++;
            }
            quorum.add(old == null || old.quorumUp());
            List<RealServerHealth> healths = new ArrayList<>();
            List<Checked> poolKeys = new ArrayList<>();
            for (int m = 0; m < plan.servers().get(p).realServers().size(); m++) {
                Identity identity = plan.member(p, m);
                int weight = plan.servers().get(p).realServers().get(m).weight();
                List<CheckerConfig> configs = plan.checkers().get(p).get(m);
                Running was = leaving.remove(identity);
                Checked key;
                RealServerHealth health;
                if (was != null && was.weight() == weight && was.checkers().equals(configs)) {
                    key = was.key();
                    reused.add(key);
                    MemberKey at = members.positions.get(key);
                    health = before.get(at.pool()).health(at.member());
                    kept++;
                } else {
                    if (was != null) {
                        restarted++;
                    } else {
                        added++;
                    }
                    key = new Checked(plan.name(p, m));
                    health = checkers.add(key, weight, configs);
                }
                positions.put(key, new MemberKey(p, m));
                // a real server written twice under one virtual server: the first is the one a reload matches
                running.putIfAbsent(identity, new Running(key, weight, configs));
                poolKeys.add(key);
                healths.add(health);
            }
            identities.add(plan.identity(p));
            keys.add(poolKeys);
            initial.add(healths);
        }
        // What leaves: its checkers stop; keepalived runs the notify_down of a live real server it removes. A
        // restarted real server's old checkers stop too, without a script: the real server stays.
        Set<Identity> restartedIdentities = new HashSet<>(members.running.keySet());
        restartedIdentities.removeAll(leaving.keySet());
        Map<Checked, Identity> identityOf = new HashMap<>();
        members.running.forEach((identity, r) -> identityOf.put(r.key(), identity));
        List<ScriptRequest> goodbyes = new ArrayList<>();
        int removed = 0;
        for (Map.Entry<Checked, MemberKey> old : members.positions.entrySet()) {
            if (reused.contains(old.getKey())) {
                continue;
            }
            checkers.remove(old.getKey());
            MemberKey at = old.getValue();
            ServicePool pool = before.get(at.pool());
            Identity identity = identityOf.get(old.getKey());
            if (identity != null && restartedIdentities.contains(identity)) {
                continue;
            }
            removed++;
            if (pool.health(at.member()).alive()) {
                pool.spec().members().get(at.member()).notifyDown().ifPresent(goodbyes::add);
                fifoEvents.realServerChanged(pool.spec(), at.member(), false);
                fifoEvents.realServerRemoved(pool.spec(), at.member());
            }
            log.info("Removing real server {} (no longer in the configuration)", old.getKey());
        }
        oldPools.values().forEach(pool -> log.info("Removing virtual server {} (no longer in the configuration)",
                pool.spec().describe()));
        // keepalived: a removed virtual server whose quorum was up loses it with its last real server.
        oldPools.values().forEach(pool -> {
            if (pool.quorumUp()) {
                fifoEvents.quorumChanged(pool.spec(), false);
            }
        });
        int vsRemoved = oldPools.size();
        members.positions = positions;
        members.running = running;
        members.poolIdentities = identities;
        members.keys = keys;
        fifoEvents.name(plan);
        pools.reload(plan.specs(), initial, quorum, goodbyes);
        fifoEvents.retain(plan.specs());
        // ha_suspend: the watch starts again on the new virtual servers; a kept checker whose virtual server no
        // longer has ha_suspend must not stay suspended.
        addresses.ifPresent(LocalAddresses::close);
        for (int p = 0; p < plan.specs().size(); p++) {
            if (!plan.servers().get(p).haSuspend()) {
                keys.get(p).forEach(k -> checkers.setSuspended(k, false));
            }
        }
        addresses = watchAddresses(plan, keys, checkers, addressSource);
        return new ReloadSummary(plan.specs().size(), vsAdded, vsRemoved, kept, restarted, added, removed);
    }

    /** The track_files FILE_CHECKs follow from now on (file I/O: on the start or reload thread). */
    private static void followTrackFiles(HealthChecker<Checked> checkers, Plan plan, boolean reload) {
        if (plan.trackFiles().isEmpty() && !reload) {
            return;
        }
        checkers.followTrackFiles(plan.trackFiles(), plan.followedFiles(), reload);
    }

    /** Deletes every IPVS service (their destinations go with them): ipvsadm -C, as keepalived's flush. */
    private static void emptyTable(IpvsKernel kernel, String why) {
        try {
            List<IpvsChange> deletes = new ArrayList<>();
            for (VirtualService service : kernel.services()) {
                deletes.add(new IpvsChange.DeleteService(service));
            }
            long refused = kernel.apply(deletes).stream().filter(Objects::nonNull).count();
            log.info("IPVS: {}: {} service(s) deleted{}", why, deletes.size() - refused,
                    refused == 0 ? "" : ", " + refused + " refused");
        } catch (IOException e) {
            log.error("IPVS: {}: could not empty the table: {}", why, e.getMessage());
        }
    }

    /**
     * ha_suspend: the checkers of such a virtual server run only while one of its addresses is local. Called
     * after every real server was added, before their first check (1 s later at the earliest).
     */
    private static Optional<LocalAddresses> watchAddresses(Plan plan, List<List<Checked>> keys,
                                                           HealthChecker<Checked> checkers,
                                                           Supplier<LocalAddresses> addresses) {
        HaSuspend ha = new HaSuspend((pool, suspended) -> keys.get(pool).forEach(k -> checkers.setSuspended(k,
                suspended)));
        for (int p = 0; p < plan.servers().size(); p++) {
            if (plan.servers().get(p).haSuspend()) {
                // A group's checkers run while any address of its ranges is local (keepalived 2.2.7 never matches a
                // group's address, so its checkers stay suspended for ever: see docs/healthcheck.md).
                Set<InetAddress> vips = new HashSet<>();
                plan.specs().get(p).services().stream().filter(s -> s.fwmark() == 0)
                        .forEach(s -> vips.add(s.address()));
                ha.watch(p, vips, plan.specs().get(p).describe());
            }
        }
        if (ha.isEmpty()) {
            return Optional.empty();
        }
        LocalAddresses watch = addresses.get();
        try {
            watch.start(ha);
            return Optional.of(watch);
        } catch (IOException e) {
            log.error("ha_suspend: cannot watch the host's addresses ({}); the checkers run whatever the addresses",
                    e.getMessage());
            watch.close();
            return Optional.empty();
        }
    }

    /** A notify_up/down or quorum_up/down script as a request, or empty (logged) when it must not run. */
    static Optional<ScriptRequest> notifyRequest(ScriptAdmission admission, ScriptCommand command) {
        ScriptAdmission.Admission a = admission.admit(command.argv(), command.user(), command.group());
        if (!a.runs()) {
            log.warn("Disabling notify script {}: {}", command.commandLine(), a.problem().orElse(""));
            return Optional.empty();
        }
        if (a.insecure()) {
            log.warn("Notify script {} is insecure: {}", command.commandLine(), a.problem().orElse(""));
        }
        return Optional.of(new ScriptRequest(new io.jkeepalived.exec.ScriptCommand(command.argv()), NOTIFY_TIMEOUT,
                a.runAs()));
    }

    private static boolean runsScripts(LvsConfig lvs) {
        for (VirtualServer vs : lvs.virtualServers()) {
            if (vs.quorumUp().isPresent() || vs.quorumDown().isPresent()) {
                return true;
            }
            for (RealServer rs : vs.realServers()) {
                if (rs.notifyUp().isPresent() || rs.notifyDown().isPresent() || rs.checkers().stream()
                        .anyMatch(c -> c instanceof io.jkeepalived.config.model.lvs.MiscCheck)) {
                    return true;
                }
            }
        }
        return false;
    }

    private void awaitScripts(Duration grace) {
        long end = System.nanoTime() + grace.toNanos();
        while ((scripts.running() > 0 || scripts.waiting() > 0) && System.nanoTime() < end) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * A virtual server as a status report shows it: its pool, its group's name if it is one, and the checkers of
     * each real server (same order as the pool's members).
     */
    public record VirtualServerStatus(io.jkeepalived.check.pool.PoolStatus pool, Optional<String> group,
                                      List<List<io.jkeepalived.check.CheckerStatus>> checkers) {
    }

    /**
     * Every virtual server as it stands: the pools are copied under their lock (held briefly by the checkers'
     * loop too, never for I/O), the checkers on their own loop, waited for at most {@code timeout}.
     *
     * @throws java.util.concurrent.TimeoutException the checkers' loop did not answer in time
     */
    public List<VirtualServerStatus> status(Duration timeout)
            throws java.util.concurrent.TimeoutException, InterruptedException {
        List<io.jkeepalived.check.pool.PoolStatus> poolStatus = new ArrayList<>();
        List<Optional<String>> groups = new ArrayList<>();
        List<List<Checked>> keys;
        synchronized (pools) {
            for (int p = 0; p < pools.pools().size(); p++) {
                poolStatus.add(pools.pools().get(p).status());
                Object identity = members.poolIdentities.get(p);
                groups.add(identity instanceof VirtualServerId.Group g ? Optional.of(g.name()) : Optional.empty());
            }
            keys = new ArrayList<>(members.keys);
        }
        List<Checked> all = new ArrayList<>();
        keys.forEach(all::addAll);
        Map<Checked, List<io.jkeepalived.check.CheckerStatus>> checks = checkers.checkerStatus(all, timeout);
        List<VirtualServerStatus> out = new ArrayList<>();
        for (int p = 0; p < poolStatus.size(); p++) {
            List<List<io.jkeepalived.check.CheckerStatus>> perMember = new ArrayList<>();
            for (Checked k : keys.get(p)) {
                perMember.add(checks.getOrDefault(k, List.of()));
            }
            out.add(new VirtualServerStatus(poolStatus.get(p), groups.get(p), perMember));
        }
        return out;
    }

    public PoolManager pools() {
        return pools;
    }

    /**
     * Stops the checkers, starts the omega scripts, deletes the services (waiting up to 5 s for the kernel),
     * gives the scripts still running 1 s as keepalived does, then closes the runner (SIGTERM, SIGKILL).
     */
    @Override
    public void close() {
        synchronized (pools) {
            addresses.ifPresent(LocalAddresses::close);
            addresses = Optional.empty();
        }
        checkers.close();
        pools.stop();
        applier.close();
        realtimeWatchdog.close();
        if (onStop == LvsFlushOnStop.FULL) {
            emptyTable(kernel, "lvs_flush_on_stop");
        }
        awaitScripts(STOP_SCRIPT_GRACE);
        scripts.close();
        try {
            ipvs.close();
        } catch (Exception e) {
            log.warn("IPVS: closing the netlink socket: {}", e.getMessage());
        }
    }

    /** The FIFOs lines go to from now on (a reload that changed them). */
    public void useFifos(NotifyFifos next) {
        fifoEvents.fifos = next;
    }

    /**
     * Real server and quorum changes as keepalived's notify FIFO lines ({@link NotifyFifoLines}): {@code RS
     * [192.168.1.2]:tcp:80 [10.0.0.1]:tcp:80 UP}, {@code VS [10.0.0.1]:tcp:80 DOWN}. Called under the pool
     * manager's lock (health changes, start, reload, stop); the lines are only queued.
     */
    static final class FifoEvents implements PoolManager.PoolEvents {
        volatile NotifyFifos fifos;
        /** SMTP alerts of real and virtual servers (only queued here); null: none. */
        volatile SmtpAlerter alerts;
        /** Per pool spec (by identity): the service's text and each real server's, in member order. */
        private final Map<PoolSpec, Names> names = new java.util.IdentityHashMap<>();

        /**
         * @param mail       the virtual server's smtp_alert
         * @param serverMail each real server's smtp_alert
         * @param kinds      each real server's checker kind for its mail body (null: no checker we run)
         */
        record Names(String service, List<String> servers, boolean mail, List<Boolean> serverMail,
                     List<Alert.CheckKind> kinds, long quorum, long hysteresis, boolean sorry) {
        }

        FifoEvents(NotifyFifos fifos) {
            this.fifos = fifos;
        }

        synchronized void name(Plan plan) {
            for (int p = 0; p < plan.specs().size(); p++) {
                names.put(plan.specs().get(p), names(plan.servers().get(p)));
            }
        }

        synchronized void retain(List<PoolSpec> specs) {
            java.util.Set<PoolSpec> keep = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            keep.addAll(specs);
            names.keySet().retainAll(keep);
        }

        /**
         * keepalived's format_vs and format_rs: an address-based service as address, protocol (udp when none was
         * set: keepalived sets it so) and port; {@code FWM n}; a group as {@code [NAME]:0}. Real servers as
         * address, the service's protocol (none for a firewall mark without one) and their own port.
         */
        static Names names(VirtualServer vs) {
            String protocol = vs.protocol().map(p -> p.name().toLowerCase(java.util.Locale.ROOT))
                    .orElse(vs.id() instanceof VirtualServerId.Fwmark ? "none" : "udp");
            String service;
            if (vs.id() instanceof VirtualServerId.Ip ip) {
                service = NotifyFifoLines.trio(ip.address(), protocol, ip.port());
            } else if (vs.id() instanceof VirtualServerId.Fwmark f) {
                service = NotifyFifoLines.fwmark((int) f.mark());
            } else {
                service = NotifyFifoLines.serviceGroup(((VirtualServerId.Group) vs.id()).name(), 0);
            }
            List<String> servers = new ArrayList<>();
            List<Boolean> serverMail = new ArrayList<>();
            List<Alert.CheckKind> kinds = new ArrayList<>();
            for (RealServer rs : vs.realServers()) {
                servers.add(NotifyFifoLines.trio(rs.address(), protocol, rs.port()));
                serverMail.add(rs.smtpAlert());
                Alert.CheckKind kind = null;
                for (io.jkeepalived.config.model.lvs.Checker c : rs.checkers()) {
                    kind = kind(c);
                    if (kind != null) {
                        break;
                    }
                }
                kinds.add(kind);
            }
            return new Names(service, servers, vs.smtpAlert(), serverMail, kinds, vs.quorum(), vs.hysteresis(),
                    vs.sorryServer().isPresent());
        }

        /** The wording of a checker's mail (keepalived's check_*.c); null for kinds we do not run. */
        static Alert.CheckKind kind(io.jkeepalived.config.model.lvs.Checker c) {
            if (c instanceof io.jkeepalived.config.model.lvs.HttpCheck) {
                return Alert.CheckKind.HTTP;
            } else if (c instanceof io.jkeepalived.config.model.lvs.TcpCheck) {
                return Alert.CheckKind.TCP;
            } else if (c instanceof io.jkeepalived.config.model.lvs.MiscCheck) {
                return Alert.CheckKind.MISC;
            } else if (c instanceof io.jkeepalived.config.model.lvs.DnsCheck) {
                return Alert.CheckKind.DNS;
            } else if (c instanceof io.jkeepalived.config.model.lvs.UdpCheck) {
                return Alert.CheckKind.UDP;
            } else if (c instanceof io.jkeepalived.config.model.lvs.PingCheck) {
                return Alert.CheckKind.PING;
            } else if (c instanceof io.jkeepalived.config.model.lvs.SmtpCheck) {
                return Alert.CheckKind.SMTP;
            }
            return null;
        }

        @Override
        public synchronized void realServerChanged(PoolSpec pool, int member, boolean alive) {
            Names n = names.get(pool);
            if (n == null || member >= n.servers().size()) {
                return;
            }
            NotifyFifos f = fifos;
            if (!f.isEmpty()) {
                f.offer(NotifyFifoLines.realServer(n.servers().get(member), n.service(), alive));
            }
            // keepalived mails from the checker that changed, when its real server's smtp_alert is on. With one
            // checker per real server (every seed) that is exactly when the real server goes up or down.
            // This runs on the checkers' loop, maybe real-time: nothing is composed unless a mail will go.
            SmtpAlerter a = alerts;
            Alert.CheckKind kind = n.kinds().get(member);
            if (a != null && a.enabled() && n.serverMail().get(member) && kind != null) {
                a.offer(Alert.realServer(n.servers().get(member), n.service(), alive, kind, alive,
                        alive ? "succeeded" : "failed"));
            }
        }

        /** A live real server left the configuration at a reload: keepalived's "=> Removing <=" mail. */
        synchronized void realServerRemoved(PoolSpec pool, int member) {
            Names n = names.get(pool);
            SmtpAlerter a = alerts;
            if (a != null && a.enabled() && n != null && member < n.servers().size() && n.serverMail().get(member)) {
                a.offer(Alert.realServerRemoved(n.servers().get(member), n.service(), false));
            }
        }

        @Override
        public synchronized void quorumChanged(PoolSpec pool, boolean up) {
            NotifyFifos f = fifos;
            Names n = names.get(pool);
            if (f.isEmpty() || n == null) {
                return;
            }
            f.offer(NotifyFifoLines.virtualServer(n.service(), up));
        }

        /**
         * keepalived's quorum mail (ipwrapper.c do_vs_notifies), when the virtual server's smtp_alert is on. At
         * start it mails only a quorum that starts down with a sorry server (the only start-up judgement it
         * notifies); the threshold is the one the quorum was judged against.
         */
        @Override
        public synchronized void quorumJudged(PoolSpec pool, boolean up, boolean initial, long weightSum) {
            Names n = names.get(pool);
            SmtpAlerter a = alerts;
            if (a == null || !a.enabled() || n == null || !n.mail()) {
                return;
            }
            if (initial && (up || !n.sorry())) {
                return;
            }
            long threshold = up || initial ? n.quorum() + n.hysteresis() : n.quorum() - n.hysteresis();
            a.offer(Alert.quorum(n.service(), up, initial, (int) n.quorum(), (int) n.hysteresis(), threshold,
                    weightSum));
        }
    }
}
