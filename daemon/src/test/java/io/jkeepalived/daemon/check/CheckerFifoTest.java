package io.jkeepalived.daemon.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.check.HealthChecker;
import io.jkeepalived.config.ConfigParser;
import io.jkeepalived.config.ParseOptions;
import io.jkeepalived.config.ParseResult;
import io.jkeepalived.config.model.LvsConfig;
import io.jkeepalived.config.model.lvs.VirtualServer;
import io.jkeepalived.exec.ScriptAdmission;
import io.jkeepalived.fifo.NotifyFifos;
import io.jkeepalived.libc.Libc;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lvs_notify_fifo on the checker side: real TCP checks on 127.0.0.1, an in-memory IPVS table, a real FIFO. */
class CheckerFifoTest {
    @TempDir
    Path dir;

    private LvsConfig parse(String text) throws IOException {
        Path file = dir.resolve("keepalived.conf");
        Files.writeString(file, text);
        ParseResult result = new ConfigParser(new ParseOptions("jkv-ff")).parse(file);
        assertTrue(result.runnable(), result.diagnostics().toString());
        return result.config().lvs();
    }

    @Test
    void keepalivedsServiceAndServerTexts() throws Exception {
        LvsConfig lvs = parse("""
                virtual_server_group web {
                    10.0.0.5 80
                }
                virtual_server 10.0.0.1 80 {
                    protocol TCP
                    real_server 192.168.1.2 8080 {
                    }
                }
                virtual_server 2001:db8:0:0:0:0:0:1 53 {
                    real_server 2001:db8:0:0:0:0:0:2 53 {
                    }
                }
                virtual_server fwmark 7 {
                    real_server 192.168.1.3 80 {
                    }
                }
                virtual_server group web {
                    protocol TCP
                    real_server 192.168.1.4 80 {
                    }
                }
                """);
        List<VirtualServer> all = lvs.virtualServers();
        CheckerService.FifoEvents.Names ip = CheckerService.FifoEvents.names(all.get(0));
        assertEquals("[10.0.0.1]:tcp:80", ip.service());
        assertEquals(List.of("[192.168.1.2]:tcp:8080"), ip.servers());
        CheckerService.FifoEvents.Names v6 = CheckerService.FifoEvents.names(all.get(1));
        assertEquals("[2001:db8::1]:udp:53", v6.service(), "no protocol: keepalived sets UDP");
        assertEquals(List.of("[2001:db8::2]:udp:53"), v6.servers());
        CheckerService.FifoEvents.Names fwm = CheckerService.FifoEvents.names(all.get(2));
        assertEquals("FWM 7", fwm.service());
        assertEquals(List.of("[192.168.1.3]:none:80"), fwm.servers());
        assertEquals("[web]:0", CheckerService.FifoEvents.names(all.get(3)).service());
    }

    @Test
    void realServerAndQuorumLinesReachTheFifo() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        Path fifo = dir.resolve("lvs.fifo");
        NotifyFifos fifos = NotifyFifos.open(List.of(new NotifyFifos.Spec("lvs_", fifo.toString(), Optional.empty(),
                        Optional.empty())), ScriptAdmission.forThisProcess(false, Optional.empty(), Optional.empty()),
                (argv, user, group, timeout) -> { }, Libc.get());
        List<String> lines = new CopyOnWriteArrayList<>();
        BufferedReader in = Files.newBufferedReader(fifo);
        Thread reader = new Thread(() -> {
            try (in) {
                String l;
                while ((l = in.readLine()) != null) {
                    lines.add(l);
                }
            } catch (IOException e) {
                lines.add("error " + e);
            }
        });
        reader.start();
        ServerSocket live = new ServerSocket(0, 50, lo);
        int livePort = live.getLocalPort();
        int deadPort;
        try (ServerSocket closed = new ServerSocket(0, 50, lo)) {
            deadPort = closed.getLocalPort();
        }
        LvsConfig lvs = parse("""
                virtual_server 127.0.0.1 80 {
                    protocol TCP
                    delay_loop 1
                    omega
                    real_server 127.0.0.1 %d {
                        TCP_CHECK {
                            connect_timeout 1
                        }
                    }
                    real_server 127.0.0.1 %d {
                        TCP_CHECK {
                            connect_timeout 1
                        }
                    }
                }
                """.formatted(livePort, deadPort));
        CheckerServiceTest.MapKernel kernel = new CheckerServiceTest.MapKernel();
        Optional<CheckerService> service = CheckerService.start(lvs,
                ScriptAdmission.forThisProcess(false, Optional.empty(), Optional.empty()), CheckerService.Flush.NONE,
                () -> new CheckerService.OpenedIpvs(kernel, () -> { }), () -> new CheckerServiceTest.FakeAddresses(
                        java.util.Set.of()), HealthChecker.Options.DEFAULT.withBootstrapDelay(Duration.ofMillis(50)),
                fifos);
        assertTrue(service.isPresent());
        String vs = "[127.0.0.1]:tcp:80";
        String dead = "RS [127.0.0.1]:tcp:" + deadPort + " " + vs + " DOWN";
        await(lines, List.of(dead));
        live.close();
        String liveDown = "RS [127.0.0.1]:tcp:" + livePort + " " + vs + " DOWN";
        await(lines, List.of(dead, liveDown, "VS " + vs + " DOWN"));
        try (ServerSocket again = new ServerSocket(livePort, 50, lo)) {
            await(lines, List.of(dead, liveDown, "VS " + vs + " DOWN",
                    "RS [127.0.0.1]:tcp:" + livePort + " " + vs + " UP", "VS " + vs + " UP"));
            // omega: at stop the live one and the quorum go down.
            service.get().close();
        }
        fifos.close();
        reader.join(5000);
        assertEquals(List.of(dead, liveDown, "VS " + vs + " DOWN", "RS [127.0.0.1]:tcp:" + livePort + " " + vs + " UP",
                "VS " + vs + " UP", "RS [127.0.0.1]:tcp:" + livePort + " " + vs + " DOWN", "VS " + vs + " DOWN"),
                lines);
    }

    private static void await(List<String> lines, List<String> expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!lines.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(expected, lines);
    }
}
