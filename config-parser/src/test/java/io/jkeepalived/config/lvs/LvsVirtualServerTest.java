package io.jkeepalived.config.lvs;

import static io.jkeepalived.config.lvs.Lvs.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.config.model.ScriptCommand;
import io.jkeepalived.config.model.lvs.ForwardingMethod;
import io.jkeepalived.config.model.lvs.ForwardingMethod.TunnelChecksum;
import io.jkeepalived.config.model.lvs.ForwardingMethod.TunnelType;
import io.jkeepalived.config.model.lvs.IpFamily;
import io.jkeepalived.config.model.lvs.PersistenceGranularity;
import io.jkeepalived.config.model.lvs.Protocol;
import io.jkeepalived.config.model.lvs.Scheduler;
import io.jkeepalived.config.model.lvs.SchedulerFlag;
import io.jkeepalived.config.model.lvs.SorryServer;
import io.jkeepalived.config.model.lvs.VirtualServer;
import io.jkeepalived.config.model.lvs.VirtualServerId;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Keywords of the virtual_server block, one family at a time, with keepalived 2.2.7's defaults. */
class LvsVirtualServerTest {

    /** A virtual server with one real server (port 80, same family), so that it survives validation. */
    static Lvs vs(String head, String... lines) {
        StringBuilder text = new StringBuilder("virtual_server " + head + " {\n");
        for (String line : lines) {
            text.append("    ").append(line).append('\n');
        }
        String real = head.contains(":") ? "2001:db8::2" : "192.0.2.2";
        text.append("    real_server ").append(real).append(" 80 {\n    }\n}\n");
        return Lvs.bind(text.toString());
    }

    @Test
    void defaultsOfAMinimalTcpService() {
        VirtualServer vs = vs("192.0.2.1 80", "protocol TCP", "lvs_sched wlc", "lvs_method NAT").assertClean().vs();
        assertEquals(new VirtualServerId.Ip(ip("192.0.2.1"), 80), vs.id());
        assertEquals(Optional.of(IpFamily.INET), vs.family());
        assertEquals(Optional.of(Protocol.TCP), vs.protocol());
        assertEquals(Scheduler.WLC, vs.scheduler());
        assertEquals(Set.of(), vs.schedulerFlags());
        assertFalse(vs.onePacketScheduling());
        assertEquals(ForwardingMethod.NAT, vs.forwardingMethod());
        assertEquals(Optional.empty(), vs.persistenceTimeout());
        assertEquals(Optional.empty(), vs.persistenceGranularity());
        assertEquals(Optional.empty(), vs.persistenceEngine());
        assertFalse(vs.haSuspend());
        assertEquals(Optional.empty(), vs.virtualhost());
        assertFalse(vs.alpha());
        assertFalse(vs.omega());
        assertEquals(1, vs.quorum());
        assertEquals(0, vs.hysteresis());
        assertEquals(Optional.empty(), vs.quorumUp());
        assertFalse(vs.inhibitOnFailure());
        assertFalse(vs.smtpAlert());
        assertEquals(1, vs.weight());
        assertEquals(Duration.ofSeconds(60), vs.checkDefaults().delayLoop());
        assertEquals(Duration.ofSeconds(5), vs.checkDefaults().connectTimeout());
        assertEquals(Optional.empty(), vs.sorryServer());
    }

    /**
     * keepalived 2.2.7, {@code keepalived -t} on a virtual server with neither protocol, scheduler nor method:
     * "no protocol set - defaulting to UDP", "no scheduler set, setting default 'wlc'", "no forwarding method
     * set, setting default NAT".
     */
    @Test
    void missingProtocolSchedulerAndMethodGetKeepalivedsDefaults() {
        VirtualServer vs = vs("192.0.2.1 80").assertProblems(
                "test.conf:1: virtual_server 192.0.2.1 80: no protocol set; using UDP, as keepalived does (the kernel's"
                        + " default)",
                "test.conf:1: virtual_server 192.0.2.1 80: no lvs_sched set; using wlc, as keepalived does",
                "test.conf:1: virtual_server 192.0.2.1 80: no lvs_method set; using NAT, as keepalived does").vs();
        assertEquals(Optional.of(Protocol.UDP), vs.protocol());
        assertEquals(Scheduler.WLC, vs.scheduler());
        assertEquals(ForwardingMethod.NAT, vs.forwardingMethod());
        assertEquals(ForwardingMethod.NAT, vs.realServers().get(0).forwardingMethod());
    }

    @Test
    void addressing() {
        assertEquals(new VirtualServerId.Ip(ip("2001:db8::1"), 443),
                vs("2001:db8::1 443", "protocol TCP", "lvs_sched rr", "lvs_method DR").vs().id());
        VirtualServer fwmark = Lvs.bind("""
                virtual_server fwmark 12 {
                    lvs_sched rr
                    lvs_method DR
                    real_server 192.0.2.2 {
                    }
                }
                """).assertClean().vs();
        assertEquals(new VirtualServerId.Fwmark(12), fwmark.id());
        assertEquals(Optional.empty(), fwmark.protocol());
        assertEquals(Optional.of(IpFamily.INET), fwmark.family());
        assertEquals(0, fwmark.realServers().get(0).port());
    }

    /**
     * keepalived 2.2.7 with -t: "zero port only valid for persistent services - setting"; a DR real server's port
     * is then reset to the virtual port ("ports don't match - resetting", validate_check_config).
     */
    @Test
    void aServiceWithoutPortBecomesPersistent() {
        VirtualServer vs = vs("192.0.2.1", "protocol TCP", "lvs_sched rr", "lvs_method DR").assertProblems(
                "test.conf:1: virtual_server 192.0.2.1: a service without a port must be persistent;"
                        + " persistence_timeout set to 360",
                "test.conf:5: real_server 192.0.2.2 80: port differs from the virtual port 0; without NAT the kernel"
                        + " uses the virtual port, so set to 0").vs();
        assertEquals(new VirtualServerId.Ip(ip("192.0.2.1"), 0), vs.id());
        assertEquals(Optional.of(Duration.ofSeconds(360)), vs.persistenceTimeout());
        assertEquals(0, vs.realServers().get(0).port(), "a DR real server takes the virtual port, none");
        assertEquals(Optional.of(Duration.ofSeconds(10)), Lvs.bind("virtual_server 192.0.2.1 0 {\n protocol TCP\n"
                + " lvs_sched rr\n lvs_method DR\n persistence_timeout 10\n real_server 192.0.2.2 {\n }\n}\n")
                .assertClean().vs().persistenceTimeout());
    }

    @Test
    void schedulersAndTheirFlags() {
        assertEquals(Scheduler.LBLCR, vs("192.0.2.1 80", "protocol TCP", "lb_algo lblcr", "lb_kind DR").vs().scheduler());
        for (Scheduler s : Scheduler.values()) {
            assertEquals(s, vs("192.0.2.1 80", "protocol TCP", "lvs_sched " + s.kernelName(), "lvs_method DR")
                    .assertClean().vs().scheduler());
        }
        VirtualServer sh = vs("192.0.2.1 80", "protocol TCP", "lvs_method DR", "lvs_sched sh", "sh-port", "sh-fallback",
                "flag-3").assertClean().vs();
        assertEquals(Set.of(SchedulerFlag.FLAG_1, SchedulerFlag.FLAG_2, SchedulerFlag.FLAG_3), sh.schedulerFlags());
        VirtualServer mh = vs("192.0.2.1 80", "protocol TCP", "lvs_method DR", "lvs_sched mh", "mh-fallback")
                .assertClean().vs();
        assertEquals(Set.of(SchedulerFlag.FLAG_1), mh.schedulerFlags());
        VirtualServer rr = vs("192.0.2.1 80", "protocol TCP", "lvs_method DR", "lvs_sched rr", "flag-2").vs();
        assertEquals(Set.of(SchedulerFlag.FLAG_2), rr.schedulerFlags());
    }

    /**
     * keepalived 2.2.7 with -t: "Invalid lvs_scheduler 'RR' - ignoring" (names are case-sensitive), "Invalid
     * lvs_scheduler 'foo' - ignoring", "sh-port only applies to sh scheduler - ignoring" when lvs_sched sh comes
     * later, "hashed only applies to sh scheduler - ignoring".
     */
    @Test
    void schedulerErrors() {
        VirtualServer vs = vs("192.0.2.1 80", "protocol TCP", "lvs_method DR", "lvs_sched RR", "lvs_sched foo", "sh-port",
                "lvs_sched sh", "hashed", "mh-port").assertProblems(
                "test.conf:4: error: lvs_sched: expected one of rr, wrr, lc, wlc, lblc, lblcr, dh, sh, sed, nq, fo, ovf,"
                        + " mh, twos, got 'RR'",
                "test.conf:5: error: lvs_sched: expected one of rr, wrr, lc, wlc, lblc, lblcr, dh, sh, sed, nq, fo, ovf,"
                        + " mh, twos, got 'foo'",
                "test.conf:6: error: sh-port: only applies to the sh scheduler, which must be set before it (lvs_sched"
                        + " sh); ignored",
                "test.conf:8: hashed: no effect (keepalived ignores it too); ignored",
                "test.conf:9: error: mh-port: only applies to the mh scheduler, which must be set before it (lvs_sched"
                        + " mh); ignored").vs();
        assertEquals(Scheduler.SH, vs.scheduler());
        assertEquals(Set.of(), vs.schedulerFlags());
    }

    /** keepalived 2.2.7: "one packet scheduling requires UDP - resetting" for TCP; kept for UDP and fwmarks. */
    @Test
    void onePacketSchedulingOnlyForUdpAndFwmarks() {
        assertTrue(vs("192.0.2.1 80", "protocol UDP", "lvs_sched rr", "lvs_method DR", "ops").assertClean().vs()
                .onePacketScheduling());
        assertFalse(vs("192.0.2.1 80", "protocol TCP", "lvs_sched rr", "lvs_method DR", "ops").assertProblems(
                "test.conf:1: virtual_server 192.0.2.1 80: ops (one-packet scheduling) needs UDP; turned off").vs()
                .onePacketScheduling());
        assertTrue(Lvs.bind("virtual_server fwmark 3 {\n lvs_sched rr\n lvs_method DR\n ops\n"
                + " real_server 192.0.2.2 {\n }\n}\n").assertClean().vs().onePacketScheduling());
    }

    @Test
    void forwardingMethods() {
        assertEquals(ForwardingMethod.DR, vs("192.0.2.1 80", "protocol TCP", "lvs_sched rr", "lb_kind DR").vs()
                .forwardingMethod());
        assertEquals(ForwardingMethod.TUN, vs("192.0.2.1 80", "protocol TCP", "lvs_sched rr", "lvs_method TUN").vs()
                .forwardingMethod());
        assertEquals(ForwardingMethod.tunnel(TunnelType.GUE, 6080, TunnelChecksum.REMCSUM),
                vs("192.0.2.1 80", "protocol TCP", "lvs_sched rr", "lvs_method TUN type gue port 6080 remcsum")
                        .assertClean().vs().forwardingMethod());
        assertEquals(ForwardingMethod.tunnel(TunnelType.GRE, 0, TunnelChecksum.CSUM),
                vs("192.0.2.1 80", "protocol TCP", "lvs_sched rr", "lvs_method TUN type gre csum").assertClean().vs()
                        .forwardingMethod());
        VirtualServer vs = vs("192.0.2.1 80", "protocol TCP", "lvs_sched rr", "lvs_method TUN type gue port 1",
                "lvs_method TUN type ipip nocsum").assertClean().vs();
        assertEquals(ForwardingMethod.TUN, vs.forwardingMethod(), "a later lvs_method resets the tunnel options");
    }

    /**
     * keepalived 2.2.7 with -t: "PARSER : unknown [XX] routing method for virtual server.", "gue tunnels require
     * port, otherwise cannot have port.", "ipip tunnels do not support checksum option.", and for "DR // comment"
     * "Invalid tunnel option // for virtual server." while DR still applies.
     */
    @Test
    void forwardingErrors() {
        VirtualServer vs = vs("192.0.2.1 80", "protocol TCP", "lvs_sched rr", "lvs_method DR", "lvs_method XX",
                "lvs_method dr", "lvs_method TUN type gue", "lvs_method TUN type ipip csum", "lvs_method TUN type gre"
                        + " remcsum", "lvs_method TUN port 99", "lvs_method TUN type vxlan", "lvs_method TUN type gue port 0",
                "lvs_method TUN fast").assertProblems(
                "test.conf:5: error: lvs_method: expected NAT, DR or TUN, got 'XX'",
                "test.conf:6: error: lvs_method: expected NAT, DR or TUN, got 'dr'",
                "test.conf:7: error: lvs_method: a gue tunnel needs 'port N'; using TUN type ipip",
                "test.conf:8: error: lvs_method: ipip tunnels take no checksum option; using TUN type ipip",
                "test.conf:9: error: lvs_method: gre tunnels do not support remcsum; using TUN type ipip",
                "test.conf:10: error: lvs_method: only gue tunnels take a port; using TUN type ipip",
                "test.conf:11: error: lvs_method: expected tunnel type ipip, gue or gre, got 'vxlan'; using TUN type ipip",
                "test.conf:12: error: lvs_method: expected a tunnel port from 1 to 65535, got '0'; using TUN type ipip",
                "test.conf:13: error: lvs_method: unknown tunnel option 'fast' (expected type, port, nocsum, csum or"
                        + " remcsum); using TUN type ipip").vs();
        assertEquals(ForwardingMethod.TUN, vs.forwardingMethod());
        assertEquals(ForwardingMethod.DR, LvsVirtualServerTest.vs("192.0.2.1 80", "protocol TCP", "lvs_sched rr",
                "lvs_method DR direct routing").assertProblems(
                "test.conf:4: lvs_method: tunnel options only apply to TUN; 'direct routing' ignored").vs()
                .forwardingMethod());
    }

    @Test
    void persistence() {
        VirtualServer vs = vs("192.0.2.1 80", "protocol TCP", "lvs_sched rr", "lvs_method DR", "persistence_timeout 50",
                "persistence_granularity 255.255.255.0", "persistence_engine sip").assertClean().vs();
        assertEquals(Optional.of(Duration.ofSeconds(50)), vs.persistenceTimeout());
        PersistenceGranularity.Ipv4Netmask mask = new PersistenceGranularity.Ipv4Netmask(
                (Inet4Address) ip("255.255.255.0"));
        assertEquals(Optional.of(mask), vs.persistenceGranularity());
        assertEquals(0xFFFFFF00L, mask.kernelValue());
        assertEquals(Optional.of("sip"), vs.persistenceEngine());
        assertEquals(Optional.of(Duration.ofSeconds(360)), vs("192.0.2.1 80", "protocol TCP", "lvs_sched rr",
                "lvs_method DR", "persistence_timeout").vs().persistenceTimeout());
        VirtualServer v6 = vs("2001:db8::1 80", "protocol TCP", "lvs_sched rr", "lvs_method DR",
                "persistence_granularity 64").vs();
        assertEquals(Optional.of(new PersistenceGranularity.Ipv6PrefixLength(64)), v6.persistenceGranularity());
        assertEquals(Optional.of(Duration.ofSeconds(360)), v6.persistenceTimeout(), "granularity implies persistence");
    }

    /** keepalived 2.2.7 with -t: "number '0' outside range [1, 2678400]" / "persistence_timeout invalid". */
    @Test
    void persistenceErrors() {
        VirtualServer vs = vs("192.0.2.1 80", "protocol TCP", "lvs_sched rr", "lvs_method DR", "persistence_timeout 0",
                "persistence_timeout 2678401", "persistence_granularity 129", "persistence_granularity 255.255.0.256",
                "persistence_engine averyveryverylongname").assertProblems(
                "test.conf:5: error: persistence_timeout: expected a number from 1 to 2678400, got '0'",
                "test.conf:6: error: persistence_timeout: expected a number from 1 to 2678400, got '2678401'",
                "test.conf:7: error: persistence_granularity: expected an IPv4 netmask such as 255.255.255.0, got '129'",
                "test.conf:8: error: persistence_granularity: expected an IPv4 netmask such as 255.255.255.0, got"
                        + " '255.255.0.256'",
                "test.conf:9: persistence_engine: engine name longer than 15 characters; cut to 'averyveryverylo',"
                        + " as keepalived does").vs();
        assertEquals(Optional.empty(), vs.persistenceTimeout());
        assertEquals(Optional.of("averyveryverylo"), vs.persistenceEngine());
    }

    @Test
    void protocolIsCaseInsensitiveAndMeaninglessForFwmarks() {
        assertEquals(Optional.of(Protocol.SCTP), vs("192.0.2.1 80", "protocol sctp", "lvs_sched rr", "lvs_method DR")
                .assertClean().vs().protocol());
        vs("192.0.2.1 80", "protocol ICMP", "lvs_sched rr", "lvs_method DR").assertProblems(
                "test.conf:2: error: protocol: expected one of TCP, UDP, SCTP, got 'ICMP'",
                "test.conf:1: virtual_server 192.0.2.1 80: no protocol set; using UDP, as keepalived does (the kernel's"
                        + " default)");
        // keepalived 2.2.7 with -t: "protocol specified for fwmark - protocol will be ignored".
        Lvs.bind("virtual_server fwmark 5 {\n protocol TCP\n lvs_sched rr\n lvs_method DR\n"
                + " real_server 192.0.2.2 {\n }\n}\n").assertProblems(
                "test.conf:1: virtual_server fwmark 5: protocol has no meaning for a fwmark service; ignored");
    }

    /**
     * keepalived's virtual-server flags take no argument; its handlers ignore what follows and turn the flag
     * on, so "inhibit_on_failure off" here means on (2.2.7 and 2.4.3 check_parser.c; -t says nothing).
     */
    @Test
    void bareFlagsIgnoreTheirArgumentAsKeepalivedDoes() {
        VirtualServer vs = vs("192.0.2.1 80", "protocol TCP", "lvs_sched rr", "lvs_method DR", "inhibit_on_failure off",
                "alpha", "omega yes", "ha_suspend").assertProblems(
                "test.conf:5: inhibit_on_failure: no argument expected here; 'off' ignored and the option still"
                        + " turned on, as keepalived does",
                "test.conf:7: omega: no argument expected here; 'yes' ignored").vs();
        assertTrue(vs.inhibitOnFailure());
        assertTrue(vs.alpha());
        assertTrue(vs.omega());
        assertTrue(vs.haSuspend());
        assertTrue(vs.realServers().get(0).inhibitOnFailure(), "real servers inherit inhibit_on_failure");
        assertTrue(vs.realServers().get(0).alpha(), "and alpha");
    }

    /** keepalived 2.2.7 with -t on a fwmark service: "cannot use ha_suspend with fwmarks - clearing ha_suspend". */
    @Test
    void haSuspendIsClearedForFwmarks() {
        assertFalse(Lvs.bind("virtual_server fwmark 5 {\n ha_suspend\n lvs_sched rr\n lvs_method DR\n"
                + " real_server 192.0.2.2 {\n }\n}\n").assertProblems(
                "test.conf:1: virtual_server fwmark 5: ha_suspend cannot be used with fwmarks; turned off").vs()
                .haSuspend());
    }

    /**
     * keepalived 2.2.7 with -t: "Quorum -1 must be in [1, 4294967295]. Setting to 1.", "Hysteresis x must be in
     * [0, 4294967295] - ignoring", "Virtual server weight 0 is outside range 1-2147483647"; the quorum is reduced
     * to the total weight and the hysteresis kept below the quorum (validate_check_config).
     */
    @Test
    void quorumAndHysteresis() {
        VirtualServer vs = vs("192.0.2.1 80", "protocol TCP", "lvs_sched rr", "lvs_method DR", "quorum 5",
                "hysteresis 9", "weight 3", "quorum_up \"/bin/q up\" nobody", "quorum_down /bin/qd").assertProblems(
                "test.conf:1: virtual_server 192.0.2.1 80: quorum 5 exceeds the real servers' total weight 3; quorum set"
                        + " to 3",
                "test.conf:1: virtual_server 192.0.2.1 80: hysteresis 9 must be below quorum 3; set to 2").vs();
        assertEquals(3, vs.quorum());
        assertEquals(2, vs.hysteresis());
        assertEquals(3, vs.weight());
        assertEquals(3, vs.realServers().get(0).weight(), "the virtual server's weight is the real servers' default");
        assertEquals(Optional.of(new ScriptCommand("/bin/q up", Optional.of("nobody"), Optional.empty())),
                vs.quorumUp());
        assertEquals(Optional.of(ScriptCommand.of("/bin/qd")), vs.quorumDown());

        VirtualServer bad = vs("192.0.2.1 80", "protocol TCP", "lvs_sched rr", "lvs_method DR", "quorum -1",
                "hysteresis x", "weight 0", "quorum_up /bin/a", "quorum_up /bin/b").assertProblems(
                "test.conf:5: error: quorum: expected a number from 1 to 4294967295, got '-1'",
                "test.conf:5: quorum: quorum set to 1, as keepalived does",
                "test.conf:6: error: hysteresis: expected a number from 0 to 4294967295, got 'x'",
                "test.conf:7: error: weight: expected a number from 1 to 2147483647, got '0'",
                "test.conf:9: error: quorum_up: already set; this one is ignored").vs();
        assertEquals(1, bad.quorum());
        assertEquals(Optional.of(ScriptCommand.of("/bin/a")), bad.quorumUp());
    }

    @Test
    void mailAndVirtualhost() {
        VirtualServer vs = vs("192.0.2.1 80", "protocol TCP", "lvs_sched rr", "lvs_method DR", "smtp_alert",
                "virtualhost www.example.org").assertClean().vs();
        assertTrue(vs.smtpAlert());
        assertEquals(Optional.of("www.example.org"), vs.virtualhost());
        assertEquals(Optional.of("www.example.org"), vs.realServers().get(0).virtualhost());
        vs("192.0.2.1 80", "protocol TCP", "lvs_sched rr", "lvs_method DR", "smtp_alert maybe").assertProblems(
                "test.conf:5: error: smtp_alert: expected on/off, true/false or yes/no, got 'maybe'");
    }

    @Test
    void sorryServer() {
        VirtualServer vs = vs("192.0.2.1 80", "protocol TCP", "lvs_sched rr", "lvs_method DR",
                "sorry_server 192.0.2.9 8080", "sorry_server_inhibit").assertProblems(
                "test.conf:5: sorry_server: port 8080 differs from the virtual port 80; without NAT the kernel uses the"
                        + " virtual port, so set to 80").vs();
        // Seen in the lab with 2.2.7: a DR sorry server's port reads back as the virtual port.
        assertEquals(Optional.of(new SorryServer(ip("192.0.2.9"), 80, ForwardingMethod.DR, true)), vs.sorryServer());
        assertEquals(Optional.of(new SorryServer(ip("192.0.2.9"), 8080, ForwardingMethod.NAT, false)),
                vs("192.0.2.1 80", "protocol TCP", "lvs_sched rr", "lvs_method DR", "sorry_server 192.0.2.9 8080",
                        "sorry_server_lvs_method NAT").assertClean().vs().sorryServer());
        assertEquals(Optional.of(new SorryServer(ip("192.0.2.9"), 0, ForwardingMethod.NAT, false)),
                vs("192.0.2.1 80", "protocol TCP", "lvs_sched rr", "lvs_method NAT", "sorry_server 192.0.2.9").vs()
                        .sorryServer(), "keepalived leaves a NAT sorry server without port at 0");
    }

    /**
     * keepalived 2.2.7 with -t: "Ignoring sorry_server inhibit used before or without sorry_server", "sorry_server
     * forwarding used without sorry_server", "Invalid sorry server IP address ... - skipping", and for an IPv6
     * sorry server of an IPv4 service "Address family of virtual server and sorry server ... don't match -
     * skipping sorry server."
     */
    @Test
    void sorryServerErrors() {
        VirtualServer vs = vs("192.0.2.1 80", "protocol TCP", "lvs_sched rr", "lvs_method DR", "sorry_server_inhibit",
                "sorry_server_lvs_method NAT", "sorry_server localhost 80", "sorry_server 192.0.2.9 http",
                "sorry_server 2001:db8::9 80").assertProblems(
                "test.conf:5: error: sorry_server_inhibit: comes before or without sorry_server; ignored",
                "test.conf:6: error: sorry_server_lvs_method: comes before or without sorry_server; ignored",
                "test.conf:7: error: sorry_server: expected an IPv4 or IPv6 address, got 'localhost'; no sorry server",
                "test.conf:8: error: sorry_server: expected a port from 1 to 65535, got 'http'; no sorry server",
                "test.conf:9: error: sorry_server 2001:db8::9: its address family differs from the virtual server's;"
                        + " no sorry server").vs();
        assertEquals(Optional.empty(), vs.sorryServer());
    }

    /** keepalived 2.2.7 (validate_check_config): a sorry server that is also a real server follows its inhibit. */
    @Test
    void sorryServerThatIsAlsoARealServerFollowsItsInhibit() {
        Lvs lvs = Lvs.bind("""
                virtual_server 192.0.2.1 80 {
                    protocol TCP
                    lvs_sched rr
                    lvs_method DR
                    sorry_server 192.0.2.2 80
                    real_server 192.0.2.2 80 {
                        inhibit_on_failure yes
                    }
                }
                """).assertProblems("test.conf:5: sorry_server is also real_server 192.0.2.2 80, whose"
                + " inhibit_on_failure differs; the sorry server follows the real server (on)");
        assertTrue(lvs.vs().sorryServer().orElseThrow().inhibitOnFailure());
    }

    @Test
    void keywordsOutsideTheModel() {
        Lvs lvs = vs("192.0.2.1 80", "protocol TCP", "lvs_sched rr", "lvs_method DR", "snmp_name web",
                "nat_mask 255.255.255.0", "no_such_thing 1", "no_such_block {", "    weight 9", "}", "delay_loop 7");
        lvs.assertProblems(
                "test.conf:5: snmp_name: not supported by jkeepalived; ignored",
                "test.conf:6: nat_mask: obsolete, no effect (keepalived 2.2.7 reports it as an unknown keyword); ignored",
                "test.conf:7: Unknown keyword 'no_such_thing'",
                "test.conf:8: Unknown keyword 'no_such_block' (its block is skipped)");
        assertEquals(1, lvs.vs().weight(), "nothing inside the unknown block was read");
        assertEquals(Duration.ofSeconds(7), lvs.vs().checkDefaults().delayLoop(), "reading went on after the block");
    }

    @Test
    void timersAtTheVirtualServerLevel() {
        VirtualServer vs = vs("192.0.2.1 80", "protocol TCP", "lvs_sched rr", "lvs_method DR", "delay_loop 0.5",
                "connect_timeout 1.5", "retry 2", "delay_before_retry 0", "warmup 0").assertClean().vs();
        assertEquals(Duration.ofMillis(500), vs.checkDefaults().delayLoop());
        assertEquals(Duration.ofMillis(1500), vs.checkDefaults().connectTimeout());
        assertEquals(2, vs.checkDefaults().retry().getAsLong());
        assertEquals(Optional.of(Duration.ZERO), vs.checkDefaults().delayBeforeRetry());
        assertEquals(Optional.of(Duration.ZERO), vs.checkDefaults().warmup());
    }

    /**
     * keepalived 2.2.7 with -t: "retry value invalid - 0" (1 is the minimum above checkers), "virtual server
     * delay loop 'abc' invalid - ignoring", "number '0' outside range [0.000001, ...]" for delay_loop 0,
     * "virtual server connect_timeout 5000 invalid - ignoring", "Virtual server specified family inet6 conflicts
     * with server family".
     */
    @Test
    void timerAndFamilyErrors() {
        VirtualServer vs = vs("192.0.2.1 80", "protocol TCP", "lvs_sched rr", "lvs_method DR", "retry 0",
                "delay_loop abc", "delay_loop 0", "connect_timeout 5000", "warmup -1", "delay_before_retry 1.0000001",
                "ip_family inet6", "ip_family ipv4").assertProblems(
                "test.conf:5: error: retry: expected a number from 1 to 4294967295, got '0'",
                "test.conf:6: error: delay_loop: expected a time in seconds greater than 0, got 'abc'",
                "test.conf:7: error: delay_loop: expected a time in seconds greater than 0, got '0'",
                "test.conf:8: error: connect_timeout: expected a time in seconds from 0.000001 to 4294.967295, got"
                        + " '5000'",
                "test.conf:9: error: warmup: expected a time in seconds, got '-1'",
                "test.conf:10: error: delay_before_retry: expected a time in seconds, got '1.0000001'",
                "test.conf:11: error: ip_family: inet6 conflicts with the inet family of the addresses read so far;"
                        + " ignored",
                "test.conf:12: error: ip_family: expected inet or inet6, got 'ipv4'").vs();
        assertEquals(Duration.ofSeconds(60), vs.checkDefaults().delayLoop());
        assertEquals(Optional.of(IpFamily.INET), vs.family());
    }

    /**
     * keepalived 2.2.7 with -t: "Invalid virtual server IP address/port 10.0.0.10/24/70000 - skipping" (the block
     * is skipped); a bad fwmark is "virtual server fwmark '...' must be in [0, 4294967295] - ignoring".
     */
    @Test
    void badVirtualServerLinesSkipTheirBlock() {
        Lvs lvs = Lvs.bind("""
                virtual_server 192.0.2.1 70000 {
                    real_server 192.0.2.2 80 {
                    }
                }
                virtual_server www.example.org 80 {
                }
                virtual_server fwmark x {
                }
                virtual_server group {
                }
                virtual_server {
                }
                virtual_server 192.0.2.3/24 80 {
                    protocol TCP
                    lvs_sched rr
                    lvs_method DR
                    real_server 192.0.2.2 80 {
                    }
                }
                """);
        lvs.assertProblems(
                "test.conf:1: error: virtual_server: expected a port from 1 to 65535, got '70000'; its block is skipped",
                "test.conf:5: error: virtual_server: expected an IPv4 or IPv6 address, 'fwmark N' or 'group NAME', got"
                        + " 'www.example.org'; its block is skipped",
                "test.conf:7: error: virtual_server: expected a fwmark from 1 to 4294967295, got 'x'; its block is"
                        + " skipped",
                "test.conf:9: error: virtual_server: missing a group name after 'group'; its block is skipped",
                "test.conf:11: error: virtual_server: missing an address, 'fwmark N' or 'group NAME'; its block is"
                        + " skipped",
                "test.conf:13: virtual_server: ignoring '/24' after the address 192.0.2.3, as keepalived does");
        assertEquals(new VirtualServerId.Ip(ip("192.0.2.3"), 80), lvs.vs().id());
    }
}
