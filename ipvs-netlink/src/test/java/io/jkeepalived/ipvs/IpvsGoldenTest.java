package io.jkeepalived.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import io.jkeepalived.libc.Errno;
import io.jkeepalived.libc.Libc;
import io.jkeepalived.netlink.Netlink;
import io.jkeepalived.netlink.NetlinkAck;
import io.jkeepalived.netlink.NetlinkMessage;
import io.jkeepalived.netlink.NetlinkMessageBuilder;
import io.jkeepalived.netlink.NetlinkMessages;
import io.jkeepalived.testing.GoldenCapture;
import io.jkeepalived.testing.GoldenCapture.Message;

/**
 * The codec against what ipvsadm 1.31 sent and the 6.1 kernel answered in the lab VM
 * (src/test/resources/ipvs-golden): every request byte for byte (sequence numbers and port ids masked), and
 * the kernel's replies decoded into the model.
 */
class IpvsGoldenTest {

    private static final int TCP = Ipvs.IPPROTO_TCP;
    private static final int UDP = Ipvs.IPPROTO_UDP;
    private static final int SCTP = Ipvs.IPPROTO_SCTP;

    private static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    private static GoldenCapture golden(String name) {
        return GoldenCapture.load("ipvs-golden", name);
    }

    /** Messages of the IPVS family (the controller's are 0x10, netlink's own below). */
    private static boolean ipvs(Message m) {
        return m.type() > Netlink.GENL_ID_CTRL;
    }

    /** ipvsadm's requests of this capture with genl command {@code cmd}. */
    private static List<Message> sent(GoldenCapture c, int cmd) {
        return c.messages().stream().filter(m -> m.sent() && ipvs(m) && m.command() == cmd).toList();
    }

    private static VirtualService tcp(String vip, int port, String scheduler) {
        return VirtualService.of(ip(vip), TCP, port, scheduler);
    }

    private static final VirtualService WEB = tcp("192.0.2.1", 80, "wrr");

    private static RealServerDest dest(String address, int port, ForwardingMethod m, int weight) {
        return RealServerDest.of(ip(address), port, m, weight);
    }

    private static void assertSameBytes(String name, int cmd, int index,
            BiFunction<IpvsCodec, NetlinkMessageBuilder, NetlinkMessageBuilder> ours) {
        GoldenCapture c = golden(name);
        Message theirs = sent(c, cmd).get(index);
        byte[] mine = ours.apply(new IpvsCodec(theirs.type()), new NetlinkMessageBuilder()).toByteArray();
        HexFormat hex = HexFormat.of();
        assertEquals(hex.formatHex(theirs.masked()), hex.formatHex(GoldenCapture.maskLike(mine, theirs)),
                name + ": " + c.command());
    }

    private record Case(String name, int cmd, int index,
            BiFunction<IpvsCodec, NetlinkMessageBuilder, NetlinkMessageBuilder> encode) {
    }

    private static Case newService(String name, VirtualService s) {
        return new Case(name, Ipvs.CMD_NEW_SERVICE, 0, (c, b) -> c.writeNewService(b, s));
    }

    private static Case newDest(String name, VirtualService s, RealServerDest d) {
        return new Case(name, Ipvs.CMD_NEW_DEST, 0, (c, b) -> c.writeNewDest(b, s, d));
    }

    @TestFactory
    Stream<DynamicTest> requestsAreIpvsadmsBytes() {
        VirtualService v6 = VirtualService.of(ip("2001:db8::1"), TCP, 80, "wrr");
        List<Case> cases = new ArrayList<>(List.of(
                newService("add-service-fwmark4", VirtualService.fwmark(Libc.AF_INET, 7, "wrr")),
                newService("add-service-fwmark6", VirtualService.fwmark(Libc.AF_INET6, 7, "wrr")),
                newService("add-service-sctp4-wrr", VirtualService.of(ip("192.0.2.1"), SCTP, 3868, "wrr")),
                newService("add-service-sctp6-wrr", VirtualService.of(ip("2001:db8::1"), SCTP, 3868, "wrr")),
                newService("add-service-tcp4-default-sched", tcp("192.0.2.1", 80, "wlc")),
                newService("add-service-tcp4-mh-flags", tcp("192.0.2.1", 80, "mh")
                        .withFlags(Ipvs.SVC_F_SCHED_MH_PORT | Ipvs.SVC_F_SCHED_MH_FALLBACK)),
                newService("add-service-tcp4-persistent-default", tcp("192.0.2.1", 80, "wlc").withPersistence(360, 32)),
                newService("add-service-tcp4-persistent-netmask", tcp("192.0.2.1", 80, "wlc").withPersistence(300, 24)),
                newService("add-service-tcp4-persistent", tcp("192.0.2.1", 80, "wlc").withPersistence(300, 32)),
                newService("add-service-tcp4-rr-flag-1-2-3", tcp("192.0.2.1", 80, "rr")
                        .withFlags(Ipvs.SVC_F_SCHED1 | Ipvs.SVC_F_SCHED2 | Ipvs.SVC_F_SCHED3)),
                newService("add-service-tcp4-sh-flags", tcp("192.0.2.1", 80, "sh")
                        .withFlags(Ipvs.SVC_F_SCHED_SH_PORT | Ipvs.SVC_F_SCHED_SH_FALLBACK)),
                newService("add-service-tcp6-persistent-netmask", VirtualService.of(ip("2001:db8::1"), TCP, 80, "wlc")
                        .withPersistence(300, 64)),
                newService("add-service-tcp6-wrr", v6),
                newService("add-service-udp4-ops", VirtualService.of(ip("192.0.2.1"), UDP, 53, "rr")
                        .withFlags(Ipvs.SVC_F_ONEPACKET)),
                newService("add-service-udp4-pe-sip", VirtualService.of(ip("192.0.2.1"), UDP, 5060, "rr")
                        .withPersistence(60, 32).withPersistenceEngine("sip")),
                newService("add-service-udp4-wrr", VirtualService.of(ip("192.0.2.1"), UDP, 53, "wrr")),
                newService("add-service-udp6-wrr", VirtualService.of(ip("2001:db8::1"), UDP, 53, "wrr")),
                newService("error-add-service-exists", WEB),
                newService("error-add-service-nosuch-scheduler", tcp("192.0.2.2", 80, "nosuch")),
                newService("error-add-service-nosuch-pe", VirtualService.of(ip("192.0.2.2"), UDP, 5060, "rr")
                        .withPersistence(60, 32).withPersistenceEngine("nosuch")),

                newDest("add-dest-fwmark4", VirtualService.fwmark(Libc.AF_INET, 7, "wrr"),
                        dest("192.0.2.40", 0, ForwardingMethod.DROUTE, 2)),
                newDest("add-dest-tcp4-defaults", WEB, dest("192.0.2.23", 80, ForwardingMethod.DROUTE, 1)),
                newDest("add-dest-tcp4-dr", WEB, dest("192.0.2.10", 80, ForwardingMethod.DROUTE, 1)),
                newDest("add-dest-tcp4-mixed-family-tun", WEB, dest("2001:db8::20", 80, ForwardingMethod.TUNNEL, 1)),
                newDest("add-dest-tcp4-nat", WEB, dest("192.0.2.11", 8080, ForwardingMethod.MASQ, 2)),
                newDest("add-dest-tcp4-thresholds", WEB, dest("192.0.2.22", 80, ForwardingMethod.DROUTE, 1)
                        .withThresholds(100, 50)),
                newDest("add-dest-tcp4-tun-gre-csum", WEB, dest("192.0.2.19", 80, ForwardingMethod.TUNNEL, 1)
                        .withTunnel(TunnelType.GRE, 0, Ipvs.TUNNEL_ENCAP_FLAG_CSUM)),
                newDest("add-dest-tcp4-tun-gre", WEB, dest("192.0.2.18", 80, ForwardingMethod.TUNNEL, 1)
                        .withTunnel(TunnelType.GRE, 0, Ipvs.TUNNEL_ENCAP_FLAG_NOCSUM)),
                newDest("add-dest-tcp4-tun-gue-csum", WEB, dest("192.0.2.16", 80, ForwardingMethod.TUNNEL, 1)
                        .withTunnel(TunnelType.GUE, 6080, Ipvs.TUNNEL_ENCAP_FLAG_CSUM)),
                newDest("add-dest-tcp4-tun-gue-nocsum", WEB, dest("192.0.2.15", 80, ForwardingMethod.TUNNEL, 1)
                        .withTunnel(TunnelType.GUE, 6080, Ipvs.TUNNEL_ENCAP_FLAG_NOCSUM)),
                newDest("add-dest-tcp4-tun-gue-remcsum", WEB, dest("192.0.2.17", 80, ForwardingMethod.TUNNEL, 1)
                        .withTunnel(TunnelType.GUE, 6080, Ipvs.TUNNEL_ENCAP_FLAG_REMCSUM)),
                newDest("add-dest-tcp4-tun-gue", WEB, dest("192.0.2.14", 80, ForwardingMethod.TUNNEL, 1)
                        .withTunnel(TunnelType.GUE, 6080, 0)),
                newDest("add-dest-tcp4-tun-ipip", WEB, dest("192.0.2.13", 80, ForwardingMethod.TUNNEL, 1)),
                newDest("add-dest-tcp4-tun", WEB, dest("192.0.2.12", 80, ForwardingMethod.TUNNEL, 3)),
                newDest("add-dest-tcp4-weight-0", WEB, dest("192.0.2.20", 80, ForwardingMethod.DROUTE, 0)),
                newDest("add-dest-tcp4-weight-max", WEB, dest("192.0.2.21", 80, ForwardingMethod.DROUTE, 65535)),
                newDest("add-dest-tcp6-nat", v6, dest("2001:db8::10", 8080, ForwardingMethod.MASQ, 5)),
                newDest("error-add-dest-exists", WEB, dest("192.0.2.10", 80, ForwardingMethod.DROUTE, 1)),
                newDest("error-add-dest-no-service", tcp("192.0.2.99", 80, "wlc"),
                        dest("192.0.2.10", 80, ForwardingMethod.DROUTE, 1)),

                new Case("delete-dest-tcp4", Ipvs.CMD_DEL_DEST, 0, (c, b) -> c.writeDelDest(b, WEB,
                        dest("192.0.2.10", 80, ForwardingMethod.DROUTE, 1))),
                new Case("delete-dest-tcp6", Ipvs.CMD_DEL_DEST, 0, (c, b) -> c.writeDelDest(b, v6,
                        dest("2001:db8::10", 8080, ForwardingMethod.DROUTE, 1))),
                new Case("error-delete-dest-missing", Ipvs.CMD_DEL_DEST, 0, (c, b) -> c.writeDelDest(b, WEB,
                        dest("192.0.2.99", 80, ForwardingMethod.DROUTE, 1))),
                new Case("edit-dest", Ipvs.CMD_SET_DEST, 0, (c, b) -> c.writeSetDest(b, WEB,
                        dest("192.0.2.10", 80, ForwardingMethod.MASQ, 7).withThresholds(10, 5))),
                new Case("error-edit-dest-missing", Ipvs.CMD_SET_DEST, 0, (c, b) -> c.writeSetDest(b, WEB,
                        dest("192.0.2.99", 80, ForwardingMethod.DROUTE, 1))),
                new Case("delete-service-fwmark4", Ipvs.CMD_DEL_SERVICE, 0,
                        (c, b) -> c.writeDelService(b, VirtualService.fwmark(Libc.AF_INET, 7, "wrr"))),
                new Case("delete-service-tcp4", Ipvs.CMD_DEL_SERVICE, 0, (c, b) -> c.writeDelService(b, WEB)),
                new Case("error-delete-service-missing", Ipvs.CMD_DEL_SERVICE, 0,
                        (c, b) -> c.writeDelService(b, tcp("192.0.2.99", 80, "rr"))),
                new Case("edit-service", Ipvs.CMD_SET_SERVICE, 0,
                        (c, b) -> c.writeSetService(b, tcp("192.0.2.1", 80, "rr").withPersistence(120, 32))),
                new Case("edit-service-drop-persistence", Ipvs.CMD_SET_SERVICE, 0,
                        (c, b) -> c.writeSetService(b, tcp("192.0.2.1", 80, "rr"))),
                new Case("error-edit-service-missing", Ipvs.CMD_SET_SERVICE, 0,
                        (c, b) -> c.writeSetService(b, tcp("192.0.2.99", 80, "rr"))),
                new Case("flush", Ipvs.CMD_FLUSH, 0, (c, b) -> c.writeFlush(b)),
                new Case("zero-all", Ipvs.CMD_ZERO, 0, (c, b) -> c.writeZero(b, null)),
                new Case("zero-service", Ipvs.CMD_ZERO, 0, (c, b) -> c.writeZero(b, WEB)),
                new Case("error-zero-service-missing", Ipvs.CMD_ZERO, 0,
                        (c, b) -> c.writeZero(b, tcp("192.0.2.99", 80, "rr"))),
                new Case("set-timeouts", Ipvs.CMD_SET_CONFIG, 0,
                        (c, b) -> c.writeSetTimeouts(b, new IpvsTimeouts(900, 120, 300))),
                new Case("get-info", Ipvs.CMD_GET_INFO, 0, (c, b) -> c.writeGetInfo(b)),
                new Case("list-timeouts", Ipvs.CMD_GET_CONFIG, 0, (c, b) -> c.writeGetTimeouts(b)),
                new Case("list-daemon", Ipvs.CMD_GET_DAEMON, 0, (c, b) -> c.writeGetDaemons(b)),
                new Case("list-numeric", Ipvs.CMD_GET_SERVICE, 0, (c, b) -> c.writeGetServices(b)),
                new Case("list-numeric", Ipvs.CMD_GET_DEST, 0, (c, b) -> c.writeGetDests(b, WEB)),
                new Case("list-numeric", Ipvs.CMD_GET_DEST, 1, (c, b) -> c.writeGetDests(b,
                        VirtualService.of(ip("2001:db8::cb"), UDP, 53, "rr"))),
                new Case("list-numeric-one-service", Ipvs.CMD_GET_SERVICE, 0, (c, b) -> c.writeGetService(b, WEB)),
                new Case("list-numeric-one-service", Ipvs.CMD_GET_DEST, 0, (c, b) -> c.writeGetDests(b, WEB)),
                new Case("start-daemon-master-lo", Ipvs.CMD_NEW_DAEMON, 0,
                        (c, b) -> c.writeNewDaemon(b, SyncDaemon.of(Ipvs.STATE_MASTER, "lo", 5))),
                new Case("start-daemon-master", Ipvs.CMD_NEW_DAEMON, 0,
                        (c, b) -> c.writeNewDaemon(b, SyncDaemon.of(Ipvs.STATE_MASTER, "jkv-ig-d0", 5))),
                new Case("start-daemon-backup", Ipvs.CMD_NEW_DAEMON, 0,
                        (c, b) -> c.writeNewDaemon(b, SyncDaemon.of(Ipvs.STATE_BACKUP, "jkv-ig-d0", 5))),
                new Case("start-daemon-master-all-options", Ipvs.CMD_NEW_DAEMON, 0, (c, b) -> c.writeNewDaemon(b,
                        new SyncDaemon(Ipvs.STATE_MASTER, "jkv-ig-d0", 6, 1400, ip("224.0.0.82"), 8849, 2))),
                new Case("start-daemon-backup-group6", Ipvs.CMD_NEW_DAEMON, 0, (c, b) -> c.writeNewDaemon(b,
                        new SyncDaemon(Ipvs.STATE_BACKUP, "jkv-ig-d0", 6, 0, ip("ff02::1:81"), 0, 0))),
                new Case("error-start-daemon-no-such-interface", Ipvs.CMD_NEW_DAEMON, 0,
                        (c, b) -> c.writeNewDaemon(b, SyncDaemon.of(Ipvs.STATE_MASTER, "jkv-ig-none", 5))),
                new Case("stop-daemon-master", Ipvs.CMD_DEL_DAEMON, 0, (c, b) -> c.writeDelDaemon(b, Ipvs.STATE_MASTER)),
                new Case("stop-daemon-backup", Ipvs.CMD_DEL_DAEMON, 0, (c, b) -> c.writeDelDaemon(b, Ipvs.STATE_BACKUP)),
                new Case("error-stop-daemon-not-running", Ipvs.CMD_DEL_DAEMON, 0,
                        (c, b) -> c.writeDelDaemon(b, Ipvs.STATE_MASTER))));
        for (String sched : List.of("dh", "fo", "lblc", "lblcr", "lc", "mh", "nq", "ovf", "rr", "sed", "sh", "wlc",
                "wrr")) {
            cases.add(newService("add-service-tcp4-" + sched, tcp("192.0.2.1", 80, sched)));
        }
        return cases.stream().map(k -> dynamicTest(k.name() + " #" + k.cmd() + "/" + k.index(),
                () -> assertSameBytes(k.name(), k.cmd(), k.index(), k.encode())));
    }

    // ---- the kernel's replies ----

    private static List<NetlinkMessage> received(GoldenCapture c, int cmd) throws Exception {
        List<NetlinkMessage> out = new ArrayList<>();
        for (Message m : c.messages()) {
            if (!m.sent() && ipvs(m) && m.command() == cmd) {
                out.addAll(NetlinkMessages.split(m.buffer()));
            }
        }
        return out;
    }

    @Test
    void aServiceAndDestinationDumpDecodesToWhatIpvsadmListed() throws Exception {
        GoldenCapture c = golden("list-numeric");
        IpvsCodec codec = new IpvsCodec(sent(c, Ipvs.CMD_GET_SERVICE).get(0).type());
        List<VirtualService> services = new ArrayList<>();
        for (NetlinkMessage m : received(c, Ipvs.CMD_NEW_SERVICE)) {
            ServiceEntry e = codec.parseService(m);
            assertEquals(IpvsStats.NONE, e.stats(), "nothing flowed through the VM");
            services.add(e.service());
        }
        VirtualService dns = VirtualService.of(ip("2001:db8::cb"), UDP, 53, "rr").withPersistence(300, 128);
        assertEquals(List.of(dns, WEB), services, "HASHED stripped, the IPv6 netmask a prefix");

        Map<String, List<DestEntry>> dests = new LinkedHashMap<>();
        List<NetlinkMessage> destMessages = received(c, Ipvs.CMD_NEW_DEST);
        // the first GET_DEST dump is the TCP service's (3 parts), then the UDP one's
        dests.put("web", new ArrayList<>());
        dests.put("dns", new ArrayList<>());
        for (int i = 0; i < destMessages.size(); i++) {
            VirtualService s = i < 3 ? WEB : dns;
            dests.get(i < 3 ? "web" : "dns").add(codec.parseDest(destMessages.get(i), s.family()));
        }
        assertEquals(List.of(dest("192.0.2.12", 80, ForwardingMethod.TUNNEL, 3),
                dest("192.0.2.11", 8080, ForwardingMethod.MASQ, 2), dest("192.0.2.10", 80, ForwardingMethod.DROUTE, 1)),
                dests.get("web").stream().map(DestEntry::dest).toList(), "the newest first, as the kernel keeps them");
        assertEquals(List.of(dest("2001:db8::12", 53, ForwardingMethod.DROUTE, 3),
                dest("2001:db8::11", 53, ForwardingMethod.DROUTE, 2), dest("2001:db8::10", 53, ForwardingMethod.DROUTE, 1)),
                dests.get("dns").stream().map(DestEntry::dest).toList());
        for (List<DestEntry> list : dests.values()) {
            for (DestEntry e : list) {
                assertEquals(0, e.activeConnections() + e.inactiveConnections() + e.persistentConnections());
                assertEquals(e.dest().family(), e.family());
            }
        }
    }

    @Test
    void infoTimeoutsAndDaemonRepliesDecode() throws Exception {
        GoldenCapture info = golden("get-info");
        IpvsCodec codec = new IpvsCodec(sent(info, Ipvs.CMD_GET_INFO).get(0).type());
        IpvsInfo i = codec.parseInfo(received(info, Ipvs.CMD_SET_INFO).get(0));
        assertEquals("1.2.1", i.versionString());
        assertEquals(4096, i.connectionTableSize());

        GoldenCapture timeouts = golden("list-timeouts");
        assertEquals(new IpvsTimeouts(900, 120, 300), codec.parseTimeouts(received(timeouts, Ipvs.CMD_SET_CONFIG).get(0)));

        List<SyncDaemon> daemons = new ArrayList<>();
        for (NetlinkMessage m : received(golden("list-daemon-options"), Ipvs.CMD_NEW_DAEMON)) {
            daemons.add(codec.parseDaemon(m));
        }
        // ipvsadm listed: master (mcast=jkv-ig-d0, syncid=6, maxlen=1400, group=224.0.0.82, port=8849, ttl=2)
        // and backup (mcast=jkv-ig-d0, syncid=6, maxlen=1452, group=ff02::1:81, port=8848, ttl=1)
        assertEquals(List.of(new SyncDaemon(Ipvs.STATE_MASTER, "jkv-ig-d0", 6, 1400, ip("224.0.0.82"), 8849, 2),
                new SyncDaemon(Ipvs.STATE_BACKUP, "jkv-ig-d0", 6, 1452, ip("ff02::1:81"), 8848, 1)), daemons);
    }

    private static NetlinkAck errorOf(String name) throws Exception {
        GoldenCapture c = golden(name);
        for (Message m : c.messages()) {
            if (!m.sent() && m.type() == Netlink.NLMSG_ERROR) {
                NetlinkAck ack = NetlinkAck.parseError(NetlinkMessages.split(m.buffer()).get(0));
                if (!ack.isSuccess()) {
                    return ack;
                }
            }
        }
        throw new AssertionError(name + " has no error");
    }

    @Test
    void theKernelsErrorsAreTheErrnosIpvsErrorsExplains() throws Exception {
        Map<String, Errno> expected = new LinkedHashMap<>();
        expected.put("error-add-service-exists", Errno.EEXIST);
        expected.put("error-add-service-nosuch-scheduler", Errno.ENOENT);
        expected.put("error-add-service-nosuch-pe", Errno.ENOENT);
        expected.put("error-add-dest-exists", Errno.EEXIST);
        expected.put("error-add-dest-no-service", Errno.ESRCH);
        expected.put("error-edit-dest-missing", Errno.ENOENT);
        expected.put("error-delete-dest-missing", Errno.ENOENT);
        expected.put("error-delete-service-missing", Errno.ESRCH);
        expected.put("error-edit-service-missing", Errno.ESRCH);
        expected.put("error-zero-service-missing", Errno.ESRCH);
        expected.put("error-stop-daemon-not-running", Errno.ESRCH);
        expected.put("error-start-daemon-no-such-interface", Errno.ENODEV);
        for (Map.Entry<String, Errno> e : expected.entrySet()) {
            NetlinkAck ack = errorOf(e.getKey());
            assertEquals(e.getValue(), ack.errno(), e.getKey());
            assertEquals(null, ack.message(), "IPVS gives no extended-ack text: " + e.getKey());
        }
        NetlinkAck policy = errorOf("extack-set-config-short-attr");
        assertEquals(Errno.ERANGE, policy.errno());
        assertEquals("Attribute failed policy validation", policy.message());
        assertEquals(20, policy.offset());
        assertEquals(null, errorOf("extack-add-service-exists").message(), "even with NETLINK_EXT_ACK on");
    }
}
