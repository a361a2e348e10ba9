package io.jkeepalived.daemon;

import io.jkeepalived.daemon.check.CheckerService;
import io.jkeepalived.daemon.lifecycle.Startup;
import io.jkeepalived.daemon.log.LogSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The whole daemon (VRRP on real sockets, checkers, control socket, signals) as a child process, with the IPVS
 * table in memory as in {@link InMemoryIpvsMain}: the host kernel here has no IPVS.
 *
 * <p>Arguments: CONFIG TABLE_FILE CHANGES_FILE PID_DIR CONTROL_SOCKET. SIGUSR1 and SIGUSR2 write their files in
 * PID_DIR (not /tmp).
 */
public final class StatusProcessMain {
    private StatusProcessMain() {
    }

    public static void main(String[] args) {
        Host host = Main.realHost();
        host.logging().accept(new LogSettings(false, 1));
        InMemoryIpvsMain.FileKernel kernel = new InMemoryIpvsMain.FileKernel(Path.of(args[1]), Path.of(args[2]));
        Path pids = Path.of(args[3]);
        Startup.Options options = new Startup.Options(Path.of(args[0]), "status-test", false, true, true,
                pids.resolve("keepalived.pid"), pids.resolve("vrrp.pid"), pids.resolve("checkers.pid"),
                Optional.of(Path.of(args[4])));
        System.exit(new Startup(host, "status-test",
                () -> new CheckerService.OpenedIpvs(kernel, () -> { }), pids).run(options, List.of(args)));
    }
}
