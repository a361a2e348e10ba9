package io.jkeepalived.daemon;

import io.jkeepalived.daemon.check.CheckerService;
import io.jkeepalived.daemon.lifecycle.Startup;
import io.jkeepalived.daemon.log.LogSettings;
import io.jkeepalived.ipvs.IpvsChange;
import io.jkeepalived.ipvs.RealServerDest;
import io.jkeepalived.ipvs.VirtualService;
import io.jkeepalived.ipvs.reconcile.IpvsKernel;
import io.jkeepalived.libc.LinuxException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The checker side of the real daemon (real parser, signals, sd_notify, checkers, reconciler) as a child process,
 * with the kernel's IPVS table kept in memory: the host kernel here has no IPVS (the kernel lab tests the real
 * one). After every change the table is written to a file, one line per service with its destinations, and one
 * line per change to a second file, so that the test sees what was added, edited and deleted.
 *
 * <p>Arguments: CONFIG TABLE_FILE CHANGES_FILE PID_DIR.
 */
public final class InMemoryIpvsMain {
    private InMemoryIpvsMain() {
    }

    public static void main(String[] args) {
        Host host = Main.realHost();
        host.logging().accept(new LogSettings(false, 0));
        Path config = Path.of(args[0]);
        FileKernel kernel = new FileKernel(Path.of(args[1]), Path.of(args[2]));
        Path pids = Path.of(args[3]);
        Startup.Options options = new Startup.Options(config, "process-test", false, false, true,
                pids.resolve("keepalived.pid"), pids.resolve("vrrp.pid"), pids.resolve("checkers.pid"));
        int status = new Startup(host, "process-test",
                () -> new CheckerService.OpenedIpvs(kernel, () -> { })).run(options, List.of(args));
        System.exit(status);
    }

    static final class FileKernel implements IpvsKernel {
        private final Map<VirtualService.ServiceKey, VirtualService> services = new LinkedHashMap<>();
        private final Map<VirtualService.ServiceKey, List<RealServerDest>> dests = new LinkedHashMap<>();
        private final Path table;
        private final Path changes;

        FileKernel(Path table, Path changes) {
            this.table = table;
            this.changes = changes;
        }

        @Override
        public synchronized List<VirtualService> services() {
            return List.copyOf(services.values());
        }

        @Override
        public synchronized List<RealServerDest> destinations(VirtualService service) {
            return List.copyOf(dests.getOrDefault(service.key(), List.of()));
        }

        @Override
        public synchronized List<? extends LinuxException> apply(List<IpvsChange> list) {
            List<LinuxException> results = new ArrayList<>();
            StringBuilder log = new StringBuilder();
            for (IpvsChange c : list) {
                log.append(c.getClass().getSimpleName()).append(' ').append(c.service().describe());
                if (c instanceof IpvsChange.AddService a) {
                    services.put(a.service().key(), a.service());
                    dests.put(a.service().key(), new ArrayList<>());
                } else if (c instanceof IpvsChange.EditService e) {
                    services.put(e.service().key(), e.service());
                } else if (c instanceof IpvsChange.DeleteService d) {
                    services.remove(d.service().key());
                    dests.remove(d.service().key());
                } else if (c instanceof IpvsChange.AddDestination a) {
                    dests.get(a.service().key()).add(a.destination());
                    log.append(" -> ").append(a.destination().describe());
                } else if (c instanceof IpvsChange.EditDestination e) {
                    dests.get(e.service().key()).replaceAll(d -> d.sameServer(e.destination()) ? e.destination() : d);
                    log.append(" -> ").append(e.destination().describe());
                } else if (c instanceof IpvsChange.DeleteDestination d) {
                    dests.get(d.service().key()).removeIf(x -> x.sameServer(d.destination()));
                    log.append(" -> ").append(d.destination().describe());
                }
                log.append('\n');
                results.add(null);
            }
            StringBuilder now = new StringBuilder();
            services.values().forEach(s -> now.append(s.describe()).append(' ').append(s.scheduler())
                    .append(dests.get(s.key()).stream().map(d -> d.describe() + " w" + d.weight())
                            .collect(Collectors.joining(", ", " [", "]"))).append('\n'));
            try {
                Files.writeString(changes, log, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
                Path tmp = table.resolveSibling(table.getFileName() + ".tmp");
                Files.writeString(tmp, now);
                Files.move(tmp, table, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return results;
        }
    }
}
