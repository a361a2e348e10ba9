package io.jkeepalived.check.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jkeepalived.config.ConfigParser;
import io.jkeepalived.config.ParseOptions;
import io.jkeepalived.config.ParseResult;

import io.jkeepalived.config.model.ScriptCommand;
import io.jkeepalived.config.model.lvs.VirtualServer;
import io.jkeepalived.exec.ScriptRequest;
import io.jkeepalived.ipvs.ForwardingMethod;
import io.jkeepalived.ipvs.Ipvs;
import io.jkeepalived.ipvs.RealServerDest;

class PoolSpecsTest {
    private static final Function<ScriptCommand, Optional<ScriptRequest>> SCRIPTS = c -> Optional.of(new ScriptRequest(
            io.jkeepalived.exec.ScriptCommand.of(c.argv().toArray(String[]::new)), Duration.ofSeconds(10)));

    @TempDir
    Path dir;

    private List<VirtualServer> parse(String text) throws IOException {
        Path file = dir.resolve("keepalived.conf");
        Files.writeString(file, text);
        ParseResult result = new ConfigParser(new ParseOptions("jkv-pl")).parse(file);
        assertTrue(result.runnable(), result.diagnostics().toString());
        return result.config().lvs().virtualServers();
    }

    @Test
    void aNatServiceWithSorryServerQuorumAndScripts() throws IOException {
        VirtualServer vs = parse("""
                virtual_server 192.0.2.10 80 {
                    lb_algo rr
                    lb_kind NAT
                    protocol TCP
                    persistence_timeout 50
                    quorum 3
                    hysteresis 1
                    quorum_up "/bin/qup arg"
                    quorum_down /bin/qdown
                    omega
                    sorry_server 192.0.2.99 8080
                    sorry_server_inhibit
                    real_server 10.0.0.1 8080 {
                        weight 3
                        inhibit_on_failure
                        notify_down "/bin/down 10.0.0.1"
                        uthreshold 100
                        TCP_CHECK {
                        }
                    }
                    real_server 10.0.0.2 8081 {
                    }
                }
                """).get(0);
        PoolSpec spec = PoolSpecs.from(vs, SCRIPTS);
        assertEquals("TCP 192.0.2.10:80", spec.service().describe());
        assertEquals("rr", spec.service().scheduler());
        assertTrue(spec.service().isPersistent());
        assertEquals(50, spec.service().timeoutSeconds());
        assertEquals(3, spec.quorum());
        assertEquals(1, spec.hysteresis());
        assertTrue(spec.omega());
        assertEquals(List.of("/bin/qup", "arg"), spec.quorumUp().orElseThrow().command().args());
        assertEquals(List.of("/bin/qdown"), spec.quorumDown().orElseThrow().command().args());

        PoolMember first = spec.members().get(0);
        assertEquals(RealServerDest.of(InetAddress.getByName("10.0.0.1"), 8080, ForwardingMethod.MASQ, 3)
                .withThresholds(100, 0), first.destination());
        assertTrue(first.inhibitOnFailure());
        assertEquals(List.of("/bin/down", "10.0.0.1"), first.notifyDown().orElseThrow().command().args());
        assertTrue(first.notifyUp().isEmpty());
        PoolMember second = spec.members().get(1);
        assertEquals(RealServerDest.of(InetAddress.getByName("10.0.0.2"), 8081, ForwardingMethod.MASQ, 1),
                second.destination());
        assertFalse(second.inhibitOnFailure());

        SorryMember sorry = spec.sorry().orElseThrow();
        assertEquals(RealServerDest.of(InetAddress.getByName("192.0.2.99"), 8080, ForwardingMethod.MASQ, 1),
                sorry.destination());
        assertTrue(sorry.inhibit());
    }

    @Test
    void drTunnelAndFwmarkServices() throws IOException {
        List<VirtualServer> all = parse("""
                virtual_server fwmark 7 {
                    lb_algo sh
                    sh-port
                    ops
                    lb_kind DR
                    real_server 10.0.0.1 80 {
                    }
                }
                virtual_server 192.0.2.10 443 {
                    protocol TCP
                    lb_kind TUN
                    real_server 10.0.0.2 443 {
                        lvs_method TUN type gue port 6080 csum
                    }
                }
                """);
        PoolSpec fwmark = PoolSpecs.from(all.get(0), SCRIPTS);
        assertEquals(7, fwmark.service().fwmark());
        assertEquals(Ipvs.SVC_F_SCHED2 | Ipvs.SVC_F_ONEPACKET, fwmark.service().flags());
        assertEquals(ForwardingMethod.DROUTE, fwmark.members().get(0).destination().method());
        assertEquals(0, fwmark.members().get(0).destination().port(), "DR under fwmark: the parser's port 0");

        RealServerDest tun = PoolSpecs.from(all.get(1), SCRIPTS).members().get(0).destination();
        assertEquals(ForwardingMethod.TUNNEL, tun.method());
        assertEquals(io.jkeepalived.ipvs.TunnelType.GUE, tun.tunnelType());
        assertEquals(6080, tun.tunnelPort());
        assertEquals(Ipvs.TUNNEL_ENCAP_FLAG_CSUM, tun.tunnelFlags());
    }

    @Test
    void aGroupsRangesCountTheLastByteOrGroupAndItsFwmarksTakeTheirFamily() throws IOException {
        Path file = dir.resolve("group.conf");
        Files.writeString(file, """
                virtual_server_group web6 {
                    2001:db8::fe-101 443
                    fwmark 9 inet6
                }
                virtual_server group web6 {
                    protocol TCP
                    persistence_timeout 30
                    persistence_granularity 64
                    real_server 2001:db8:1::1 443 {
                    }
                }
                """);
        ParseResult result = new ConfigParser(new ParseOptions("jkv-vo")).parse(file);
        assertTrue(result.runnable(), result.diagnostics().toString());
        VirtualServer vs = result.config().lvs().virtualServers().get(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PoolSpecs.from(vs, SCRIPTS));
        assertEquals("virtual_server_group web6 is not defined", e.getMessage());
        PoolSpec spec = PoolSpecs.from(vs, result.config().lvs().groups(), SCRIPTS);
        assertEquals(List.of("TCP [2001:db8::fe]:443", "TCP [2001:db8::ff]:443", "TCP [2001:db8::100]:443",
                "TCP [2001:db8::101]:443", "FWM 9 IPv6"),
                spec.services().stream().map(io.jkeepalived.ipvs.VirtualService::describe).toList());
        for (io.jkeepalived.ipvs.VirtualService service : spec.services()) {
            assertEquals(30, service.timeoutSeconds());
            // keepalived 2.2.7 programs a group's services with the full mask, whatever the granularity
            assertEquals(128, service.netmask(), service.describe());
        }
    }

    @Test
    void aRangeAcrossTheLastByteIsCountedInFullAndAHugeOneIsRefused() throws IOException {
        Path file = dir.resolve("ranges.conf");
        Files.writeString(file, """
                virtual_server_group wide {
                    192.0.2.254-192.0.3.1 80
                    198.51.100.8/30 80
                }
                virtual_server_group huge {
                    10.0.0.0/16 80
                }
                virtual_server group wide {
                    protocol TCP
                    real_server 10.0.0.1 80 {
                    }
                }
                virtual_server group huge {
                    protocol TCP
                    real_server 10.0.0.1 80 {
                    }
                }
                """);
        ParseResult result = new ConfigParser(new ParseOptions("jkv-vo")).parse(file);
        assertTrue(result.runnable(), result.diagnostics().toString());
        List<VirtualServer> servers = result.config().lvs().virtualServers();
        PoolSpec wide = PoolSpecs.from(servers.get(0), result.config().lvs().groups(), SCRIPTS);
        assertEquals(List.of("TCP 192.0.2.254:80", "TCP 192.0.2.255:80", "TCP 192.0.3.0:80", "TCP 192.0.3.1:80",
                "TCP 198.51.100.8:80", "TCP 198.51.100.9:80", "TCP 198.51.100.10:80", "TCP 198.51.100.11:80"),
                wide.services().stream().map(io.jkeepalived.ipvs.VirtualService::describe).toList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PoolSpecs.from(servers.get(1), result.config().lvs().groups(), SCRIPTS));
        assertEquals("address range 10.0.0.0-10.0.255.255 holds 65536 addresses; at most 4096 IPVS services are"
                + " made from one range", e.getMessage());
    }
}
