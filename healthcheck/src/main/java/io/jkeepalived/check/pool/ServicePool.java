package io.jkeepalived.check.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jkeepalived.check.RealServerHealth;
import io.jkeepalived.ipvs.RealServerDest;
import io.jkeepalived.ipvs.reconcile.ServiceConfig;

/**
 * The real-server pool of one virtual server: turns the health of its real servers into the service's desired
 * IPVS destinations, keeps the quorum, and starts the notify and quorum scripts, with keepalived 2.2.7's rules
 * (check/ipwrapper.c; see docs/healthcheck.md, "Pools"). Pure and clock-free: it is fed health changes and
 * answers through {@link PoolOutput}. Not thread-safe: feed it from one thread (the checkers' loop).
 *
 * <p>The table is declarative: every change recomputes the whole service, and the reconciler turns the
 * difference into netlink requests. That replaces keepalived's add/delete commands with the same end state.
 */
public final class ServicePool {
    private static final Logger LOG = LoggerFactory.getLogger(ServicePool.class);

    private final PoolSpec spec;
    private final PoolOutput output;
    private final RealServerHealth[] health;
    /** keepalived starts every virtual server with the quorum up and may lose it at the first evaluation. */
    private boolean quorumUp = true;
    private boolean started;
    private boolean stopped;
    private List<ServiceConfig> published = List.of();

    public ServicePool(PoolSpec spec, PoolOutput output) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.output = Objects.requireNonNull(output, "output");
        this.health = new RealServerHealth[spec.members().size()];
    }

    public PoolSpec spec() {
        return spec;
    }

    /**
     * Starts the pool with each member's health before any check (what {@code HealthChecker.add} returned:
     * alive unless alpha). Publishes the first table; if the live weight is already below the quorum, the quorum
     * is lost at once (quorum_down runs, the sorry server goes in), as keepalived does at start-up. No notify
     * script of a real server runs at start-up.
     */
    public void start(List<RealServerHealth> initial) {
        start(initial, true);
    }

    /**
     * Starts the pool of a virtual server that persists across a reload: its members' health carried over (or,
     * for new members, as at start) and the quorum state the previous pool had (keepalived copies it), then
     * judged again as at start: a quorum script runs only when the state changes.
     */
    public void start(List<RealServerHealth> initial, boolean quorumWasUp) {
        if (started) {
            throw new IllegalStateException("pool of " + spec.describe() + " already started");
        }
        if (initial.size() != health.length) {
            throw new IllegalArgumentException(initial.size() + " healths for " + health.length + " real servers");
        }
        for (int i = 0; i < health.length; i++) {
            health[i] = Objects.requireNonNull(initial.get(i), "health");
        }
        started = true;
        quorumUp = quorumWasUp;
        boolean changed = evaluateQuorum();
        publishIfChanged();
        if (changed) {
            runQuorumScript();
            output.quorumChanged(quorumUp);
            output.quorumJudged(quorumUp, true, liveWeight());
        }
    }

    /** A member's health changed (the checkers' listener). */
    public void healthChanged(int member, RealServerHealth current) {
        if (!started || stopped) {
            throw new IllegalStateException("pool of " + spec.describe() + " is not running");
        }
        Objects.requireNonNull(current, "current");
        RealServerHealth previous = health[member];
        if (previous.equals(current)) {
            return;
        }
        health[member] = current;
        PoolMember m = spec.members().get(member);
        if (previous.alive() != current.alive()) {
            LOG.info("{} real server {} of {}", current.alive() ? "Adding" : (m.inhibitOnFailure() ? "Disabling" : "Removing"),
                    m.destination().describe(), spec.describe());
        }
        boolean quorumChanged = evaluateQuorum();
        publishIfChanged();
        if (previous.alive() != current.alive()) {
            (current.alive() ? m.notifyUp() : m.notifyDown()).ifPresent(output::runScript);
            output.realServerChanged(member, current.alive());
        }
        if (quorumChanged) {
            runQuorumScript();
            output.quorumChanged(quorumUp);
            output.quorumJudged(quorumUp, false, liveWeight());
        }
    }

    /**
     * The daemon is stopping: with {@code omega}, runs notify_down of every live real server and quorum_down
     * (keepalived runs them whatever the quorum state was); without it, nothing. Removing the service from the
     * kernel is the owner's job (it releases the service from the desired table).
     */
    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (!started || !spec.omega()) {
            return;
        }
        for (int i = 0; i < health.length; i++) {
            if (health[i].alive()) {
                spec.members().get(i).notifyDown().ifPresent(output::runScript);
                output.realServerChanged(i, false);
            }
        }
        quorumUp = false;
        spec.quorumDown().ifPresent(output::runScript);
        output.quorumChanged(false);
    }

    /** A member's health as the pool last heard it (null before {@link #start}). */
    public RealServerHealth health(int member) {
        return health[member];
    }

    public boolean quorumUp() {
        return quorumUp;
    }

    /** The sum of the live real servers' weights, what the quorum is compared with. */
    public long liveWeight() {
        long sum = 0;
        for (RealServerHealth h : health) {
            if (h != null && h.alive()) {
                sum += Math.max(0, h.weight());
            }
        }
        return sum;
    }

    /**
     * The pool as it stands, for status reports. Like every other method, call it on the thread that feeds the
     * pool (the daemon holds the pool manager's lock).
     */
    public PoolStatus status() {
        List<PoolStatus.Member> members = new ArrayList<>(health.length);
        for (int i = 0; i < health.length; i++) {
            PoolMember m = spec.members().get(i);
            members.add(new PoolStatus.Member(m.destination(), m.inhibitOnFailure(), health[i]));
        }
        return new PoolStatus(spec.services(), spec.quorum(), spec.hysteresis(), liveWeight(), quorumUp,
                spec.sorry(), sorryInUse(), members);
    }

    /** The (first) service as it should be now. */
    public ServiceConfig desired() {
        return new ServiceConfig(spec.service(), destinations());
    }

    /**
     * Every service of the virtual server as it should be now: a group's services all carry the same
     * destinations (keepalived adds and removes a real server in each entry of the group at once).
     */
    public List<ServiceConfig> desiredServices() {
        List<RealServerDest> dests = destinations();
        List<ServiceConfig> all = new ArrayList<>(spec.services().size());
        for (io.jkeepalived.ipvs.VirtualService service : spec.services()) {
            all.add(new ServiceConfig(service, dests));
        }
        return all;
    }

    private List<RealServerDest> destinations() {
        boolean sorryInUse = sorryInUse();
        List<RealServerDest> dests = new ArrayList<>(health.length + 1);
        for (int i = 0; i < health.length; i++) {
            PoolMember m = spec.members().get(i);
            RealServerHealth h = health[i];
            if (h.alive() && !sorryInUse) {
                dests.add(m.destination().withWeight(Math.max(0, h.weight())));
            } else if (m.inhibitOnFailure()) {
                // keepalived's "delete" of an inhibited server is an edit to weight 0; so is taking a live one
                // out for the sorry server.
                dests.add(m.destination().withWeight(0));
            }
        }
        spec.sorry().ifPresent(s -> {
            if (sorryInUse) {
                dests.add(s.destination());
            } else if (s.inhibit()) {
                dests.add(s.destination().withWeight(0));
            }
        });
        return dests;
    }

    /** The sorry server replaces the real servers while the quorum is lost. */
    private boolean sorryInUse() {
        return spec.sorry().isPresent() && !quorumUp;
    }

    /**
     * keepalived's rule: while up, the quorum is lost when the live weight falls below quorum - hysteresis, or
     * is 0 (even with quorum 0); while down, it is gained when the live weight reaches quorum + hysteresis.
     * Returns whether the state changed.
     */
    private boolean evaluateQuorum() {
        long sum = liveWeight();
        if (quorumUp) {
            long threshold = spec.quorum() - spec.hysteresis();
            if (sum == 0 || sum < threshold) {
                quorumUp = false;
                LOG.info("Lost quorum {}-{}={} > {} for {}{}", spec.quorum(), spec.hysteresis(), threshold, sum,
                        spec.describe(), spec.sorry().map(s -> ": sorry server "
                                + s.destination().describe() + " in").orElse(""));
                return true;
            }
        } else {
            long threshold = spec.quorum() + spec.hysteresis();
            if (sum >= threshold) {
                quorumUp = true;
                LOG.info("Gained quorum {}+{}={} <= {} for {}{}", spec.quorum(), spec.hysteresis(), threshold, sum,
                        spec.describe(), spec.sorry().map(s -> ": sorry server "
                                + s.destination().describe() + " out").orElse(""));
                return true;
            }
        }
        return false;
    }

    private void runQuorumScript() {
        (quorumUp ? spec.quorumUp() : spec.quorumDown()).ifPresent(output::runScript);
    }

    private void publishIfChanged() {
        List<ServiceConfig> now = desiredServices();
        if (now.equals(published)) {
            return;
        }
        for (int i = 0; i < now.size(); i++) {
            if (i >= published.size() || !now.get(i).equals(published.get(i))) {
                output.publish(now.get(i));
            }
        }
        published = now;
    }
}
