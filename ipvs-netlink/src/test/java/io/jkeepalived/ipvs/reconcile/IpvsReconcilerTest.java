package io.jkeepalived.ipvs.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.jkeepalived.ipvs.ForwardingMethod;
import io.jkeepalived.ipvs.Ipvs;
import io.jkeepalived.ipvs.IpvsChange;
import io.jkeepalived.ipvs.RealServerDest;
import io.jkeepalived.ipvs.TunnelType;
import io.jkeepalived.ipvs.VirtualService;
import io.jkeepalived.libc.Errno;
import io.jkeepalived.libc.Libc;
import io.jkeepalived.libc.LinuxException;

/** The reconciler against an in-memory kernel that answers like the lab's. */
class IpvsReconcilerTest {

    private final FakeIpvsKernel kernel = new FakeIpvsKernel();
    private final IpvsReconciler reconciler = new IpvsReconciler(kernel);

    private static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    private static VirtualService tcp(String vip, int port, String scheduler) {
        return VirtualService.of(ip(vip), Ipvs.IPPROTO_TCP, port, scheduler);
    }

    private static RealServerDest dr(String rip, int port, int weight) {
        return RealServerDest.of(ip(rip), port, ForwardingMethod.DROUTE, weight);
    }

    private static RealServerDest nat(String rip, int port, int weight) {
        return RealServerDest.of(ip(rip), port, ForwardingMethod.MASQ, weight);
    }

    private static DesiredTable table(ServiceConfig... services) {
        return DesiredTable.of(List.of(services));
    }

    private static Map<VirtualService, List<RealServerDest>> expected(ServiceConfig... services) {
        Map<VirtualService, List<RealServerDest>> m = new LinkedHashMap<>();
        for (ServiceConfig s : services) {
            m.put(s.service(), s.destinations());
        }
        return m;
    }

    private static List<String> described(List<IpvsChange> changes) {
        return changes.stream().map(IpvsChange::describe).toList();
    }

    @Test
    void programsAnEmptyTableServicesFirstThenDestinations() throws Exception {
        ServiceConfig web = ServiceConfig.of(tcp("192.0.2.1", 80, "wrr"), dr("10.0.0.1", 80, 2), dr("10.0.0.2", 80, 3));
        ServiceConfig mark = ServiceConfig.of(VirtualService.fwmark(Libc.AF_INET, 7, "sh")
                .withFlags(Ipvs.SVC_F_SCHED_SH_PORT).withPersistence(300, 24), nat("10.0.1.1", 8080, 1));

        ReconcileReport r = reconciler.reconcile(table(web, mark));

        assertTrue(r.converged(), r.toString());
        assertEquals(2, kernel.batches().size(), "one batch of services, one of destinations");
        assertEquals(List.of(
                "add service TCP 192.0.2.1:80 scheduler wrr",
                "add service FWM 7 scheduler sh flags sh-port persistent 300 mask 255.255.255.0"),
                described(kernel.batches().get(0)));
        assertEquals(List.of(
                "add destination 10.0.0.1:80 DR weight 2 to TCP 192.0.2.1:80",
                "add destination 10.0.0.2:80 DR weight 3 to TCP 192.0.2.1:80",
                "add destination 10.0.1.1:8080 NAT weight 1 to FWM 7"),
                described(kernel.batches().get(1)));
        assertEquals(expected(web, mark), kernel.table());
        assertEquals(5, r.applied().size());
        assertEquals(0, kernel.destinationReads, "services absent from the kernel need no destination read");
    }

    @Test
    void aTableThatMatchesCostsOneReadAndNoChange() throws Exception {
        DesiredTable want = table(
                ServiceConfig.of(tcp("192.0.2.1", 80, "wrr"), dr("10.0.0.1", 80, 2)),
                ServiceConfig.of(tcp("192.0.2.2", 443, "wlc").withPersistence(600, 32), nat("10.0.0.5", 8443, 1)));
        reconciler.reconcile(want);
        kernel.resetCounters();

        ReconcileReport again = reconciler.reconcile(want);

        assertTrue(again.unchanged(), again.toString());
        assertEquals(List.of(), kernel.batches());
        assertEquals(1, kernel.serviceReads);
        assertEquals(2, kernel.destinationReads, "one destination dump per owned service");
    }

    @Test
    void weightThresholdAndMethodChangesAreEditsInPlace() throws Exception {
        VirtualService s = tcp("192.0.2.1", 80, "wlc");
        reconciler.reconcile(table(ServiceConfig.of(s, nat("10.0.0.1", 80, 1), nat("10.0.0.2", 80, 1),
                nat("10.0.0.3", 80, 1))));
        kernel.resetCounters();

        RealServerDest tun = RealServerDest.of(ip("10.0.0.3"), 80, ForwardingMethod.TUNNEL, 1)
                .withTunnel(TunnelType.GUE, 6080, Ipvs.TUNNEL_ENCAP_FLAG_CSUM);
        ServiceConfig want = ServiceConfig.of(s, nat("10.0.0.1", 80, 0), nat("10.0.0.2", 80, 1).withThresholds(100, 50),
                tun);
        ReconcileReport r = reconciler.reconcile(table(want));

        assertEquals(List.of(
                "edit destination 10.0.0.1:80 NAT weight 0 of TCP 192.0.2.1:80",
                "edit destination 10.0.0.2:80 NAT weight 1 uthreshold 100 lthreshold 50 of TCP 192.0.2.1:80",
                "edit destination 10.0.0.3:80 TUN weight 1 tunnel gue port 6080 flags 1 of TCP 192.0.2.1:80"),
                described(r.applied()));
        assertEquals(expected(want), kernel.table());
    }

    @Test
    void schedulerFlagsAndPersistenceChangesEditTheServiceAndKeepItsDestinations() throws Exception {
        VirtualService s = tcp("192.0.2.1", 80, "rr");
        reconciler.reconcile(table(ServiceConfig.of(s, dr("10.0.0.1", 80, 1))));
        kernel.resetCounters();

        VirtualService changed = s.withScheduler("sh").withFlags(Ipvs.SVC_F_SCHED_SH_FALLBACK)
                .withPersistence(120, 16).withPersistenceEngine("sip");
        ReconcileReport r = reconciler.reconcile(table(ServiceConfig.of(changed, dr("10.0.0.1", 80, 1))));

        assertEquals(List.of("edit service TCP 192.0.2.1:80 scheduler sh flags sh-fallback persistent 120 mask"
                + " 255.255.0.0 pe sip"), described(r.applied()));
        assertEquals(expected(ServiceConfig.of(changed, dr("10.0.0.1", 80, 1))), kernel.table());
    }

    @Test
    void drAndTunPortsFollowTheVirtualPortLikeKeepalivedSoTheyNeverChurn() throws Exception {
        // sorry_server 10.232.0.1 8080 under a port-80 DR service: keepalived programs 10.232.0.1:80.
        VirtualService s = tcp("192.0.2.1", 80, "rr");
        VirtualService mark = VirtualService.fwmark(Libc.AF_INET, 9, "rr");
        DesiredTable want = table(
                ServiceConfig.of(s, dr("10.232.0.1", 8080, 1), RealServerDest.of(ip("10.232.0.2"), 0,
                        ForwardingMethod.TUNNEL, 1), nat("10.232.0.3", 0, 1), nat("10.232.0.4", 8080, 1)),
                ServiceConfig.of(mark, dr("10.232.0.5", 8080, 1), nat("10.232.0.6", 8080, 1)));
        reconciler.reconcile(want);

        assertEquals(List.of(dr("10.232.0.1", 80, 1), RealServerDest.of(ip("10.232.0.2"), 80, ForwardingMethod.TUNNEL, 1),
                nat("10.232.0.3", 80, 1), nat("10.232.0.4", 8080, 1)), kernel.table().get(s));
        assertEquals(List.of(dr("10.232.0.5", 0, 1), nat("10.232.0.6", 8080, 1)), kernel.table().get(mark));
        kernel.resetCounters();
        assertTrue(reconciler.reconcile(want).unchanged());
        assertEquals(List.of(), kernel.batches());
    }

    @Test
    void inertTimeoutAndNetmaskOfANonPersistentServiceAreNotChurnedOn() throws Exception {
        // The kernel keeps whatever timeout and mask were sent with a non-persistent service (seen in the lab).
        VirtualService other = new VirtualService(Libc.AF_INET, Ipvs.IPPROTO_TCP, ip("192.0.2.3"), 80, 0, "rr", 0, 300,
                0xffff0000, null);
        kernel.put(other, dr("10.0.0.1", 80, 1));
        ReconcileReport r = reconciler.reconcile(table(ServiceConfig.of(tcp("192.0.2.3", 80, "rr"),
                dr("10.0.0.1", 80, 1))));
        assertTrue(r.unchanged(), r.toString());

        // Persistent: the prefix form and the mask form are the same value.
        VirtualService p = tcp("192.0.2.4", 80, "rr").withPersistenceMask(300, 0xffffff00);
        kernel.put(p);
        assertTrue(reconciler.reconcile(table(ServiceConfig.of(tcp("192.0.2.4", 80, "rr").withPersistence(300, 24))))
                .unchanged());
        ReconcileReport timeout = reconciler.reconcile(table(ServiceConfig.of(tcp("192.0.2.4", 80, "rr")
                .withPersistence(301, 24))));
        assertEquals(1, timeout.applied().size());
    }

    @Test
    void servicesItDoesNotOwnAreNeverTouched() throws Exception {
        VirtualService foreign = tcp("192.0.2.50", 80, "rr");
        kernel.put(foreign, dr("10.9.9.9", 80, 1));
        VirtualService ours = tcp("192.0.2.1", 80, "rr");

        reconciler.reconcile(table(ServiceConfig.of(ours, dr("10.0.0.1", 80, 1))));

        assertEquals(List.of(dr("10.9.9.9", 80, 1)), kernel.table().get(foreign));
        assertTrue(kernel.allApplied().stream().noneMatch(c -> c.service().key().equals(foreign.key())));
        assertEquals(0, kernel.batches().get(0).stream().filter(c -> c instanceof IpvsChange.DeleteService).count());
    }

    @Test
    void anOwnedServiceIsOwnedWholeAForeignDestinationUnderItIsDeleted() throws Exception {
        VirtualService ours = tcp("192.0.2.1", 80, "rr");
        kernel.put(ours, dr("10.0.0.1", 80, 1), dr("10.0.0.66", 80, 1));

        ReconcileReport r = reconciler.reconcile(table(ServiceConfig.of(ours, dr("10.0.0.1", 80, 1))));

        assertEquals(List.of("delete destination 10.0.0.66:80 from TCP 192.0.2.1:80"), described(r.applied()));
    }

    @Test
    void releasedServicesAreDeletedAndAreNoLongerOwnedAfterwards() throws Exception {
        ServiceConfig a = ServiceConfig.of(tcp("192.0.2.1", 80, "rr"), dr("10.0.0.1", 80, 1));
        ServiceConfig b = ServiceConfig.of(tcp("192.0.2.2", 80, "rr"), dr("10.0.0.2", 80, 1));
        DesiredTable first = table(a, b);
        reconciler.reconcile(first);

        DesiredTable reload = DesiredTable.replacing(first, List.of(a));
        assertEquals(Set.of(b.key()), reload.released());
        ReconcileReport r = reconciler.reconcile(reload);

        assertEquals(List.of("delete service TCP 192.0.2.2:80"), described(r.applied()));
        assertEquals(expected(a), kernel.table());
        kernel.resetCounters();
        assertTrue(reconciler.reconcile(reload).unchanged(), "a released service already gone costs nothing");
    }

    @Test
    void entriesDeletedBehindItsBackAreRestoredAndReportedAsSuch() throws Exception {
        VirtualService s = tcp("192.0.2.1", 80, "rr");
        DesiredTable want = table(ServiceConfig.of(s, dr("10.0.0.1", 80, 1), dr("10.0.0.2", 80, 1)),
                ServiceConfig.of(tcp("192.0.2.2", 80, "rr"), dr("10.0.0.3", 80, 1)));
        ReconcileReport first = reconciler.reconcile(want);
        assertEquals(List.of(), first.restored(), "the first programming restores nothing");

        kernel.removeDestination(s, dr("10.0.0.2", 80, 1)); // ipvsadm -d behind our back
        kernel.removeService(tcp("192.0.2.2", 80, "rr")); // ipvsadm -D behind our back
        ReconcileReport r = reconciler.reconcile(want);

        assertEquals(List.of("add service TCP 192.0.2.2:80 scheduler rr",
                "add destination 10.0.0.2:80 DR weight 1 to TCP 192.0.2.1:80",
                "add destination 10.0.0.3:80 DR weight 1 to TCP 192.0.2.2:80"), described(r.restored()));
        assertEquals(expected(want.services().toArray(ServiceConfig[]::new)), kernel.table());
    }

    @Test
    void aServiceTheKernelRefusesDoesNotStopTheOthers() throws Exception {
        ServiceConfig bad = ServiceConfig.of(tcp("192.0.2.1", 80, "nosuch"), dr("10.0.0.1", 80, 1), dr("10.0.0.2", 80, 1));
        ServiceConfig good = ServiceConfig.of(tcp("192.0.2.2", 80, "rr"), dr("10.0.0.3", 80, 1));

        ReconcileReport r = reconciler.reconcile(table(bad, good));

        assertEquals(1, r.failures().size());
        ReconcileFailure f = r.failures().get(0);
        assertEquals(Errno.ENOENT, f.errno());
        assertEquals("add service TCP 192.0.2.1:80 scheduler nosuch: ENOENT - no scheduler or persistence engine of"
                + " that name (is there a kernel module ip_vs_nosuch?)", f.message());
        assertEquals(2, r.skipped(), "its two destinations were not sent");
        assertEquals(expected(good), kernel.table());
        assertTrue(kernel.allApplied().stream().noneMatch(c -> c instanceof IpvsChange.AddDestination a
                && a.service().key().equals(bad.key())), "nothing sent under the refused service");
    }

    @Test
    void eachRefusedDestinationIsReportedAndTheRestApplied() throws Exception {
        VirtualService s = tcp("192.0.2.1", 80, "rr");
        kernel.failWhen(c -> c instanceof IpvsChange.AddDestination a && a.destination().address().equals(ip("10.0.0.2")),
                Errno.EEXIST);
        ServiceConfig want = ServiceConfig.of(s, dr("10.0.0.1", 80, 1), dr("10.0.0.2", 80, 1),
                dr("10.0.0.3", 80, 1).withThresholds(10, 20), RealServerDest.of(ip("2001:db8::9"), 80,
                        ForwardingMethod.DROUTE, 1), dr("10.0.0.4", 80, 1));

        ReconcileReport r = reconciler.reconcile(table(want));

        assertEquals(List.of(
                "add destination 10.0.0.2:80 DR weight 1 to TCP 192.0.2.1:80: EEXIST - the destination already exists"
                        + " in this service",
                "add destination 10.0.0.3:80 DR weight 1 uthreshold 10 lthreshold 20 to TCP 192.0.2.1:80: ERANGE - the"
                        + " lower threshold is above the upper threshold",
                "add destination [2001:db8::9]:80 DR weight 1 to TCP 192.0.2.1:80: EINVAL - a destination of the other"
                        + " address family must use TUN, and no sync daemon may run"),
                r.failures().stream().map(ReconcileFailure::message).toList());
        assertEquals(List.of(dr("10.0.0.1", 80, 1), dr("10.0.0.4", 80, 1)), kernel.table().get(s));
        assertTrue(!r.converged());
    }

    @Test
    void aFailedEditOfTheServiceStillReconcilesItsDestinations() throws Exception {
        VirtualService s = tcp("192.0.2.1", 80, "rr");
        reconciler.reconcile(table(ServiceConfig.of(s, dr("10.0.0.1", 80, 1))));

        ReconcileReport r = reconciler.reconcile(table(ServiceConfig.of(s.withScheduler("nosuch"),
                dr("10.0.0.1", 80, 5))));

        assertEquals(List.of("edit service TCP 192.0.2.1:80 scheduler nosuch: ENOENT - no scheduler or persistence"
                + " engine of that name (is there a kernel module ip_vs_nosuch?)"),
                r.failures().stream().map(ReconcileFailure::message).toList());
        assertEquals(List.of(dr("10.0.0.1", 80, 5)), kernel.table().get(s), "the weight change went through");
    }

    @Test
    void twoDestinationsThatBecomeTheSameEntryAreAConflictAndTheFirstWins() throws Exception {
        VirtualService s = tcp("192.0.2.1", 80, "rr");
        ReconcileReport r = reconciler.reconcile(table(ServiceConfig.of(s, dr("10.0.0.1", 80, 2), dr("10.0.0.1", 8080, 3))));
        assertEquals(List.of(dr("10.0.0.1", 80, 2)), kernel.table().get(s));
        assertEquals(1, r.failures().size());
        assertEquals("destination 10.0.0.1:8080 of TCP 192.0.2.1:80 is 10.0.0.1:80 in the table, like 10.0.0.1:80 DR"
                + " weight 2: only the first is programmed", r.failures().get(0).message());
    }

    @Test
    void aDestinationReadFailureSkipsOnlyThatService() throws Exception {
        VirtualService a = tcp("192.0.2.1", 80, "rr");
        kernel.put(a, dr("10.0.0.1", 80, 1));
        kernel.destinationReadBreaksWith = new LinuxException("list destinations of service TCP 192.0.2.1:80",
                Errno.ENOBUFS);
        ServiceConfig b = ServiceConfig.of(tcp("192.0.2.2", 80, "rr"), dr("10.0.0.2", 80, 1));

        ReconcileReport r = reconciler.reconcile(table(ServiceConfig.of(a, dr("10.0.0.1", 80, 9)), b));

        assertEquals(List.of("read destinations of TCP 192.0.2.1:80: list destinations of service TCP 192.0.2.1:80:"
                + " ENOBUFS (No buffer space available)"), r.failures().stream().map(ReconcileFailure::message).toList());
        assertEquals(List.of(dr("10.0.0.1", 80, 1)), kernel.table().get(a), "left alone this time");
        assertEquals(List.of(dr("10.0.0.2", 80, 1)), kernel.table().get(b.service()));
    }

    @Test
    void aBrokenExchangeIsThrownBecauseTheOutcomeIsUnknown() {
        kernel.applyBreaksWith = new IOException("netlink: no reply in 5000 ms");
        IOException e = assertThrows(IOException.class, () -> reconciler.reconcile(table(
                ServiceConfig.of(tcp("192.0.2.1", 80, "rr")))));
        assertSame(kernel.applyBreaksWith, e);
    }

    @Test
    void mixedFamilyTunnelsAndIpv6ServicesReconcile() throws Exception {
        VirtualService v6 = VirtualService.of(ip("2001:db8::1"), Ipvs.IPPROTO_UDP, 53, "mh")
                .withFlags(Ipvs.SVC_F_SCHED_MH_PORT).withPersistence(60, 64);
        List<RealServerDest> ds = new ArrayList<>(List.of(
                RealServerDest.of(ip("2001:db8::10"), 53, ForwardingMethod.MASQ, 1),
                RealServerDest.of(ip("10.1.0.10"), 53, ForwardingMethod.TUNNEL, 2)
                        .withTunnel(TunnelType.GRE, 0, Ipvs.TUNNEL_ENCAP_FLAG_CSUM)));
        ServiceConfig want = new ServiceConfig(v6, ds);
        assertTrue(reconciler.reconcile(table(want)).converged());
        assertEquals(expected(want), kernel.table());
        kernel.resetCounters();
        assertTrue(reconciler.reconcile(table(want)).unchanged());
    }

    @Test
    void desiredTablesRefuseDuplicatesAndContradictions() {
        ServiceConfig a = ServiceConfig.of(tcp("192.0.2.1", 80, "rr"));
        assertThrows(IllegalArgumentException.class, () -> table(a, ServiceConfig.of(tcp("192.0.2.1", 80, "wrr"))));
        assertThrows(IllegalArgumentException.class, () -> new DesiredTable(List.of(a), Set.of(a.key())));
    }
}
