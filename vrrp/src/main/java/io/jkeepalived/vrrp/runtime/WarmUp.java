package io.jkeepalived.vrrp.runtime;

import io.jkeepalived.netlink.NetlinkMessageBuilder;
import io.jkeepalived.rtnl.InterfaceAddress;
import io.jkeepalived.rtnl.RtnlCodec;
import io.jkeepalived.vrrp.Advertisement;
import io.jkeepalived.vrrp.AdvertValidator;
import io.jkeepalived.vrrp.AdvertisementCodec;
import io.jkeepalived.vrrp.InboundPacket;
import io.jkeepalived.vrrp.Ipv4Header;
import io.jkeepalived.vrrp.ReceiveExpectations;
import io.jkeepalived.vrrp.VrrpParameters;
import io.jkeepalived.vrrp.loop.TimerQueue;
import io.jkeepalived.vrrp.net.Announcements;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Runs the per-packet and takeover code a few thousand times on made-up data before the daemon starts,
 * so that the JIT has compiled it. An advert arrives once a second, which leaves that code interpreted
 * for half an hour otherwise: measured 150-300 us to check one advert, enough to put our takeover
 * milliseconds behind keepalived's. Touches nothing outside the JVM. Bounded in time.
 */
final class WarmUp {
    private static final int ROUNDS = 20_000;
    private static final long BUDGET_NANOS = 1_500_000_000L;

    private WarmUp() {
    }

    /** @return how many rounds ran */
    static int run() {
        long deadline = System.nanoTime() + BUDGET_NANOS;
        InetAddress us = address(192, 0, 2, 2);
        InetAddress peer = address(192, 0, 2, 1);
        InetAddress group = address(224, 0, 0, 18);
        InetAddress vip = address(192, 0, 2, 100);
        VrrpParameters params = VrrpParameters.builder("warm-up", 1, us).password("warm-up")
                .virtualAddresses(List.of(vip)).build();
        Advertisement theirs = params.advertisement(200);
        byte[] message = AdvertisementCodec.encode(theirs, peer, group);
        byte[] datagram = Ipv4Header.forAdvert((Inet4Address) peer, (Inet4Address) group, message.length, 0)
                .datagram(message);
        ReceiveExpectations expectations = params.receiveExpectations();
        TimerQueue timers = new TimerQueue();
        Runnable nothing = () -> { };
        NetlinkMessageBuilder builder = new NetlinkMessageBuilder(512);
        InterfaceAddress ia = InterfaceAddress.of(1, vip, 24).withLabel("warm-up:1");
        byte[] mac = {2, 0, 0, 0, 0, 1};
        int round = 0;
        for (; round < ROUNDS && System.nanoTime() < deadline; round++) {
            // What a backup does with each advert: check it, then move its master down timer.
            AdvertValidator.validate(InboundPacket.ipv4(datagram.clone()), expectations);
            timers.add(System.nanoTime() + 3_000_000_000L, nothing).cancel();
            timers.runDue(System.nanoTime(), e -> { });
            AdvertisementCodec.encode(params.advertisement(100), us, group);
            Announcements.frame(mac, vip);
            RtnlCodec.writeAddAddress(builder, ia, false);
            RtnlCodec.writeDeleteAddress(builder, ia);
        }
        return round;
    }

    private static InetAddress address(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
