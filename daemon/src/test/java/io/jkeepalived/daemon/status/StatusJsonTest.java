package io.jkeepalived.daemon.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jkeepalived.check.CheckerKind;
import io.jkeepalived.check.CheckerStatus;
import io.jkeepalived.check.RealServerHealth;
import io.jkeepalived.check.pool.PoolStatus;
import io.jkeepalived.check.pool.SorryMember;
import io.jkeepalived.daemon.check.CheckerService.VirtualServerStatus;
import io.jkeepalived.ipvs.ForwardingMethod;
import io.jkeepalived.ipvs.Ipvs;
import io.jkeepalived.ipvs.RealServerDest;
import io.jkeepalived.ipvs.VirtualService;
import io.jkeepalived.libc.Libc;
import io.jkeepalived.vrrp.DropReason;
import io.jkeepalived.vrrp.IpFamily;
import io.jkeepalived.vrrp.TransitionCause;
import io.jkeepalived.vrrp.VrrpState;
import io.jkeepalived.vrrp.runtime.VrrpSnapshot;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The snapshot records -> the status document, read back with Jackson. */
class StatusJsonTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-11-21T12:00:00Z");
    private static final long NANO_AT = 1_000_000_000_000L;

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    private static StatusReport.Daemon daemon(Optional<StatusReport.Reload> reload) {
        return new StatusReport.Daemon("1.2.3", 4242, Path.of("/etc/keepalived/keepalived.conf"), "lb1",
                AT.minusSeconds(3725), Optional.of(Path.of("/run/jkeepalived/control.sock")), reload);
    }

    private static VrrpSnapshot vrrp() throws Exception {
        Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            drops.put(r, 0L);
        }
        drops.put(DropReason.AUTH_FAILURE, 3L);
        VrrpSnapshot.Instance instance = new VrrpSnapshot.Instance("VI_1", "eth0", 51, IpFamily.IPV4, 2,
                VrrpState.MASTER, 150, 140, Optional.of(ip("192.0.2.1")), Optional.of(2_000_000_000L),
                Optional.of(new VrrpSnapshot.Transition(2_000_000_000L, VrrpState.BACKUP, VrrpState.MASTER,
                        TransitionCause.MASTER_DOWN)),
                List.of(new VrrpSnapshot.Vip(ip("192.0.2.100"), 24, "eth0", false, true),
                        new VrrpSnapshot.Vip(ip("2001:db8::100"), 64, "eth1", true, false)),
                Optional.of("G1"),
                List.of(new VrrpSnapshot.Tracked("interface", "eth0", 0, false, "up"),
                        new VrrpSnapshot.Tracked("script", "chk \"nginx\"", -10, false, "down")),
                new VrrpSnapshot.Counters(100, 7, 1, 2, 3, 2, 0, 3), drops);
        VrrpSnapshot.Instance backup = new VrrpSnapshot.Instance("VI_2", "eth0", 52, IpFamily.IPV6, 3,
                VrrpState.INIT, 100, 100, Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                Optional.empty(), List.of(), new VrrpSnapshot.Counters(0, 0, 0, 0, 0, 0, 0, 0), drops);
        Map<DropReason, Long> unrouted = new EnumMap<>(DropReason.class);
        unrouted.put(DropReason.OTHER_VRID, 9L);
        return new VrrpSnapshot(NANO_AT - 1_000_000, List.of(instance, backup),
                List.of(new VrrpSnapshot.SyncGroup("G1", VrrpState.MASTER, List.of("VI_1"))), unrouted);
    }

    private static VirtualServerStatus virtualServer() throws Exception {
        VirtualService service = VirtualService.of(ip("192.0.2.100"), Ipvs.IPPROTO_TCP, 80, "wlc")
                .withPersistence(300, 24);
        RealServerDest up = RealServerDest.of(ip("10.0.0.1"), 8080, ForwardingMethod.MASQ, 5);
        RealServerDest down = RealServerDest.of(ip("10.0.0.2"), 8080, ForwardingMethod.DROUTE, 1);
        PoolStatus pool = new PoolStatus(List.of(service), 2, 1, 5, true,
                Optional.of(new SorryMember(RealServerDest.of(ip("10.0.0.9"), 80, ForwardingMethod.MASQ, 1), false)),
                false, List.of(new PoolStatus.Member(up, false, new RealServerHealth(true, 5)),
                        new PoolStatus.Member(down, true, new RealServerHealth(false, 1))));
        CheckerStatus ok = new CheckerStatus(CheckerKind.TCP_CHECK, "10.0.0.1:8080", true,
                Optional.of(new CheckerStatus.LastCheck(3_000_000_000L, "success", "connected")), 10, 1, 0);
        CheckerStatus bad = new CheckerStatus(CheckerKind.HTTP_GET, "10.0.0.2:8080", false,
                Optional.of(new CheckerStatus.LastCheck(1_000_000_000L, "failure", "status 500")), 10, 4, 4);
        CheckerStatus fresh = new CheckerStatus(CheckerKind.MISC_CHECK, "/bin/check", true, Optional.empty(), 0, 0, 0);
        return new VirtualServerStatus(pool, Optional.empty(), List.of(List.of(ok), List.of(bad, fresh)));
    }

    private static JsonNode write(StatusReport report) throws Exception {
        String json = StatusJson.write(report);
        return JACKSON.readTree(json);
    }

    @Test
    void everyDocumentedFieldIsThereWithItsValue() throws Exception {
        StatusReport report = new StatusReport(AT, NANO_AT,
                daemon(Optional.of(new StatusReport.Reload(AT.minusSeconds(60), "partial", "Reloaded: x"))),
                StatusReport.Part.running(vrrp()), StatusReport.Part.running(List.of(virtualServer())),
                List.of("checkers: \"slow\""));
        JsonNode n = write(report);
        assertEquals(StatusJson.FORMAT, n.get("format").asInt());
        assertEquals("2026-11-21T12:00:00Z", n.get("generated_at").asText());

        JsonNode d = n.get("daemon");
        assertEquals("1.2.3", d.get("version").asText());
        assertEquals(4242, d.get("pid").asLong());
        assertEquals("/etc/keepalived/keepalived.conf", d.get("config_file").asText());
        assertEquals("lb1", d.get("config_id").asText());
        assertEquals("2026-11-21T10:57:55Z", d.get("started_at").asText());
        assertEquals(3725, d.get("uptime_s").asLong());
        assertEquals("/run/jkeepalived/control.sock", d.get("control_socket").asText());
        assertEquals("partial", d.get("last_reload").get("result").asText());
        assertEquals("2026-11-21T11:59:00Z", d.get("last_reload").get("at").asText());
        assertEquals("Reloaded: x", d.get("last_reload").get("message").asText());
        assertEquals("running", n.get("parts").get("vrrp").asText());
        assertEquals("running", n.get("parts").get("checkers").asText());

        JsonNode i = n.get("vrrp_instances").get(0);
        assertEquals("VI_1", i.get("name").asText());
        assertEquals("eth0", i.get("interface").asText());
        assertEquals(51, i.get("vrid").asInt());
        assertEquals("inet", i.get("family").asText());
        assertEquals(2, i.get("version").asInt());
        assertEquals("MASTER", i.get("state").asText());
        assertEquals(150, i.get("priority").asInt());
        assertEquals(140, i.get("effective_priority").asInt());
        assertEquals("192.0.2.1", i.get("master_address").asText());
        // taken 1 ms before the report, become master 2 s before that
        assertEquals("2026-11-21T11:59:57.999Z", i.get("master_since").asText());
        JsonNode t = i.get("last_transition");
        assertEquals("2026-11-21T11:59:57.999Z", t.get("at").asText());
        assertEquals("BACKUP", t.get("from").asText());
        assertEquals("MASTER", t.get("to").asText());
        assertEquals("master_down", t.get("cause").asText());
        JsonNode vip = i.get("virtual_ipaddresses");
        assertEquals("192.0.2.100", vip.get(0).get("address").asText());
        assertEquals(24, vip.get(0).get("prefix_length").asInt());
        assertTrue(vip.get(0).get("present").asBoolean());
        assertFalse(vip.get(0).get("excluded").asBoolean());
        assertEquals("2001:db8::100", vip.get(1).get("address").asText(), "RFC 5952 form");
        assertEquals("eth1", vip.get(1).get("device").asText());
        assertFalse(vip.get(1).get("present").asBoolean());
        assertTrue(vip.get(1).get("excluded").asBoolean());
        assertEquals("G1", i.get("sync_group").asText());
        assertEquals("chk \"nginx\"", i.get("tracked").get(1).get("name").asText());
        assertEquals("script", i.get("tracked").get(1).get("type").asText());
        assertEquals(-10, i.get("tracked").get(1).get("weight").asInt());
        assertEquals("down", i.get("tracked").get(1).get("status").asText());
        JsonNode c = i.get("counters");
        assertEquals(100, c.get("adverts_sent").asLong());
        assertEquals(7, c.get("adverts_received").asLong());
        assertEquals(1, c.get("priority_zero_sent").asLong());
        assertEquals(2, c.get("priority_zero_received").asLong());
        assertEquals(3, c.get("became_master").asLong());
        assertEquals(2, c.get("released_master").asLong());
        assertEquals(0, c.get("send_errors").asLong());
        assertEquals(3, c.get("dropped_total").asLong());
        Set<String> reasons = new TreeSet<>();
        i.get("drops").fieldNames().forEachRemaining(reasons::add);
        Set<String> expected = new TreeSet<>();
        for (DropReason r : DropReason.values()) {
            expected.add(r.key());
        }
        assertEquals(expected, reasons, "every drop reason, zero or not");
        assertEquals(3, i.get("drops").get("auth_failure").asLong());

        JsonNode fresh = n.get("vrrp_instances").get(1);
        assertEquals("inet6", fresh.get("family").asText());
        assertTrue(fresh.get("master_since").isNull());
        assertTrue(fresh.get("last_transition").isNull());
        assertTrue(fresh.get("master_address").isNull());
        assertTrue(fresh.get("sync_group").isNull());

        assertEquals("G1", n.get("vrrp_sync_groups").get(0).get("name").asText());
        assertEquals("VI_1", n.get("vrrp_sync_groups").get(0).get("members").get(0).asText());
        assertEquals(9, n.get("vrrp_unrouted_drops").get("other_vrid").asLong());
        assertEquals(0, n.get("vrrp_unrouted_drops").get("truncated").asLong());

        JsonNode vs = n.get("virtual_servers").get(0);
        assertEquals("TCP 192.0.2.100:80", vs.get("service").asText());
        assertEquals("192.0.2.100", vs.get("address").asText());
        assertEquals(80, vs.get("port").asInt());
        assertTrue(vs.get("fwmark").isNull());
        assertEquals("TCP", vs.get("protocol").asText());
        assertEquals("wlc", vs.get("scheduler").asText());
        assertEquals(300, vs.get("persistence").get("timeout_s").asInt());
        assertEquals("255.255.255.0", vs.get("persistence").get("netmask").asText());
        assertEquals(2, vs.get("quorum").get("quorum").asLong());
        assertEquals(1, vs.get("quorum").get("hysteresis").asLong());
        assertEquals(5, vs.get("quorum").get("live_weight").asLong());
        assertTrue(vs.get("quorum").get("up").asBoolean());
        assertEquals("10.0.0.9", vs.get("sorry_server").get("address").asText());
        assertFalse(vs.get("sorry_server").get("active").asBoolean());
        JsonNode rs0 = vs.get("real_servers").get(0);
        assertEquals("10.0.0.1", rs0.get("address").asText());
        assertEquals(8080, rs0.get("port").asInt());
        assertEquals("NAT", rs0.get("forwarding").asText());
        assertEquals(5, rs0.get("weight").asInt());
        assertTrue(rs0.get("up").asBoolean());
        assertEquals(1, rs0.get("failures").asLong());
        JsonNode check = rs0.get("checkers").get(0);
        assertEquals("TCP_CHECK", check.get("type").asText());
        assertEquals("success", check.get("last_check").get("result").asText());
        assertEquals("2026-11-21T11:59:57Z", check.get("last_check").get("at").asText());
        JsonNode rs1 = vs.get("real_servers").get(1);
        assertFalse(rs1.get("up").asBoolean());
        assertEquals("DR", rs1.get("forwarding").asText());
        assertTrue(rs1.get("inhibit_on_failure").asBoolean());
        assertEquals(4, rs1.get("failures").asLong(), "summed over its checkers");
        assertEquals(4, rs1.get("checkers").get(0).get("consecutive_failures").asInt());
        assertEquals("status 500", rs1.get("checkers").get(0).get("last_check").get("detail").asText());
        assertTrue(rs1.get("checkers").get(1).get("last_check").isNull());
        assertEquals("checkers: \"slow\"", n.get("errors").get(0).asText());
    }

    @Test
    void partsThatDoNotRunOrDoNotAnswerLeaveEmptyListsAndSaySo() throws Exception {
        StatusReport report = new StatusReport(AT, NANO_AT, daemon(Optional.empty()),
                StatusReport.Part.of(StatusReport.PartState.DISABLED),
                StatusReport.Part.of(StatusReport.PartState.UNAVAILABLE), List.of("checkers: no answer"));
        JsonNode n = write(report);
        assertTrue(n.get("daemon").get("last_reload").isNull());
        assertEquals("disabled", n.get("parts").get("vrrp").asText());
        assertEquals("unavailable", n.get("parts").get("checkers").asText());
        assertEquals(0, n.get("vrrp_instances").size());
        assertTrue(n.get("vrrp_unrouted_drops").isNull());
        assertEquals(0, n.get("virtual_servers").size());
        assertEquals(1, n.get("errors").size());
    }

    @Test
    void aFwmarkServiceHasNoAddressPortOrProtocol() throws Exception {
        VirtualService service = VirtualService.fwmark(Libc.AF_INET6, 0xfffffffe, "rr");
        PoolStatus pool = new PoolStatus(List.of(service), 1, 0, 0, false, Optional.empty(), false, List.of());
        StatusReport report = new StatusReport(AT, NANO_AT, daemon(Optional.empty()),
                StatusReport.Part.of(StatusReport.PartState.IDLE),
                StatusReport.Part.running(List.of(new VirtualServerStatus(pool, Optional.of("grp"), List.of()))),
                List.of());
        JsonNode vs = write(report).get("virtual_servers").get(0);
        assertTrue(vs.get("address").isNull());
        assertTrue(vs.get("port").isNull());
        assertTrue(vs.get("protocol").isNull());
        assertEquals(4294967294L, vs.get("fwmark").asLong(), "unsigned");
        assertEquals("inet6", vs.get("family").asText());
        assertEquals("grp", vs.get("group").asText());
        assertFalse(vs.get("quorum").get("up").asBoolean());
        assertTrue(vs.get("sorry_server").isNull());
        assertTrue(vs.get("persistence").isNull());
    }

    @Test
    void theTableShowsWhatTheDocumentSays() throws Exception {
        StatusReport report = new StatusReport(AT, NANO_AT, daemon(Optional.empty()),
                StatusReport.Part.running(vrrp()), StatusReport.Part.running(List.of(virtualServer())), List.of());
        String table = StatusTable.render((Map<?, ?>) JsonReader.parse(StatusJson.write(report)));
        assertTrue(table.startsWith("jkeepalived 1.2.3, pid 4242, up 1h02m (since 2026-11-21T10:57:55Z)\n"), table);
        assertTrue(table.contains("Last reload: none since start"), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("  VI_1 +eth0 +51 +MASTER +150 +140 .*192\\.0\\.2\\.100/24"
                + " +2001:db8::100/64 \\(absent\\) +100/7 +3")), table);
        assertTrue(table.contains("  VI_1 tracks: interface eth0 up, script chk \"nginx\" down"), table);
        assertTrue(table.contains("  TCP 192.0.2.100:80  wlc  quorum up (live weight 5, quorum 2)  sorry server"
                + " 10.0.0.9:80 standby"), table);
        assertTrue(table.lines().anyMatch(l -> l.matches(" +10\\.0\\.0\\.2:8080 +1 +DOWN +HTTP_GET,MISC_CHECK"
                + " +failure 2026-11-21T11:59:59Z +4")), table);
    }
}
