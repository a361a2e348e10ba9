package io.jkeepalived.check.pool;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
    private final Consumer<ScriptRequest> scripts;
    private boolean starting;
    private boolean started;
    /** Changes heard before {@link #start} (a check that finished while the daemon was still adding servers). */
    private final Map<MemberKey, RealServerHealth> early = new LinkedHashMap<>();
    private boolean stopped;

    /**
     * Told of real server and quorum changes (the notify FIFO's lines), under the manager's lock: must return at
     * once.
     */
    public interface PoolEvents {
        PoolEvents NONE = new PoolEvents() {
        };

        default void realServerChanged(PoolSpec pool, int member, boolean alive) {
        }

        default void quorumChanged(PoolSpec pool, boolean up) {
        }

        /** See {@link PoolOutput#quorumJudged}. */
        default void quorumJudged(PoolSpec pool, boolean up, boolean initial, long weightSum) {
        }
    }

    private final PoolEvents events;

    public PoolManager(List<PoolSpec> specs, TableApplier applier, Consumer<ScriptRequest> scripts) {
        this(specs, applier, scripts, PoolEvents.NONE);
    }

    public PoolManager(List<PoolSpec> specs, TableApplier applier, Consumer<ScriptRequest> scripts,
                       PoolEvents events) {
        this.events = Objects.requireNonNull(events, "events");
        this.applier = Objects.requireNonNull(applier, "applier");
        this.scripts = Objects.requireNonNull(scripts, "scripts");
        table.putAll(emptyTable(specs));
        for (PoolSpec spec : specs) {
            pools.add(newPool(spec));
        }
    }

    private static Map<ServiceKey, ServiceConfig> emptyTable(List<PoolSpec> specs) {
        Map<ServiceKey, ServiceConfig> empty = new LinkedHashMap<>();
        for (PoolSpec spec : specs) {
            for (VirtualService service : spec.services()) {
                if (empty.put(service.key(), new ServiceConfig(service, List.of())) != null) {
                    throw new IllegalArgumentException("IPVS service " + service.describe()
                            + " is programmed by two virtual servers");
                }
            }
        }
        return empty;
    }

    private ServicePool newPool(PoolSpec spec) {
        return new ServicePool(spec, new PoolOutput() {
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

            @Override
            public void realServerChanged(int member, boolean alive) {
                events.realServerChanged(spec, member, alive);
            }

            @Override
            public void quorumChanged(boolean up) {
                events.quorumChanged(spec, up);
            }

            @Override
            public void quorumJudged(boolean up, boolean initial, long weightSum) {
                events.quorumJudged(spec, up, initial, weightSum);
            }
        });
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
        if (key.pool() >= pools.size() || key.member() >= pools.get(key.pool()).spec().members().size()) {
            return; // a member of a configuration a reload replaced, still reporting
        }
        pools.get(key.pool()).healthChanged(key.member(), current);
    }

    /** The table as it is wanted now. */
    public synchronized DesiredTable desired() {
        return DesiredTable.of(table.values());
    }

    /**
     * A reload: the pools of {@code specs} replace the running ones, in one table. A service in both the old and
     * the new table stays in the kernel and is edited in place (the reconciler diffs it: its connections and
     * counters survive); a service only in the old table is released (deleted if present); only the new one's
     * is added. Health changes of the new members are then fed by their new {@link MemberKey}s.
     *
     * @param initial     per new pool, per member: the health carried over from the member it continues, or the
     *                    health its new checkers start with
     * @param quorumWasUp per new pool: the quorum state of the pool it continues ({@code true} for a new one, as
     *                    at start)
     * @param goodbyes    scripts of what leaves (the notify_down of live real servers removed from the
     *                    configuration, as keepalived runs them); started before the new table is applied
     * @throws IllegalArgumentException when two virtual servers program one service (nothing changed then)
     * @throws IllegalStateException    when not started, or stopped
     */
    public synchronized void reload(List<PoolSpec> specs, List<List<RealServerHealth>> initial,
                                    List<Boolean> quorumWasUp, List<ScriptRequest> goodbyes) {
        if (!started || stopped) {
            throw new IllegalStateException("the pools are not running");
        }
        if (initial.size() != specs.size() || quorumWasUp.size() != specs.size()) {
            throw new IllegalArgumentException(initial.size() + " pools of health and " + quorumWasUp.size()
                    + " quorum states for " + specs.size() + " pools");
        }
        Map<ServiceKey, ServiceConfig> next = emptyTable(specs);
        Set<ServiceKey> released = new LinkedHashSet<>(table.keySet());
        released.removeAll(next.keySet());
        goodbyes.forEach(scripts);
        pools.clear();
        table.clear();
        table.putAll(next);
        starting = true;
        try {
            for (int i = 0; i < specs.size(); i++) {
                ServicePool pool = newPool(specs.get(i));
                pools.add(pool);
                pool.start(initial.get(i), quorumWasUp.get(i));
            }
        } finally {
            starting = false;
        }
        // Released once: the applier carries a release into the tables that supersede it before it is applied.
        applier.apply(new DesiredTable(List.copyOf(table.values()), released));
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
