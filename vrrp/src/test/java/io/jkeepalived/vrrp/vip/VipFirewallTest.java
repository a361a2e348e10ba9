package io.jkeepalived.vrrp.vip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.jkeepalived.libc.Errno;
import io.jkeepalived.netlink.NetlinkErrorException;
import io.jkeepalived.nft.NftFamily;
import io.jkeepalived.nft.NftKernel;
import io.jkeepalived.nft.NftMessage;
import io.jkeepalived.nft.VipDropTable;
import io.jkeepalived.vrrp.VirtualAddresses;

/** The drop set's bookkeeping against a kernel that records each transaction (its operations, in order). */
class VipFirewallTest {

    /** Tables that exist, transactions applied; refuses the next commit when told to. */
    static final class RecordingKernel implements NftKernel {
        final Set<NftFamily> tables = EnumSet.noneOf(NftFamily.class);
        final List<List<String>> transactions = new ArrayList<>();
        final List<String> checks = new ArrayList<>();
        IOException refuseNext;
        boolean closed;

        @Override
        public boolean tableExists(NftFamily family, String name) {
            checks.add(family.keyword() + " " + name);
            return tables.contains(family);
        }

        @Override
        public void commit(List<NftMessage> messages) throws IOException {
            if (refuseNext != null) {
                IOException e = refuseNext;
                refuseNext = null;
                throw e;
            }
            List<String> ops = new ArrayList<>();
            for (NftMessage m : messages) {
                ops.add(m.operation());
                for (NftFamily f : NftFamily.values()) {
                    if (m.operation().startsWith("add table " + f.keyword() + " ")) {
                        tables.add(f);
                    } else if (m.operation().startsWith("delete table " + f.keyword() + " ")) {
                        tables.remove(f);
                    }
                }
            }
            transactions.add(ops);
        }

        @Override
        public void close() {
            closed = true;
        }

        String last() {
            return String.join("; ", transactions.get(transactions.size() - 1));
        }
    }

    private final RecordingKernel kernel = new RecordingKernel();
    private final VipFirewall firewall = new VipFirewall(VipDropTable.defaults(), () -> kernel);

    @Test
    void theFirstAddressOfAFamilyMakesItsTableAndTheNextOnlyAddsElements() throws Exception {
        firewall.open();
        firewall.add("VI_1", ips("192.0.2.100", "192.0.2.150"));
        assertEquals(List.of("ip keepalived"), kernel.checks);
        assertEquals("add table ip keepalived; add chain ip keepalived out; add chain ip keepalived in; "
                + "add set ip keepalived vips; add rule ip keepalived in ip daddr @vips drop; "
                + "add rule ip keepalived out ip saddr @vips drop; "
                + "add element ip keepalived vips { 192.0.2.100, 192.0.2.150 }", kernel.last());
        firewall.add("VI_2", ips("192.0.2.200"));
        assertEquals("add element ip keepalived vips { 192.0.2.200 }", kernel.last());
        firewall.add("VI_6", ips("2001:db8::100"));
        assertTrue(kernel.last().startsWith("add table ip6 keepalived; "), kernel.last());
        assertTrue(kernel.last().endsWith("add element ip6 keepalived vips { 2001:db8:0:0:0:0:0:100 }"), kernel.last());
    }

    @Test
    void aTableLeftFromBeforeIsDeletedInTheSameTransaction() throws Exception {
        kernel.tables.add(NftFamily.IPV4);
        firewall.add("VI_1", ips("192.0.2.100"));
        assertTrue(kernel.last().startsWith("delete table ip keepalived; add table ip keepalived; "), kernel.last());
    }

    @Test
    void anAddressTwoInstancesHoldLeavesWithTheLast() throws Exception {
        firewall.add("VI_1", ips("192.0.2.100"));
        int before = kernel.transactions.size();
        firewall.add("VI_2", ips("192.0.2.100"));
        assertEquals(before, kernel.transactions.size(), "already in the set: nothing sent");
        firewall.remove("VI_1", ips("192.0.2.100"));
        assertEquals(before, kernel.transactions.size(), "VI_2 still holds it");
        assertTrue(firewall.holds(ip("192.0.2.100")));
        firewall.remove("VI_2", ips("192.0.2.100"));
        assertEquals("delete element ip keepalived vips { 192.0.2.100 }", kernel.last());
        assertFalse(firewall.holds(ip("192.0.2.100")));
    }

    @Test
    void closeDeletesOnlyTheTablesWeMade() throws Exception {
        firewall.add("VI_1", ips("192.0.2.100"));
        firewall.remove("VI_1", ips("192.0.2.100"));
        firewall.close();
        assertEquals("delete table ip keepalived", kernel.last());
        assertTrue(kernel.closed);
        assertTrue(kernel.tables.isEmpty());
    }

    @Test
    void aRefusalIsLoggedAndTheNextChangeRebuildsTheFamilyFromWhatIsHeld() throws Exception {
        firewall.add("VI_1", ips("192.0.2.100"));
        // Someone flushed the ruleset behind our back: the element delete is refused.
        kernel.tables.clear();
        kernel.refuseNext = new NetlinkErrorException("delete element", Errno.ENOENT, null, 0);
        firewall.add("VI_2", ips("192.0.2.101"));
        firewall.remove("VI_1", ips("192.0.2.100"));
        assertTrue(kernel.last().startsWith("add table ip keepalived; "), kernel.last());
        assertTrue(kernel.last().endsWith("add element ip keepalived vips { 192.0.2.101 }"), kernel.last());
    }

    @Test
    void withoutNftablesVrrpCarriesOn() {
        VipFirewall none = new VipFirewall(VipDropTable.defaults(), () -> {
            throw new IOException("Protocol not supported");
        });
        none.open();
        none.add("VI_1", ips("192.0.2.100"));
        none.remove("VI_1", ips("192.0.2.100"));
        none.close();
    }

    @Test
    void aKernelWithoutNfTablesIsReportedOnceAndNotAskedAgainUntilAReload() throws Exception {
        kernel.refuseNext = new NetlinkErrorException("nftables transaction", Errno.EOPNOTSUPP, null, 0);
        firewall.add("VI_1", ips("192.0.2.100"));
        assertTrue(kernel.closed);
        int checks = kernel.checks.size();
        firewall.remove("VI_1", ips("192.0.2.100"));
        firewall.add("VI_1", ips("192.0.2.100"));
        assertEquals(checks, kernel.checks.size(), "no netlink traffic per transition on such a kernel");
        firewall.open();
        firewall.add("VI_2", ips("192.0.2.101"));
        assertEquals("add element ip keepalived vips { 192.0.2.100, 192.0.2.101 }",
                kernel.last().substring(kernel.last().indexOf("add element")), "a reload's open retries, with all held");
    }

    @Test
    void aReloadThatRenamesTheTableMovesWhatIsHeld() throws Exception {
        firewall.add("VI_1", ips("192.0.2.100"));
        firewall.reconfigure(new VipDropTable("lb_fw", -5, true));
        List<String> moved = kernel.transactions.subList(kernel.transactions.size() - 2, kernel.transactions.size())
                .stream().map(t -> String.join("; ", t)).toList();
        assertEquals("delete table ip keepalived", moved.get(0));
        assertTrue(moved.get(1).startsWith("add table ip lb_fw; "), moved.get(1));
        assertTrue(moved.get(1).endsWith("add element ip lb_fw vips { 192.0.2.100 }"), moved.get(1));
    }

    @Test
    void linkLocalAddressesAreLeftOut() {
        firewall.add("VI_6", ips("fe80::100"));
        assertTrue(kernel.transactions.isEmpty());
    }

    @Test
    void noAcceptPutsAddressesInTheSetBeforeTheInterfaceAndTakesThemOutAfter() {
        List<String> order = new ArrayList<>();
        VirtualAddresses vips = new VirtualAddresses() {
            @Override
            public void add(List<InetAddress> addresses) {
                order.add("vips+ (set holds: " + firewall.holds(addresses.get(0)) + ")");
            }

            @Override
            public void remove(List<InetAddress> addresses) {
                order.add("vips- (set holds: " + firewall.holds(addresses.get(0)) + ")");
            }
        };
        FirewalledAddresses strict = new FirewalledAddresses("VI_1", true, vips, firewall);
        strict.add(ips("192.0.2.100"));
        strict.remove(ips("192.0.2.100"));
        assertEquals(List.of("vips+ (set holds: true)", "vips- (set holds: true)"), order);
        assertFalse(firewall.holds(ip("192.0.2.100")));

        FirewalledAddresses accepting = new FirewalledAddresses("VI_2", false, vips, firewall);
        accepting.add(ips("192.0.2.7"));
        assertFalse(firewall.holds(ip("192.0.2.7")), "accept mode: no drop rule");
        accepting.reconfigure("VI_2", true);
        assertTrue(firewall.holds(ip("192.0.2.7")), "a reload to no_accept while MASTER filters at once");
        accepting.reconfigure("VI_2", false);
        assertFalse(firewall.holds(ip("192.0.2.7")));
    }

    private static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static List<InetAddress> ips(String... text) {
        List<InetAddress> out = new ArrayList<>();
        for (String t : text) {
            out.add(ip(t));
        }
        return out;
    }
}
