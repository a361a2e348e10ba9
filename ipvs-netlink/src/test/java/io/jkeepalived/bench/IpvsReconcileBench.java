package io.jkeepalived.bench;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.jkeepalived.ipvs.ForwardingMethod;
import io.jkeepalived.ipvs.Ipvs;
import io.jkeepalived.ipvs.IpvsClient;
import io.jkeepalived.ipvs.IpvsCodec;
import io.jkeepalived.ipvs.RealServerDest;
import io.jkeepalived.ipvs.VirtualService;
import io.jkeepalived.ipvs.reconcile.DesiredTable;
import io.jkeepalived.ipvs.reconcile.IpvsReconciler;
import io.jkeepalived.ipvs.reconcile.NetlinkIpvsKernel;
import io.jkeepalived.ipvs.reconcile.ReconcileReport;
import io.jkeepalived.ipvs.reconcile.ServiceConfig;
import io.jkeepalived.netlink.Netlink;
import io.jkeepalived.netlink.NetlinkConnection;
import io.jkeepalived.netlink.NetlinkMessageBuilder;
import io.jkeepalived.testing.FakeKernel;

/**
 * Not a test: a measurement, run by hand (no root needed; docs/benchmarks.md has the command). The host has no
 * IPVS, so this times jkeepalived's own share of a reconcile that finds nothing to change, natively: a fake
 * kernel answers the dumps of an S x D table with messages shaped like the kernel's (statistics included),
 * and the real IpvsClient, NetlinkConnection, codec and reconciler read, decode and compare them. The kernel's
 * own dump time is not in it (the lab's figures have it, under emulation).
 */
public final class IpvsReconcileBench {

    private static final int FAMILY = 0x20;

    public static void main(String[] args) throws Exception {
        int services = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int perService = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        List<ServiceConfig> table = new ArrayList<>();
        for (int s = 0; s < services; s++) {
            VirtualService vs = VirtualService.of(InetAddress.getByAddress(new byte[] {10, 100, (byte) (s / 250),
                    (byte) (s % 250 + 1)}), Ipvs.IPPROTO_TCP, 80, "wrr");
            List<RealServerDest> ds = new ArrayList<>();
            for (int d = 0; d < perService; d++) {
                ds.add(RealServerDest.of(InetAddress.getByAddress(new byte[] {10, (byte) (128 + s / 250),
                        (byte) (s % 250), (byte) (d + 1)}), 8080, ForwardingMethod.MASQ, 1 + d % 10));
            }
            table.add(new ServiceConfig(vs, ds));
        }
        applyFromEmpty(table);
        FakeKernel kernel = dumpingKernel(table);
        IpvsClient client = new IpvsClient(new NetlinkConnection(kernel, Duration.ofSeconds(5), 1, 1),
                new IpvsCodec(FAMILY));
        IpvsReconciler reconciler = new IpvsReconciler(new NetlinkIpvsKernel(client));
        DesiredTable desired = DesiredTable.of(table);
        for (int i = 0; i < rounds; i++) { // warm-up
            check(reconciler.reconcile(desired));
        }
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            check(reconciler.reconcile(desired));
        }
        double ms = (System.nanoTime() - start) / 1e6 / rounds;
        System.out.printf(Locale.ROOT, "reconcile that finds nothing to change, %d x %d (%d entries), jkeepalived's"
                + " share: %.2f ms per reconcile (%d dumps, %.0f ns per entry)%n", services, perService,
                services * (perService + 1), ms, services + 1, ms * 1e6 / (services * (perService + 1)));
    }

    /** The changes of a reconcile from empty, batched through the real client to a fake kernel that acks all. */
    private static void applyFromEmpty(List<ServiceConfig> table) throws Exception {
        FakeKernel acking = new FakeKernel(Netlink.NETLINK_GENERIC, 7);
        acking.script((r, k) -> {
            for (FakeKernel.Request part : FakeKernel.messages(r)) {
                k.deliver(k.ack(part));
            }
        });
        IpvsClient client = new IpvsClient(new NetlinkConnection(acking, Duration.ofSeconds(5), 1, 1),
                new IpvsCodec(FAMILY));
        List<io.jkeepalived.ipvs.IpvsChange> all = io.jkeepalived.ipvs.reconcile.ReconcilePlan
                .of(DesiredTable.of(table), List.of(), s -> List.of()).all();
        StringBuilder times = new StringBuilder();
        for (int round = 1; round <= 30; round++) {
            acking.requests().clear();
            long start = System.nanoTime();
            client.apply(all);
            long ns = System.nanoTime() - start;
            if (round == 1 || round % 10 == 0) {
                times.append(String.format(Locale.ROOT, " round %d %.1f ms;", round, ns / 1e6));
            }
        }
        System.out.printf(Locale.ROOT, "apply %d changes from empty, batched, fake kernel acking:%s%n", all.size(),
                times);
    }

    private static void check(ReconcileReport r) {
        if (!r.unchanged()) {
            throw new IllegalStateException("expected no change: " + r);
        }
    }

    /** Answers GET_SERVICE and GET_DEST dumps with the table, 16 messages to a datagram like the kernel. */
    private static FakeKernel dumpingKernel(List<ServiceConfig> table) {
        IpvsCodec codec = new IpvsCodec(FAMILY, false);
        List<byte[]> serviceMessages = new ArrayList<>();
        Map<InetAddress, List<byte[]>> destMessages = new HashMap<>();
        NetlinkMessageBuilder b = new NetlinkMessageBuilder();
        for (ServiceConfig s : table) {
            serviceMessages.add(withStats(codec.writeNewService(b, s.service()).toByteArray(), 0x14));
            List<byte[]> ds = new ArrayList<>();
            for (RealServerDest d : s.destinations()) {
                byte[] m = codec.writeNewDest(b, s.service(), d).toByteArray();
                ds.add(destReply(m));
            }
            destMessages.put(s.service().address(), ds);
        }
        FakeKernel kernel = new FakeKernel(Netlink.NETLINK_GENERIC, 7);
        kernel.script((r, k) -> {
            int cmd = r.bytes()[16];
            List<byte[]> parts;
            if (cmd == Ipvs.CMD_GET_SERVICE) {
                parts = serviceMessages;
            } else {
                // the service address in the GET_DEST request: after genl (20), nest (4), AF (8), PROTOCOL (8), header (4)
                byte[] a = new byte[4];
                System.arraycopy(r.bytes(), 20 + 4 + 8 + 8 + 4, a, 0, 4);
                try {
                    parts = destMessages.get(InetAddress.getByAddress(a));
                } catch (java.net.UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
            for (int i = 0; i < parts.size(); i += 16) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                for (byte[] p : parts.subList(i, Math.min(parts.size(), i + 16))) {
                    ByteBuffer.wrap(p).order(ByteOrder.nativeOrder()).putShort(6, (short) Netlink.NLM_F_MULTI)
                            .putInt(8, r.sequence()).putInt(12, r.portId());
                    out.writeBytes(p);
                }
                k.deliverRaw(out.toByteArray());
            }
            k.deliver(k.done(r, 0));
        });
        return kernel;
    }

    /** The kernel's destination reply: the request's DEST nest (not the service), plus STATS and STATS64. */
    private static byte[] destReply(byte[] request) {
        ByteBuffer in = ByteBuffer.wrap(request).order(ByteOrder.nativeOrder());
        int serviceNest = in.getShort(20) & 0xffff;
        int destAt = 20 + Netlink.align(serviceNest);
        int destLength = in.getShort(destAt) & 0xffff;
        byte[] out = new byte[20 + destLength];
        System.arraycopy(request, 0, out, 0, 20);
        System.arraycopy(request, destAt, out, 20, destLength);
        ByteBuffer.wrap(out).order(ByteOrder.nativeOrder()).putInt(0, out.length);
        return withStats(out, 20);
    }

    /** Appends STATS (u32s and two u64s) and STATS64 (all u64) inside the nest at {@code nestAt}, as the kernel. */
    private static byte[] withStats(byte[] message, int nestAt) {
        NetlinkMessageBuilder b = new NetlinkMessageBuilder();
        b.begin(0, 0);
        int st = b.beginNested(Ipvs.SVC_ATTR_STATS, false);
        for (int t = Ipvs.STATS_ATTR_CONNS; t <= Ipvs.STATS_ATTR_OUTBPS; t++) {
            if (t == Ipvs.STATS_ATTR_INBYTES || t == Ipvs.STATS_ATTR_OUTBYTES) {
                b.attrU64(t, 123456789L);
            } else {
                b.attrU32(t, 42);
            }
        }
        b.endNested(st);
        int st64 = b.beginNested(Ipvs.SVC_ATTR_STATS64, false);
        for (int t = Ipvs.STATS_ATTR_CONNS; t <= Ipvs.STATS_ATTR_OUTBPS; t++) {
            b.attrU64(t, 123456789L);
        }
        b.endNested(st64);
        byte[] extra = b.toByteArray();
        int extraLength = extra.length - Netlink.HEADER_SIZE;
        byte[] out = new byte[message.length + extraLength];
        System.arraycopy(message, 0, out, 0, message.length);
        System.arraycopy(extra, Netlink.HEADER_SIZE, out, message.length, extraLength);
        ByteBuffer o = ByteBuffer.wrap(out).order(ByteOrder.nativeOrder());
        o.putInt(0, out.length);
        o.putShort(nestAt, (short) ((o.getShort(nestAt) & 0xffff) + extraLength));
        return out;
    }
}
