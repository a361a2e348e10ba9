package io.jkeepalived.daemon.lifecycle;

import io.jkeepalived.check.CheckerPriorities;
import io.jkeepalived.check.HealthChecker;
import io.jkeepalived.config.model.GlobalDefs;
import io.jkeepalived.config.model.KeepalivedConfig;
import io.jkeepalived.config.model.ScriptUser;
import io.jkeepalived.daemon.check.CheckerService;
import io.jkeepalived.exec.ScriptAdmission;
import java.util.Optional;

/**
 * The checker side of the daemon as a lifecycle part: the IPVS table and the health checks of every virtual
 * server. Runs even when the configuration has no virtual server (then idle), so that a reload can bring some.
 */
public final class CheckerPart implements Lifecycle.Part {
    private final CheckerService.IpvsOpener ipvs;
    private final HealthChecker.Options options;
    private KeepalivedConfig config;
    /** Empty while there is nothing to check (no virtual server, or no IPVS). Touched by start/reload/stop only. */
    private Optional<CheckerService> running = Optional.empty();

    public CheckerPart(KeepalivedConfig config, CheckerService.IpvsOpener ipvs, HealthChecker.Options options) {
        this.config = config;
        this.ipvs = ipvs;
        this.options = options;
    }

    @Override
    public String name() {
        return "the checkers";
    }

    /** Logs its own trouble (no IPVS in the kernel) and runs on idle, as keepalived's checker process does. */
    @Override
    public synchronized void start() {
        GlobalDefs globals = config.globalDefs();
        running = CheckerService.start(config.lvs(), admission(globals), CheckerService.Flush.of(globals), ipvs,
                options);
        running.ifPresent(s -> s.applyPriorities(CheckerPriorities.of(globals)));
    }

    /**
     * The new virtual servers, through {@link CheckerService#reload}, or a first start when none ran before
     * ({@code lvs_flush} is not applied then: keepalived flushes at its own start only).
     */
    @Override
    public synchronized void reload(KeepalivedConfig next) {
        GlobalDefs globals = next.globalDefs();
        if (running.isPresent()) {
            running.get().reload(next.lvs(), admission(globals), globals.lvsFlushOnStop());
            // keepalived's checker process sets its priorities again after a reload, from the new configuration.
            running.get().applyPriorities(CheckerPriorities.of(globals));
        } else {
            running = CheckerService.start(next.lvs(), admission(globals),
                    new CheckerService.Flush(false, globals.lvsFlushOnStop()), ipvs, options);
            running.ifPresent(s -> s.applyPriorities(CheckerPriorities.of(globals)));
        }
        config = next;
    }

    @Override
    public synchronized void stop() {
        running.ifPresent(CheckerService::close);
        running = Optional.empty();
    }

    private static ScriptAdmission admission(GlobalDefs globals) {
        return ScriptAdmission.forThisProcess(globals.enableScriptSecurity(), globals.scriptUser().map(ScriptUser::user),
                globals.scriptUser().flatMap(ScriptUser::group));
    }
}
