package io.jkeepalived.it.ipvs;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.jkeepalived.ipvs.DestEntry;
import io.jkeepalived.ipvs.ForwardingMethod;
import io.jkeepalived.ipvs.Ipvs;
import io.jkeepalived.ipvs.IpvsChange;
import io.jkeepalived.ipvs.IpvsClient;
import io.jkeepalived.ipvs.IpvsErrors;
import io.jkeepalived.ipvs.IpvsInfo;
import io.jkeepalived.ipvs.IpvsStats;
import io.jkeepalived.ipvs.IpvsText;
import io.jkeepalived.ipvs.IpvsTimeouts;
import io.jkeepalived.ipvs.RealServerDest;
import io.jkeepalived.ipvs.ServiceEntry;
import io.jkeepalived.ipvs.SyncDaemon;
import io.jkeepalived.ipvs.VirtualService;
import io.jkeepalived.ipvs.reconcile.DesiredTable;
import io.jkeepalived.ipvs.reconcile.IpvsReconciler;
import io.jkeepalived.ipvs.reconcile.NetlinkIpvsKernel;
import io.jkeepalived.ipvs.reconcile.ReconcileFailure;
import io.jkeepalived.ipvs.reconcile.ReconcileReport;
import io.jkeepalived.ipvs.reconcile.ServiceConfig;
import io.jkeepalived.libc.LinuxException;
import io.jkeepalived.netlink.ModprobeLoader;
import io.jkeepalived.rtnl.InterfaceAddress;
import io.jkeepalived.rtnl.Rtnetlink;
import io.jkeepalived.rtnl.Rtnl;

/**
 * Runs inside the kernel lab VM: programs and reads the real kernel's IPVS table through jkeepalived, and
 * through ipvsadm, and prints both in sections ("==name==") for {@link IpvsKernelLabTest} to compare. It
 * asserts nothing itself: the test on the host does. Each step is independent; a step that breaks prints
 * "step failed: ..." in its section and the next one runs.
 *
 * <p>Steps (arguments): {@code corpus=FILE seed=FILE restore errors globals sync stats vip eperm}.
 */
public final class IpvsLabMain {

    private final IpvsClient client;
    private final NetlinkIpvsKernel kernel;
    private final Path work;

    private IpvsLabMain(IpvsClient client, Path work) {
        this.client = client;
        this.kernel = new NetlinkIpvsKernel(client);
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(System.getenv().getOrDefault("JKV_LAB_RESULTS", "/tmp"));
        System.err.printf("JVM up after %d ms%n", java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
        try (IpvsClient client = IpvsClient.open(null, new ModprobeLoader())) {
            IpvsLabMain lab = new IpvsLabMain(client, work);
            for (String step : args) {
                String name = step.contains("=") ? step.substring(0, step.indexOf('=')) : step;
                String arg = step.contains("=") ? step.substring(step.indexOf('=') + 1) : null;
                long start = System.nanoTime();
                try {
                    switch (name) {
                        case "corpus" -> lab.corpus(Path.of(arg));
                        case "seed" -> lab.seed(Path.of(arg));
                        case "restore" -> lab.restore();
                        case "errors" -> lab.errors();
                        case "globals" -> lab.globals();
                        case "sync" -> lab.sync();
                        case "stats" -> lab.stats();
                        case "vip" -> lab.vip();
                        case "eperm" -> eperm();
                        default -> throw new IllegalArgumentException("unknown step " + name);
                    }
                } catch (Exception e) {
                    section(name + "-failed", "step failed: " + e);
                    e.printStackTrace(System.out);
                }
                System.err.printf("step %s: %d ms%n", name, (System.nanoTime() - start) / 1_000_000);
            }
        }
    }

    // ---- output ----

    static void section(String name, String body) {
        StringBuilder b = new StringBuilder("==").append(name).append("==\n");
        String text = body.strip();
        if (!text.isEmpty()) {
            b.append(text).append('\n');
        }
        System.out.print(b);
        System.out.flush();
    }

    /** Runs a shell command line; its stdout and stderr, each line's trailing blanks removed. */
    static String sh(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.lines().map(String::stripTrailing).collect(Collectors.joining("\n"));
    }

    List<ServiceConfig> read() throws IOException {
        List<ServiceConfig> table = new ArrayList<>();
        for (VirtualService s : kernel.services()) {
            table.add(new ServiceConfig(s, kernel.destinations(s)));
        }
        return table;
    }

    static String report(ReconcileReport r) {
        StringBuilder b = new StringBuilder();
        b.append("converged=").append(r.converged()).append(" unchanged=").append(r.unchanged()).append(" applied=")
                .append(r.applied().size()).append(" skipped=").append(r.skipped()).append('\n');
        for (IpvsChange c : r.applied()) {
            b.append("applied: ").append(c.describe()).append('\n');
        }
        for (IpvsChange c : r.restored()) {
            b.append("restored: ").append(c.describe()).append('\n');
        }
        for (ReconcileFailure f : r.failures()) {
            b.append("failed: ").append(f.message()).append('\n');
        }
        return b.toString();
    }

    static List<String> commandLines(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("expect ")).toList();
    }

    private static InetAddress ip(String s) throws IOException {
        return InetAddress.getByName(s);
    }

    // ---- steps ----

    /** The table of a list of ipvsadm commands, both ways, and read back; then ipvsadm -R of ipvsadm-save. */
    void corpus(Path file) throws Exception {
        List<String> lines = commandLines(file);
        DesiredTable want = IpvsadmSyntax.fold(lines.stream().map(IpvsadmSyntax::parse).toList());
        client.flush();
        IpvsReconciler reconciler = new IpvsReconciler(kernel);
        section("corpus-jkv-report", report(reconciler.reconcile(want)).lines().filter(l -> !l.startsWith("applied:"))
                .collect(Collectors.joining("\n")));
        section("corpus-jkv-save", sh("ipvsadm-save -n"));
        section("corpus-jkv-thresholds", IpvsadmFormat.thresholdsFromIpvsadm(sh("ipvsadm -Ln --thresholds")));
        section("corpus-jkv-again", report(reconciler.reconcile(want)));

        client.flush();
        section("corpus-ipvsadm-said", sh(shellScript(lines)));
        String saved = sh("ipvsadm-save -n");
        Files.writeString(work.resolve("corpus-ipvsadm.save"), saved + "\n");
        section("corpus-ipvsadm-save", saved);
        section("corpus-ipvsadm-thresholds", IpvsadmFormat.thresholdsFromIpvsadm(sh("ipvsadm -Ln --thresholds")));
        List<ServiceConfig> table = read();
        section("corpus-read-save", IpvsadmFormat.save(table));
        section("corpus-read-thresholds", IpvsadmFormat.thresholds(table));
        section("corpus-reconcile-over-ipvsadm", report(new IpvsReconciler(kernel).reconcile(want)));

        client.flush();
        section("corpus-restore-said", sh("ipvsadm -R < " + work.resolve("corpus-ipvsadm.save")));
        section("corpus-restore-read", IpvsadmFormat.save(read()));
        client.flush();
    }

    /**
     * One shell script for many command lines (starting a process per line costs a JVM under emulation a
     * lot): prints "LINE -> OUTPUT" for each line that said anything.
     */
    private String shellScript(List<String> lines) throws IOException {
        StringBuilder b = new StringBuilder("run() { out=$(\"$@\" 2>&1); [ -z \"$out\" ] || printf '%s -> %s\\n' \"$*\" \"$out\"; }\n");
        for (String line : lines) {
            b.append("run ").append(line).append('\n');
        }
        Path script = work.resolve("commands-" + System.nanoTime() + ".sh");
        Files.writeString(script, b.toString());
        return "sh " + script;
    }

    /** A seed article's ipvsadm commands through jkeepalived and through ipvsadm, listed with ipvsadm -Ln. */
    void seed(Path file) throws Exception {
        List<String> lines = commandLines(file);
        List<IpvsadmSyntax.Command> commands = lines.stream().map(IpvsadmSyntax::parse).toList();
        client.flush();
        ReconcileReport r = new IpvsReconciler(kernel).reconcile(IpvsadmSyntax.fold(commands));
        StringBuilder jkv = new StringBuilder();
        for (IpvsadmSyntax.Command c : commands) {
            if (c instanceof IpvsadmSyntax.Other o) {
                jkv.append(sh(o.line())).append('\n');
            }
        }
        section("seed-jkv-report", report(r));
        section("seed-jkv", jkv.toString());
        client.flush();
        section("seed-ipvsadm", sh(String.join("; ", lines)));
        section("seed-expected", Files.readAllLines(file).stream().filter(l -> l.startsWith("expect "))
                .map(l -> l.substring("expect ".length()).stripTrailing()).collect(Collectors.joining("\n")));
        client.flush();
    }

    /** Entries changed behind jkeepalived's back with ipvsadm, and a foreign service beside its own. */
    void restore() throws Exception {
        client.flush();
        VirtualService web = VirtualService.of(ip("192.0.2.1"), Ipvs.IPPROTO_TCP, 80, "wrr");
        VirtualService tls = VirtualService.of(ip("192.0.2.2"), Ipvs.IPPROTO_TCP, 443, "rr").withPersistence(300, 24);
        DesiredTable want = DesiredTable.of(List.of(
                ServiceConfig.of(web, RealServerDest.of(ip("10.0.0.1"), 80, ForwardingMethod.DROUTE, 2),
                        RealServerDest.of(ip("10.0.0.2"), 80, ForwardingMethod.DROUTE, 3),
                        // a sorry_server 10.232.0.1 8080 of a DR service: keepalived programs it on port 80
                        RealServerDest.of(ip("10.232.0.1"), 8080, ForwardingMethod.DROUTE, 1)),
                ServiceConfig.of(tls, RealServerDest.of(ip("10.0.0.3"), 8443, ForwardingMethod.MASQ, 1))));
        IpvsReconciler reconciler = new IpvsReconciler(kernel);
        section("restore-first", report(reconciler.reconcile(want)));
        section("restore-meddling", sh(String.join("; ",
                "ipvsadm -d -t 192.0.2.1:80 -r 10.0.0.2:80",
                "ipvsadm -e -t 192.0.2.1:80 -r 10.0.0.1:80 -g -w 9",
                "ipvsadm -E -t 192.0.2.2:443 -s wlc -p 600",
                "ipvsadm -a -t 192.0.2.2:443 -r 10.0.0.66:8443 -m",
                "ipvsadm -A -t 192.0.2.99:80 -s rr",
                "ipvsadm -a -t 192.0.2.99:80 -r 10.9.9.9:80 -g -w 4",
                "ipvsadm-save -n")));
        section("restore-second", report(reconciler.reconcile(want)));
        section("restore-after", sh("ipvsadm-save -n"));
        section("restore-third", report(reconciler.reconcile(want)));
        client.flush();
    }

    private String attempt(IpvsChange change) {
        try {
            client.apply(change);
            return "accepted: " + change.describe();
        } catch (LinuxException e) {
            return IpvsErrors.describe(change, e.errno()) + "\n  exception: " + e.getMessage();
        } catch (IOException e) {
            return change.describe() + ": " + e;
        }
    }

    /** The kernel's refusals, each in one line naming the object. */
    void errors() throws Exception {
        client.flush();
        VirtualService bad = VirtualService.of(ip("192.0.2.1"), Ipvs.IPPROTO_TCP, 80, "nosuch");
        VirtualService good = VirtualService.of(ip("192.0.2.2"), Ipvs.IPPROTO_TCP, 80, "rr");
        DesiredTable want = DesiredTable.of(List.of(
                ServiceConfig.of(bad, RealServerDest.of(ip("10.0.0.1"), 80, ForwardingMethod.DROUTE, 1),
                        RealServerDest.of(ip("10.0.0.2"), 80, ForwardingMethod.DROUTE, 1)),
                ServiceConfig.of(good, RealServerDest.of(ip("10.0.0.3"), 80, ForwardingMethod.DROUTE, 1),
                        RealServerDest.of(ip("10.0.0.4"), 80, ForwardingMethod.DROUTE, 1).withThresholds(10, 20),
                        RealServerDest.of(ip("2001:db8::5"), 80, ForwardingMethod.DROUTE, 1),
                        RealServerDest.of(ip("2001:db8::6"), 80, ForwardingMethod.TUNNEL, 1))));
        section("errors-reconcile", report(new IpvsReconciler(kernel).reconcile(want)));
        section("errors-table", sh("ipvsadm-save -n"));
        VirtualService absent = VirtualService.of(ip("192.0.2.9"), Ipvs.IPPROTO_TCP, 80, "rr");
        RealServerDest d3 = RealServerDest.of(ip("10.0.0.3"), 80, ForwardingMethod.DROUTE, 1);
        RealServerDest missing = RealServerDest.of(ip("10.0.0.99"), 80, ForwardingMethod.DROUTE, 1);
        section("errors-direct", String.join("\n",
                attempt(new IpvsChange.AddService(good)),
                attempt(new IpvsChange.AddDestination(good, d3)),
                attempt(new IpvsChange.EditService(absent)),
                attempt(new IpvsChange.DeleteService(absent)),
                attempt(new IpvsChange.AddDestination(absent, d3)),
                attempt(new IpvsChange.EditDestination(good, missing)),
                attempt(new IpvsChange.DeleteDestination(good, missing)),
                attempt(new IpvsChange.AddService(VirtualService.of(ip("192.0.2.3"), Ipvs.IPPROTO_UDP, 5060, "rr")
                        .withPersistence(60, 32).withPersistenceEngine("nosuchpe"))),
                attempt(new IpvsChange.EditDestination(good, RealServerDest.of(ip("2001:db8::6"), 80,
                        ForwardingMethod.MASQ, 1)))));
        client.flush();
    }

    /** Version, table size and timeouts, as ipvsadm sees them. */
    void globals() throws Exception {
        IpvsInfo info = client.info();
        section("globals-info", "IP Virtual Server version " + info.versionString() + " (size="
                + info.connectionTableSize() + ")");
        section("globals-info-ipvsadm", sh("ipvsadm -Ln | head -1"));
        IpvsTimeouts t = client.timeouts();
        section("globals-timeouts", timeouts(t));
        section("globals-timeouts-ipvsadm", sh("ipvsadm -Ln --timeout"));
        client.setTimeouts(new IpvsTimeouts(1000, 60, 200));
        section("globals-timeouts-set", sh("ipvsadm -Ln --timeout"));
        client.setTimeouts(new IpvsTimeouts(0, 30, 0));
        section("globals-timeouts-partial", timeouts(client.timeouts()));
        client.setTimeouts(t);
        section("globals-timeouts-restored", timeouts(client.timeouts()));
    }

    private static String timeouts(IpvsTimeouts t) {
        return "Timeout (tcp tcpfin udp): " + t.tcpSeconds() + " " + t.tcpFinSeconds() + " " + t.udpSeconds();
    }

    private static String daemons(List<SyncDaemon> list) {
        StringBuilder b = new StringBuilder();
        for (SyncDaemon d : list) {
            b.append(d.state() == Ipvs.STATE_MASTER ? "master" : "backup").append(" sync daemon (mcast=")
                    .append(d.interfaceName()).append(", syncid=").append(d.syncId()).append(", maxlen=")
                    .append(d.maxLength()).append(", group=").append(IpvsText.host(d.group())).append(", port=")
                    .append(d.port()).append(", ttl=").append(d.ttl()).append(")\n");
        }
        return b.toString();
    }

    private String syncAttempt(String what, IoAction action) {
        try {
            action.run();
            return what + ": ok";
        } catch (LinuxException e) {
            return what + ": " + e.errno().name();
        } catch (IOException e) {
            return what + ": " + e;
        }
    }

    private interface IoAction {
        void run() throws IOException;
    }

    /** Sync daemons started, listed and stopped, compared with ipvsadm --daemon. */
    void sync() throws Exception {
        client.flush();
        List<String> log = new ArrayList<>();
        log.add(syncAttempt("start master", () -> client.startSyncDaemon(SyncDaemon.of(Ipvs.STATE_MASTER,
                "jkv-iv-v0", 9))));
        log.add(syncAttempt("start backup", () -> client.startSyncDaemon(new SyncDaemon(Ipvs.STATE_BACKUP,
                "jkv-iv-v0", 10, 1400, ip("224.0.0.82"), 8849, 2))));
        log.add(syncAttempt("start master again", () -> client.startSyncDaemon(SyncDaemon.of(Ipvs.STATE_MASTER,
                "jkv-iv-v0", 9))));
        section("sync-started", String.join("\n", log));
        section("sync-ours", daemons(client.syncDaemons()));
        section("sync-ipvsadm", sh("ipvsadm -Ln --daemon"));
        log.clear();
        log.add(syncAttempt("stop master", () -> client.stopSyncDaemon(Ipvs.STATE_MASTER)));
        log.add(syncAttempt("stop backup", () -> client.stopSyncDaemon(Ipvs.STATE_BACKUP)));
        log.add(syncAttempt("stop master again", () -> client.stopSyncDaemon(Ipvs.STATE_MASTER)));
        section("sync-stopped", String.join("\n", log) + "\nleft: " + client.syncDaemons().size() + "\n"
                + sh("ipvsadm -Ln --daemon"));
        section("sync-by-ipvsadm", sh("ipvsadm --start-daemon master --mcast-interface jkv-iv-v0 --syncid 3"
                + " --sync-maxlen 1000 --mcast-group 224.0.0.90 --mcast-port 9000 --mcast-ttl 3; ipvsadm -Ln --daemon"));
        section("sync-by-ipvsadm-ours", daemons(client.syncDaemons()));
        client.stopSyncDaemon(Ipvs.STATE_MASTER);
    }

    private static String stats(String name, IpvsStats s) {
        return name + " " + s.connections() + " " + s.inPackets() + " " + s.outPackets() + " " + s.inBytes() + " "
                + s.outBytes();
    }

    /** Counters of a NAT service that carried real connections, compared with ipvsadm --stats --exact. */
    void stats() throws Exception {
        client.flush();
        VirtualService web = VirtualService.of(ip("192.0.2.1"), Ipvs.IPPROTO_TCP, 80, "rr");
        client.addService(web);
        client.addDestination(web, RealServerDest.of(ip("198.51.100.10"), 80, ForwardingMethod.MASQ, 1));
        String fetch = "ip netns exec jkv-iv-cl bash -c 'exec 3<>/dev/tcp/192.0.2.1/80; "
                + "printf \"GET /index.html HTTP/1.0\\r\\n\\r\\n\" >&3; cat <&3' | tail -1";
        section("stats-fetch", sh(fetch) + "\n" + sh(fetch));
        // The kernel folds its per-CPU counters into what a dump reports on the estimator's 2-second tick
        // (measured: a service read just before a tick and its destination just after disagreed), so wait
        // for a tick after the last packet before comparing.
        Thread.sleep(3000);
        section("stats-ours", statsListing());
        section("stats-ipvsadm", sh("ipvsadm -Ln --stats --exact"));
        section("stats-list-ipvsadm", sh("ipvsadm -Ln"));
        client.zero(web);
        section("stats-zeroed", statsListing());
        section("stats-zeroed-ipvsadm", sh("ipvsadm -Ln --stats --exact"));
        client.zero(null);
        client.flush();
        section("stats-flushed", sh("ipvsadm-save -n") + "services left: " + client.services().size());
    }

    private String statsListing() throws IOException {
        StringBuilder b = new StringBuilder();
        for (ServiceEntry e : client.services()) {
            b.append(stats(e.service().describe(), e.stats())).append('\n');
            for (DestEntry d : client.destinations(e.service())) {
                b.append(stats("  -> " + d.dest().describe(), d.stats())).append(" active ")
                        .append(d.activeConnections()).append(" inactive ").append(d.inactiveConnections())
                        .append('\n');
            }
        }
        return b.toString();
    }

    /** VIPs added and removed through rtnetlink on a dummy interface, as ip addr shows them. */
    void vip() throws Exception {
        try (Rtnetlink rt = Rtnetlink.open(null)) {
            int index = rt.linkIndex("jkv-iv-d0");
            List<InterfaceAddress> vips = List.of(
                    InterfaceAddress.host(index, ip("192.0.2.10")).withLabel("jkv-iv-d0:1"),
                    InterfaceAddress.of(index, ip("192.0.2.20"), 24).withDefaultBroadcast().withLabel("jkv-iv-d0:2"),
                    InterfaceAddress.of(index, ip("198.51.100.5"), 24).withBroadcast(ip("198.51.100.200")),
                    InterfaceAddress.host(index, ip("2001:db8::10")).withFlags(Rtnl.IFA_F_NODAD),
                    InterfaceAddress.of(index, ip("2001:db8:1::20"), 64).withFlags(Rtnl.IFA_F_NODAD));
            for (InterfaceAddress a : vips) {
                rt.addAddress(a);
            }
            section("vip-added", addrShow());
            StringBuilder again = new StringBuilder();
            try {
                rt.addAddress(vips.get(0));
                again.append("accepted twice");
            } catch (LinuxException e) {
                again.append(e.getMessage());
            }
            section("vip-again", again.toString());
            for (InterfaceAddress a : vips) {
                rt.deleteAddress(a);
            }
            section("vip-deleted", addrShow());
            StringBuilder gone = new StringBuilder();
            try {
                rt.deleteAddress(vips.get(0));
                gone.append("deleted twice");
            } catch (LinuxException e) {
                gone.append(e.getMessage());
            }
            section("vip-gone", gone.toString());
        }
    }

    /** ip -o addr of the dummy, without link-local addresses and lifetimes. */
    private static String addrShow() throws IOException, InterruptedException {
        return sh("ip -o addr show dev jkv-iv-d0").lines().filter(l -> !l.contains("fe80::"))
                .map(l -> l.replaceAll("^\\d+: jkv-iv-d0\\s+", "").replaceAll("\\\\.*$", "").strip())
                .collect(Collectors.joining("\n"));
    }

    /**
     * What the kernel says to a caller without CAP_NET_ADMIN: on a thread that dropped it (capabilities are
     * per thread), with a socket opened there.
     */
    static void eperm() throws Exception {
        StringBuilder b = new StringBuilder();
        Thread t = new Thread(() -> {
            try {
                ThreadCapabilities.dropEffective(ThreadCapabilities.CAP_NET_ADMIN);
                withoutNetAdmin(b);
            } catch (Exception e) {
                b.append("failed: ").append(e).append('\n');
            }
        }, "jkv-iv-no-net-admin");
        t.start();
        t.join();
        section("eperm", b.toString());
    }

    private static void withoutNetAdmin(StringBuilder b) throws Exception {
        try (IpvsClient client = IpvsClient.open(null, new ModprobeLoader())) {
            try {
                client.services();
                b.append("listed without CAP_NET_ADMIN\n");
            } catch (LinuxException e) {
                b.append(e.getMessage()).append('\n');
            }
            IpvsChange add = new IpvsChange.AddService(VirtualService.of(ip("192.0.2.1"), Ipvs.IPPROTO_TCP, 80, "rr"));
            try {
                client.apply(add);
                b.append("added without CAP_NET_ADMIN\n");
            } catch (LinuxException e) {
                b.append(IpvsErrors.describe(add, e.errno())).append('\n');
            }
        } catch (IOException e) {
            b.append("open: ").append(e.getMessage()).append('\n');
        }
    }
}
