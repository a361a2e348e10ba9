package io.jkeepalived.daemon.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jkeepalived.check.HealthChecker;
import io.jkeepalived.check.pool.LocalAddresses;
import io.jkeepalived.config.ConfigParser;
import io.jkeepalived.config.ParseOptions;
import io.jkeepalived.config.ParseResult;
import io.jkeepalived.config.model.LvsConfig;
import io.jkeepalived.config.model.LvsFlushOnStop;
import io.jkeepalived.exec.ScriptAdmission;
import io.jkeepalived.ipvs.ForwardingMethod;
import io.jkeepalived.ipvs.IpvsChange;
import io.jkeepalived.ipvs.IpvsUnavailableException;
import io.jkeepalived.ipvs.RealServerDest;
import io.jkeepalived.ipvs.VirtualService;
import io.jkeepalived.ipvs.reconcile.IpvsKernel;
import io.jkeepalived.libc.LinuxException;

/** The daemon's checker side end to end: real TCP checks on 127.0.0.1, an in-memory IPVS table. */
class CheckerServiceTest {
    @TempDir
    Path dir;

    /** The kernel's table as a map (the real one is tested in ipvs-netlink and the lab). */
    static final class MapKernel implements IpvsKernel {
        final Map<VirtualService.ServiceKey, List<RealServerDest>> table = new LinkedHashMap<>();
        final Map<VirtualService.ServiceKey, VirtualService> services = new LinkedHashMap<>();
        /** Every change applied, in order. */
        final List<IpvsChange> changes = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public synchronized List<VirtualService> services() {
            return List.copyOf(services.values());
        }

        @Override
        public synchronized List<RealServerDest> destinations(VirtualService service) {
            return List.copyOf(table.getOrDefault(service.key(), List.of()));
        }

        @Override
        public synchronized List<? extends LinuxException> apply(List<IpvsChange> changes) {
            List<LinuxException> results = new ArrayList<>();
            for (IpvsChange c : changes) {
                this.changes.add(c);
                if (c instanceof IpvsChange.AddService a) {
                    services.put(a.service().key(), a.service());
                    table.put(a.service().key(), new ArrayList<>());
                } else if (c instanceof IpvsChange.EditService e) {
                    services.put(e.service().key(), e.service());
                } else if (c instanceof IpvsChange.DeleteService d) {
                    services.remove(d.service().key());
                    table.remove(d.service().key());
                } else if (c instanceof IpvsChange.AddDestination a) {
                    table.get(a.service().key()).add(a.destination());
                } else if (c instanceof IpvsChange.EditDestination e) {
                    table.get(e.service().key()).replaceAll(d -> d.sameServer(e.destination()) ? e.destination() : d);
                } else if (c instanceof IpvsChange.DeleteDestination d) {
                    table.get(d.service().key()).removeIf(x -> x.sameServer(d.destination()));
                }
                results.add(null);
            }
            return results;
        }

        synchronized Map<VirtualService.ServiceKey, List<RealServerDest>> snapshot() {
            Map<VirtualService.ServiceKey, List<RealServerDest>> copy = new LinkedHashMap<>();
            table.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            return copy;
        }
    }

    private LvsConfig parse(String text) throws IOException {
        Path file = dir.resolve("keepalived.conf");
        Files.writeString(file, text);
        ParseResult result = new ConfigParser(new ParseOptions("jkv-pl")).parse(file);
        assertTrue(result.runnable(), result.diagnostics().toString());
        return result.config().lvs();
    }

    @Test
    void aFailingRealServerLeavesTheTableAndStopDeletesTheService() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        try (ServerSocket live = new ServerSocket(0, 50, lo); ServerSocket closed = new ServerSocket(0, 50, lo)) {
            int deadPort = closed.getLocalPort();
            closed.close(); // nothing listens there any more: connections are refused
            LvsConfig lvs = parse("""
                    virtual_server 127.0.0.1 80 {
                        protocol TCP
                        delay_loop 1
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
                    """.formatted(live.getLocalPort(), deadPort));
            MapKernel kernel = new MapKernel();
            AtomicBoolean closedConnection = new AtomicBoolean();
            Optional<CheckerService> service = CheckerService.start(lvs,
                    () -> new CheckerService.OpenedIpvs(kernel, () -> closedConnection.set(true)),
                    HealthChecker.Options.DEFAULT.withBootstrapDelay(Duration.ofMillis(50)));
            assertTrue(service.isPresent());
            VirtualService.ServiceKey key = VirtualService.of(lo, 6, 80, "wlc").key();
            RealServerDest liveDest = RealServerDest.of(lo, live.getLocalPort(), ForwardingMethod.MASQ, 1);

            // Both are in before their first check; the refused one leaves at its first failure.
            awaitTable(kernel, Map.of(key, List.of(liveDest)));

            service.get().close();
            assertEquals(Map.of(), kernel.snapshot());
            assertTrue(closedConnection.get());
        }
    }

    /** Addresses fed by the test, as rtnetlink would. */
    static final class FakeAddresses implements LocalAddresses {
        volatile Listener listener;
        final Set<LocalAddress> initial;
        volatile boolean closed;

        FakeAddresses(Set<LocalAddress> initial) {
            this.initial = initial;
        }

        @Override
        public void start(Listener l) {
            listener = l;
            l.reset(initial);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void haSuspendKeepsTheTableWhileTheVirtualAddressIsNotLocalAndChecksWhenItArrives() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        InetAddress vip = InetAddress.getByName("127.0.0.9");
        try (ServerSocket closed = new ServerSocket(0, 50, lo)) {
            int deadPort = closed.getLocalPort();
            closed.close();
            LvsConfig lvs = parse("""
                    virtual_server 127.0.0.9 80 {
                        protocol TCP
                        delay_loop 1
                        ha_suspend
                        real_server 127.0.0.1 %d {
                            TCP_CHECK {
                                connect_timeout 1
                            }
                        }
                    }
                    virtual_server 127.0.0.9 81 {
                        protocol TCP
                        delay_loop 1
                        real_server 127.0.0.1 %d {
                            TCP_CHECK {
                                connect_timeout 1
                            }
                        }
                    }
                    """.formatted(deadPort, deadPort));
            MapKernel kernel = new MapKernel();
            FakeAddresses addresses = new FakeAddresses(Set.of(new LocalAddresses.LocalAddress(1, lo)));
            Optional<CheckerService> service = CheckerService.start(lvs,
                    () -> new CheckerService.OpenedIpvs(kernel, () -> { }), () -> addresses,
                    HealthChecker.Options.DEFAULT.withBootstrapDelay(Duration.ofMillis(50)));
            assertTrue(service.isPresent());
            VirtualService.ServiceKey suspended = VirtualService.of(vip, 6, 80, "wlc").key();
            VirtualService.ServiceKey checked = VirtualService.of(vip, 6, 81, "wlc").key();
            RealServerDest dead = RealServerDest.of(lo, deadPort, ForwardingMethod.MASQ, 1);

            // the virtual server without ha_suspend loses its dead real server; the suspended one keeps it
            awaitTable(kernel, Map.of(suspended, List.of(dead), checked, List.of()));
            Thread.sleep(2500); // two more delay_loops: still not checked
            assertEquals(Map.of(suspended, List.of(dead), checked, List.of()), kernel.snapshot());

            addresses.listener.added(new LocalAddresses.LocalAddress(2, vip)); // this node became VRRP master
            awaitTable(kernel, Map.of(suspended, List.of(), checked, List.of()));

            service.get().close();
            assertTrue(addresses.closed);
        }
    }

    @Test
    void lvsFlushEmptiesTheTableFirstAndLvsFlushOnStopFullEmptiesItLast() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        LvsConfig lvs = parse("""
                virtual_server 127.0.0.1 80 {
                    protocol TCP
                    real_server 127.0.0.1 8080 {
                    }
                }
                """);
        VirtualService ours = VirtualService.of(lo, 6, 80, "wlc");
        VirtualService foreign = VirtualService.of(lo, 17, 53, "rr");
        RealServerDest dest = RealServerDest.of(lo, 8080, ForwardingMethod.MASQ, 1);
        for (boolean flush : List.of(false, true)) {
            MapKernel kernel = new MapKernel();
            kernel.apply(List.of(new IpvsChange.AddService(foreign)));       // left by someone else
            Optional<CheckerService> service = CheckerService.start(lvs,
                    new CheckerService.Flush(flush, flush ? LvsFlushOnStop.FULL : LvsFlushOnStop.NONE),
                    () -> new CheckerService.OpenedIpvs(kernel, () -> { }), HealthChecker.Options.DEFAULT);
            assertTrue(service.isPresent());
            Map<VirtualService.ServiceKey, List<RealServerDest>> expected = new LinkedHashMap<>();
            if (!flush) {
                expected.put(foreign.key(), List.of());
            }
            expected.put(ours.key(), List.of(dest));
            awaitTable(kernel, expected);
            kernel.apply(List.of(new IpvsChange.AddService(foreign.withScheduler("wrr")))); // added meanwhile
            service.get().close();
            assertEquals(flush ? Map.of() : Map.of(foreign.key(), List.of()), kernel.snapshot(),
                    flush ? "lvs_flush_on_stop: everything goes" : "only our services go");
        }
    }

    @Test
    void underScriptSecurityAWorldWritableMiscScriptIsLeftOutAsKeepalivedDoes() throws Exception {
        boolean root = io.jkeepalived.exec.ScriptUserDefault.ownIds()[0] == 0;
        if (!root && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("this test runs scripts as script_user root: it needs root, and CI=true");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(root, "needs root (scripts run as script_user root)");
        Path unsafe = dir.resolve("unsafe.sh");
        Files.writeString(unsafe, "#!/bin/sh\nexit 1\n");
        Files.setPosixFilePermissions(unsafe, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        LvsConfig lvs = parse("""
                virtual_server 127.0.0.1 80 {
                    protocol TCP
                    delay_loop 1
                    real_server 127.0.0.1 8001 {
                        MISC_CHECK {
                            misc_path /bin/false
                        }
                    }
                    real_server 127.0.0.1 8002 {
                        MISC_CHECK {
                            misc_path %s
                        }
                    }
                }
                """.formatted(unsafe));
        MapKernel kernel = new MapKernel();
        ScriptAdmission admission = ScriptAdmission.forThisProcess(true, Optional.of("root"), Optional.empty());
        Optional<CheckerService> service = CheckerService.start(lvs, admission,
                () -> new CheckerService.OpenedIpvs(kernel, () -> { }),
                HealthChecker.Options.DEFAULT.withBootstrapDelay(Duration.ofMillis(50)));
        assertTrue(service.isPresent());
        try {
            InetAddress lo = InetAddress.getByName("127.0.0.1");
            VirtualService.ServiceKey key = VirtualService.of(lo, 6, 80, "wlc").key();
            // 8001's secure /bin/false runs and fails: it leaves. 8002's script is writable by everyone: keepalived
            // removes that checker, and a real server without checkers stays in.
            awaitTable(kernel, Map.of(key, List.of(RealServerDest.of(lo, 8002, ForwardingMethod.MASQ, 1))));
        } finally {
            service.get().close();
        }
    }

    private static void awaitTable(MapKernel kernel, Map<VirtualService.ServiceKey, List<RealServerDest>> expected)
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
    void aReloadKeepsWhatPersistsEditsInPlaceAndRemovesOnlyWhatLeft() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        Path goodbye = dir.resolve("notified");
        try (ServerSocket live = new ServerSocket(0, 50, lo); ServerSocket other = new ServerSocket(0, 50, lo);
             ServerSocket closed = new ServerSocket(0, 50, lo)) {
            int dead = closed.getLocalPort();
            closed.close();
            String before = """
                    virtual_server 127.0.0.1 80 {
                        protocol TCP
                        delay_loop 1
                        real_server 127.0.0.1 %1$d {
                            TCP_CHECK {
                                connect_timeout 1
                            }
                        }
                        real_server 127.0.0.1 %2$d {
                            TCP_CHECK {
                                connect_timeout 1
                            }
                        }
                    }
                    virtual_server 127.0.0.1 81 {
                        protocol TCP
                        delay_loop 1
                        real_server 127.0.0.1 %3$d {
                            notify_down "/usr/bin/touch %4$s"
                            TCP_CHECK {
                                connect_timeout 1
                            }
                        }
                    }
                    """.formatted(live.getLocalPort(), dead, other.getLocalPort(), goodbye);
            // port 80: scheduler rr (an edit), the dead one kept with the same checker, one new (alpha, dead: it
            // must never enter), one new that answers; port 81 goes; port 82 comes.
            String after = """
                    virtual_server 127.0.0.1 80 {
                        protocol TCP
                        lb_algo rr
                        delay_loop 1
                        real_server 127.0.0.1 %2$d {
                            TCP_CHECK {
                                connect_timeout 1
                            }
                        }
                        real_server 127.0.0.1 %1$d {
                            TCP_CHECK {
                                connect_timeout 1
                            }
                        }
                        real_server 127.0.0.2 %2$d {
                            TCP_CHECK {
                                connect_timeout 1
                                alpha
                            }
                        }
                        real_server 127.0.0.1 %3$d {
                            TCP_CHECK {
                                connect_timeout 1
                            }
                        }
                    }
                    virtual_server 127.0.0.1 82 {
                        protocol TCP
                        delay_loop 1
                        real_server 127.0.0.1 %1$d {
                        }
                    }
                    """.formatted(live.getLocalPort(), dead, other.getLocalPort());
            MapKernel kernel = new MapKernel();
            VirtualService foreign = VirtualService.of(lo, 17, 53, "rr");
            kernel.apply(List.of(new IpvsChange.AddService(foreign)));
            Optional<CheckerService> service = CheckerService.start(parse(before),
                    () -> new CheckerService.OpenedIpvs(kernel, () -> { }),
                    HealthChecker.Options.DEFAULT.withBootstrapDelay(Duration.ofMillis(50)));
            assertTrue(service.isPresent());
            try {
                VirtualService.ServiceKey web = VirtualService.of(lo, 6, 80, "wlc").key();
                VirtualService.ServiceKey gone = VirtualService.of(lo, 6, 81, "wlc").key();
                VirtualService.ServiceKey added = VirtualService.of(lo, 6, 82, "wlc").key();
                RealServerDest liveDest = RealServerDest.of(lo, live.getLocalPort(), ForwardingMethod.MASQ, 1);
                RealServerDest otherDest = RealServerDest.of(lo, other.getLocalPort(), ForwardingMethod.MASQ, 1);
                awaitTable(kernel, Map.of(foreign.key(), List.of(), web, List.of(liveDest), gone, List.of(otherDest)));
                int mark = kernel.changes.size();

                CheckerService.ReloadSummary summary = service.get().reload(parse(after),
                        ScriptAdmission.forThisProcess(false, Optional.empty(), Optional.empty()), LvsFlushOnStop.NONE);
                assertEquals(new CheckerService.ReloadSummary(2, 1, 1, 2, 0, 3, 1), summary);
                awaitTable(kernel, Map.of(foreign.key(), List.of(), web, List.of(liveDest, otherDest), added,
                        List.of(liveDest)));
                Thread.sleep(1500); // a delay_loop and more: a restarted checker would have flapped by now
                assertEquals(Map.of(foreign.key(), List.of(), web, List.of(liveDest, otherDest), added,
                        List.of(liveDest)), kernel.snapshot());
                List<IpvsChange> reload = kernel.changes.subList(mark, kernel.changes.size());
                assertTrue(reload.stream().noneMatch(c -> c instanceof IpvsChange.DeleteService d
                        && d.service().key().equals(web)), "port 80 persists: never deleted, " + reload);
                assertTrue(reload.stream().anyMatch(c -> c instanceof IpvsChange.EditService e
                        && e.service().key().equals(web) && e.service().scheduler().equals("rr")), reload.toString());
                assertTrue(reload.stream().noneMatch(c -> c instanceof IpvsChange.AddDestination a
                        && a.destination().port() == dead), "the dead one stays out, the alpha one never enters: "
                        + reload);
                assertTrue(reload.stream().noneMatch(c -> c.service().key().equals(foreign.key())), reload.toString());
                awaitFile(goodbye); // the live real server of port 81 left: its notify_down ran, as keepalived's
            } finally {
                service.get().close();
            }
            assertEquals(Map.of(foreign.key(), List.of()), kernel.snapshot());
        }
    }

    @Test
    void aRealServerWhoseWeightOrCheckersChangedIsRestartedAndAnUnchangedReloadChangesNothing() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        try (ServerSocket live = new ServerSocket(0, 50, lo)) {
            String config = """
                    virtual_server 127.0.0.1 80 {
                        protocol TCP
                        delay_loop 1
                        real_server 127.0.0.1 %d {
                            weight %d
                            TCP_CHECK {
                                connect_timeout 1
                            }
                        }
                    }
                    """;
            MapKernel kernel = new MapKernel();
            Optional<CheckerService> service = CheckerService.start(parse(config.formatted(live.getLocalPort(), 1)),
                    () -> new CheckerService.OpenedIpvs(kernel, () -> { }),
                    HealthChecker.Options.DEFAULT.withBootstrapDelay(Duration.ofMillis(50)));
            assertTrue(service.isPresent());
            try {
                VirtualService.ServiceKey key = VirtualService.of(lo, 6, 80, "wlc").key();
                ScriptAdmission admission = ScriptAdmission.forThisProcess(false, Optional.empty(), Optional.empty());
                awaitTable(kernel, Map.of(key, List.of(RealServerDest.of(lo, live.getLocalPort(),
                        ForwardingMethod.MASQ, 1))));
                assertEquals(new CheckerService.ReloadSummary(1, 0, 0, 0, 1, 0, 0), service.get().reload(
                        parse(config.formatted(live.getLocalPort(), 3)), admission, LvsFlushOnStop.NONE));
                awaitTable(kernel, Map.of(key, List.of(RealServerDest.of(lo, live.getLocalPort(),
                        ForwardingMethod.MASQ, 3))));
                int mark = kernel.changes.size();
                assertEquals(new CheckerService.ReloadSummary(1, 0, 0, 1, 0, 0, 0), service.get().reload(
                        parse(config.formatted(live.getLocalPort(), 3)), admission, LvsFlushOnStop.NONE));
                Thread.sleep(1500);
                assertEquals(List.of(), kernel.changes.subList(mark, kernel.changes.size()),
                        "the same configuration again: nothing to do");
            } finally {
                service.get().close();
            }
        }
    }

    @Test
    void aReloadWatchesTheAddressesAgainResumesWhatLostHaSuspendAndMayEmptyEverything() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        InetAddress vip = InetAddress.getByName("127.0.0.9");
        try (ServerSocket closed = new ServerSocket(0, 50, lo)) {
            int dead = closed.getLocalPort();
            closed.close();
            String config = """
                    virtual_server 127.0.0.9 80 {
                        protocol TCP
                        delay_loop 1
                        %s
                        real_server 127.0.0.1 %d {
                            TCP_CHECK {
                                connect_timeout 1
                            }
                        }
                    }
                    """;
            MapKernel kernel = new MapKernel();
            List<FakeAddresses> watches = new java.util.concurrent.CopyOnWriteArrayList<>();
            Optional<CheckerService> service = CheckerService.start(parse(config.formatted("ha_suspend", dead)),
                    ScriptAdmission.forThisProcess(false, Optional.empty(), Optional.empty()), CheckerService.Flush.NONE,
                    () -> new CheckerService.OpenedIpvs(kernel, () -> { }), () -> {
                        FakeAddresses a = new FakeAddresses(Set.of(new LocalAddresses.LocalAddress(1, lo)));
                        watches.add(a);
                        return a;
                    }, HealthChecker.Options.DEFAULT.withBootstrapDelay(Duration.ofMillis(50)));
            assertTrue(service.isPresent());
            try {
                ScriptAdmission admission = ScriptAdmission.forThisProcess(false, Optional.empty(), Optional.empty());
                VirtualService.ServiceKey key = VirtualService.of(vip, 6, 80, "wlc").key();
                RealServerDest deadDest = RealServerDest.of(lo, dead, ForwardingMethod.MASQ, 1);
                awaitTable(kernel, Map.of(key, List.of(deadDest)));
                service.get().reload(parse(config.formatted("ha_suspend", dead)), admission, LvsFlushOnStop.NONE);
                assertEquals(2, watches.size(), "the address watch starts again");
                assertTrue(watches.get(0).closed);
                Thread.sleep(2500); // kept checker, still suspended: the dead one stays
                assertEquals(Map.of(key, List.of(deadDest)), kernel.snapshot());

                service.get().reload(parse(config.formatted("", dead)), admission, LvsFlushOnStop.NONE);
                assertTrue(watches.get(1).closed);
                assertEquals(2, watches.size(), "no ha_suspend left: nothing to watch");
                awaitTable(kernel, Map.of(key, List.of())); // resumed: its check fails, it leaves

                assertEquals(new CheckerService.ReloadSummary(0, 0, 1, 0, 0, 0, 1),
                        service.get().reload(LvsConfig.EMPTY, admission, LvsFlushOnStop.NONE));
                awaitTable(kernel, Map.of());
            } finally {
                service.get().close();
            }
        }
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(file + " was not created");
            }
            Thread.sleep(20);
        }
    }

    @Test
    void withoutIpvsNothingStarts() throws Exception {
        LvsConfig lvs = parse("""
                virtual_server 127.0.0.1 80 {
                    protocol TCP
                    real_server 127.0.0.1 8080 {
                    }
                }
                """);
        Optional<CheckerService> service = CheckerService.start(lvs, () -> {
            throw new IpvsUnavailableException("modprobe: FATAL: Module ip_vs not found", null);
        }, HealthChecker.Options.DEFAULT);
        assertTrue(service.isEmpty());
    }

    @Test
    void noVirtualServerNoIpvs() {
        AtomicBoolean opened = new AtomicBoolean();
        Optional<CheckerService> service = CheckerService.start(LvsConfig.EMPTY, () -> {
            opened.set(true);
            throw new IOException("must not be opened");
        }, HealthChecker.Options.DEFAULT);
        assertTrue(service.isEmpty());
        assertTrue(!opened.get());
    }
}
