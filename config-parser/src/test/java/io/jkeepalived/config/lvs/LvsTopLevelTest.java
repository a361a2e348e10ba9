package io.jkeepalived.config.lvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.config.Diagnostic;
import io.jkeepalived.config.Diagnostics;
import io.jkeepalived.config.bind.ConfigBinder;
import io.jkeepalived.config.dump.CanonicalWriter;
import io.jkeepalived.config.model.KeepalivedConfig;
import io.jkeepalived.config.model.lvs.Protocol;
import io.jkeepalived.config.model.lvs.SslClientConfig;
import io.jkeepalived.config.model.lvs.VirtualServer;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Top-level LVS keywords, whole-configuration cross-checks, and the LVS part of the canonical dump. */
class LvsTopLevelTest {

    /**
     * keepalived 2.2.7 with -t accepted two identical "virtual_server 10.0.0.1 80" blocks without a word; at run
     * time the second IPVS add of the same service fails. We refuse the second definition instead (documented).
     */
    @Test
    void duplicateVirtualServers() {
        Lvs lvs = Lvs.bind("""
                virtual_server 192.0.2.1 80 {
                    protocol TCP
                    lvs_sched rr
                    lvs_method DR
                    real_server 192.0.2.2 80 {
                    }
                }
                virtual_server 192.0.2.1 80 {
                    protocol tcp
                    lvs_sched wrr
                    lvs_method DR
                    real_server 192.0.2.3 80 {
                    }
                }
                virtual_server 192.0.2.1 80 {
                    protocol UDP
                    lvs_sched rr
                    lvs_method DR
                    real_server 192.0.2.3 80 {
                    }
                }
                virtual_server fwmark 1 {
                    lvs_sched rr
                    lvs_method DR
                    real_server 192.0.2.3 {
                    }
                }
                virtual_server fwmark 1 {
                    lvs_sched rr
                    lvs_method DR
                    real_server 192.0.2.4 {
                    }
                }
                """).assertProblems(
                "test.conf:8: error: virtual_server 192.0.2.1 80 (TCP) is already defined at test.conf:1; this one is"
                        + " ignored",
                "test.conf:28: error: virtual_server fwmark 1 is already defined at test.conf:22; this one is ignored");
        assertEquals(List.of(Optional.of(Protocol.TCP), Optional.of(Protocol.UDP), Optional.empty()),
                lvs.config.virtualServers().stream().map(VirtualServer::protocol).toList(),
                "the same address with another protocol is another service");
    }

    /**
     * keepalived 2.2.7 with -t: "Virtual server [10.0.0.12]:none:80 has no real servers - ignoring"; a virtual
     * server whose only real server is of the other family loses it first, then itself.
     */
    @Test
    void virtualServersWithoutRealServersAreDropped() {
        Lvs lvs = Lvs.bind("""
                virtual_server 192.0.2.1 80 {
                    protocol TCP
                }
                virtual_server 192.0.2.2 80 {
                    protocol TCP
                    real_server 2001:db8::1 80 {
                    }
                }
                """).assertProblems(
                "test.conf:6: error: real_server 2001:db8::1 80: its address family differs from the virtual server's"
                        + " (only tunnelled servers may differ); real server ignored",
                "test.conf:1: error: virtual_server 192.0.2.1 80: no real servers; virtual server ignored",
                "test.conf:4: error: virtual_server 192.0.2.2 80: no real servers; virtual server ignored");
        assertEquals(List.of(), lvs.config.virtualServers());
    }

    @Test
    void sslBlock() {
        Lvs lvs = Lvs.bind("""
                SSL {
                    password pw
                    ca /etc/ca.pem
                }
                SSL {
                    certificate /etc/cert.pem
                    key /etc/key.pem
                    key /etc/key2.pem
                    cipher X
                    password
                }
                """).assertProblems(
                "test.conf:5: SSL: a second SSL block replaces the first",
                "test.conf:8: key: set twice; the last one is used",
                "test.conf:9: Unknown keyword 'cipher'",
                "test.conf:10: error: password: missing a password");
        assertEquals(Optional.of(new SslClientConfig(Optional.empty(), Optional.empty(), Optional.of("/etc/cert.pem"),
                Optional.of("/etc/key2.pem"))), lvs.config.ssl());
    }

    static List<String> problems(Diagnostics diagnostics) {
        return diagnostics.all().stream().map(Diagnostic::toString).collect(Collectors.toList());
    }

    /** Through the real top-level dispatcher: the LVS keywords reach the LVS binder, checker-side extras warn. */
    @Test
    void configBinderDispatchesTheCheckerSide() {
        Diagnostics diagnostics = new Diagnostics();
        KeepalivedConfig config = new ConfigBinder(diagnostics).bind(ConfText.parse("""
                bfd_instance b1 {
                    neighbor_ip 192.0.2.9
                }
                track_file load {
                    file /run/load
                }
                virtual_server_group g {
                    192.0.2.1 80
                }
                virtual_server group g {
                    protocol TCP
                    lvs_sched rr
                    lvs_method DR
                    real_server 192.0.2.2 80 {
                    }
                }
                """));
        List<String> problems = problems(diagnostics);
        assertTrue(problems.contains("test.conf:1: bfd_instance: not supported by jkeepalived; ignored (its block is"
                + " skipped)"), problems::toString);
        // track_file is shared with the VRRP side, whose binder is asked first; whichever takes it, it is known.
        assertTrue(problems.stream().noneMatch(p -> p.startsWith("test.conf:4: Unknown")), problems::toString);
        assertEquals(1, config.lvs().virtualServers().size());
        assertEquals(1, config.lvs().groups().size());
    }

    @Test
    void canonicalWriterWritesTheLvsPart() {
        Diagnostics diagnostics = new Diagnostics();
        KeepalivedConfig config = new ConfigBinder(diagnostics).bind(ConfText.parse(
                LvsRoundTripTest.EVERYTHING));
        String dump = new CanonicalWriter().write(config);
        assertTrue(dump.contains(LvsRoundTripTest.write(config.lvs())), dump);
        // global_defs comes first (GlobalDefsWriter), then the checker side, separated by a blank line
        assertTrue(dump.startsWith("global_defs {\n"), dump);
        assertTrue(dump.contains("}\n\nSSL {\n"), dump);
    }
}
