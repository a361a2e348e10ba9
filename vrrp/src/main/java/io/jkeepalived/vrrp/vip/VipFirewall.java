package io.jkeepalived.vrrp.vip;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jkeepalived.libc.Errno;
import io.jkeepalived.libc.LinuxException;
import io.jkeepalived.nft.NftFamily;
import io.jkeepalived.nft.NftKernel;
import io.jkeepalived.nft.NftMessage;
import io.jkeepalived.nft.VipDropTable;

/**
 * The nftables side of no_accept mode (vrrp_strict's default), as keepalived 2.2.7 built with nftables keeps
 * it: the addresses no_accept instances hold as MASTER are in the {@code vips} set of our table, whose chains
 * drop packets to and from them. A family's table is made when its first address goes in (deleting a table of
 * the same name left from before in the same transaction) and stays, empty or not, until {@link #close()}.
 *
 * <p>An address held by two instances at once goes in once and out with the last of them (keepalived would
 * fail the second add). Nothing here stops VRRP: a refusal is logged (the first of a kind as an error, repeats
 * at debug) and the family is rebuilt from what should be there at the next change. A kernel without
 * nf_tables is reported once; the addresses then go unfiltered, as with keepalived.
 *
 * <p>Used on the VRRP event loop, except {@link #open}, which a reload calls before handing over to the loop.
 * Every change is one netlink transaction, with at most one table check before it.
 */
public final class VipFirewall implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VipFirewall.class);

    /** Opens the nf_tables connection (in the right namespace). */
    @FunctionalInterface
    public interface Opener {
        NftKernel open() throws IOException;
    }

    private final Opener opener;
    private VipDropTable table;
    /** Set by {@link #open} (a reload opens it off the loop while the loop may use it). */
    private volatile NftKernel kernel;
    private volatile boolean unavailable;
    /** Each filtered address and how many instances hold it now; what the sets should hold. */
    private final Map<InetAddress, Integer> held = new LinkedHashMap<>();
    /** Families whose table we made and believe matches {@link #held}. */
    private final Set<NftFamily> made = EnumSet.noneOf(NftFamily.class);
    /** Families whose table may differ from {@link #held} after a refusal: rebuilt at the next change. */
    private final Set<NftFamily> suspect = EnumSet.noneOf(NftFamily.class);
    /** keepalived numbers the sets it creates over the life of the process; so do we. */
    private int setIds;
    private final Set<String> reported = new java.util.HashSet<>();
    private boolean linkLocalReported;

    public VipFirewall(VipDropTable table, Opener opener) {
        this.table = Objects.requireNonNull(table, "table");
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    public VipDropTable table() {
        return table;
    }

    /**
     * Opens the nf_tables socket now (off the event loop, when the configuration has no_accept instances), so
     * that the first MASTER does not. A failure is reported once; a later reload tries again.
     */
    public synchronized void open() {
        if (kernel != null) {
            return;
        }
        try {
            kernel = opener.open();
            unavailable = false;
        } catch (IOException e) {
            if (!unavailable) {
                LOG.error("nftables: cannot open a netfilter netlink socket ({}); virtual addresses of no_accept"
                        + " instances will not be filtered, VRRP carries on", e.getMessage());
            }
            unavailable = true;
        }
    }

    /** Whether {@code address} is held by some instance (and so meant to be in a set). */
    public boolean holds(InetAddress address) {
        return held.containsKey(address);
    }

    /** Puts addresses an instance now holds as MASTER into the sets. */
    public void add(String instance, List<InetAddress> addresses) {
        Map<NftFamily, List<InetAddress>> fresh = new LinkedHashMap<>();
        for (InetAddress a : filtered(instance, addresses)) {
            if (held.merge(a, 1, Integer::sum) == 1) {
                fresh.computeIfAbsent(NftFamily.of(a), f -> new ArrayList<>()).add(a);
            }
        }
        change("(" + instance + ") setting firewall drop rule", fresh, true);
    }

    /** Takes addresses an instance no longer holds out of the sets (unless another instance holds them). */
    public void remove(String instance, List<InetAddress> addresses) {
        Map<NftFamily, List<InetAddress>> gone = new LinkedHashMap<>();
        for (InetAddress a : filtered(null, addresses)) {
            Integer n = held.get(a);
            if (n == null) {
                continue;
            }
            if (n == 1) {
                held.remove(a);
                gone.computeIfAbsent(NftFamily.of(a), f -> new ArrayList<>()).add(a);
            } else {
                held.put(a, n - 1);
            }
        }
        change("(" + instance + ") removing firewall drop rule", gone, false);
    }

    /**
     * A reload's table settings. Different ones move everything: our old tables are deleted and new ones made
     * for what is held now.
     */
    public void reconfigure(VipDropTable next) {
        if (next.equals(table)) {
            return;
        }
        LOG.info("nftables: {} replaces {}", next, table);
        deleteTables();
        table = next;
        Map<NftFamily, List<InetAddress>> all = new LinkedHashMap<>();
        for (InetAddress a : held.keySet()) {
            all.computeIfAbsent(NftFamily.of(a), f -> new ArrayList<>()).add(a);
        }
        change("nftables: moving the drop rules to table " + next.name(), all, true);
    }

    /** Deletes our tables (at stop, after the instances have let their addresses go). */
    @Override
    public void close() {
        deleteTables();
        held.clear();
        if (kernel != null) {
            kernel.close();
            kernel = null;
        }
    }

    private void deleteTables() {
        if ((made.isEmpty() && suspect.isEmpty()) || !ready()) {
            made.clear();
            suspect.clear();
            return;
        }
        List<NftMessage> m = new ArrayList<>();
        try {
            for (NftFamily f : NftFamily.values()) {
                // A suspect family's table may or may not be there (a transaction whose ack was lost).
                if (made.contains(f) || (suspect.contains(f) && kernel.tableExists(f, table.name()))) {
                    m.add(table.delete(f));
                }
            }
            kernel.commit(m);
        } catch (IOException e) {
            report("delete", "nftables: could not delete our table " + table.name() + ": " + e.getMessage());
        }
        made.clear();
        suspect.clear();
    }

    private List<InetAddress> filtered(String instance, List<InetAddress> addresses) {
        List<InetAddress> out = new ArrayList<>(addresses.size());
        for (InetAddress a : addresses) {
            if (VipDropTable.isFiltered(a)) {
                out.add(a);
            } else if (instance != null && !linkLocalReported) {
                linkLocalReported = true;
                LOG.warn("({}) link-local virtual address {} is not filtered: jkeepalived does not make keepalived's"
                        + " per-interface link-local sets", instance, a.getHostAddress());
            }
        }
        return out;
    }

    private boolean ready() {
        if (kernel == null && !unavailable) {
            // Not opened at start (no no_accept instance then): open now. After a failure only a reload retries,
            // so a host without nf_tables costs the loop nothing per transition.
            open();
        }
        return kernel != null;
    }

    private void change(String what, Map<NftFamily, List<InetAddress>> byFamily, boolean adding) {
        if ((byFamily.isEmpty() && suspect.isEmpty()) || !ready()) {
            return;
        }
        List<NftMessage> m = new ArrayList<>();
        Set<NftFamily> creating = EnumSet.noneOf(NftFamily.class);
        Set<NftFamily> rebuilding = EnumSet.noneOf(NftFamily.class);
        rebuilding.addAll(suspect);
        if (adding) {
            for (NftFamily f : byFamily.keySet()) {
                if (!made.contains(f)) {
                    rebuilding.add(f);
                }
            }
        }
        try {
            for (NftFamily f : NftFamily.values()) {
                if (rebuilding.contains(f)) {
                    List<InetAddress> all = heldOf(f);
                    if (all.isEmpty() && !made.contains(f) && !adding) {
                        suspect.remove(f);
                        continue;
                    }
                    // What is there may be a table from before us, or ours after a refusal: start afresh,
                    // deleting it in the same transaction (keepalived does so with a stale table at start).
                    m.addAll(table.create(f, kernel.tableExists(f, table.name()), () -> ++setIds));
                    if (!all.isEmpty()) {
                        m.add(table.addVips(f, all));
                    }
                    creating.add(f);
                } else if (byFamily.containsKey(f) && made.contains(f)) {
                    m.add(adding ? table.addVips(f, byFamily.get(f)) : table.removeVips(f, byFamily.get(f)));
                }
            }
            if (m.isEmpty()) {
                return;
            }
            LOG.info("{}", what);
            kernel.commit(m);
            made.addAll(creating);
            suspect.removeAll(creating);
        } catch (IOException e) {
            if (e instanceof LinuxException le && (le.is(Errno.EOPNOTSUPP) || le.is(Errno.EPROTONOSUPPORT))) {
                // nfnetlink without nf_tables: nothing will work until a reload tries again.
                LOG.error("nftables is not available in this kernel ({}); virtual addresses of no_accept instances"
                        + " will not be filtered, VRRP carries on", e.getMessage());
                unavailable = true;
                kernel.close();
                kernel = null;
                made.clear();
                suspect.clear();
                return;
            }
            // The transaction was all or nothing: what was meant to change did not. Rebuild at the next change.
            suspect.addAll(byFamily.keySet());
            suspect.addAll(rebuilding);
            made.removeAll(creating);
            report(adding ? "add" : "remove", what + " failed: " + e.getMessage()
                    + "; VRRP carries on, the table is rebuilt at the next change");
        }
    }

    private List<InetAddress> heldOf(NftFamily f) {
        List<InetAddress> out = new ArrayList<>();
        for (InetAddress a : held.keySet()) {
            if (NftFamily.of(a) == f) {
                out.add(a);
            }
        }
        return out;
    }

    private void report(String kind, String message) {
        if (reported.add(kind)) {
            LOG.error("{}", message);
        } else {
            LOG.debug("{}", message);
        }
    }
}
