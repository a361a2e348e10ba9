package io.jkeepalived.check.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jkeepalived.config.ConfigParser;
import io.jkeepalived.config.ParseOptions;
import io.jkeepalived.config.ParseResult;
import io.jkeepalived.config.model.lvs.VirtualServer;

import io.jkeepalived.check.RealServerHealth;
import io.jkeepalived.check.pool.PoolManager.MemberKey;
import io.jkeepalived.exec.ScriptCommand;
import io.jkeepalived.exec.ScriptRequest;
import io.jkeepalived.ipvs.ForwardingMethod;
import io.jkeepalived.ipvs.IpvsChange;
import io.jkeepalived.ipvs.RealServerDest;
import io.jkeepalived.ipvs.VirtualService;
import io.jkeepalived.ipvs.reconcile.DesiredTable;
import io.jkeepalived.ipvs.reconcile.IpvsKernel;
import io.jkeepalived.ipvs.reconcile.IpvsReconciler;
import io.jkeepalived.ipvs.reconcile.ServiceConfig;
import io.jkeepalived.libc.LinuxException;

class PoolManagerTest {
    private static final VirtualService WEB = VirtualService.of(ip("192.0.2.10"), 6, 80, "wlc");
    private static final VirtualService DNS = VirtualService.of(ip("192.0.2.10"), 17, 53, "rr");

    private static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static PoolSpec spec(VirtualService service, String... servers) {
        List<PoolMember> members = new ArrayList<>();
        for (String s : servers) {
            members.add(new PoolMember(RealServerDest.of(ip(s), service.port(), ForwardingMethod.MASQ, 1), false,
                    Optional.empty(), Optional.of(new ScriptRequest(ScriptCommand.of("/down", s),
                            Duration.ofSeconds(5)))));
        }
        return new PoolSpec(service, members, Optional.empty(), 1, 0, Optional.empty(), Optional.empty(), true);
    }

    private static String show(DesiredTable t) {
        return t.services().stream().map(s -> s.service().describe() + s.destinations().stream()
                .map(d -> d.address().getHostAddress() + "w" + d.weight()).collect(Collectors.joining(",", "[", "]")))
                .collect(Collectors.joining(" ")) + (t.released().isEmpty() ? "" : " released " + t.released().size());
    }

    @Test
    void aSharedRealServerIsJudgedPerVirtualServerAndTheTableIsAppliedOncePerChange() {
        List<String> applied = new ArrayList<>();
        List<String> scripts = new ArrayList<>();
        PoolManager manager = new PoolManager(List.of(spec(WEB, "10.0.0.1", "10.0.0.2"), spec(DNS, "10.0.0.1")),
                t -> applied.add(show(t)), s -> scripts.add(String.join(" ", s.command().args())));
        RealServerHealth up = new RealServerHealth(true, 1);
        manager.start(List.of(List.of(up, up), List.of(up)));
        assertEquals(List.of("TCP 192.0.2.10:80[10.0.0.1w1,10.0.0.2w1] UDP 192.0.2.10:53[10.0.0.1w1]"), applied);

        // 10.0.0.1 fails its web check only: its DNS entry stays
        manager.listener().healthChanged(new MemberKey(0, 0), up, new RealServerHealth(false, 1));
        assertEquals("TCP 192.0.2.10:80[10.0.0.2w1] UDP 192.0.2.10:53[10.0.0.1w1]", applied.get(1));
        assertEquals(List.of("/down 10.0.0.1"), scripts);

        manager.stop();
        assertEquals(" released 2", applied.get(2));
        assertEquals(List.of("/down 10.0.0.1", "/down 10.0.0.2", "/down 10.0.0.1"), scripts, "omega on stop");
        manager.healthChanged(new MemberKey(0, 1), new RealServerHealth(false, 1));
        assertEquals(3, applied.size(), "nothing after stop");
    }

    @Test
    void aReloadReplacesThePoolsInOneTableReleasingWhatLeftAndCarryingHealthAndQuorum() {
        List<String> applied = new ArrayList<>();
        List<String> scripts = new ArrayList<>();
        PoolManager manager = new PoolManager(List.of(spec(WEB, "10.0.0.1", "10.0.0.2"), spec(DNS, "10.0.0.1")),
                t -> applied.add(show(t)), s -> scripts.add(String.join(" ", s.command().args())));
        RealServerHealth up = new RealServerHealth(true, 1);
        RealServerHealth down = new RealServerHealth(false, 1);
        manager.start(List.of(List.of(up, up), List.of(up)));
        manager.healthChanged(new MemberKey(0, 1), down);
        scripts.clear();

        // WEB keeps 10.0.0.2 (down, carried) and gains 10.0.0.3 in front of it; DNS goes, its live member's
        // notify_down is the caller's goodbye.
        PoolSpec web = spec(WEB, "10.0.0.3", "10.0.0.2");
        manager.reload(List.of(web), List.of(List.of(up, down)), List.of(true),
                List.of(new ScriptRequest(ScriptCommand.of("/down", "10.0.0.1"), Duration.ofSeconds(5))));
        assertEquals("TCP 192.0.2.10:80[10.0.0.3w1] released 1", applied.get(applied.size() - 1));
        assertEquals(List.of("/down 10.0.0.1"), scripts);

        // positions are the new configuration's: member 1 is 10.0.0.2 now
        manager.healthChanged(new MemberKey(0, 1), up);
        assertEquals("TCP 192.0.2.10:80[10.0.0.3w1,10.0.0.2w1]", applied.get(applied.size() - 1));
        manager.healthChanged(new MemberKey(1, 0), down); // DNS's old position: ignored
        assertEquals("TCP 192.0.2.10:80[10.0.0.3w1,10.0.0.2w1]", applied.get(applied.size() - 1));

        // a quorum lost before the reload stays lost: no quorum_up runs unless the new live weight earns it
        PoolSpec quorate = new PoolSpec(WEB, web.members(), Optional.of(new SorryMember(
                RealServerDest.of(ip("10.0.0.9"), 80, ForwardingMethod.MASQ, 1), false)), 3, 0,
                Optional.of(new ScriptRequest(ScriptCommand.of("/quorum", "up"), Duration.ofSeconds(5))),
                Optional.empty(), false);
        scripts.clear();
        manager.reload(List.of(quorate), List.of(List.of(up, up)), List.of(false), List.of());
        assertEquals("TCP 192.0.2.10:80[10.0.0.9w1]", applied.get(applied.size() - 1), "live weight 2 < quorum 3:"
                + " the sorry server stays in");
        assertEquals(List.of(), scripts);
        assertThrows(IllegalArgumentException.class, () -> manager.reload(List.of(web, web),
                List.of(List.of(up, up), List.of(up, up)), List.of(true, true), List.of()));
        manager.stop();
        assertThrows(IllegalStateException.class, () -> manager.reload(List.of(web), List.of(List.of(up, up)),
                List.of(true), List.of()));
    }

    @Test
    void aReleaseSurvivesTheTablesThatSupersedeItBeforeItIsApplied() {
        ServiceConfig web = new ServiceConfig(WEB, List.of());
        DesiredTable reload = new DesiredTable(List.of(web), Set.of(DNS.key()));
        DesiredTable healthChange = DesiredTable.of(List.of(web));
        assertEquals(Set.of(DNS.key()), ReconcilingApplier.carryReleases(reload, healthChange).released());
        DesiredTable dnsBack = DesiredTable.of(List.of(web, new ServiceConfig(DNS, List.of())));
        assertEquals(Set.of(), ReconcilingApplier.carryReleases(reload, dnsBack).released(),
                "a service wanted again is not released");
        assertEquals(healthChange, ReconcilingApplier.carryReleases(null, healthChange));
    }

    /** The kernel as a map, enough for the reconciler to converge on (the real one is tested in ipvs-netlink). */
    private static final class MapKernel implements IpvsKernel {
        final Map<VirtualService.ServiceKey, VirtualService> services = new LinkedHashMap<>();
        final Map<VirtualService.ServiceKey, List<RealServerDest>> dests = new LinkedHashMap<>();
        final CountDownLatch applies;
        /** Breaks this many exchanges (as a netlink timeout would) before applying. */
        int brokenExchanges;

        MapKernel(int expectedApplies) {
            applies = new CountDownLatch(expectedApplies);
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
        public synchronized List<? extends LinuxException> apply(List<IpvsChange> changes) throws IOException {
            if (brokenExchanges > 0) {
                brokenExchanges--;
                throw new IOException("netlink timeout");
            }
            List<LinuxException> results = new ArrayList<>();
            for (IpvsChange c : changes) {
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
                } else if (c instanceof IpvsChange.EditDestination e) {
                    List<RealServerDest> l = dests.get(e.service().key());
                    l.replaceAll(d -> d.sameServer(e.destination()) ? e.destination() : d);
                } else if (c instanceof IpvsChange.DeleteDestination d) {
                    dests.get(d.service().key()).removeIf(x -> x.sameServer(d.destination()));
                }
                results.add(null);
            }
            applies.countDown();
            return results;
        }
    }

    @Test
    void theReconcilingApplierBringsTheKernelToTheLastTable() throws Exception {
        MapKernel kernel = new MapKernel(1);
        try (ReconcilingApplier applier = new ReconcilingApplier(new IpvsReconciler(kernel))) {
            PoolManager manager = new PoolManager(List.of(spec(WEB, "10.0.0.1", "10.0.0.2")), applier, s -> { });
            RealServerHealth up = new RealServerHealth(true, 1);
            manager.start(List.of(List.of(up, up)));
            manager.healthChanged(new MemberKey(0, 1), new RealServerHealth(true, 5));
            manager.healthChanged(new MemberKey(0, 0), new RealServerHealth(false, 1));
            assertTrue(kernel.applies.await(10, TimeUnit.SECONDS));
            applier.close();
            assertEquals(Set.of(WEB.key()), kernel.services.keySet());
            assertEquals(List.of(RealServerDest.of(ip("10.0.0.2"), 80, ForwardingMethod.MASQ, 5)),
                    kernel.dests.get(WEB.key()));
            assertEquals(new ServiceConfig(WEB, kernel.dests.get(WEB.key())), manager.desired().services().get(0));
        }
    }

    @Test
    void theStopTableDeletesTheServices() throws Exception {
        MapKernel kernel = new MapKernel(1);
        ReconcilingApplier applier = new ReconcilingApplier(new IpvsReconciler(kernel));
        PoolManager manager = new PoolManager(List.of(spec(WEB, "10.0.0.1"), spec(DNS, "10.0.0.1")), applier,
                s -> { });
        RealServerHealth up = new RealServerHealth(true, 1);
        manager.start(List.of(List.of(up), List.of(up)));
        assertTrue(kernel.applies.await(10, TimeUnit.SECONDS));
        assertEquals(Set.of(WEB.key(), DNS.key()), kernel.services().stream().map(VirtualService::key)
                .collect(Collectors.toSet()));
        manager.stop();
        applier.close();
        assertEquals(Map.of(), kernel.services);
    }

    @Test
    void aBrokenExchangeIsTriedAgainOnRetry() throws Exception {
        MapKernel kernel = new MapKernel(1);
        kernel.brokenExchanges = 1;
        ReconcilingApplier applier = new ReconcilingApplier(new IpvsReconciler(kernel));
        PoolManager manager = new PoolManager(List.of(spec(WEB, "10.0.0.1")), applier, s -> { });
        manager.start(List.of(List.of(new RealServerHealth(true, 1))));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            synchronized (kernel) {
                if (kernel.brokenExchanges == 0) {
                    break;
                }
            }
            assertTrue(System.nanoTime() < deadline, "the applier never tried");
            Thread.sleep(5);
        }
        applier.retry();
        assertTrue(kernel.applies.await(10, TimeUnit.SECONDS));
        applier.close();
        assertEquals(List.of(RealServerDest.of(ip("10.0.0.1"), 80, ForwardingMethod.MASQ, 1)),
                kernel.dests.get(WEB.key()));
    }

    @Test
    void aFailedApplyIsTriedAgainByItselfWithABackoff() throws Exception {
        MapKernel kernel = new MapKernel(1);
        kernel.brokenExchanges = 3;
        ReconcilingApplier applier = new ReconcilingApplier(new IpvsReconciler(kernel), Duration.ofMillis(20),
                Duration.ofMillis(80));
        PoolManager manager = new PoolManager(List.of(spec(WEB, "10.0.0.1")), applier, s -> { });
        long start = System.nanoTime();
        manager.start(List.of(List.of(new RealServerHealth(true, 1))));
        // no further change and no retry() call: the applier tries again after 20, 40 and 80 ms
        assertTrue(kernel.applies.await(10, TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(140), "backoff 20 + 40 + 80 ms");
        applier.close();
        assertEquals(List.of(RealServerDest.of(ip("10.0.0.1"), 80, ForwardingMethod.MASQ, 1)),
                kernel.dests.get(WEB.key()));
    }

    @Test
    void aGroupIsOneServicePerAddressAndFwmarkSharingOneSetOfRealServers(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keepalived.conf");
        Files.writeString(file, """
                virtual_server_group web {
                    192.0.2.1-3 80
                    192.0.2.9 8080
                    fwmark 7
                }
                virtual_server group web {
                    lb_algo wrr
                    lb_kind DR
                    protocol TCP
                    real_server 10.0.0.1 80 {
                        weight 2
                        TCP_CHECK {
                        }
                    }
                    real_server 10.0.0.2 80 {
                        TCP_CHECK {
                        }
                    }
                }
                """);
        ParseResult parsed = new ConfigParser(new ParseOptions("jkv-vo")).parse(file);
        assertTrue(parsed.runnable(), parsed.diagnostics().toString());
        VirtualServer vs = parsed.config().lvs().virtualServers().get(0);
        assertThrows(IllegalArgumentException.class, () -> PoolSpecs.from(vs, c -> Optional.empty()), "groups not given");
        PoolSpec spec = PoolSpecs.from(vs, parsed.config().lvs().groups(), c -> Optional.empty());
        assertEquals(List.of("TCP 192.0.2.1:80", "TCP 192.0.2.2:80", "TCP 192.0.2.3:80", "TCP 192.0.2.9:8080",
                "FWM 7"), spec.services().stream().map(VirtualService::describe).toList());

        MapKernel kernel = new MapKernel(2);
        ReconcilingApplier applier = new ReconcilingApplier(new IpvsReconciler(kernel));
        PoolManager manager = new PoolManager(List.of(spec), applier, s -> { });
        RealServerHealth up = new RealServerHealth(true, 2);
        manager.start(List.of(List.of(up, new RealServerHealth(true, 1))));
        // one set of checks: the first real server failing leaves every service of the group
        manager.healthChanged(new MemberKey(0, 0), new RealServerHealth(false, 2));
        assertTrue(kernel.applies.await(10, TimeUnit.SECONDS));
        applier.close();
        assertEquals(5, kernel.services.size());
        for (VirtualService service : spec.services()) {
            int port = service.fwmark() != 0 ? 0 : service.port();
            assertEquals(List.of(RealServerDest.of(ip("10.0.0.2"), port, ForwardingMethod.DROUTE, 1)),
                    kernel.dests.get(service.key()), service.describe());
        }
        manager.stop();
    }
}
