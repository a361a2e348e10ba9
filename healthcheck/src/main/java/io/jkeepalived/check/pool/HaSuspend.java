package io.jkeepalived.check.pool;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ha_suspend}, as keepalived 2.2.7 does it (check_api.c): the checkers of a virtual server with
 * ha_suspend run only while one of its addresses is an address of this host (on a director pair, the VIP is on
 * the VRRP master), and are suspended otherwise. Suspending changes nothing in the table: the real servers stay
 * as they were (at start-up: in, unless alpha), and their checks resume where they were when the address
 * appears.
 *
 * <p>Pure: fed the host's addresses ({@link LocalAddresses.Listener}), it answers through {@link Switch}.
 * keepalived counts RTM_NEWADDR and RTM_DELADDR notifications; here the set of (interface, address) pairs is
 * kept, so an RTM_NEWADDR that only updates an address (lifetimes) cannot inflate the count, and a re-dump after
 * lost notifications gives the exact state.
 */
public final class HaSuspend implements LocalAddresses.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(HaSuspend.class);

    /** Suspends or resumes the checkers of one virtual server (a pool index). */
    @FunctionalInterface
    public interface Switch {
        void setSuspended(int pool, boolean suspended);
    }

    private final Map<Integer, Set<InetAddress>> watched = new LinkedHashMap<>();
    private final Map<Integer, String> names = new LinkedHashMap<>();
    private final Switch checkers;
    private final Set<LocalAddresses.LocalAddress> present = new HashSet<>();
    /** Per pool: suspended now; absent until the first {@link #reset}. */
    private final Map<Integer, Boolean> suspended = new LinkedHashMap<>();

    public HaSuspend(Switch checkers) {
        this.checkers = Objects.requireNonNull(checkers, "checkers");
    }

    /**
     * Watches a virtual server with ha_suspend: its checkers run while any of {@code addresses} is local.
     *
     * @param name for log lines
     */
    public synchronized void watch(int pool, Set<InetAddress> addresses, String name) {
        watched.put(pool, Set.copyOf(addresses));
        names.put(pool, name);
    }

    public synchronized boolean isEmpty() {
        return watched.isEmpty();
    }

    /** Whether the pool's checkers are suspended now (false for a pool not watched). */
    public synchronized boolean suspended(int pool) {
        return suspended.getOrDefault(pool, false);
    }

    @Override
    public synchronized void reset(Set<LocalAddresses.LocalAddress> all) {
        present.clear();
        present.addAll(all);
        update();
    }

    @Override
    public synchronized void added(LocalAddresses.LocalAddress address) {
        if (present.add(address)) {
            update();
        }
    }

    @Override
    public synchronized void removed(LocalAddresses.LocalAddress address) {
        if (present.remove(address)) {
            update();
        }
    }

    private void update() {
        for (Map.Entry<Integer, Set<InetAddress>> e : watched.entrySet()) {
            int pool = e.getKey();
            boolean local = present.stream().anyMatch(a -> e.getValue().contains(a.address()));
            Boolean before = suspended.put(pool, !local);
            if (before == null || before == local) {
                if (before != null || !local) {
                    LOG.info("{} healthcheckers of {}: {}", local ? "Activating" : "Suspending", names.get(pool),
                            local ? "its address is local" : "its address is not local (ha_suspend)");
                }
                checkers.setSuspended(pool, !local);
            }
        }
    }
}
