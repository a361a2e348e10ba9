package io.jkeepalived.config.lvs;

import static io.jkeepalived.config.lvs.Lvs.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.config.model.ScriptCommand;
import io.jkeepalived.config.model.lvs.ForwardingMethod;
import io.jkeepalived.config.model.lvs.RealServer;
import io.jkeepalived.config.model.lvs.VirtualServer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Keywords of the real_server block, and what keepalived corrects on real servers. */
class LvsRealServerTest {

    static Lvs rs(String vsMethod, String rsLine, String... lines) {
        StringBuilder text = new StringBuilder("virtual_server 192.0.2.1 80 {\n    protocol TCP\n    lvs_sched rr\n"
                + "    lvs_method " + vsMethod + "\n    " + rsLine + " {\n");
        for (String line : lines) {
            text.append("        ").append(line).append('\n');
        }
        text.append("    }\n}\n");
        return Lvs.bind(text.toString());
    }

    @Test
    void everyKeyword() {
        RealServer rs = rs("DR", "real_server 192.0.2.2 80", "weight 7", "lvs_method TUN type gre", "uthreshold 1000",
                "lthreshold 10", "inhibit_on_failure yes", "notify_up \"/usr/bin/notify up 'two words'\" nobody nogroup",
                "notify_down /usr/bin/down", "alpha on", "smtp_alert off", "virtualhost rs.example.org").assertClean()
                .rs();
        assertEquals(ip("192.0.2.2"), rs.address());
        assertEquals(80, rs.port());
        assertEquals(7, rs.weight());
        assertEquals(ForwardingMethod.tunnel(ForwardingMethod.TunnelType.GRE, 0, ForwardingMethod.TunnelChecksum.NOCSUM),
                rs.forwardingMethod());
        assertEquals(1000, rs.upperThreshold());
        assertEquals(10, rs.lowerThreshold());
        assertTrue(rs.inhibitOnFailure());
        assertEquals(Optional.of(new ScriptCommand("/usr/bin/notify up 'two words'", Optional.of("nobody"),
                Optional.of("nogroup"))), rs.notifyUp());
        assertEquals(List.of("/usr/bin/notify", "up", "two words"), rs.notifyUp().orElseThrow().argv());
        assertEquals(Optional.of(ScriptCommand.of("/usr/bin/down")), rs.notifyDown());
        assertTrue(rs.alpha());
        assertFalse(rs.smtpAlert());
        assertEquals(Optional.of("rs.example.org"), rs.virtualhost());
        assertEquals(List.of(), rs.checkers());
    }

    @Test
    void defaults() {
        RealServer rs = rs("DR", "real_server 192.0.2.2 80").assertClean().rs();
        assertEquals(1, rs.weight());
        assertEquals(ForwardingMethod.DR, rs.forwardingMethod());
        assertEquals(0, rs.upperThreshold());
        assertEquals(0, rs.lowerThreshold());
        assertFalse(rs.inhibitOnFailure());
        assertFalse(rs.alpha());
        assertTrue(rs.smtpAlert(), "keepalived's real servers mail by default (validate_check_config)");
        assertEquals(Optional.empty(), rs.notifyUp());
    }

    /**
     * keepalived 2.2.7 with -t: "Real server weight -1 is outside range 0-2147483647", "Invalid real_server
     * uthreshold 'x' - ignoring", "Invalid inhibit_on_failure parameter maybe", "retry value invalid - 0",
     * "notify_up script already specified - ignoring".
     */
    @Test
    void errors() {
        RealServer rs = rs("DR", "real_server 192.0.2.2 80", "weight -1", "weight 2147483648", "uthreshold x",
                "lthreshold 4294967296", "inhibit_on_failure maybe", "retry 0", "notify_up /bin/a", "notify_up /bin/b",
                "notify_down \"\"", "lb_kind NAT", "connect_port 80", "snmp_name x", "lvs_method TUNNEL").assertProblems(
                "test.conf:6: error: weight: expected a number from 0 to 2147483647, got '-1'",
                "test.conf:7: error: weight: expected a number from 0 to 2147483647, got '2147483648'",
                "test.conf:8: error: uthreshold: expected a number from 0 to 4294967295, got 'x'",
                "test.conf:9: error: lthreshold: expected a number from 0 to 4294967295, got '4294967296'",
                "test.conf:10: error: inhibit_on_failure: expected on/off, true/false or yes/no, got 'maybe'",
                "test.conf:11: error: retry: expected a number from 1 to 4294967295, got '0'",
                "test.conf:13: error: notify_up: already set; this one is ignored",
                "test.conf:14: error: notify_down: expected a script, got an empty string",
                "test.conf:15: Unknown keyword 'lb_kind'",
                "test.conf:16: Unknown keyword 'connect_port'",
                "test.conf:17: snmp_name: not supported by jkeepalived; ignored",
                "test.conf:18: error: lvs_method: expected NAT, DR or TUN, got 'TUNNEL'").rs();
        assertEquals(1, rs.weight());
        assertEquals(Optional.of(ScriptCommand.of("/bin/a")), rs.notifyUp());
        assertEquals(ForwardingMethod.DR, rs.forwardingMethod());
    }

    /**
     * keepalived 2.2.7 with -t: "Invalid real server ip address/port 10.0.0.300/80 - skipping" and ".../70000 -
     * skipping"; the block is skipped.
     */
    @Test
    void badRealServerLinesSkipTheirBlock() {
        Lvs lvs = Lvs.bind("""
                virtual_server 192.0.2.1 80 {
                    protocol TCP
                    lvs_sched rr
                    lvs_method DR
                    real_server 192.0.2.300 80 {
                        weight 5
                    }
                    real_server 192.0.2.2 70000 {
                    }
                    real_server {
                    }
                    real_server 192.0.2.3 80 {
                    }
                }
                """).assertProblems(
                "test.conf:5: error: real_server: expected an IPv4 or IPv6 address, got '192.0.2.300'; the real server"
                        + " and its block are skipped",
                "test.conf:8: error: real_server: expected a port from 1 to 65535, got '70000'; the real server and its"
                        + " block are skipped",
                "test.conf:10: error: real_server: missing an address; the real server and its block are skipped");
        assertEquals(ip("192.0.2.3"), lvs.rs().address());
    }

    /**
     * keepalived reads the virtual server's lvs_method into a real server when its real_server line is read
     * (alloc_rs in 2.2.7 and 2.4.3); a method set later reaches only the real servers that had none then.
     */
    @Test
    void aRealServerTakesTheMethodSetBeforeIt() {
        VirtualServer vs = Lvs.bind("""
                virtual_server 192.0.2.1 80 {
                    protocol TCP
                    lvs_sched rr
                    real_server 192.0.2.2 80 {
                    }
                    lvs_method TUN
                    real_server 192.0.2.3 80 {
                    }
                    lvs_method DR
                    real_server 192.0.2.4 80 {
                    }
                }
                """).assertClean().vs();
        assertEquals(ForwardingMethod.DR, vs.forwardingMethod());
        assertEquals(List.of(ForwardingMethod.DR, ForwardingMethod.TUN, ForwardingMethod.DR),
                vs.realServers().stream().map(RealServer::forwardingMethod).toList());
    }

    /**
     * keepalived 2.2.7 (validate_check_config): unless NAT, a real server's port is the virtual port: none
     * means the virtual port, a different one is reset with "ports don't match - resetting"; NAT keeps its port
     * and gets the virtual port when it has none. For a fwmark service a DR port is cleared ("has port specified
     * - clearing", seen with -t).
     */
    @Test
    void portsAreCorrectedAsKeepalivedDoes() {
        VirtualServer vs = Lvs.bind("""
                virtual_server 192.0.2.1 80 {
                    protocol TCP
                    lvs_sched rr
                    lvs_method DR
                    real_server 192.0.2.2 {
                    }
                    real_server 192.0.2.3 8080 {
                    }
                    real_server 192.0.2.4 8080 {
                        lvs_method NAT
                    }
                    real_server 192.0.2.5 {
                        lvs_method NAT
                    }
                }
                virtual_server fwmark 1 {
                    lvs_sched rr
                    lvs_method DR
                    real_server 192.0.2.2 80 {
                    }
                    real_server 192.0.2.3 8080 {
                        lvs_method NAT
                    }
                }
                """).assertProblems(
                "test.conf:7: real_server 192.0.2.3 8080: port differs from the virtual port 80; without NAT the kernel"
                        + " uses the virtual port, so set to 80",
                "test.conf:19: real_server 192.0.2.2 80: a fwmark service without NAT takes no real server port;"
                        + " cleared").vs(0);
        assertEquals(List.of(80, 80, 8080, 80), vs.realServers().stream().map(RealServer::port).toList());
        VirtualServer fwmark = Lvs.bind("virtual_server fwmark 1 {\n lvs_sched rr\n lvs_method DR\n"
                + " real_server 192.0.2.2 80 {\n }\n real_server 192.0.2.3 8080 {\n lvs_method NAT\n }\n}\n").vs();
        assertEquals(List.of(0, 8080), fwmark.realServers().stream().map(RealServer::port).toList());
    }

    /**
     * keepalived 2.2.7 with -t: "VS [10.0.0.1]:udp:80: real server [10.0.0.2]:udp:80 is duplicated - removing
     * second rs"; "Address family of virtual server and real server fe80::1 don't match - skipping real server."
     */
    @Test
    void duplicatesAndForeignFamilies() {
        Lvs lvs = Lvs.bind("""
                virtual_server 192.0.2.1 80 {
                    protocol TCP
                    lvs_sched rr
                    lvs_method DR
                    real_server 192.0.2.2 80 {
                        weight 1
                    }
                    real_server 192.0.2.2 80 {
                        weight 2
                    }
                    real_server 2001:db8::2 80 {
                    }
                    real_server 2001:db8::3 80 {
                        lvs_method TUN
                    }
                    real_server 192.0.2.3 {
                    }
                    real_server 192.0.2.3 8080 {
                    }
                }
                """);
        lvs.assertProblems(
                "test.conf:11: error: real_server 2001:db8::2 80: its address family differs from the virtual server's"
                        + " (only tunnelled servers may differ); real server ignored",
                "test.conf:8: error: real_server 192.0.2.2 80: already in virtual_server 192.0.2.1 80 (at test.conf:5);"
                        + " this one is ignored",
                "test.conf:18: real_server 192.0.2.3 8080: port differs from the virtual port 80; without NAT the kernel"
                        + " uses the virtual port, so set to 80",
                "test.conf:18: error: real_server 192.0.2.3 8080: with its port corrected to 80 it is the same server as"
                        + " real_server 192.0.2.3 (at test.conf:16); this one is ignored");
        VirtualServer vs = lvs.vs();
        assertEquals(List.of("192.0.2.2", "2001:db8::3", "192.0.2.3"), vs.realServers().stream()
                .map(r -> io.jkeepalived.config.bind.Values.formatAddress(r.address())).toList());
        assertEquals(1, vs.realServers().get(0).weight(), "the first of two duplicates is kept");
    }
}
