package io.jkeepalived.it.ipvs;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.jkeepalived.ipvs.ForwardingMethod;
import io.jkeepalived.ipvs.Ipvs;
import io.jkeepalived.ipvs.IpvsChange;
import io.jkeepalived.ipvs.IpvsClient;
import io.jkeepalived.ipvs.RealServerDest;
import io.jkeepalived.ipvs.VirtualService;
import io.jkeepalived.ipvs.reconcile.DesiredTable;
import io.jkeepalived.ipvs.reconcile.IpvsReconciler;
import io.jkeepalived.ipvs.reconcile.NetlinkIpvsKernel;
import io.jkeepalived.ipvs.reconcile.ReconcilePlan;
import io.jkeepalived.ipvs.reconcile.ReconcileReport;
import io.jkeepalived.ipvs.reconcile.ServiceConfig;
import io.jkeepalived.netlink.ModprobeLoader;
import io.jkeepalived.netlink.NetlinkErrorException;

/**
 * The IPVS programming benchmark, inside the kernel lab VM: a table of S services x D real servers programmed
 * from empty by {@code ipvsadm -R} and by jkeepalived's reconciler, in the same VM run, then the cost of a
 * reconcile that finds nothing to change. Prints "bench ..." lines and sections for
 * {@link IpvsProgrammingBenchTest}. Arguments: services, destinations per service, repetitions.
 */
public final class IpvsBenchMain {

    private IpvsBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        int services = Integer.parseInt(args[0]);
        int perService = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        Path work = Path.of(System.getenv().getOrDefault("JKV_LAB_RESULTS", "/tmp"));
        DesiredTable table = table(services, perService);
        Path restore = work.resolve("bench.ipvsadm-restore");
        Files.writeString(restore, IpvsadmFormat.save(table.services()));
        int entries = services + services * perService;
        System.out.printf(Locale.ROOT, "bench table %d services x %d destinations = %d entries%n", services,
                perService, entries);

        try (IpvsClient client = IpvsClient.open(null, new ModprobeLoader())) {
            NetlinkIpvsKernel kernel = new NetlinkIpvsKernel(client);
            String ipvsadmTable = null;
            for (int round = 1; round <= rounds; round++) {
                client.flush();
                long start = System.nanoTime();
                String said = IpvsLabMain.sh("ipvsadm -R < " + restore);
                long ms = (System.nanoTime() - start) / 1_000_000;
                System.out.printf(Locale.ROOT, "bench ipvsadm-R round %d: %d ms (%s)%n", round, ms,
                        said.isBlank() ? "ok" : said);
                if (ipvsadmTable == null) {
                    ipvsadmTable = sortedSave();
                }
            }
            String reconcilerTable = null;
            for (int round = 1; round <= rounds; round++) {
                client.flush();
                IpvsReconciler reconciler = new IpvsReconciler(kernel);
                ReconcileReport r = reconciler.reconcile(table);
                System.out.printf(Locale.ROOT, "bench reconcile-from-empty round %d: %d ms (%d changes, converged %s)%n",
                        round, r.elapsed().toMillis(), r.applied().size(), r.converged());
                if (reconcilerTable == null) {
                    reconcilerTable = sortedSave();
                }
            }
            long saveStart = System.nanoTime();
            int saved = IpvsLabMain.sh("ipvsadm-save -n").split("\n").length;
            System.out.printf(Locale.ROOT, "bench ipvsadm-save-n (a full read by ipvsadm): %d ms (%d lines)%n",
                    (System.nanoTime() - saveStart) / 1_000_000, saved);
            IpvsReconciler reconciler = new IpvsReconciler(kernel);
            for (int round = 1; round <= rounds + 3; round++) {
                ReconcileReport r = reconciler.reconcile(table);
                System.out.printf(Locale.ROOT, "bench reconcile-unchanged round %d: %.1f ms (unchanged %s)%n", round,
                        r.elapsed().toNanos() / 1e6, r.unchanged());
            }
            List<ServiceConfig> changed = new ArrayList<>(table.services());
            ServiceConfig first = changed.get(0);
            List<RealServerDest> ds = new ArrayList<>(first.destinations());
            ds.set(0, ds.get(0).withWeight(0));
            changed.set(0, new ServiceConfig(first.service(), ds));
            ReconcileReport weight = reconciler.reconcile(DesiredTable.of(changed));
            System.out.printf(Locale.ROOT, "bench reconcile-one-weight-change: %.1f ms (%d change)%n",
                    weight.elapsed().toNanos() / 1e6, weight.applied().size());

            // The same changes one request at a time, each waiting for its ack: what batching saves.
            client.flush();
            List<IpvsChange> all = ReconcilePlan.of(table, List.of(), s -> List.of()).all();
            long start = System.nanoTime();
            int refused = 0;
            for (IpvsChange c : all) {
                try {
                    client.apply(c);
                } catch (NetlinkErrorException e) {
                    refused++;
                }
            }
            System.out.printf(Locale.ROOT, "bench one-ack-at-a-time: %d ms (%d changes, %d refused)%n",
                    (System.nanoTime() - start) / 1_000_000, all.size(), refused);
            System.out.println("==same-table==");
            System.out.println(ipvsadmTable.equals(reconcilerTable) && ipvsadmTable.equals(sortedSave()));
            System.out.println("==table-lines==");
            System.out.println(ipvsadmTable.lines().count());
            client.flush();
        }
    }

    private static String sortedSave() throws IOException, InterruptedException {
        return String.join("\n", IpvsLabMain.sh("ipvsadm-save -n").lines().sorted().toList());
    }

    /** S wrr services with D NAT destinations each, weights 1..10. */
    static DesiredTable table(int services, int perService) throws IOException {
        List<ServiceConfig> out = new ArrayList<>();
        for (int s = 0; s < services; s++) {
            VirtualService vs = VirtualService.of(InetAddress.getByAddress(new byte[] {10, 100, (byte) (s / 250),
                    (byte) (s % 250 + 1)}), Ipvs.IPPROTO_TCP, 80, "wrr");
            List<RealServerDest> ds = new ArrayList<>();
            for (int d = 0; d < perService; d++) {
                ds.add(RealServerDest.of(InetAddress.getByAddress(new byte[] {10, (byte) (128 + s / 250),
                        (byte) (s % 250), (byte) (d + 1)}), 8080, ForwardingMethod.MASQ, 1 + d % 10));
            }
            out.add(new ServiceConfig(vs, ds));
        }
        return DesiredTable.of(out);
    }
}
