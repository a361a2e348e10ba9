package io.jkeepalived.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jkeepalived.libc.Errno;
import io.jkeepalived.libc.Libc;
import io.jkeepalived.libc.LinuxException;
import io.jkeepalived.netlink.NetlinkErrorException;
import io.jkeepalived.testing.RootRequired;
import io.jkeepalived.testing.TestNetns;

/**
 * rtnetlink against the host kernel, inside a namespace the test creates (jkv-nl-rtnl-*) with a veth
 * pair; ip(8) in the same namespace is the independent witness.
 */
class RtnlRealTest {

    private TestNetns ns;
    private Rtnetlink rtnl;
    private int veth0;
    private int veth1;

    @BeforeAll
    static void root() {
        RootRequired.check();
    }

    @BeforeEach
    void setUp() throws Exception {
        ns = TestNetns.create("rtnl");
        rtnl = Rtnetlink.open(ns.namespace());
        veth0 = ns.ifIndex(TestNetns.VETH0);
        veth1 = ns.ifIndex(TestNetns.VETH1);
    }

    @AfterEach
    void tearDown() {
        if (rtnl != null) {
            rtnl.close();
        }
        if (ns != null) {
            ns.close();
        }
    }

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    private String ipAddrShow() throws Exception {
        return ns.ip("-o", "addr", "show", "dev", TestNetns.VETH0);
    }

    @Test
    void addressesAddedByUsAreSeenByIpAndDeletedAgain() throws Exception {
        InterfaceAddress labelled = InterfaceAddress.of(veth0, ip("192.0.2.1"), 24).withBroadcast(ip("192.0.2.255"))
                .withLabel("jkv-nl-veth0:1");
        InterfaceAddress vip = InterfaceAddress.host(veth0, ip("192.0.2.10"));
        InterfaceAddress v6 = InterfaceAddress.of(veth0, ip("2001:db8::1"), 64).withFlags(Rtnl.IFA_F_NODAD);
        rtnl.addAddress(labelled);
        rtnl.addAddress(vip);
        rtnl.addAddress(v6);

        String shown = ipAddrShow();
        assertTrue(shown.contains("inet 192.0.2.1/24 brd 192.0.2.255 scope global jkv-nl-veth0:1"), shown);
        assertTrue(shown.contains("inet 192.0.2.10/32 scope global jkv-nl-veth0"), shown);
        assertTrue(shown.contains("inet6 2001:db8::1/64 scope global nodad"), shown);
        String v6line = shown.lines().filter(l -> l.contains("2001:db8::1/64")).findFirst().orElseThrow();
        assertFalse(v6line.contains("tentative"), "nodad: usable at once\n" + v6line);

        rtnl.deleteAddress(labelled);
        rtnl.deleteAddress(vip);
        rtnl.deleteAddress(v6);
        shown = ipAddrShow();
        assertFalse(shown.contains("192.0.2."), shown);
        assertFalse(shown.contains("2001:db8::1"), shown);
    }

    @Test
    void addressesAddedByIpAreListedByUs() throws Exception {
        ns.ip("addr", "add", "192.0.2.99/24", "brd", "+", "dev", TestNetns.VETH1, "label", "jkv-nl-veth1:7");
        ns.ip("addr", "add", "2001:db8::99/64", "dev", TestNetns.VETH1, "nodad", "noprefixroute");
        ns.ip("addr", "add", "2001:db8::98/64", "dev", TestNetns.VETH1, "nodad", "preferred_lft", "0");

        InetAddress a99 = ip("192.0.2.99");
        InetAddress b99 = ip("2001:db8::99");
        InetAddress b98 = ip("2001:db8::98");
        List<InterfaceAddress> all = rtnl.addresses(Libc.AF_UNSPEC);
        InterfaceAddress v4 = find(all, a -> a.address().equals(a99));
        assertEquals(veth1, v4.ifIndex());
        assertEquals(24, v4.prefixLength());
        assertEquals(ip("192.0.2.255"), v4.broadcast());
        assertEquals("jkv-nl-veth1:7", v4.label());
        assertEquals(Rtnl.RT_SCOPE_UNIVERSE, v4.scope());
        assertTrue((v4.flags() & Rtnl.IFA_F_PERMANENT) != 0);
        assertNull(v4.lifetime());

        InterfaceAddress v6 = find(rtnl.addresses(Libc.AF_INET6, veth1), a -> a.address().equals(b99));
        assertEquals(64, v6.prefixLength());
        assertEquals(Rtnl.IFA_F_NODAD | Rtnl.IFA_F_NOPREFIXROUTE,
                v6.flags() & (Rtnl.IFA_F_NODAD | Rtnl.IFA_F_NOPREFIXROUTE), "IFA_FLAGS read past the 8-bit field");

        InterfaceAddress deprecated = find(all, a -> a.address().equals(b98));
        assertEquals(AddressLifetime.preferredFor(0), deprecated.lifetime());

        assertTrue(rtnl.addresses(Libc.AF_INET).stream().noneMatch(a -> a.family() != Libc.AF_INET));
    }

    private static InterfaceAddress find(List<InterfaceAddress> list, Predicate<InterfaceAddress> p) {
        return list.stream().filter(p).findFirst().orElseThrow(() -> new AssertionError("not listed: " + list));
    }

    @Test
    void kernelRefusalsAreTypedAndNameTheAddress() throws Exception {
        InterfaceAddress vip = InterfaceAddress.host(veth0, ip("192.0.2.20"));
        rtnl.addAddress(vip);
        NetlinkErrorException exists = assertThrows(NetlinkErrorException.class, () -> rtnl.addAddress(vip));
        assertEquals(Errno.EEXIST, exists.errno());
        assertTrue(exists.getMessage().contains("add address 192.0.2.20/32"), exists.getMessage());
        assertTrue(exists.getMessage().contains("EEXIST"), exists.getMessage());

        rtnl.replaceAddress(vip.withLifetime(AddressLifetime.preferredFor(0)));

        InterfaceAddress absent = InterfaceAddress.host(veth0, ip("192.0.2.21"));
        NetlinkErrorException notThere = assertThrows(NetlinkErrorException.class, () -> rtnl.deleteAddress(absent));
        assertEquals(Errno.EADDRNOTAVAIL, notThere.errno());
        assertTrue(notThere.getMessage().startsWith("delete address 192.0.2.21/32 from ifindex " + veth0),
                notThere.getMessage());

        NetlinkErrorException noV6 = assertThrows(NetlinkErrorException.class,
                () -> rtnl.deleteAddress(InterfaceAddress.of(veth0, ip("2001:db8::77"), 64)));
        assertEquals(Errno.EADDRNOTAVAIL, noV6.errno());

        NetlinkErrorException noDevice = assertThrows(NetlinkErrorException.class,
                () -> rtnl.addAddress(InterfaceAddress.host(9999, ip("192.0.2.22"))));
        assertEquals(Errno.ENODEV, noDevice.errno());
        assertTrue(noDevice.getMessage().contains("ifindex 9999"), noDevice.getMessage());

        // A second address in the same subnet must share the primary's scope; the kernel explains why not.
        rtnl.addAddress(InterfaceAddress.of(veth0, ip("198.51.100.1"), 24));
        NetlinkErrorException scope = assertThrows(NetlinkErrorException.class, () -> rtnl.addAddress(
                InterfaceAddress.of(veth0, ip("198.51.100.2"), 24).withScope(Rtnl.RT_SCOPE_LINK)));
        assertEquals(Errno.EINVAL, scope.errno());
        assertTrue(scope.getMessage().contains("198.51.100.2/24"), scope.getMessage());
        assertTrue(scope.extAckMessage() == null || scope.extAckMessage().contains("scope"), scope.getMessage());
        System.out.println("kernel's answer: " + scope.getMessage());

        NetlinkErrorException noLink = assertThrows(NetlinkErrorException.class, () -> rtnl.link("jkv-nl-absent"));
        assertEquals(Errno.ENODEV, noLink.errno());
        assertEquals(Optional.empty(), rtnl.findLink("jkv-nl-absent"));
    }

    @Test
    void linksByNameIndexWithStateAndMac() throws Exception {
        Link l = rtnl.link(TestNetns.VETH0);
        assertEquals(veth0, l.index());
        assertEquals(TestNetns.VETH0, rtnl.linkName(veth0));
        assertEquals(veth1, rtnl.linkIndex(TestNetns.VETH1));
        assertEquals("veth", l.kind());
        assertTrue(l.isAdminUp());
        String shown = ns.ip("-o", "link", "show", "dev", TestNetns.VETH0);
        assertTrue(shown.contains("link/ether " + l.address() + " "), shown + " vs " + l.address());
        assertTrue(shown.contains("mtu " + l.mtu() + " "), shown);

        List<Link> links = rtnl.links();
        assertEquals(3, links.size(), links.toString());
        Link lo = links.stream().filter(x -> x.name().equals("lo")).findFirst().orElseThrow();
        assertEquals(1, lo.index());
        assertTrue((lo.flags() & Rtnl.IFF_LOOPBACK) != 0);

        // veth carrier follows the peer: wait for the kernel's link watch to settle on UP
        assertTrue(waitFor(() -> rtnl.link(TestNetns.VETH0).operState() == OperState.UP), "veth0 operationally up");
        assertTrue(rtnl.link(TestNetns.VETH0).isUsable());
    }

    @Test
    void namespaceSocketsStayInTheNamespaceButTheCallerDoesNot() throws Exception {
        assertEquals(veth0, ns.indexViaLibc(TestNetns.VETH0));
        LinuxException outside = assertThrows(LinuxException.class, () -> Libc.get().ifNameToIndex(TestNetns.VETH0));
        assertEquals(Errno.ENODEV, outside.errno());
        // the socket made inside the namespace keeps answering for it from this thread
        assertEquals(veth0, rtnl.linkIndex(TestNetns.VETH0));
    }

    @Test
    void linkAndAddressChangesArriveAsEvents() throws Exception {
        try (RtnlMonitor monitor = RtnlMonitor.open(ns.namespace())) {
            ns.ip("link", "set", TestNetns.VETH1, "down");
            RtnlEvent.LinkEvent down = awaitLink(monitor, e -> e.link().index() == veth1 && !e.link().isAdminUp());
            assertEquals(RtnlEvent.Change.NEW, down.change());
            assertEquals(TestNetns.VETH1, down.link().name());
            RtnlEvent.LinkEvent peerLost = awaitLink(monitor,
                    e -> e.link().index() == veth0 && e.link().operState() == OperState.LOWERLAYERDOWN);
            assertFalse(peerLost.link().isUsable());

            ns.ip("link", "set", TestNetns.VETH1, "up");
            awaitLink(monitor, e -> e.link().index() == veth0 && e.link().operState() == OperState.UP);

            // someone else adds and then removes "our" VIP
            ns.ip("addr", "add", "192.0.2.30/32", "dev", TestNetns.VETH0);
            RtnlEvent.AddressEvent added = awaitAddress(monitor, e -> e.change() == RtnlEvent.Change.NEW);
            assertEquals(ip("192.0.2.30"), added.address().address());
            assertEquals(veth0, added.address().ifIndex());
            ns.ip("addr", "del", "192.0.2.30/32", "dev", TestNetns.VETH0);
            RtnlEvent.AddressEvent removed = awaitAddress(monitor, e -> e.change() == RtnlEvent.Change.DELETED);
            assertTrue(removed.address().sameAs(InterfaceAddress.host(veth0, ip("192.0.2.30"))));

            ns.ip("addr", "add", "2001:db8::30/128", "dev", TestNetns.VETH0, "nodad");
            InetAddress v6vip = ip("2001:db8::30");
            RtnlEvent.AddressEvent v6 = awaitAddress(monitor, e -> e.address().family() == Libc.AF_INET6
                    && e.address().address().equals(v6vip));
            assertEquals(RtnlEvent.Change.NEW, v6.change());
        }
    }

    @Test
    void monitorThreadDeliversAndStopsOnClose() throws Exception {
        java.util.concurrent.BlockingQueue<RtnlEvent> events = new java.util.concurrent.LinkedBlockingQueue<>();
        RtnlMonitor monitor = RtnlMonitor.open(ns.namespace(), RtnlMonitor.Group.IPV4_ADDRESS);
        Thread t = monitor.start("jkv-nl-monitor", events::add);
        ns.ip("addr", "add", "192.0.2.40/32", "dev", TestNetns.VETH0);
        RtnlEvent e = events.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(e instanceof RtnlEvent.AddressEvent a && a.address().address().equals(ip("192.0.2.40")), "" + e);
        monitor.close();
        t.join(5000);
        assertFalse(t.isAlive(), "closing wakes and ends the monitor thread");
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static boolean waitFor(Check c) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            if (c.ok()) {
                return true;
            }
            Thread.sleep(20);
        }
        return c.ok();
    }

    private static RtnlEvent.LinkEvent awaitLink(RtnlMonitor m, Predicate<RtnlEvent.LinkEvent> p) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            RtnlEvent e = m.next(Duration.ofMillis(500));
            if (e instanceof RtnlEvent.LinkEvent l && p.test(l)) {
                return l;
            }
            assertNotEquals(RtnlEvent.EventsLost.class, e == null ? null : e.getClass());
        }
        throw new AssertionError("link event did not arrive");
    }

    private static RtnlEvent.AddressEvent awaitAddress(RtnlMonitor m, Predicate<RtnlEvent.AddressEvent> p)
            throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            RtnlEvent e = m.next(Duration.ofMillis(500));
            if (e instanceof RtnlEvent.AddressEvent a && p.test(a)) {
                return a;
            }
        }
        throw new AssertionError("address event did not arrive");
    }
}
