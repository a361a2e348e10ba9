package io.jkeepalived.bench;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import io.jkeepalived.libc.Libc;
import io.jkeepalived.libc.NetNamespace;
import io.jkeepalived.nft.NfTables;
import io.jkeepalived.nft.NftFamily;
import io.jkeepalived.nft.NftMessage;
import io.jkeepalived.nft.VipDropTable;

/**
 * Not a test: a measurement, run by hand as root (docs/benchmarks.md has the command). How long the VRRP event
 * loop waits on nf_tables when a no_accept instance becomes MASTER or leaves it: the real kernel, in a
 * namespace this creates and deletes ({@code jkv-st-bench}). Times, over ROUNDS rounds: making the IPv4 table
 * with its first VIPS addresses (table check included, as the first master does), adding and removing VIPS
 * addresses to and from the made table (every later transition), and deleting the table (stop).
 */
public final class NftTransactionBench {

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int vips = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String ns = "jkv-st-bench";
        run("ip", "netns", "add", ns);
        try (NetNamespace namespace = NetNamespace.named(Libc.get(), ns); NfTables nft = NfTables.open(namespace)) {
            VipDropTable table = VipDropTable.defaults();
            List<InetAddress> addresses = new ArrayList<>();
            for (int i = 0; i < vips; i++) {
                addresses.add(InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, (byte) (10 + i)}));
            }
            long[] create = new long[rounds];
            long[] add = new long[rounds];
            long[] remove = new long[rounds];
            long[] delete = new long[rounds];
            AtomicInteger ids = new AtomicInteger();
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                List<NftMessage> m = new ArrayList<>(table.create(NftFamily.IPV4,
                        nft.tableExists(NftFamily.IPV4, table.name()), ids::incrementAndGet));
                m.add(table.addVips(NftFamily.IPV4, addresses));
                nft.commit(m);
                long t1 = System.nanoTime();
                nft.commit(List.of(table.removeVips(NftFamily.IPV4, addresses)));
                long t2 = System.nanoTime();
                nft.commit(List.of(table.addVips(NftFamily.IPV4, addresses)));
                long t3 = System.nanoTime();
                nft.commit(List.of(table.delete(NftFamily.IPV4)));
                long t4 = System.nanoTime();
                create[r] = t1 - t0;
                remove[r] = t2 - t1;
                add[r] = t3 - t2;
                delete[r] = t4 - t3;
            }
            System.out.printf(Locale.ROOT, "%d rounds, %d VIPs; microseconds median / p90 / max (first 10%% dropped)%n",
                    rounds, vips);
            report("make table + VIPs (first MASTER)", create);
            report("add VIPs (later MASTER)", add);
            report("remove VIPs (leave MASTER)", remove);
            report("delete table (stop)", delete);
        } finally {
            run("ip", "netns", "del", ns);
        }
    }

    private static void report(String what, long[] nanos) {
        long[] warm = Arrays.copyOfRange(nanos, nanos.length / 10, nanos.length);
        Arrays.sort(warm);
        System.out.printf(Locale.ROOT, "  %-34s %7.0f %7.0f %7.0f%n", what, warm[warm.length / 2] / 1e3,
                warm[(int) (warm.length * 0.9)] / 1e3, warm[warm.length - 1] / 1e3);
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed");
        }
    }
}
