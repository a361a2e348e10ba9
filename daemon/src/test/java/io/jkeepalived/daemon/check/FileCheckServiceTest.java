package io.jkeepalived.daemon.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.check.CheckerKind;
import io.jkeepalived.check.CheckerStatus;
import io.jkeepalived.check.HealthChecker;
import io.jkeepalived.config.ConfigParser;
import io.jkeepalived.config.ParseOptions;
import io.jkeepalived.config.ParseResult;
import io.jkeepalived.config.model.KeepalivedConfig;
import io.jkeepalived.config.model.LvsFlushOnStop;
import io.jkeepalived.exec.ScriptAdmission;
import io.jkeepalived.fifo.NotifyFifos;
import io.jkeepalived.ipvs.ForwardingMethod;
import io.jkeepalived.ipvs.RealServerDest;
import io.jkeepalived.ipvs.VirtualService;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FILE_CHECK through the daemon's checker service: track_files of the configuration written and rewritten by the
 * test, the in-memory IPVS table following them (weights, inhibit_on_failure, removal), and a reload that reads
 * the files afresh while keeping the real servers. keepalived's checker cannot run on this host (no IPVS): the
 * verdicts are those of its 2.2.7 source (track_file.c, check_file.c, ipwrapper.c).
 */
class FileCheckServiceTest {
    @TempDir
    Path dir;

    private KeepalivedConfig parse(String text) throws IOException {
        Path file = dir.resolve("keepalived.conf");
        Files.writeString(file, text);
        ParseResult result = new ConfigParser(new ParseOptions("jkv-fc")).parse(file);
        assertTrue(result.runnable(), result.diagnostics().toString());
        return result.config();
    }

    private String config(Path load, Path maint, int loadWeight) {
        return """
                track_file load {
                    file %s
                    weight %d
                    init_file 4
                }
                track_file maint {
                    file %s
                    weight 0
                }
                virtual_server 127.0.0.1 80 {
                    protocol TCP
                    real_server 127.0.0.1 8001 {
                        weight 5
                        FILE_CHECK {
                            track_file load
                        }
                    }
                    real_server 127.0.0.1 8002 {
                        inhibit_on_failure
                        FILE_CHECK {
                            track_file maint
                        }
                    }
                    real_server 127.0.0.1 8003 {
                        FILE_CHECK {
                            track_file maint
                        }
                    }
                }
                """.formatted(load, loadWeight, maint);
    }

    private static void awaitTable(CheckerServiceTest.MapKernel kernel,
                                   Map<VirtualService.ServiceKey, List<RealServerDest>> expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!kernel.snapshot().equals(expected)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("table " + kernel.snapshot() + ", expected " + expected);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void theTableFollowsTheFilesAndAReloadReadsThemAfreshKeepingTheRealServers() throws Exception {
        Path load = dir.resolve("load");
        Path maint = dir.resolve("maint");
        Files.writeString(maint, "0\n");
        KeepalivedConfig first = parse(config(load, maint, 1));
        CheckerServiceTest.MapKernel kernel = new CheckerServiceTest.MapKernel();
        ScriptAdmission admission = ScriptAdmission.forThisProcess(false, Optional.empty(), Optional.empty());
        Optional<CheckerService> service = CheckerService.start(first.lvs(), first.vrrp().trackFiles(), admission,
                CheckerService.Flush.NONE, () -> new CheckerService.OpenedIpvs(kernel, () -> { }),
                HealthChecker.Options.DEFAULT.withBootstrapDelay(Duration.ofMillis(50)), NotifyFifos.none(), null);
        assertTrue(service.isPresent());
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        VirtualService.ServiceKey key = VirtualService.of(lo, 6, 80, "wlc").key();
        try {
            assertEquals("4\n", Files.readString(load), "init_file in the checker side too");
            // From the start: 8001 at 5 + 4 x 1, the others in at their weight (maint holds 0).
            awaitTable(kernel, Map.of(key, List.of(dest(lo, 8001, 9), dest(lo, 8002, 1), dest(lo, 8003, 1))));

            Files.writeString(maint, "1\n");
            // weight 0: non-zero is FAULT; inhibit_on_failure keeps 8002 at weight 0, 8003 leaves.
            awaitTable(kernel, Map.of(key, List.of(dest(lo, 8001, 9), dest(lo, 8002, 0))));
            Files.writeString(load, "-20\n");
            awaitTable(kernel, Map.of(key, List.of(dest(lo, 8001, 0), dest(lo, 8002, 0))));
            Files.writeString(maint, "0\n");
            awaitTable(kernel, Map.of(key, List.of(dest(lo, 8001, 0), dest(lo, 8002, 1), dest(lo, 8003, 1))));
            Files.writeString(load, "2\n");
            awaitTable(kernel, Map.of(key, List.of(dest(lo, 8001, 7), dest(lo, 8002, 1), dest(lo, 8003, 1))));

            List<CheckerService.VirtualServerStatus> status = service.get().status(Duration.ofSeconds(5));
            CheckerStatus file = status.get(0).checkers().get(0).get(0);
            assertEquals(CheckerKind.FILE_CHECK, file.kind());
            assertEquals("track_file load (" + load + ") weight 1", file.target());
            assertTrue(file.up());
            assertEquals("holds 2", file.last().orElseThrow().detail());

            // The same configuration again keeps every real server, and the new watcher follows the files.
            Files.writeString(load, "3\n");
            awaitTable(kernel, Map.of(key, List.of(dest(lo, 8001, 8), dest(lo, 8002, 1), dest(lo, 8003, 1))));
            KeepalivedConfig same = parse(config(load, maint, 1));
            assertEquals(new CheckerService.ReloadSummary(1, 0, 0, 3, 0, 0, 0), service.get().reload(same.lvs(),
                    same.vrrp().trackFiles(), admission, LvsFlushOnStop.NONE));
            assertEquals("3\n", Files.readString(load), "init_file does not overwrite");
            Files.writeString(maint, "7\n");
            awaitTable(kernel, Map.of(key, List.of(dest(lo, 8001, 8), dest(lo, 8002, 0))));

            // A new default weight on the track_file: 8001's FILE_CHECK changed, so it restarts at 5 + 3 x 2.
            KeepalivedConfig doubled = parse(config(load, maint, 2));
            assertEquals(new CheckerService.ReloadSummary(1, 0, 0, 2, 1, 0, 0), service.get().reload(
                    doubled.lvs(), doubled.vrrp().trackFiles(), admission, LvsFlushOnStop.NONE));
            awaitTable(kernel, Map.of(key, List.of(dest(lo, 8001, 11), dest(lo, 8002, 0))));
            Files.writeString(maint, "0\n");
            awaitTable(kernel, Map.of(key, List.of(dest(lo, 8001, 11), dest(lo, 8002, 1), dest(lo, 8003, 1))));
        } finally {
            service.get().close();
        }
    }

    private static RealServerDest dest(InetAddress lo, int port, int weight) {
        return RealServerDest.of(lo, port, ForwardingMethod.MASQ, weight);
    }
}
