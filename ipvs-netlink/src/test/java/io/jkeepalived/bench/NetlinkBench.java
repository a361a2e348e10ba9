package io.jkeepalived.bench;

import java.net.InetAddress;

import io.jkeepalived.ipvs.ForwardingMethod;
import io.jkeepalived.ipvs.Ipvs;
import io.jkeepalived.ipvs.IpvsCodec;
import io.jkeepalived.ipvs.RealServerDest;
import io.jkeepalived.ipvs.VirtualService;
import io.jkeepalived.netlink.NetlinkMessageBuilder;
import io.jkeepalived.rtnl.InterfaceAddress;
import io.jkeepalived.rtnl.Rtnetlink;
import io.jkeepalived.testing.TestNetns;

/**
 * Not a test: a measurement, run by hand as root (see docs/benchmarks.md for the command). Times the
 * acknowledged round trip of address add+delete against the host kernel in a throw-away namespace, a link
 * dump, and the pure encoding of the health checkers' hot request (IPVS SET_DEST).
 */
public final class NetlinkBench {

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        try (TestNetns ns = TestNetns.create("bench"); Rtnetlink rtnl = Rtnetlink.open(ns.namespace())) {
            int veth = ns.ifIndex(TestNetns.VETH0);
            InterfaceAddress vip = InterfaceAddress.host(veth, InetAddress.getByName("192.0.2.77"));
            for (int i = 0; i < rounds / 5; i++) { // warm-up
                rtnl.addAddress(vip);
                rtnl.deleteAddress(vip);
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                rtnl.addAddress(vip);
                rtnl.deleteAddress(vip);
            }
            long t1 = System.nanoTime();
            System.out.printf("address add+delete, acked: %d pairs, %.1f us per request%n", rounds,
                    (t1 - t0) / 1000.0 / (2.0 * rounds));

            long t2 = System.nanoTime();
            int links = 0;
            for (int i = 0; i < rounds; i++) {
                links = rtnl.links().size();
            }
            long t3 = System.nanoTime();
            System.out.printf("link dump (%d links): %.1f us per dump%n", links, (t3 - t2) / 1000.0 / rounds);
        }

        IpvsCodec codec = new IpvsCodec(0x24);
        NetlinkMessageBuilder b = new NetlinkMessageBuilder();
        VirtualService s = VirtualService.of(InetAddress.getByName("192.0.2.1"), Ipvs.IPPROTO_TCP, 80, "wlc");
        RealServerDest d = RealServerDest.of(InetAddress.getByName("10.0.0.1"), 80, ForwardingMethod.MASQ, 1);
        int encodes = 2_000_000;
        long sink = 0;
        for (int i = 0; i < encodes / 4; i++) {
            sink += codec.writeSetDest(b, s, d.withWeight(i & 0xff)).length();
        }
        long t4 = System.nanoTime();
        for (int i = 0; i < encodes; i++) {
            sink += codec.writeSetDest(b, s, d.withWeight(i & 0xff)).length();
        }
        long t5 = System.nanoTime();
        System.out.printf("IPVS SET_DEST encode: %.0f ns per message (%d bytes)%n", (t5 - t4) / (double) encodes,
                sink / (encodes + encodes / 4));
    }
}
