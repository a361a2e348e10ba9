package io.jkeepalived.daemon.check;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.function.Supplier;
import java.util.Set;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jkeepalived.check.CheckerConfig;
import io.jkeepalived.check.HealthChecker;
import io.jkeepalived.check.RealServerHealth;
import io.jkeepalived.check.pool.CheckerConfigs;
import io.jkeepalived.check.pool.HaSuspend;
import io.jkeepalived.check.pool.LocalAddresses;
import io.jkeepalived.check.pool.PoolManager;
import io.jkeepalived.check.pool.PoolManager.MemberKey;
import io.jkeepalived.check.pool.PoolSpec;
import io.jkeepalived.check.pool.PoolSpecs;
import io.jkeepalived.check.pool.ReconcilingApplier;
import io.jkeepalived.config.model.GlobalDefs;
import io.jkeepalived.config.model.LvsConfig;
import io.jkeepalived.config.model.LvsFlushOnStop;
import io.jkeepalived.config.model.ScriptCommand;
import io.jkeepalived.config.model.lvs.RealServer;
import io.jkeepalived.config.model.lvs.VirtualServer;
import io.jkeepalived.config.model.lvs.VirtualServerId;
import io.jkeepalived.ipvs.VirtualService;
import io.jkeepalived.ipvs.VirtualService.ServiceKey;
import io.jkeepalived.exec.ScriptAdmission;
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
    private final LvsFlushOnStop onStop;
    private final ScriptRunner scripts;
    private final ReconcilingApplier applier;
    private final PoolManager pools;
    private final HealthChecker<MemberKey> checkers;

    private final Optional<LocalAddresses> addresses;

    private CheckerService(OpenedIpvs ipvs, ScriptRunner scripts, ReconcilingApplier applier, PoolManager pools,
                           HealthChecker<MemberKey> checkers, Optional<LocalAddresses> addresses,
                           LvsFlushOnStop onStop) {
        this.addresses = addresses;
        this.kernel = ipvs.kernel();
        this.onStop = onStop;
        this.ipvs = ipvs.connection();
        this.scripts = scripts;
        this.applier = applier;
        this.pools = pools;
        this.checkers = checkers;
    }

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
     * @param admission whether each MISC_CHECK, notify_up/down and quorum_up/down script may run and as whom
     *                  (global_defs script_user, keepalived_script, enable_script_security); a refused MISC_CHECK
     *                  is left out, a refused notify script never runs
     * @param addresses the host's addresses, opened only when a virtual server has {@code ha_suspend}
     */
    public static Optional<CheckerService> start(LvsConfig lvs, ScriptAdmission admission, Flush flush,
                                                 IpvsOpener opener, Supplier<LocalAddresses> addresses,
                                                 HealthChecker.Options options) {
        admission.defaultUserProblem().ifPresent(p -> {
            if (runsScripts(lvs)) {
                log.warn("Scripts without a user of their own will not run: {}", p);
            }
        });
        List<PoolSpec> specs = new ArrayList<>();
        List<List<CheckerConfig>> memberCheckers = new ArrayList<>();
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
                    configs.add(CheckerConfigs.from(vs, rs, c -> admission.admit(c.argv(), c.user(), c.group()),
                            reason -> log.warn("{}", reason)));
                }
                specs.add(spec);
                spec.services().forEach(service -> taken.add(service.key()));
                servers.add(vs);
                memberCheckers.addAll(configs);
            } catch (IllegalArgumentException e) {
                // e.g. a service taken twice, or a script user that does not exist: never run such a script as root instead
                log.warn("Virtual server {} not programmed: {}", vs.id(), e.getMessage());
            }
        }
        if (specs.isEmpty()) {
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
        PoolManager pools = new PoolManager(specs, applier, PoolManager.through(scripts));
        HealthChecker<MemberKey> checkers = HealthChecker.start(pools.listener(), scripts, options);
        List<List<RealServerHealth>> initial = new ArrayList<>();
        int next = 0;
        for (int p = 0; p < servers.size(); p++) {
            VirtualServer vs = servers.get(p);
            List<RealServerHealth> healths = new ArrayList<>();
            for (int m = 0; m < vs.realServers().size(); m++) {
                // Each (virtual server, real server) pair has its own checkers, as in keepalived.
                healths.add(checkers.add(new MemberKey(p, m), vs.realServers().get(m).weight(),
                        memberCheckers.get(next++)));
            }
            initial.add(healths);
        }
        Optional<LocalAddresses> watch = watchAddresses(lvs, servers, specs, checkers, addresses);
        pools.start(initial);
        log.info("Checkers started: {} virtual server(s), {} real server(s), on {}", specs.size(),
                initial.stream().mapToInt(List::size).sum(), checkers.transport());
        return Optional.of(new CheckerService(opened, scripts, applier, pools, checkers, watch, flush.onStop()));
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
    private static Optional<LocalAddresses> watchAddresses(LvsConfig lvs, List<VirtualServer> servers,
                                                           List<PoolSpec> specs, HealthChecker<MemberKey> checkers,
                                                           Supplier<LocalAddresses> addresses) {
        HaSuspend ha = new HaSuspend((pool, suspended) -> {
            for (int m = 0; m < servers.get(pool).realServers().size(); m++) {
                checkers.setSuspended(new MemberKey(pool, m), suspended);
            }
        });
        for (int p = 0; p < servers.size(); p++) {
            if (servers.get(p).haSuspend()) {
                // A group's checkers run while any address of its ranges is local (keepalived 2.2.7 never matches a
                // group's address, so its checkers stay suspended for ever: see docs/healthcheck.md).
                Set<InetAddress> vips = new HashSet<>();
                specs.get(p).services().stream().filter(s -> s.fwmark() == 0).forEach(s -> vips.add(s.address()));
                ha.watch(p, vips, specs.get(p).describe());
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

    public PoolManager pools() {
        return pools;
    }

    /**
     * Stops the checkers, starts the omega scripts, deletes the services (waiting up to 5 s for the kernel),
     * gives the scripts still running 1 s as keepalived does, then closes the runner (SIGTERM, SIGKILL).
     */
    @Override
    public void close() {
        addresses.ifPresent(LocalAddresses::close);
        checkers.close();
        pools.stop();
        applier.close();
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
}
