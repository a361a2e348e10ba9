package io.jkeepalived.config.lvs;

import static io.jkeepalived.config.lvs.Lvs.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.config.model.lvs.CheckerSettings;
import io.jkeepalived.config.model.lvs.Connection;
import io.jkeepalived.config.model.lvs.ForwardingMethod;
import io.jkeepalived.config.model.lvs.HttpCheck;
import io.jkeepalived.config.model.lvs.HttpUrl;
import io.jkeepalived.config.model.lvs.IpFamily;
import io.jkeepalived.config.model.lvs.Protocol;
import io.jkeepalived.config.model.lvs.RealServer;
import io.jkeepalived.config.model.lvs.Scheduler;
import io.jkeepalived.config.model.lvs.SorryServer;
import io.jkeepalived.config.model.lvs.TcpCheck;
import io.jkeepalived.config.model.lvs.VirtualServer;
import io.jkeepalived.config.model.lvs.VirtualServerId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The LVS parts of the seed articles (src/test/resources/lvs-seeds, copied verbatim with a provenance line),
 * bound to the model each article means. Every file was also checked with Debian's keepalived 2.2.7:
 * {@code keepalived -t -l -f FILE}; its report is quoted on each test, and ours says the same things in our own
 * words (plus warnings about ignored extra words, which keepalived drops silently).
 */
class LvsSeedsTest {

    static Lvs seed(String name) {
        try (InputStream in = LvsSeedsTest.class.getResourceAsStream("/lvs-seeds/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Lvs.read(Path.of(name), text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Duration s(long seconds) {
        return Duration.ofSeconds(seconds);
    }

    private static void assertTcpPool(VirtualServer vs, String vip, int port, Duration delayLoop, ForwardingMethod method,
                                      List<String> reals) {
        assertEquals(new VirtualServerId.Ip(ip(vip), port), vs.id());
        assertEquals(Optional.of(IpFamily.INET), vs.family());
        assertEquals(Optional.of(Protocol.TCP), vs.protocol());
        assertEquals(Scheduler.RR, vs.scheduler());
        assertEquals(method, vs.forwardingMethod());
        assertEquals(delayLoop, vs.checkDefaults().delayLoop());
        assertEquals(Optional.empty(), vs.persistenceTimeout());
        assertEquals(1, vs.quorum());
        assertEquals(0, vs.hysteresis());
        assertEquals(reals.size(), vs.realServers().size());
        for (int i = 0; i < reals.size(); i++) {
            RealServer rs = vs.realServers().get(i);
            assertEquals(ip(reals.get(i)), rs.address());
            assertEquals(port, rs.port());
            assertEquals(1, rs.weight());
            assertEquals(method, rs.forwardingMethod());
            assertFalse(rs.inhibitOnFailure());
            assertEquals(1, rs.checkers().size());
        }
    }

    /** The reader's warning for a ';' comment, which keepalived does not have. */
    static final String SEMICOLON = "';' does not start a comment for keepalived (it reads the rest of the line as"
            + " configuration); jkeepalived ignores it as a comment - use '#' or '!'";
    static final String SLASHES = "'//' does not start a comment for keepalived (it reads the rest of the line as"
            + " configuration); jkeepalived ignores it as a comment - use '#' or '!'";

    /**
     * keepalived 2.2.7 said: Line 3, 5, 7, 9, 12 "Unknown keyword ';'"; Line 23 and 36 "nb_get_retry is
     * deprecated - please use 'retry'"; exit 5. The reader reads the ';' lines as the comments the article meant,
     * warning on each. The article: an rr/DR web pool, health by GET /index.html expecting 200, and the
     * director's own port 80 as sorry server.
     */
    @Test
    void seed000MasterIsAnHttpDrPoolWithALocalSorryServer() {
        Lvs lvs = seed("seed000-master.conf").assertProblems(
                "seed000-master.conf:3: " + SEMICOLON,
                "seed000-master.conf:5: " + SEMICOLON,
                "seed000-master.conf:7: " + SEMICOLON,
                "seed000-master.conf:9: " + SEMICOLON,
                "seed000-master.conf:12: " + SEMICOLON,
                "seed000-master.conf:23: nb_get_retry: deprecated; read as 'retry', as keepalived does; use 'retry'",
                "seed000-master.conf:36: nb_get_retry: deprecated; read as 'retry', as keepalived does; use 'retry'");
        VirtualServer vs = lvs.vs();
        assertTcpPool(vs, "192.168.11.100", 80, s(3), ForwardingMethod.DR, List.of("192.168.12.121", "192.168.12.122"));
        assertEquals(Optional.of(new SorryServer(ip("127.0.0.1"), 80, ForwardingMethod.DR, false)), vs.sorryServer());
        for (RealServer rs : vs.realServers()) {
            HttpCheck http = assertInstanceOf(HttpCheck.class, rs.checkers().get(0));
            assertFalse(http.tls());
            assertEquals(List.of(new HttpUrl("/index.html", Optional.empty(), List.of(new HttpUrl.StatusRange(200, 200)),
                    Optional.empty(), Optional.empty())), http.urls());
            // retry 3 from nb_get_retry; delay_loop and warmup from the virtual server's delay_loop 3.
            assertEquals(new CheckerSettings(s(3), 3, s(3), s(3), false, false), http.settings());
            assertEquals(new Connection(rs.address(), 80, Optional.empty(), 0, Optional.empty(), s(3), 0),
                    http.connection());
            assertEquals(HttpCheck.HttpProtocol.HTTP_1_0, http.protocol());
        }
        assertFalse(vs.smtpAlert());
        assertTrue(vs.realServers().get(0).smtpAlert(), "keepalived mails about real servers by default");
    }

    /** keepalived 2.2.7 said: Line 18 and 31 "nb_get_retry is deprecated - please use 'retry'"; exit 5. */
    @Test
    void seed000BackupDiffersOnlyInDelayLoop() {
        Lvs lvs = seed("seed000-backup.conf").assertProblems(
                "seed000-backup.conf:18: nb_get_retry: deprecated; read as 'retry', as keepalived does; use 'retry'",
                "seed000-backup.conf:31: nb_get_retry: deprecated; read as 'retry', as keepalived does; use 'retry'");
        VirtualServer vs = lvs.vs();
        assertTcpPool(vs, "192.168.11.100", 80, s(6), ForwardingMethod.DR, List.of("192.168.12.121", "192.168.12.122"));
        HttpCheck http = (HttpCheck) vs.realServers().get(1).checkers().get(0);
        assertEquals(new CheckerSettings(s(6), 3, s(3), s(6), false, false), http.settings());
        Lvs master = seed("seed000-master.conf");
        assertEquals(master.vs().sorryServer(), vs.sorryServer());
    }

    /**
     * keepalived 2.2.7 said: Line 2 "Unknown keyword '//vip'"; Line 5 "Invalid tunnel option // for virtual
     * server." (DR is applied all the same); Line 14 and 24 "Unknown keyword 'nb_get_retry'"; exit 5. So the
     * article's "nb_get_retry 3" does nothing in TCP_CHECK: retry stays 1. The reader reads every "//" word as
     * the comment the article meant, warning on each of those lines.
     */
    @Test
    void seed001MasterWithSlashCommentsIsATcpDrPoolWhoseNbGetRetryIsIgnored() {
        Lvs lvs = seed("seed001-master.conf").assertProblems(
                "seed001-master.conf:2: " + SLASHES,
                "seed001-master.conf:4: " + SLASHES,
                "seed001-master.conf:5: " + SLASHES,
                "seed001-master.conf:12: " + SLASHES,
                "seed001-master.conf:14: nb_get_retry: not a TCP_CHECK keyword: keepalived ignores it here (only"
                        + " HTTP_GET and SSL_GET take it), so it is ignored and retry is unchanged; use 'retry'",
                "seed001-master.conf:24: nb_get_retry: not a TCP_CHECK keyword: keepalived ignores it here (only"
                        + " HTTP_GET and SSL_GET take it), so it is ignored and retry is unchanged; use 'retry'");
        VirtualServer vs = lvs.vs();
        assertTcpPool(vs, "10.0.5.96", 8888, s(3), ForwardingMethod.DR, List.of("10.0.5.91", "10.0.5.92"));
        for (RealServer rs : vs.realServers()) {
            TcpCheck tcp = assertInstanceOf(TcpCheck.class, rs.checkers().get(0));
            assertEquals(new CheckerSettings(s(3), 1, s(3), s(3), false, false), tcp.settings());
            assertEquals(new Connection(rs.address(), 8888, Optional.empty(), 0, Optional.empty(), s(3), 0),
                    tcp.connection());
        }
        assertEquals(Optional.empty(), vs.sorryServer());
    }

    /** keepalived 2.2.7 said: Line 13 and 23 "Unknown keyword 'nb_get_retry'"; exit 5. */
    @Test
    void seed001DualMasterSecondVip() {
        Lvs lvs = seed("seed001-dual-vip2.conf");
        assertEquals(2, lvs.diagnostics.size());
        assertEquals("seed001-dual-vip2.conf:13", lvs.diagnostics.get(0).location().toString());
        assertEquals("seed001-dual-vip2.conf:23", lvs.diagnostics.get(1).location().toString());
        assertTcpPool(lvs.vs(), "10.0.5.97", 8888, s(3), ForwardingMethod.DR, List.of("10.0.5.91", "10.0.5.92"));
    }

    /**
     * The sorry_server snippet as the article prints it has no real servers. keepalived 2.2.7 said "Virtual
     * server [192.168.100.10]:tcp:8888 has no real servers - ignoring"; exit 5.
     */
    @Test
    void seed001SorrySnippetWithoutRealServersIsDropped() {
        Lvs lvs = seed("seed001-sorry.conf").assertProblems(
                "seed001-sorry.conf:2: error: virtual_server 192.168.100.10 8888: no real servers; virtual server"
                        + " ignored");
        assertEquals(List.of(), lvs.config.virtualServers());
    }

    /** The same snippet completed with the article's real servers: the sorry server is 127.0.0.1:8888 by DR. */
    @Test
    void seed001SorryServerOnTheDirector() {
        Lvs lvs = Lvs.bind("""
                virtual_server 192.168.100.10 8888 {
                        delay_loop 6
                        lb_algo wrr
                        lb_kind DR
                        protocol TCP

                        sorry_server 127.0.0.1 8888
                    real_server 10.0.5.91 8888 {
                        weight 1
                        TCP_CHECK {
                            connect_port 8888
                            connect_timeout 3
                            delay_before_retry 3
                        }
                    }
                }
                """).assertClean();
        VirtualServer vs = lvs.vs();
        assertEquals(Scheduler.WRR, vs.scheduler());
        assertEquals(Optional.of(new SorryServer(ip("127.0.0.1"), 8888, ForwardingMethod.DR, false)), vs.sorryServer());
    }

    /**
     * The article's annotated reference configuration. keepalived 2.2.7 said: Line 6 "Unknown keyword
     * 'nat_mask'"; Line 10 "invalid number '<PORT>'" and "Invalid sorry server IP address <IPADDR> - skipping";
     * Line 15 "Unknown keyword 'nb_get_retry'"; exit 5.
     */
    @Test
    void seed001ReferenceConfiguration() {
        Lvs lvs = seed("seed001-reference.conf").assertProblems(
                "seed001-reference.conf:6: nat_mask: obsolete, no effect (keepalived 2.2.7 reports it as an unknown"
                        + " keyword); ignored",
                "seed001-reference.conf:10: error: sorry_server: expected an IPv4 or IPv6 address, got '<IPADDR>'; no"
                        + " sorry server",
                "seed001-reference.conf:15: nb_get_retry: not a TCP_CHECK keyword: keepalived ignores it here (only"
                        + " HTTP_GET and SSL_GET take it), so it is ignored and retry is unchanged; use 'retry'");
        VirtualServer vs = lvs.vs();
        assertEquals(Scheduler.WRR, vs.scheduler());
        assertEquals(Optional.of(Duration.ofSeconds(50)), vs.persistenceTimeout());
        assertEquals(Optional.empty(), vs.sorryServer());
        TcpCheck tcp = (TcpCheck) lvs.rs().checkers().get(0);
        assertEquals(new CheckerSettings(s(6), 1, s(3), s(6), false, false), tcp.settings());
        assertEquals(80, tcp.connection().port());
        assertEquals(s(8), tcp.connection().timeout());
    }

    /**
     * Connection options written straight under real_server are not real-server keywords. keepalived 2.2.7 said:
     * Line 10 "Unknown keyword 'connect_port'"; Line 12 "Unknown keyword 'nb_get_retry'"; exit 5. connect_timeout
     * and delay_before_retry are real-server keywords; with no checker the real server is simply always up.
     */
    @Test
    void seed001UdpPoolWithoutChecker() {
        Lvs lvs = seed("seed001-udp.conf").assertProblems(
                "seed001-udp.conf:10: Unknown keyword 'connect_port'",
                "seed001-udp.conf:12: Unknown keyword 'nb_get_retry'");
        VirtualServer vs = lvs.vs();
        assertEquals(Optional.of(Protocol.UDP), vs.protocol());
        assertEquals(Scheduler.WRR, vs.scheduler());
        RealServer rs = lvs.rs();
        assertEquals(List.of(), rs.checkers());
        assertEquals(s(5), rs.checkDefaults().connectTimeout());
        assertEquals(Optional.of(s(1)), rs.checkDefaults().delayBeforeRetry());
        assertEquals(s(2), rs.checkDefaults().delayLoop());
    }

    /**
     * keepalived 2.2.7 said: Line 6 "Unknown keyword 'nat_mask'"; Line 13 and 23 "Unknown keyword
     * 'nb_get_retry'"; exit 5.
     */
    @Test
    void seed002DrPoolWithNatMaskAndTcpCheck() {
        Lvs lvs = seed("seed002-dr.conf").assertProblems(
                "seed002-dr.conf:6: nat_mask: obsolete, no effect (keepalived 2.2.7 reports it as an unknown keyword);"
                        + " ignored",
                "seed002-dr.conf:13: nb_get_retry: not a TCP_CHECK keyword: keepalived ignores it here (only HTTP_GET"
                        + " and SSL_GET take it), so it is ignored and retry is unchanged; use 'retry'",
                "seed002-dr.conf:23: nb_get_retry: not a TCP_CHECK keyword: keepalived ignores it here (only HTTP_GET"
                        + " and SSL_GET take it), so it is ignored and retry is unchanged; use 'retry'");
        VirtualServer vs = lvs.vs();
        assertTcpPool(vs, "192.168.1.200", 8099, s(6), ForwardingMethod.DR, List.of("192.168.1.67", "192.168.1.68"));
        for (RealServer rs : vs.realServers()) {
            TcpCheck tcp = (TcpCheck) rs.checkers().get(0);
            // Failover timing: a dead server is noticed after 1 + retry(1) attempts, 3 s apart, each up to 3 s.
            assertEquals(new CheckerSettings(s(6), 1, s(3), s(6), false, false), tcp.settings());
            assertEquals(8099, tcp.connection().port());
            assertEquals(s(3), tcp.connection().timeout());
        }
    }

    /** keepalived 2.2.7 said: Line 12 and 22 "Unknown keyword 'nb_get_retry'"; exit 5. */
    @Test
    void seed002NatPool() {
        Lvs lvs = seed("seed002-nat.conf");
        assertEquals(2, lvs.diagnostics.size());
        VirtualServer vs = lvs.vs();
        assertTcpPool(vs, "172.20.10.200", 8099, s(6), ForwardingMethod.NAT, List.of("192.168.1.67", "192.168.1.68"));
    }
}
