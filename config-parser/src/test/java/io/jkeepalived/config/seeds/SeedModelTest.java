package io.jkeepalived.config.seeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.config.ConfigParser;
import io.jkeepalived.config.Diagnostic;
import io.jkeepalived.config.ParseOptions;
import io.jkeepalived.config.ParseResult;
import io.jkeepalived.config.Severity;
import io.jkeepalived.config.dump.CanonicalWriter;
import io.jkeepalived.config.model.Authentication;
import io.jkeepalived.config.model.GlobalDefs;
import io.jkeepalived.config.model.KeepalivedConfig;
import io.jkeepalived.config.model.SmtpServer;
import io.jkeepalived.config.model.TrackedScript;
import io.jkeepalived.config.model.VirtualAddress;
import io.jkeepalived.config.model.VrrpInstance;
import io.jkeepalived.config.model.VrrpInstance.InitialState;
import io.jkeepalived.config.model.lvs.Checker;
import io.jkeepalived.config.model.lvs.ForwardingMethod;
import io.jkeepalived.config.model.lvs.HttpCheck;
import io.jkeepalived.config.model.lvs.HttpUrl;
import io.jkeepalived.config.model.lvs.Protocol;
import io.jkeepalived.config.model.lvs.RealServer;
import io.jkeepalived.config.model.lvs.Scheduler;
import io.jkeepalived.config.model.lvs.SorryServer;
import io.jkeepalived.config.model.lvs.TcpCheck;
import io.jkeepalived.config.model.lvs.VirtualServer;
import io.jkeepalived.config.model.lvs.VirtualServerId;
import io.jkeepalived.config.oracle.KeepalivedOracleTest;
import io.jkeepalived.config.oracle.KeepalivedVerdict;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed configs of src/test/resources/seeds, read by the real {@link ConfigParser}: the model each article
 * intends (seeds/README.md) for the "good" ones, and for the "broken" ones the exact lines reported and what
 * survives. Where keepalived 2.2.7 builds something other than the article's words (vrrp_strict clears
 * authentication, TCP_CHECK ignores nb_get_retry), the model follows keepalived and the test says so.
 */
class SeedModelTest {

    static Path seed(String name) {
        try {
            return Path.of(SeedModelTest.class.getResource("/seeds/" + name + ".conf").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static ParseResult parse(String name) {
        return new ConfigParser(new ParseOptions("jkv-oracle")).parse(seed(name));
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static VrrpInstance instance(KeepalivedConfig c, String name) {
        return c.vrrp().instance(name).orElseThrow(() -> new AssertionError("no vrrp_instance " + name));
    }

    private static VirtualServer virtualServer(KeepalivedConfig c, String address, int port) {
        VirtualServerId id = new VirtualServerId.Ip(ip(address), port);
        return c.lvs().virtualServers().stream().filter(v -> v.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no virtual_server " + address + " " + port));
    }

    private static RealServer realServer(VirtualServer vs, String address, int port) {
        return vs.realServers().stream().filter(r -> r.address().equals(ip(address)) && r.port() == port)
                .findFirst().orElseThrow(() -> new AssertionError("no real_server " + address + " " + port));
    }

    /** The lines reported, as "LINE SEVERITY", sorted; one entry per line and severity. */
    private static TreeSet<Integer> lines(ParseResult r, Predicate<Diagnostic> which) {
        TreeSet<Integer> lines = new TreeSet<>();
        r.diagnostics().stream().filter(which).forEach(d -> lines.add(d.location().line()));
        return lines;
    }

    private static List<String> messagesAt(ParseResult r, int line) {
        return r.diagnostics().stream().filter(d -> d.location().line() == line).map(Diagnostic::message).toList();
    }

    private static void assertReported(ParseResult r, int line, String fragment) {
        assertTrue(messagesAt(r, line).stream().anyMatch(m -> m.contains(fragment)),
                "expected '" + fragment + "' at line " + line + "; got " + r.diagnostics());
    }

    private static void assertVip(VirtualAddress a, String address, int prefix, String dev, String label,
                                  String broadcast) {
        assertEquals(ip(address), a.address());
        assertEquals(prefix, a.prefixLength());
        assertEquals(Optional.ofNullable(dev), a.device());
        assertEquals(Optional.ofNullable(label), a.label());
        assertEquals(Optional.ofNullable(broadcast).map(SeedModelTest::ip), a.broadcast());
    }

    private static void assertInstance(VrrpInstance i, InitialState state, String dev, int vrid, int priority,
                                       Duration advert, Optional<Authentication> auth) {
        assertEquals(state, i.state(), i.name() + " state");
        assertEquals(Optional.of(dev), i.interfaceName(), i.name() + " interface");
        assertEquals(vrid, i.virtualRouterId(), i.name() + " vrid");
        assertEquals(priority, i.priority(), i.name() + " priority");
        assertEquals(advert, i.advertInterval(), i.name() + " advert_int");
        assertEquals(auth, i.authentication(), i.name() + " authentication");
    }

    private static Optional<Authentication> pass(String password) {
        return Optional.of(new Authentication(Authentication.Type.PASS, password));
    }

    private static void assertService(VirtualServer vs, Protocol protocol, Scheduler scheduler,
                                      ForwardingMethod.Kind method, Optional<Duration> persistence,
                                      Duration delayLoop) {
        assertEquals(Optional.of(protocol), vs.protocol(), "protocol");
        assertEquals(scheduler, vs.scheduler(), "lvs_sched / lb_algo");
        assertEquals(method, vs.forwardingMethod().kind(), "lvs_method / lb_kind");
        assertEquals(persistence, vs.persistenceTimeout(), "persistence_timeout");
        assertEquals(delayLoop, vs.checkDefaults().delayLoop(), "delay_loop");
    }

    private static TcpCheck tcp(RealServer rs) {
        assertEquals(1, rs.checkers().size(), rs.checkers().toString());
        Checker c = rs.checkers().get(0);
        assertTrue(c instanceof TcpCheck, c.toString());
        return (TcpCheck) c;
    }

    private static void assertTcp(RealServer rs, int weight, int port, Duration timeout, long retry,
                                  Duration delayBeforeRetry) {
        assertEquals(weight, rs.weight(), "weight");
        TcpCheck t = tcp(rs);
        assertEquals(port, t.connection().port(), "connect_port");
        assertEquals(rs.address(), t.connection().address());
        assertEquals(timeout, t.connection().timeout(), "connect_timeout");
        assertEquals(retry, t.settings().retry(), "retry");
        assertEquals(delayBeforeRetry, t.settings().delayBeforeRetry(), "delay_before_retry");
    }

    private static void assertGlobalNotification(GlobalDefs g, List<String> emails, String from, String smtp,
                                                 String routerId) {
        assertEquals(emails, g.notificationEmail());
        assertEquals(Optional.of(from), g.notificationEmailFrom());
        assertEquals(Optional.of(new SmtpServer(smtp, SmtpServer.DEFAULT_PORT)), g.smtpServer());
        assertEquals(Duration.ofSeconds(30), g.smtpConnectTimeout());
        assertEquals(Optional.of(routerId), g.routerId());
    }

    /**
     * parse -> canonical dump -> parse gives the same model, for every seed and oracle config that can run (with
     * the config id keepalived was run with, from the golden file).
     */
    @TestFactory
    Stream<DynamicTest> everyRunnableCorpusConfigSurvivesItsCanonicalDump(@TempDir Path dir) {
        return Stream.of("seeds", "oracle").flatMap(corpus -> KeepalivedOracleTest.configs(corpus).stream())
                .map(config -> DynamicTest.dynamicTest(config.getFileName().toString(), () -> {
                    String name = config.getFileName().toString().replaceFirst("\\.conf$", "");
                    String id = KeepalivedVerdict.read(config.resolveSibling(name + KeepalivedVerdict.SUFFIX))
                            .configId();
                    ParseResult first = new ConfigParser(new ParseOptions(id)).parse(config);
                    assertTrue(first.runnable(), name + " " + first.diagnostics());
                    String text = new CanonicalWriter().write(first.config());
                    Path canonical = dir.resolve(name + ".canonical.conf");
                    Files.writeString(canonical, text, StandardCharsets.UTF_8);
                    ParseResult second = new ConfigParser(new ParseOptions(id)).parse(canonical);
                    assertEquals(first.config(), second.config(), name + ": model changed through:\n" + text);
                }));
    }

    // ---------------------------------------------------------------- seed 000 (good)

    @Test
    void seed000Vs1MasterIsTheArticlesMasterDirector() {
        ParseResult r = parse("seed000-vs1-master");
        KeepalivedConfig c = r.config();
        assertTrue(r.runnable());
        assertGlobalNotification(c.globalDefs(), List.of("1993plus@gmail.com"), "Alexandre.Cassen@firewall.loc",
                "192.168.200.1", "vs-node1");
        assertEquals(ip("224.39.39.39"), c.globalDefs().vrrpMcastGroup4());
        VrrpInstance vi = instance(c, "VI_1");
        assertInstance(vi, InitialState.MASTER, "eth0", 220, 100, Duration.ofSeconds(2), pass("weidong"));
        assertEquals(1, vi.virtualAddresses().size());
        assertVip(vi.virtualAddresses().get(0), "192.168.11.100", 24, "eth0", "eth0:1", "192.168.11.255");
        assertEquals(Optional.of(ip("224.39.39.39")), vi.multicastGroup(), "the article's tcpdump shows this group");

        assertEquals(1, c.lvs().virtualServers().size());
        VirtualServer vs = virtualServer(c, "192.168.11.100", 80);
        assertService(vs, Protocol.TCP, Scheduler.RR, ForwardingMethod.Kind.DR, Optional.empty(),
                Duration.ofSeconds(3));
        assertEquals(Optional.of(new SorryServer(ip("127.0.0.1"), 80, ForwardingMethod.DR, false)), vs.sorryServer());
        assertEquals(2, vs.realServers().size());
        for (String address : List.of("192.168.12.121", "192.168.12.122")) {
            RealServer rs = realServer(vs, address, 80);
            assertEquals(1, rs.weight());
            assertEquals(ForwardingMethod.Kind.DR, rs.forwardingMethod().kind());
            HttpCheck h = (HttpCheck) rs.checkers().get(0);
            assertEquals(1, rs.checkers().size());
            assertFalse(h.tls());
            assertEquals(List.of("/index.html"), h.urls().stream().map(HttpUrl::path).toList());
            assertEquals(List.of(new HttpUrl.StatusRange(200, 200)), h.urls().get(0).statusCodes());
            assertEquals(Duration.ofSeconds(3), h.connection().timeout());
            assertEquals(80, h.connection().port());
            assertEquals(3, h.settings().retry(), "nb_get_retry is retry's deprecated name in HTTP_GET");
            assertEquals(Duration.ofSeconds(3), h.settings().delayBeforeRetry());
        }
        // keepalived's lines: 14 ';' lines, the ';' inside virtual_ipaddress, nb_get_retry deprecated at 59, 72
        assertReported(r, 33, "';' does not start a comment");
        assertReported(r, 59, "nb_get_retry");
        assertReported(r, 72, "nb_get_retry");
        assertEquals(List.of(), r.diagnostics().stream().filter(d -> d.severity() != Severity.WARNING).toList());
    }

    @Test
    void seed000Vs2BackupDiffersOnlyWhereTheArticleSays() {
        KeepalivedConfig c = parse("seed000-vs2-backup").config();
        assertEquals(Optional.of("vs-node2"), c.globalDefs().routerId());
        VrrpInstance vi = instance(c, "VI_1");
        assertInstance(vi, InitialState.BACKUP, "eth0", 220, 90, Duration.ofSeconds(2), pass("weidong"));
        assertVip(vi.virtualAddresses().get(0), "192.168.11.100", 24, "eth0", "eth0:1", "192.168.11.255");
        VirtualServer vs = virtualServer(c, "192.168.11.100", 80);
        assertService(vs, Protocol.TCP, Scheduler.RR, ForwardingMethod.Kind.DR, Optional.empty(),
                Duration.ofSeconds(6));
        assertEquals(2, vs.realServers().size());
        assertEquals(3, ((HttpCheck) vs.realServers().get(1).checkers().get(0)).settings().retry());
    }

    // ---------------------------------------------------------------- seed 001 (good)

    /**
     * The article wants a MASTER with auth PASS 1111, but it also sets vrrp_strict: keepalived 2.2.7 then runs
     * the instance as BACKUP below priority 255 ("State MASTER must match being address owner") and without
     * authentication ("Strict mode does not support authentication"), and the model says what will run.
     */
    @Test
    void seed001DsMasterVrrpOnlyUnderStrictMode() {
        ParseResult r = parse("seed001-ds-master-vrrp-only");
        KeepalivedConfig c = r.config();
        assertGlobalNotification(c.globalDefs(), List.of("acassen@firewall.loc", "failover@firewall.loc",
                "sysadmin@firewall.loc"), "Alexandre.Cassen@firewall.loc", "192.168.200.1", "LVS_DEVEL_master");
        assertTrue(c.globalDefs().vrrpStrict());
        VrrpInstance vi = instance(c, "VI_1");
        assertInstance(vi, InitialState.BACKUP, "enp10s0", 51, 100, Duration.ofSeconds(1), Optional.empty());
        assertTrue(vi.strictMode());
        assertEquals(1, vi.virtualAddresses().size(), "the '//虚拟ip' after '{' is a comment for us");
        assertVip(vi.virtualAddresses().get(0), "10.0.5.96", 20, null, null, null);
        assertTrue(c.lvs().virtualServers().isEmpty());
        assertReported(r, 16, "vrrp_garp_interval");
        assertReported(r, 17, "vrrp_gna_interval");
        assertReported(r, 20, "state MASTER goes with priority 255");
        assertReported(r, 20, "strict mode does not support authentication");
    }

    @Test
    void seed001DsBackupVrrpOnly() {
        KeepalivedConfig c = parse("seed001-ds-backup-vrrp-only").config();
        assertEquals(Optional.of("LVS_DEVEL"), c.globalDefs().routerId());
        VrrpInstance vi = instance(c, "VI_1");
        assertInstance(vi, InitialState.BACKUP, "eno1", 51, 10, Duration.ofSeconds(1), Optional.empty());
        assertVip(vi.virtualAddresses().get(0), "10.0.5.96", 20, null, null, null);
    }

    /** keepalived 2.2.7 ignores nb_get_retry inside TCP_CHECK ("Unknown keyword"), so retry stays 1. */
    @Test
    void seed001LvsVsFragmentsAreTcpDrPools() {
        for (String name : List.of("seed001-lvs-master-vs-fragment", "seed001-lvs-backup-vs-fragment")) {
            ParseResult r = parse(name);
            VirtualServer vs = virtualServer(r.config(), "10.0.5.96", 8888);
            assertService(vs, Protocol.TCP, Scheduler.RR, ForwardingMethod.Kind.DR, Optional.empty(),
                    Duration.ofSeconds(3));
            assertEquals(List.of(ip("10.0.5.91"), ip("10.0.5.92")),
                    vs.realServers().stream().map(RealServer::address).toList(), name);
            for (RealServer rs : vs.realServers()) {
                assertTcp(rs, 1, 8888, Duration.ofSeconds(3), 1, Duration.ofSeconds(3));
            }
            assertReported(r, 13, "nb_get_retry");
            assertReported(r, 23, "nb_get_retry");
        }
    }

    @Test
    void seed001DualMasterPairs() {
        KeepalivedConfig ds1 = parse("seed001-dual-master-ds1").config();
        assertInstance(instance(ds1, "VI_1"), InitialState.MASTER, "enp10s0", 51, 100, Duration.ofSeconds(1),
                pass("1111"));
        assertInstance(instance(ds1, "VI_2"), InitialState.BACKUP, "enp10s0", 52, 11, Duration.ofSeconds(1),
                pass("1111"));
        assertVip(instance(ds1, "VI_1").virtualAddresses().get(0), "10.0.5.96", 20, null, null, null);
        assertVip(instance(ds1, "VI_2").virtualAddresses().get(0), "10.0.5.97", 20, null, null, null);
        KeepalivedConfig ds2 = parse("seed001-dual-master-ds2").config();
        assertEquals(Optional.of("LVS_DEVEL"), ds2.globalDefs().routerId());
        assertInstance(instance(ds2, "VI_1"), InitialState.BACKUP, "eno1", 51, 10, Duration.ofSeconds(1),
                pass("1111"));
        assertInstance(instance(ds2, "VI_2"), InitialState.MASTER, "eno1", 52, 101, Duration.ofSeconds(1),
                pass("1111"));
        for (KeepalivedConfig c : List.of(ds1, ds2)) {
            assertEquals(2, c.lvs().virtualServers().size());
            for (String vip : List.of("10.0.5.96", "10.0.5.97")) {
                VirtualServer vs = virtualServer(c, vip, 8888);
                assertService(vs, Protocol.TCP, Scheduler.RR, ForwardingMethod.Kind.DR, Optional.empty(),
                        Duration.ofSeconds(3));
                assertTcp(realServer(vs, "10.0.5.91", 8888), 1, 8888, Duration.ofSeconds(3), 1,
                        Duration.ofSeconds(3));
                assertTcp(realServer(vs, "10.0.5.92", 8888), 1, 8888, Duration.ofSeconds(3), 1,
                        Duration.ofSeconds(3));
            }
        }
    }

    /** keepalived -t: nothing. Nothing tracks the script, so it is kept apart and never run. */
    @Test
    void seed001VrrpScriptFragment() {
        ParseResult r = parse("seed001-vrrp-script-fragment");
        assertEquals(List.of(), r.diagnostics());
        assertEquals(List.of(), r.config().vrrp().scripts());
        var s = r.config().vrrp().untrackedScripts().get(0);
        assertEquals("chk_sshd", s.name());
        assertEquals(List.of("killall", "-0", "sshd"), s.command().argv());
        assertEquals(Duration.ofSeconds(2), s.interval());
        assertEquals(-4, s.weight());
    }

    @Test
    void seed001ExplainedGlobalDefsAndInstance() {
        ParseResult g = parse("seed001-explained-global-defs");
        assertEquals(List.of(), g.diagnostics());
        assertGlobalNotification(g.config().globalDefs(), List.of("acassen@firewall.loc", "failover@firewall.loc",
                "sysadmin@firewall.loc"), "Alexandre.Cassen@firewall.loc", "192.168.200.1", "LVS_DEVEL");

        ParseResult r = parse("seed001-explained-vrrp-instance");
        VrrpInstance vi = instance(r.config(), "VI_1");
        assertInstance(vi, InitialState.MASTER, "eth0", 51, 100, Duration.ofSeconds(1), pass("1111"));
        assertEquals(List.of(ip("192.168.200.16"), ip("192.168.200.17"), ip("192.168.200.18")),
                vi.virtualAddresses().stream().map(VirtualAddress::address).toList());
        assertEquals(Duration.ZERO, vi.preemptDelay(), "the typo 'preemtp_delay' is an unknown keyword");
        assertReported(r, 18, "Unknown keyword 'preemtp_delay'");
    }

    // ---------------------------------------------------------------- seed 002 (good)

    @Test
    void seed002DrAndNatDirectors() {
        ParseResult dr = parse("seed002-dr-master");
        KeepalivedConfig c = dr.config();
        assertGlobalNotification(c.globalDefs(), List.of("test@localhost.com"), "localhost@localhost.com",
                "127.0.0.1", "LVS_DEVEL");
        VrrpInstance vi = instance(c, "VI_1");
        assertInstance(vi, InitialState.MASTER, "eth0", 51, 100, Duration.ofSeconds(1), pass("1111"));
        assertVip(vi.virtualAddresses().get(0), "192.168.1.200", 32, "eth0", "eth0:vip", null);
        VirtualServer vs = virtualServer(c, "192.168.1.200", 8099);
        assertService(vs, Protocol.TCP, Scheduler.RR, ForwardingMethod.Kind.DR, Optional.empty(),
                Duration.ofSeconds(6));
        for (String address : List.of("192.168.1.67", "192.168.1.68")) {
            assertTcp(realServer(vs, address, 8099), 1, 8099, Duration.ofSeconds(3), 1, Duration.ofSeconds(3));
        }
        assertReported(dr, 32, "nat_mask");

        KeepalivedConfig nat = parse("seed002-nat-master").config();
        VrrpInstance natVi = instance(nat, "VI_1");
        assertVip(natVi.virtualAddresses().get(0), "172.20.10.200", 32, null, null, null);
        VirtualServer natVs = virtualServer(nat, "172.20.10.200", 8099);
        assertService(natVs, Protocol.TCP, Scheduler.RR, ForwardingMethod.Kind.NAT, Optional.empty(),
                Duration.ofSeconds(6));
        assertEquals(2, natVs.realServers().size());
        assertTcp(realServer(natVs, "192.168.1.67", 8099), 1, 8099, Duration.ofSeconds(3), 1,
                Duration.ofSeconds(3));
    }

    // ---------------------------------------------------------------- broken seeds

    /** The article stops inside the virtual_server: the block is never closed and there is no real server. */
    @Test
    void seed001SorryServerFragment() {
        ParseResult r = parse("seed001-sorry-server-fragment");
        assertEquals(new TreeSet<>(List.of(1)), lines(r, d -> d.severity() == Severity.ERROR));
        assertReported(r, 1, "missing '}'");
        assertReported(r, 1, "no real servers");
        assertTrue(r.config().lvs().virtualServers().isEmpty());
    }

    @Test
    void seed001LocalRsFragment() {
        ParseResult r = parse("seed001-local-rs-fragment");
        assertReported(r, 2, "Unknown keyword '....'");
        assertReported(r, 9, "nb_get_retry");
        VirtualServer vs = virtualServer(r.config(), "192.168.100.10", 8888);
        // the elided settings leave keepalived's defaults, each reported at the virtual server
        assertEquals(Optional.of(Protocol.UDP), vs.protocol());
        assertEquals(Scheduler.WLC, vs.scheduler());
        assertEquals(ForwardingMethod.Kind.NAT, vs.forwardingMethod().kind());
        assertTcp(realServer(vs, "127.0.0.1", 8888), 1, 8888, Duration.ofSeconds(1), 1, Duration.ofSeconds(1));
    }

    /**
     * Every indented line starts with the editor's '¦': keepalived reads '¦' as the keyword of each line, so
     * nothing inside the blocks survives: the script has no 'script' (reported at its '}', line 11, as
     * keepalived does) and the instance no virtual_router_id.
     */
    @Test
    void seed001UpyunKeepalived() {
        ParseResult r = parse("seed001-upyun-keepalived");
        for (int line : List.of(9, 10, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31)) {
            assertFalse(messagesAt(r, line).isEmpty(), "line " + line + " is reported: " + r.diagnostics());
        }
        assertReported(r, 11, "no 'script' given");
        assertReported(r, 13, "the virtual router id must be set");
        assertReported(r, 33, "Config files missing '/etc/keepalived/virserver.conf'");
        assertEquals(Optional.of("SLB-SAD"), r.config().globalDefs().routerId());
        assertTrue(r.config().vrrp().instances().isEmpty());
        assertTrue(r.config().vrrp().scripts().isEmpty());
        assertTrue(r.runnable(), "nothing here is fatal");
    }

    @Test
    void seed001UpyunVirserver() {
        ParseResult r = parse("seed001-upyun-virserver");
        for (int line = 3; line <= 15; line++) {
            assertFalse(messagesAt(r, line).isEmpty(), "line " + line + " is reported: " + r.diagnostics());
        }
        assertReported(r, 2, "no real servers");
        assertTrue(r.config().lvs().virtualServers().isEmpty());
    }

    /** A template: {@code sorry_server <IPADDR> <PORT>} is refused, the rest is the article's pool. */
    @Test
    void seed001ExplainedVirtualServer() {
        ParseResult r = parse("seed001-explained-virtual-server");
        assertReported(r, 6, "nat_mask");
        assertReported(r, 10, "sorry_server");
        VirtualServer vs = virtualServer(r.config(), "192.168.0.89", 80);
        assertService(vs, Protocol.TCP, Scheduler.WRR, ForwardingMethod.Kind.DR,
                Optional.of(Duration.ofSeconds(50)), Duration.ofSeconds(6));
        assertEquals(Optional.empty(), vs.sorryServer());
        for (String address : List.of("192.168.0.93", "192.168.0.94")) {
            assertTcp(realServer(vs, address, 80), 1, 80, Duration.ofSeconds(8), 1, Duration.ofSeconds(3));
        }
    }

    /**
     * The scrape glued keywords and prose together. Exactly these lines are reported (keepalived 2.2.7 reports
     * the same lines, see the golden file), and what survives is global_defs without a router_id (its keyword
     * is '定义全局参数router_id') and nothing else: no instance (no virtual_router_id), no virtual server.
     */
    @Test
    void seed003MasterMangled() {
        ParseResult r = parse("seed003-dr-master-mangled");
        assertEquals(new TreeSet<>(List.of(1, 3, 5, 6, 7, 9, 11, 12, 14, 15, 16)), lines(r, d -> true));
        assertReported(r, 1, "Unknown keyword '定义全局参数router_id'");
        assertReported(r, 3, "Unknown keyword '定义VRRP热备实例参数state' (its block is skipped)");
        assertReported(r, 3, "the virtual router id must be set");
        assertReported(r, 5, "Unknown keyword 'virtual' (its block is skipped)");
        assertReported(r, 9, "Unknown keyword 'virtual' (its block is skipped)");
        assertEquals(Optional.empty(), r.config().globalDefs().routerId());
        assertTrue(r.config().vrrp().instances().isEmpty());
        assertTrue(r.config().lvs().virtualServers().isEmpty());
        assertTrue(r.runnable());
    }

    /**
     * Here the words ran together without prose: {@code global_defs {router_id lvs_02} survives (the words after
     * '{' are the next statement); {@code state BACKUPinterface ...} is a bad state with a block; nothing else.
     */
    @Test
    void seed003BackupMangled() {
        ParseResult r = parse("seed003-dr-backup-mangled");
        assertEquals(new TreeSet<>(List.of(3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14)), lines(r, d -> true));
        assertReported(r, 3, "expected MASTER or BACKUP (upper case), got 'BACKUPinterface'");
        assertReported(r, 3, "state takes no block");
        assertReported(r, 3, "the virtual router id must be set");
        assertReported(r, 5, "Unknown keyword 'virtual' (its block is skipped)");
        assertReported(r, 8, "Unknown keyword 'virtual' (its block is skipped)");
        assertEquals(Optional.of("lvs_02"), r.config().globalDefs().routerId());
        assertTrue(r.config().vrrp().instances().isEmpty());
        assertTrue(r.config().lvs().virtualServers().isEmpty());
    }
}
