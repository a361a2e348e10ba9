package io.jkeepalived.vrrp.vip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jkeepalived.config.model.VirtualAddress;
import io.jkeepalived.config.model.VrrpInstance;
import io.jkeepalived.libc.Errno;
import io.jkeepalived.netlink.NetlinkErrorException;
import io.jkeepalived.rtnl.AddressLifetime;
import io.jkeepalived.rtnl.InterfaceAddress;
import io.jkeepalived.rtnl.Rtnl;
import io.jkeepalived.vrrp.runtime.Conf;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VipManagerTest {
    private static VrrpInstance instance(String vips) {
        return Conf.parse("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n virtual_ipaddress {\n" + vips
                + " }\n}\n").vrrp().instances().get(0);
    }

    @Test
    void theSeedsAliasFormKeepsPrefixBroadcastLabelAndDevice() {
        VirtualAddress a = instance("192.168.11.100/24 dev eth1 label eth1:1 broadcast 192.168.11.255\n")
                .virtualAddresses().get(0);
        InterfaceAddress ia = VipManager.toInterfaceAddress(a, 7);
        assertEquals("192.168.11.100/24 brd 192.168.11.255 scope global label eth1:1 on ifindex 7", ia.toString());
        assertEquals("192.168.11.100/24 brd 192.168.11.255 dev eth1 label eth1:1", VipManager.describe(a, "eth1"));
    }

    @Test
    void aBareAddressIsAHostRouteWithoutBroadcastOrLabel() {
        InterfaceAddress ia = VipManager.toInterfaceAddress(instance("10.0.5.96\n").virtualAddresses().get(0), 2);
        assertEquals(32, ia.prefixLength());
        assertNull(ia.broadcast());
        assertNull(ia.label());
        assertEquals(0, ia.flags());
        assertNull(ia.lifetime());
    }

    @Test
    void ipv6VipsSkipDadAndGetTheirPreferredLifetimeAsKeepalivedAddsThem() {
        VrrpInstance m = instance("2001:db8::100/64\n2001:db8::101 -nodad\n");
        InterfaceAddress first = VipManager.toInterfaceAddress(m.virtualAddresses().get(0), 3);
        assertEquals(Rtnl.IFA_F_NODAD, first.flags());
        assertNull(first.lifetime(), "preferred forever unless set; keepalived's 0 applies to /128 only");
        InterfaceAddress second = VipManager.toInterfaceAddress(m.virtualAddresses().get(1), 3);
        assertEquals(0, second.flags() & Rtnl.IFA_F_NODAD, "-nodad asks for DAD");
        assertEquals(AddressLifetime.preferredFor(0), second.lifetime());
        VirtualAddress linkScope = instance("192.0.2.102/24 scope link\n").virtualAddresses().get(0);
        assertEquals(Rtnl.RT_SCOPE_LINK, VipManager.toInterfaceAddress(linkScope, 3).scope());
    }

    @Test
    void alreadyPresentAndAlreadyGoneAreFineOtherRefusalsDoNotStopTheRest() throws Exception {
        VrrpInstance m = instance("192.0.2.100/24\n192.0.2.101 dev eth9\n192.0.2.102\n");
        Set<InetAddress> kernel = new HashSet<>();
        List<String> calls = new ArrayList<>();
        AddressTable table = new AddressTable() {
            @Override
            public void add(InterfaceAddress a) throws IOException {
                calls.add("add " + a.cidr() + " if" + a.ifIndex());
                if (a.address().getHostAddress().equals("192.0.2.102")) {
                    throw new NetlinkErrorException("add", Errno.EPERM, null, -1);
                }
                if (!kernel.add(a.address())) {
                    throw new NetlinkErrorException("add", Errno.EEXIST, null, -1);
                }
            }

            @Override
            public void delete(InterfaceAddress a) throws IOException {
                calls.add("del " + a.cidr() + " if" + a.ifIndex());
                if (!kernel.remove(a.address())) {
                    throw new NetlinkErrorException("del", Errno.EADDRNOTAVAIL, null, -1);
                }
            }
        };
        Map<String, Integer> ifs = Map.of("eth0", 2);
        VipManager vips = new VipManager("VI_1", "eth0", m.virtualAddresses(), n -> ifs.getOrDefault(n, 0), table);
        List<InetAddress> all = m.virtualAddresses().stream().map(VirtualAddress::address).toList();
        kernel.add(all.get(0));                       // left over from a crash
        vips.add(all);
        assertEquals(List.of("add 192.0.2.100/24 if2", "add 192.0.2.102/32 if2"), calls,
                "eth9 does not exist: 192.0.2.101 is skipped, the others still go");
        kernel.clear();                               // someone removed them behind our back
        calls.clear();
        vips.remove(all);
        assertEquals(List.of("del 192.0.2.100/24 if2", "del 192.0.2.102/32 if2"), calls);
        assertEquals("eth9", vips.deviceOf(all.get(1)));
        assertEquals("eth0", vips.deviceOf(all.get(2)));
    }

    @Test
    void allAddsGoToTheKernelAsOneBatchAndAreReportedOnlyWhenSettled() {
        VrrpInstance m = instance("192.0.2.100/24\n192.0.2.101 dev eth9\n192.0.2.102\n192.0.2.103\n");
        List<List<String>> batches = new ArrayList<>();
        AddressTable table = new AddressTable() {
            @Override
            public void add(InterfaceAddress a) {
                throw new AssertionError("one at a time: " + a);
            }

            @Override
            public void delete(InterfaceAddress a) {
                throw new AssertionError("delete " + a);
            }

            @Override
            public List<IOException> addAll(List<InterfaceAddress> addresses) {
                batches.add(addresses.stream().map(a -> a.cidr() + " if" + a.ifIndex()).toList());
                List<IOException> answers = new ArrayList<>();
                answers.add(null);
                answers.add(new NetlinkErrorException("add", Errno.EEXIST, null, -1));
                answers.add(new NetlinkErrorException("add", Errno.EPERM, null, -1));
                return answers;
            }
        };
        Map<String, Integer> ifs = Map.of("eth0", 2);
        VipManager vips = new VipManager("VI_1", "eth0", m.virtualAddresses(), n -> ifs.getOrDefault(n, 0), table);
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                VipManager.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                new ch.qos.logback.core.read.ListAppender<>();
        lines.setContext(log.getLoggerContext());
        lines.start();
        log.addAppender(lines);
        try {
            vips.add(m.virtualAddresses().stream().map(VirtualAddress::address).toList());
            assertEquals(List.of(List.of("192.0.2.100/24 if2", "192.0.2.102/32 if2", "192.0.2.103/32 if2")), batches,
                    "one request for every address whose interface exists");
            assertEquals(List.of(), lines.list, "nothing is logged before settle()");
            vips.settle();
            assertEquals(List.of(
                    "INFO (VI_1) added 192.0.2.100/24 dev eth0",
                    "ERROR (VI_1) cannot add 192.0.2.101/32 dev eth9: interface eth9 does not exist",
                    "INFO (VI_1) 192.0.2.102/32 dev eth0 was already present",
                    "ERROR (VI_1) cannot add 192.0.2.103/32 dev eth0: add: EPERM (Operation not permitted)"),
                    lines.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList());
            lines.list.clear();
            vips.settle();
            assertEquals(List.of(), lines.list, "each outcome is reported once");
        } finally {
            log.detachAppender(lines);
        }
    }

    @Test
    void aReloadRedefinesOnlyWhatKeepalivedComparesAndRemovesTheFormThatWasAdded() throws Exception {
        VrrpInstance before = instance("192.0.2.100/24\n192.0.2.101/24\n192.0.2.102/24 label eth0:2\n192.0.2.103/24\n");
        VrrpInstance after = instance("192.0.2.100/24\n192.0.2.101/25\n192.0.2.102/24\n"
                + "192.0.2.103/24 brd 192.0.2.255\n192.0.2.104/24\n");
        List<String> calls = new ArrayList<>();
        AddressTable table = new AddressTable() {
            @Override
            public void add(InterfaceAddress a) {
                calls.add("add " + a.cidr() + (a.label() == null ? "" : " label " + a.label()));
            }

            @Override
            public void delete(InterfaceAddress a) {
                calls.add("del " + a.cidr() + (a.label() == null ? "" : " label " + a.label()));
            }
        };
        VipManager vips = new VipManager("VI_1", "eth0", before.virtualAddresses(), n -> 2, table);
        vips.add(before.virtualAddresses().stream().map(VirtualAddress::address).toList());
        calls.clear();
        // prefix and label count; a broadcast does not (keepalived 2.2.7 leaves such an address alone)
        assertEquals(Set.of(InetAddress.getByName("192.0.2.101"), InetAddress.getByName("192.0.2.102")),
                vips.reconfigure("VI_1", after.virtualAddresses()));
        vips.remove(List.of(InetAddress.getByName("192.0.2.101"), InetAddress.getByName("192.0.2.102")));
        vips.add(List.of(InetAddress.getByName("192.0.2.101"), InetAddress.getByName("192.0.2.102")));
        assertEquals(List.of("del 192.0.2.101/24", "del 192.0.2.102/24 label eth0:2", "add 192.0.2.101/25",
                "add 192.0.2.102/24"), calls, "removed as added, added as now configured");
        calls.clear();
        vips.reconfigure("VI_1", List.of());
        vips.remove(List.of(InetAddress.getByName("192.0.2.100"), InetAddress.getByName("192.0.2.105")));
        assertEquals(List.of("del 192.0.2.100/24"), calls, "an address dropped from the configuration still goes");
    }
}
