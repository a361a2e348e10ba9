package io.jkeepalived.config.lvs;

import static io.jkeepalived.config.lvs.Lvs.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkeepalived.config.model.lvs.IpFamily;
import io.jkeepalived.config.model.lvs.Protocol;
import io.jkeepalived.config.model.lvs.VirtualServer;
import io.jkeepalived.config.model.lvs.VirtualServerGroup;
import io.jkeepalived.config.model.lvs.VirtualServerGroup.AddressRange;
import io.jkeepalived.config.model.lvs.VirtualServerGroup.FwmarkEntry;
import io.jkeepalived.config.model.lvs.VirtualServerId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** virtual_server_group entries, and how a virtual server is linked to its group. */
class LvsGroupTest {

    static Lvs group(String body, String... vsLines) {
        StringBuilder text = new StringBuilder("virtual_server_group g {\n" + body + "}\nvirtual_server group g {\n");
        for (String line : vsLines) {
            text.append("    ").append(line).append('\n');
        }
        text.append("    real_server 192.0.2.100 80 {\n    }\n}\n");
        return Lvs.bind(text.toString());
    }

    @Test
    void everyEntryForm() {
        Lvs lvs = Lvs.bind("""
                virtual_server_group g {
                    192.0.2.1 80
                    192.0.2.10-20 80
                    192.0.2.250-192.0.3.5 443
                    198.51.100.8/29 8080
                    192.0.2.30
                    192.0.2.31 000
                    fwmark 5
                    fwmark 6 inet
                }
                virtual_server_group six {
                    2001:db8::10-1f 80
                    2001:db8::1:0-2001:db8::2:0 80
                    2001:db8::/126 81
                    fwmark 9 inet6
                }
                """).assertClean();
        VirtualServerGroup g = lvs.config.group("g").orElseThrow();
        assertEquals(List.of(new AddressRange(ip("192.0.2.1"), ip("192.0.2.1"), 80),
                new AddressRange(ip("192.0.2.10"), ip("192.0.2.20"), 80),
                new AddressRange(ip("192.0.2.250"), ip("192.0.3.5"), 443),
                new AddressRange(ip("198.51.100.8"), ip("198.51.100.15"), 8080),
                new AddressRange(ip("192.0.2.30"), ip("192.0.2.30"), 0),
                new AddressRange(ip("192.0.2.31"), ip("192.0.2.31"), 0)), g.ranges());
        assertEquals(List.of(new FwmarkEntry(5, Optional.empty()), new FwmarkEntry(6, Optional.of(IpFamily.INET))),
                g.fwmarks());
        VirtualServerGroup six = lvs.config.group("six").orElseThrow();
        assertEquals(List.of(new AddressRange(ip("2001:db8::10"), ip("2001:db8::1f"), 80),
                new AddressRange(ip("2001:db8::1:0"), ip("2001:db8::2:0"), 80),
                new AddressRange(ip("2001:db8::"), ip("2001:db8::3"), 81)), six.ranges());
        assertEquals(List.of(), lvs.config.virtualServers(), "groups alone make no service");
    }

    /**
     * keepalived 2.2.7 (alloc_vsg_entry): "Invalid netmask", "Address mask bits not empty", "Address range end is
     * not greater than address range start", "Address range end is less than address range start", "Range
     * address families do not match", "Virtual server group range ... end ... too large", "fwmark ... family
     * ... unknown", and a group left empty is "virtual server group g has no entries - removing".
     */
    @Test
    void entryErrors() {
        Lvs lvs = Lvs.bind("""
                virtual_server_group g {
                    192.0.2.1/33 80
                    192.0.2.1/24 80
                    192.0.2.20-10 80
                    192.0.2.20-192.0.2.10 80
                    192.0.2.1-2001:db8::1 80
                    192.0.2.1-300 80
                    192.0.2.1 http
                    www.example.org 80
                    fwmark 0
                    fwmark 5 ipx
                    fwmark 5 inet {
                    }
                }
                """);
        lvs.assertProblems(
                "test.conf:2: error: virtual_server_group g: '192.0.2.1/33' is not a network prefix (bad length, or host"
                        + " bits set); entry ignored",
                "test.conf:3: error: virtual_server_group g: '192.0.2.1/24' is not a network prefix (bad length, or host"
                        + " bits set); entry ignored",
                "test.conf:4: error: virtual_server_group g: range '192.0.2.20-10' does not end after it starts; entry"
                        + " ignored",
                "test.conf:5: error: virtual_server_group g: range '192.0.2.20-192.0.2.10' does not end after it starts;"
                        + " entry ignored",
                "test.conf:6: error: virtual_server_group g: bad range end '2001:db8::1' in '192.0.2.1-2001:db8::1'"
                        + " (expected a full address, or the last byte in decimal, 0-255); entry ignored",
                "test.conf:7: error: virtual_server_group g: bad range end '300' in '192.0.2.1-300' (expected a full"
                        + " address, or the last byte in decimal, 0-255); entry ignored",
                "test.conf:8: error: virtual_server_group g: expected a port from 1 to 65535 after 192.0.2.1, got 'http';"
                        + " entry ignored",
                "test.conf:9: error: virtual_server_group g: expected an IP address, range or prefix, got"
                        + " 'www.example.org'; entry ignored",
                "test.conf:10: error: fwmark: expected a number from 1 to 4294967295, got '0'",
                "test.conf:11: error: fwmark: expected inet or inet6 after the mark, got 'ipx'",
                "test.conf:12: fwmark takes no block; its block is skipped");
        assertEquals(List.of(new FwmarkEntry(5, Optional.of(IpFamily.INET))), lvs.config.group("g").orElseThrow()
                .fwmarks());
        assertEquals(List.of(), lvs.config.group("g").orElseThrow().ranges());
    }

    @Test
    void groupLevelErrors() {
        Lvs.bind("""
                virtual_server_group mixed {
                    192.0.2.1 80
                    2001:db8::1 80
                    fwmark 3
                }
                virtual_server_group dup {
                    192.0.2.1 80
                }
                virtual_server_group dup {
                    192.0.2.2 80
                }
                virtual_server_group {
                }
                virtual_server_group empty {
                    bad-entry
                }
                """).assertProblems(
                "test.conf:5: error: virtual_server_group mixed (at test.conf:1): holds IPv4 and IPv6 entries, so every"
                        + " fwmark needs 'inet' or 'inet6'; the group is ignored",
                "test.conf:12: error: virtual_server_group: missing a group name",
                "test.conf:15: error: virtual_server_group empty: expected an IP address, range or prefix, got"
                        + " 'bad-entry'; entry ignored",
                "test.conf:14: error: virtual_server_group empty: no entries; the group is ignored",
                "test.conf:9: error: virtual_server_group dup is already defined at test.conf:6; this one is ignored");
    }

    @Test
    void aGroupServiceTakesItsFamilyAndNeedsAProtocolForAddresses() {
        VirtualServer vs = group("    192.0.2.1 80\n", "lvs_sched rr", "lvs_method DR").assertProblems(
                "test.conf:4: virtual_server group g: no protocol set; using UDP, as keepalived does (the kernel's"
                        + " default)").vs();
        assertEquals(new VirtualServerId.Group("g"), vs.id());
        assertEquals(Optional.of(IpFamily.INET), vs.family());
        assertEquals(Optional.of(Protocol.UDP), vs.protocol());
        VirtualServer marks = group("    fwmark 1\n", "lvs_sched rr", "lvs_method DR").assertProblems(
                "test.conf:7: real_server 192.0.2.100 80: fwmark entries of group g ignore a real server port unless"
                        + " NAT").vs();
        assertEquals(Optional.empty(), marks.protocol());
    }

    /** keepalived 2.2.7: a group entry without port needs persistence ("zero port only valid for persistent"). */
    @Test
    void aGroupEntryWithoutPortMakesTheServicePersistent() {
        VirtualServer vs = group("    192.0.2.1\n", "protocol TCP", "lvs_sched rr", "lvs_method NAT").assertProblems(
                "test.conf:4: virtual_server group g: group g has an entry without a port, so the service must be"
                        + " persistent; persistence_timeout set to 360").vs();
        assertEquals(Optional.of(Duration.ofSeconds(360)), vs.persistenceTimeout());
    }

    /**
     * keepalived 2.2.7 (link_vsg_to_vs): "Virtual server group NOPE specified but not configured - ignoring
     * virtual server" (logged, not shown by -t); "address family doesn't match virtual server - ignoring".
     */
    @Test
    void linkingErrors() {
        Lvs lvs = Lvs.bind("""
                virtual_server_group v6 {
                    2001:db8::1 80
                }
                virtual_server group nope {
                    protocol TCP
                    real_server 192.0.2.2 80 {
                    }
                }
                virtual_server group v6 {
                    protocol TCP
                    lvs_sched rr
                    lvs_method DR
                    real_server 192.0.2.2 80 {
                    }
                }
                """).assertProblems(
                "test.conf:4: error: virtual_server group nope: no usable virtual_server_group nope (none is defined,"
                        + " or it was ignored: see above); virtual server ignored",
                "test.conf:9: error: virtual_server group v6: the address family of group v6 differs from its servers';"
                        + " virtual server ignored");
        assertEquals(List.of(), lvs.config.virtualServers());
    }

    /** A group may be defined after the virtual server that names it: links are made once everything is read. */
    @Test
    void groupsMayComeLater() {
        Lvs lvs = Lvs.bind("""
                virtual_server group late {
                    protocol TCP
                    lvs_sched rr
                    lvs_method DR
                    real_server 192.0.2.2 80 {
                    }
                }
                virtual_server_group late {
                    192.0.2.1 80
                }
                """).assertClean();
        assertEquals(new VirtualServerId.Group("late"), lvs.vs().id());
    }

    /**
     * keepalived 2.2.7: with a group, real server ports that differ from an entry's port are only warned about
     * ("ports don't match", "port will be ignored"); without NAT the kernel uses the virtual port anyway.
     */
    @Test
    void groupPortsAreWarnedAboutNotChanged() {
        VirtualServer vs = Lvs.bind("""
                virtual_server_group g {
                    192.0.2.1 80
                    192.0.2.2 80
                    fwmark 4
                }
                virtual_server group g {
                    protocol TCP
                    lvs_sched rr
                    lvs_method DR
                    real_server 192.0.2.100 8080 {
                    }
                }
                """).assertProblems(
                "test.conf:10: real_server 192.0.2.100 8080: fwmark entries of group g ignore a real server port unless"
                        + " NAT",
                "test.conf:10: real_server 192.0.2.100 8080: port differs from port 80 of group g; without NAT the"
                        + " kernel uses the virtual port").vs();
        assertEquals(8080, vs.realServers().get(0).port());
    }
}
