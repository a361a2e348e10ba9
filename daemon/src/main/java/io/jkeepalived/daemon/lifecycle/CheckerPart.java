package io.jkeepalived.daemon.lifecycle;

import io.jkeepalived.alert.SmtpAlerter;
import io.jkeepalived.vrrp.runtime.AlertSettings;
import java.nio.channels.SocketChannel;

import io.jkeepalived.check.CheckerPriorities;
import io.jkeepalived.check.HealthChecker;
import io.jkeepalived.config.model.GlobalDefs;
import io.jkeepalived.config.model.KeepalivedConfig;
import io.jkeepalived.config.model.ScriptUser;
import io.jkeepalived.daemon.check.CheckerService;
import io.jkeepalived.config.model.NotifyFifo;
import io.jkeepalived.exec.RunAs;
import io.jkeepalived.exec.ScriptAdmission;
import io.jkeepalived.exec.ScriptCommand;
import io.jkeepalived.exec.ScriptRequest;
import io.jkeepalived.exec.ScriptRunner;
import io.jkeepalived.fifo.NotifyFifos;
import io.jkeepalived.libc.Libc;
import io.jkeepalived.vrrp.runtime.VrrpFifos;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checker side of the daemon as a lifecycle part: the IPVS table and the health checks of every virtual
 * server. Runs even when the configuration has no virtual server (then idle), so that a reload can bring some.
 */
public final class CheckerPart implements Lifecycle.Part, io.jkeepalived.daemon.status.StatusSources.Checkers {
    private final CheckerService.IpvsOpener ipvs;
    private final HealthChecker.Options options;
    private KeepalivedConfig config;
    /**
     * Empty while there is nothing to check (no virtual server, or no IPVS). Written by start/reload/stop only;
     * volatile so that a status query reads it without waiting for a reload to finish.
     */
    private volatile Optional<CheckerService> running = Optional.empty();
    /** notify_fifo and lvs_notify_fifo, open while the configuration has a virtual server. */
    private NotifyFifos fifos = NotifyFifos.none();
    /** Runs the FIFOs' reader scripts; closed (SIGTERM to them) at stop. */
    private ScriptRunner fifoScripts;
    /**
     * Mails real server and quorum alerts from a thread of its own (keepalived's checker process mails them too);
     * kept across reloads, so that what is queued is not lost, with the settings of the configuration in force.
     */
    private SmtpAlerter alerts;

    private static final Logger log = LoggerFactory.getLogger(CheckerPart.class);

    public CheckerPart(KeepalivedConfig config, CheckerService.IpvsOpener ipvs, HealthChecker.Options options) {
        this.config = config;
        this.ipvs = ipvs;
        this.options = options;
    }

    /**
     * keepalived's checker process writes notify_fifo and lvs_notify_fifo; lvs_notify_fifo is ignored when it is
     * notify_fifo's path, and its script when vrrp_notify_fifo is the same FIFO with a script of its own. The
     * checker process exists only with a virtual_server in the configuration, and it is then the one that starts
     * notify_fifo_script ({@link #runsGlobalFifoScript}).
     */
    static List<NotifyFifos.Spec> fifoSpecs(GlobalDefs g, boolean hasVirtualServers) {
        List<NotifyFifos.Spec> out = new ArrayList<>();
        if (!hasVirtualServers) {
            return out;
        }
        Optional<NotifyFifo> global = g.notifyFifo();
        Optional<NotifyFifo> lvs = g.lvsNotifyFifo();
        if (global.isPresent() && lvs.isPresent() && global.get().path().equals(lvs.get().path())) {
            log.info("notify FIFO {} has been specified for global and LVS FIFO - ignoring LVS FIFO",
                    lvs.get().path());
            lvs = Optional.empty();
        }
        boolean lvsScript = true;
        if (lvs.isPresent() && g.vrrpNotifyFifo().isPresent()
                && lvs.get().path().equals(g.vrrpNotifyFifo().get().path())
                && lvs.get().script().isPresent() && g.vrrpNotifyFifo().get().script().isPresent()) {
            log.info("LVS notify FIFO and vrrp FIFO are the same both with scripts - ignoring LVS FIFO script");
            lvsScript = false;
        }
        global.ifPresent(f -> out.add(VrrpFifos.spec("", f, g, true)));
        boolean withScript = lvsScript;
        lvs.ifPresent(f -> out.add(VrrpFifos.spec("lvs_", f, g, withScript)));
        return out;
    }

    /** Whether the checker side starts notify_fifo_script (else the VRRP side does), as keepalived decides. */
    public static boolean runsGlobalFifoScript(KeepalivedConfig config) {
        return !config.lvs().virtualServers().isEmpty();
    }

    private void openFifos(KeepalivedConfig next, ScriptAdmission admission) {
        if (fifoScripts == null) {
            fifoScripts = new ScriptRunner();
        }
        ScriptRunner runner = fifoScripts;
        NotifyFifos.Launcher launcher = (argv, user, group, timeout) -> {
            try {
                Optional<RunAs> runAs = user.isPresent() ? Optional.of(RunAs.resolve(user.get(), group.orElse(null)))
                        : Optional.empty();
                runner.run(new ScriptRequest(new ScriptCommand(argv), timeout, runAs)).whenComplete((r, e) ->
                        log.info("notify FIFO script {} ended: {}", argv.get(0), e != null ? e.toString() : r));
            } catch (IllegalArgumentException e) {
                log.warn("notify FIFO script {} not started: {}", argv.get(0), e.getMessage());
            }
        };
        NotifyFifos opened = fifos.next(fifoSpecs(next.globalDefs(), !next.lvs().virtualServers().isEmpty()),
                admission, launcher, Libc.get());
        running.ifPresent(s -> s.useFifos(opened));
        fifos.closeReplaced(opened);
        fifos = opened;
    }

    @Override
    public String name() {
        return "the checkers";
    }

    /** Logs its own trouble (no IPVS in the kernel) and runs on idle, as keepalived's checker process does. */
    @Override
    public synchronized void start() {
        GlobalDefs globals = config.globalDefs();
        // keepalived opens the FIFOs before it programs and checks anything.
        openFifos(config, admission(globals));
        useAlerts(config);
        running = CheckerService.start(config.lvs(), config.vrrp().trackFiles(), admission(globals),
                CheckerService.Flush.of(globals), ipvs, options, fifos, alerts);
        running.ifPresent(s -> s.applyPriorities(CheckerPriorities.of(globals)));
    }

    /**
     * The new virtual servers, through {@link CheckerService#reload}, or a first start when none ran before
     * ({@code lvs_flush} is not applied then: keepalived flushes at its own start only).
     */
    @Override
    public synchronized void reload(KeepalivedConfig next) {
        GlobalDefs globals = next.globalDefs();
        openFifos(next, admission(globals));
        useAlerts(next);
        if (running.isPresent()) {
            running.get().reload(next.lvs(), next.vrrp().trackFiles(), admission(globals),
                    globals.lvsFlushOnStop());
            // keepalived's checker process sets its priorities again after a reload, from the new configuration.
            running.get().applyPriorities(CheckerPriorities.of(globals));
        } else {
            running = CheckerService.start(next.lvs(), next.vrrp().trackFiles(), admission(globals),
                    new CheckerService.Flush(false, globals.lvsFlushOnStop()), ipvs, options, fifos, alerts);
            running.ifPresent(s -> s.applyPriorities(CheckerPriorities.of(globals)));
        }
        config = next;
    }

    @Override
    public Optional<java.util.List<CheckerService.VirtualServerStatus>> checkerStatus(java.time.Duration timeout)
            throws java.util.concurrent.TimeoutException, InterruptedException {
        Optional<CheckerService> now = running;
        return now.isPresent() ? Optional.of(now.get().status(timeout)) : Optional.empty();
    }

    @Override
    public synchronized void stop() {
        running.ifPresent(CheckerService::close);
        running = Optional.empty();
        // After the omega lines of the stop: written, then the FIFOs closed (unlinked if we made them).
        fifos.close();
        fifos = NotifyFifos.none();
        if (fifoScripts != null) {
            fifoScripts.close();
            fifoScripts = null;
        }
        if (alerts != null) {
            alerts.close();
            alerts = null;
        }
    }

    /** The sender's thread starts with the first virtual server (the checkers do nothing before). */
    private void useAlerts(KeepalivedConfig next) {
        if (alerts == null && !next.lvs().virtualServers().isEmpty()) {
            alerts = SmtpAlerter.start("checker-smtp", SocketChannel::open);
        }
        if (alerts != null) {
            alerts.useSettings(AlertSettings.of(next.globalDefs()));
        }
    }

    private static ScriptAdmission admission(GlobalDefs globals) {
        return ScriptAdmission.forThisProcess(globals.enableScriptSecurity(), globals.scriptUser().map(ScriptUser::user),
                globals.scriptUser().flatMap(ScriptUser::group));
    }
}
