package io.jkeepalived.check.pool;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jkeepalived.check.HealthListener;
import io.jkeepalived.check.RealServerHealth;
import io.jkeepalived.exec.ScriptRequest;
import io.jkeepalived.exec.ScriptResult;
import io.jkeepalived.exec.ScriptRunner;
import io.jkeepalived.ipvs.VirtualService;
import io.jkeepalived.ipvs.VirtualService.ServiceKey;
import io.jkeepalived.ipvs.reconcile.DesiredTable;
import io.jkeepalived.ipvs.reconcile.ServiceConfig;

/**
 * The pools of every virtual server, and the one desired IPVS table they make together.
 *
 * <p>A real server that appears under several virtual servers is checked once <em>per virtual server</em>, as
 * keepalived does (its checkers belong to a (virtual server, real server) pair): each pair is its own
 * {@link MemberKey} in the {@code HealthChecker}, and the pools never share a verdict.
 *
 * <p>Health changes come from the checkers' event loop ({@link #listener()}), start and stop from the daemon's
 * thread: the methods are synchronized, and nothing done under the lock blocks (the table goes to the
 * {@link TableApplier}, scripts to the script starter, both returning at once).
 */
public final class PoolManager {
    private static final Logger LOG = LoggerFactory.getLogger(PoolManager.class);

    /** A real server of one virtual server: the key under which the daemon registers its checkers. */
    public record MemberKey(int pool, int member) {
    }

    private final List<ServicePool> pools = new ArrayList<>();
    private final Map<ServiceKey, ServiceConfig> table = new LinkedHashMap<>();
    private final TableApplier applier;
    private boolean starting;
    private boolean started;
    /** Changes heard before {@link #start} (a check that finished while the daemon was still adding servers). */
    private final Map<MemberKey, RealServerHealth> early = new LinkedHashMap<>();
    private boolean stopped;

    public PoolManager(List<PoolSpec> specs, TableApplier applier, Consumer<ScriptRequest> scripts) {
        this.applier = Objects.requireNonNull(applier, "applier");
        Objects.requireNonNull(scripts, "scripts");
        for (PoolSpec spec : specs) {
            for (VirtualService service : spec.services()) {
                if (table.put(service.key(), new ServiceConfig(service, List.of())) != null) {
                    throw new IllegalArgumentException("IPVS service " + service.describe()
                            + " is programmed by two virtual servers");
                }
            }
            pools.add(new ServicePool(spec, new PoolOutput() {
                @Override
                public void publish(ServiceConfig desired) {
                    table.put(desired.key(), desired);
                    if (!starting) {
                        applyTable();
                    }
                }

                @Override
                public void runScript(ScriptRequest script) {
                    scripts.accept(script);
                }
            }));
        }
    }

    /** Scripts through the shared runner: started at once, their outcome logged when they end. */
    public static Consumer<ScriptRequest> through(ScriptRunner runner) {
        return request -> runner.run(request).whenComplete((result, error) -> logScript(request, result, error));
    }

    private static void logScript(ScriptRequest request, ScriptResult result, Throwable error) {
        if (error != null) {
            LOG.warn("Script {} failed to run: {}", request.command(), error.toString());
        } else if (!result.succeeded()) {
            LOG.warn("Script {} ended: {}", request.command(), result);
        }
    }

    public List<ServicePool> pools() {
        return List.copyOf(pools);
    }

    /**
     * Starts every pool with the health of its members before their first check (index by index as in the
     * specs), and applies the first table once.
     */
    public synchronized void start(List<List<RealServerHealth>> initial) {
        if (initial.size() != pools.size()) {
            throw new IllegalArgumentException(initial.size() + " pools of health for " + pools.size() + " pools");
        }
        starting = true;
        try {
            for (int i = 0; i < pools.size(); i++) {
                pools.get(i).start(initial.get(i));
            }
        } finally {
            starting = false;
        }
        started = true;
        applyTable();
        early.forEach(this::healthChanged);
        early.clear();
    }

    /** Feeds the pools from the checkers. */
    public HealthListener<MemberKey> listener() {
        return (key, previous, current) -> healthChanged(key, current);
    }

    public synchronized void healthChanged(MemberKey key, RealServerHealth current) {
        if (stopped) {
            return;
        }
        if (!started) {
            early.put(key, current);
            return;
        }
        pools.get(key.pool()).healthChanged(key.member(), current);
    }

    /** The table as it is wanted now. */
    public synchronized DesiredTable desired() {
        return DesiredTable.of(table.values());
    }

    /**
     * Stopping: omega scripts, then a table that releases every service (keepalived deletes the services it
     * added when it stops). Later health changes are ignored.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        for (ServicePool pool : pools) {
            pool.stop();
        }
        applier.apply(new DesiredTable(List.of(), Set.copyOf(table.keySet())));
    }

    private void applyTable() {
        applier.apply(desired());
    }
}
