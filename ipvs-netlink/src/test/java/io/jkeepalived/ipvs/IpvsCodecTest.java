package io.jkeepalived.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import io.jkeepalived.libc.Libc;
import io.jkeepalived.netlink.MalformedMessageException;
import io.jkeepalived.netlink.Netlink;
import io.jkeepalived.netlink.NetlinkMessage;
import io.jkeepalived.netlink.NetlinkMessageBuilder;
import io.jkeepalived.netlink.NetlinkMessages;
import io.jkeepalived.testing.FakeKernel;

/**
 * The IPVS codec against the layout linux/ip_vs.h and the kernel's ip_vs_ctl.c policies define. ipvsadm's
 * own bytes are checked in IpvsGoldenTest.
 */
class IpvsCodecTest {

    private static final int FAMILY = 0x24;
    private final IpvsCodec codec = new IpvsCodec(FAMILY);
    private final NetlinkMessageBuilder b = new NetlinkMessageBuilder();

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Test
    void newServiceLayout() throws Exception {
        VirtualService s = VirtualService.of(ip("192.0.2.1"), Ipvs.IPPROTO_TCP, 80, "wlc");
        byte[] m = codec.writeNewService(b, s).toByteArray();
        assertEquals("2400" + "0500", hex(m).substring(8, 16), "IPVS family id, REQUEST|ACK");
        assertEquals("01010000", hex(m).substring(32, 40), "genl: NEW_SERVICE, version 1");
        String attrs = hex(m).substring(40);
        assertEquals("5400" + "0180" // IPVS_CMD_ATTR_SERVICE, NLA_F_NESTED like ipvsadm/libnl 3.7
                + "0600" + "0100" + "02000000" // AF_INET
                + "0600" + "0200" + "06000000" // TCP
                + "1400" + "0300" + "c0000201" + "000000000000000000000000" // 16-byte address
                + "0600" + "0400" + "00500000" // port 80, network order
                + "0800" + "0600" + "776c6300" // "wlc"
                + "0c00" + "0700" + "00000000" + "ffffffff" // flags 0, mask ~0
                + "0800" + "0800" + "00000000" // timeout
                + "0800" + "0900" + "ffffffff", attrs); // netmask /32 as a network-order mask
        assertEquals(m.length, ByteBuffer.wrap(m).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(0));
    }

    @Test
    void persistenceNetmaskIsAMaskForIpv4AndAPrefixForIpv6() {
        assertEquals("ffffff00", hex(ByteBuffer.allocate(4).order(java.nio.ByteOrder.nativeOrder())
                .putInt(IpvsCodec.netmaskAttribute(Libc.AF_INET, VirtualService.netmaskForPrefix(Libc.AF_INET, 24)))
                .array()));
        assertEquals("00000000", hex(ByteBuffer.allocate(4).order(java.nio.ByteOrder.nativeOrder())
                .putInt(IpvsCodec.netmaskAttribute(Libc.AF_INET, VirtualService.netmaskForPrefix(Libc.AF_INET, 0)))
                .array()));
        assertEquals("ff00ff00", hex(ByteBuffer.allocate(4).order(java.nio.ByteOrder.nativeOrder())
                .putInt(IpvsCodec.netmaskAttribute(Libc.AF_INET, 0xff00ff00)).array()), "any IPv4 mask, as given");
        assertEquals("40000000", hex(ByteBuffer.allocate(4).order(java.nio.ByteOrder.nativeOrder())
                .putInt(IpvsCodec.netmaskAttribute(Libc.AF_INET6, 64)).array()));
    }

    @Test
    void newDestLayout() throws Exception {
        VirtualService s = VirtualService.fwmark(Libc.AF_INET, 7, "rr");
        RealServerDest d = RealServerDest.of(ip("198.51.100.7"), 8080, ForwardingMethod.DROUTE, 3)
                .withThresholds(1000, 800);
        byte[] m = codec.writeNewDest(b, s, d).toByteArray();
        String h = hex(m);
        assertEquals("05010000", h.substring(32, 40), "genl: NEW_DEST");
        // the service as a key only, as ipvsadm sends it: no scheduler, no flags, no timeout, full netmask
        String svc = "3800" + "0180" + "0600" + "0100" + "02000000" + "0800" + "0500" + "07000000"
                + "0500" + "0600" + "00000000" + "0c00" + "0700" + "00000000" + "ffffffff"
                + "0800" + "0800" + "00000000" + "0800" + "0900" + "ffffffff";
        String dest = "6000" + "0280"
                + "0600" + "0b00" + "02000000" // ADDR_FAMILY first
                + "1400" + "0100" + "c6336407" + "000000000000000000000000"
                + "0600" + "0200" + "1f900000" // 8080
                + "0800" + "0300" + "03000000" // DROUTE
                + "0800" + "0400" + "03000000" // weight 3
                + "0500" + "0d00" + "00000000" // TUN_TYPE IPIP, sent for every method
                + "0600" + "0e00" + "00000000" // TUN_PORT
                + "0600" + "0f00" + "00000000" // TUN_FLAGS
                + "0800" + "0500" + "e8030000" // u_thresh 1000
                + "0800" + "0600" + "20030000"; // l_thresh 800
        assertEquals(svc + dest, h.substring(40));
    }

    @Test
    void tunnelOptionsTravelInNetworkOrderForThePort() throws Exception {
        VirtualService s = VirtualService.of(ip("2001:db8::1"), Ipvs.IPPROTO_UDP, 53, "sh");
        RealServerDest gue = RealServerDest.of(ip("2001:db8::7"), 53, ForwardingMethod.TUNNEL, 1)
                .withTunnel(TunnelType.GUE, 5555, Ipvs.TUNNEL_ENCAP_FLAG_CSUM);
        String h = hex(codec.writeSetDest(b, s, gue).toByteArray());
        assertTrue(h.contains("0500" + "0d00" + "01000000"), "TUN_TYPE GUE: " + h);
        assertTrue(h.contains("0600" + "0e00" + "15b30000"), "TUN_PORT 5555 network order: " + h);
        assertTrue(h.contains("0600" + "0f00" + "01000000"), "TUN_FLAGS CSUM: " + h);
    }

    /** A GET reply as the kernel builds it: nests without NLA_F_NESTED, stats included. */
    private static NetlinkMessage reply(int cmd, Consumer<NetlinkMessageBuilder> body) throws Exception {
        byte[] bytes = FakeKernel.message(FAMILY, Netlink.NLM_F_MULTI, 1, 1, x -> {
            x.genlHeader(cmd, 1);
            body.accept(x);
        });
        return NetlinkMessages.split(ByteBuffer.wrap(bytes)).get(0);
    }

    @Test
    void decodesAKernelServiceWithStatsAndStripsHashed() throws Exception {
        byte[] addr = new byte[16];
        System.arraycopy(ip("192.0.2.1").getAddress(), 0, addr, 0, 4);
        NetlinkMessage m = reply(Ipvs.CMD_NEW_SERVICE, x -> {
            int svc = x.beginNested(Ipvs.CMD_ATTR_SERVICE, false);
            x.attrU16(Ipvs.SVC_ATTR_AF, Libc.AF_INET).attrU16(Ipvs.SVC_ATTR_PROTOCOL, 6)
                    .attrBytes(Ipvs.SVC_ATTR_ADDR, addr).attrBe16(Ipvs.SVC_ATTR_PORT, 443)
                    .attrString(Ipvs.SVC_ATTR_SCHED_NAME, "wrr")
                    .attrBytes(Ipvs.SVC_ATTR_FLAGS, flags(Ipvs.SVC_F_PERSISTENT | Ipvs.SVC_F_HASHED, -1))
                    .attrU32(Ipvs.SVC_ATTR_TIMEOUT, 300)
                    .attrU32(Ipvs.SVC_ATTR_NETMASK, IpvsCodec.netmaskAttribute(Libc.AF_INET, 0xffffff00));
            int st = x.beginNested(Ipvs.SVC_ATTR_STATS, false);
            x.attrU32(Ipvs.STATS_ATTR_CONNS, 5).attrU64(Ipvs.STATS_ATTR_INBYTES, 1L << 33);
            x.endNested(st);
            int st64 = x.beginNested(Ipvs.SVC_ATTR_STATS64, false);
            x.attrU64(Ipvs.STATS_ATTR_CONNS, 1L << 40).attrU64(Ipvs.STATS_ATTR_PAD, 0)
                    .attrU64(Ipvs.STATS_ATTR_OUTBPS, 9);
            x.endNested(st64);
            x.endNested(svc);
        });
        ServiceEntry e = codec.parseService(m);
        VirtualService s = e.service();
        assertEquals(ip("192.0.2.1"), s.address());
        assertEquals(443, s.port());
        assertEquals("wrr", s.scheduler());
        assertEquals(Ipvs.SVC_F_PERSISTENT, s.flags(), "HASHED is the kernel's business");
        assertEquals(300, s.timeoutSeconds());
        assertEquals(0xffffff00, s.netmask());
        assertNull(s.persistenceEngine());
        assertEquals(1L << 40, e.stats().connections(), "64-bit stats preferred");
        assertEquals(9, e.stats().outBytesPerSecond());
        assertEquals("TCP 192.0.2.1:443 scheduler wrr persistent 300 mask 255.255.255.0", s.toString());
    }

    private static byte[] flags(int flags, int mask) {
        return ByteBuffer.allocate(8).order(java.nio.ByteOrder.nativeOrder()).putInt(flags).putInt(mask).array();
    }

    @Test
    void servicesRoundTrip() throws Exception {
        VirtualService[] all = {
            VirtualService.of(ip("192.0.2.1"), Ipvs.IPPROTO_TCP, 80, "wlc"),
            VirtualService.of(ip("2001:db8::1"), Ipvs.IPPROTO_UDP, 0, "sh")
                    .withFlags(Ipvs.SVC_F_SCHED_SH_FALLBACK | Ipvs.SVC_F_SCHED_SH_PORT)
                    .withPersistence(600, 64),
            VirtualService.fwmark(Libc.AF_INET6, 0x7fffffff, "mh").withPersistenceEngine("sip"),
            VirtualService.of(ip("192.0.2.2"), Ipvs.IPPROTO_SCTP, 5060, "lc").withPersistence(60, 0)
                    .withFlags(Ipvs.SVC_F_PERSISTENT | Ipvs.SVC_F_ONEPACKET),
        };
        for (VirtualService s : all) {
            // The request's service attribute has the reply's shape: decode what we encoded.
            NetlinkMessage m = NetlinkMessages.split(codec.writeNewService(b, s).message()).get(0);
            assertEquals(s, codec.parseService(m).service(), s.toString());
        }
    }

    @Test
    void destinationsRoundTrip() throws Exception {
        VirtualService s = VirtualService.of(ip("192.0.2.1"), Ipvs.IPPROTO_TCP, 80, "wlc");
        RealServerDest[] all = {
            RealServerDest.of(ip("10.0.0.1"), 80, ForwardingMethod.MASQ, 1),
            RealServerDest.of(ip("10.0.0.2"), 8080, ForwardingMethod.DROUTE, 0).withThresholds(100, 50),
            RealServerDest.of(ip("2001:db8::9"), 80, ForwardingMethod.TUNNEL, 65535)
                    .withTunnel(TunnelType.GRE, 0, Ipvs.TUNNEL_ENCAP_FLAG_REMCSUM),
        };
        for (RealServerDest d : all) {
            NetlinkMessage m = NetlinkMessages.split(codec.writeNewDest(b, s, d).message()).get(0);
            DestEntry e = codec.parseDest(m, Libc.AF_INET);
            assertEquals(d, e.dest(), d.toString());
            assertEquals(d.family(), e.family());
        }
    }

    @Test
    void destinationFromAnOldKernelTakesTheServiceFamily() throws Exception {
        byte[] addr = new byte[16];
        System.arraycopy(ip("10.1.1.1").getAddress(), 0, addr, 0, 4);
        NetlinkMessage m = reply(Ipvs.CMD_NEW_DEST, x -> {
            int d = x.beginNested(Ipvs.CMD_ATTR_DEST, false);
            x.attrBytes(Ipvs.DEST_ATTR_ADDR, addr).attrBe16(Ipvs.DEST_ATTR_PORT, 80)
                    .attrU32(Ipvs.DEST_ATTR_FWD_METHOD, 0).attrU32(Ipvs.DEST_ATTR_WEIGHT, 2)
                    .attrU32(Ipvs.DEST_ATTR_ACTIVE_CONNS, 11).attrU32(Ipvs.DEST_ATTR_INACT_CONNS, 22)
                    .attrU32(Ipvs.DEST_ATTR_PERSIST_CONNS, 33);
            x.endNested(d);
        });
        DestEntry e = codec.parseDest(m, Libc.AF_INET);
        assertEquals(ip("10.1.1.1"), e.dest().address());
        assertEquals(ForwardingMethod.MASQ, e.dest().method());
        assertEquals(11, e.activeConnections());
        assertEquals(22, e.inactiveConnections());
        assertEquals(33, e.persistentConnections());
        assertEquals(IpvsStats.NONE, e.stats());
    }

    @Test
    void infoTimeoutsAndDaemons() throws Exception {
        IpvsInfo info = codec.parseInfo(reply(Ipvs.CMD_SET_INFO, x -> x.attrU32(Ipvs.INFO_ATTR_VERSION, 0x010201)
                .attrU32(Ipvs.INFO_ATTR_CONN_TAB_SIZE, 4096)));
        assertEquals("1.2.1", info.versionString());
        assertEquals(4096, info.connectionTableSize());

        IpvsTimeouts t = new IpvsTimeouts(900, 120, 300);
        NetlinkMessage set = NetlinkMessages.split(codec.writeSetTimeouts(b, t).message()).get(0);
        assertEquals(t, codec.parseTimeouts(set));

        SyncDaemon d = new SyncDaemon(Ipvs.STATE_MASTER, "eth1", 9, 1472, ip("239.1.2.3"), 8850, 2);
        NetlinkMessage daemon = NetlinkMessages.split(codec.writeNewDaemon(b, d).message()).get(0);
        assertEquals(d, codec.parseDaemon(daemon));
        SyncDaemon plain = SyncDaemon.of(Ipvs.STATE_BACKUP, "eth0", 0);
        assertEquals(plain, codec.parseDaemon(NetlinkMessages.split(codec.writeNewDaemon(b, plain).message()).get(0)));
    }

    @Test
    void requestFlags() throws Exception {
        VirtualService s = VirtualService.of(ip("192.0.2.1"), Ipvs.IPPROTO_TCP, 80, "rr");
        // ipvsadm (libnl) asks for an ack on everything, dumps and queries included
        int dump = Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK | Netlink.NLM_F_DUMP;
        assertEquals(dump, codec.writeGetServices(b).flags());
        assertEquals(dump, codec.writeGetDests(b, s).flags());
        assertEquals(dump, codec.writeGetDaemons(b).flags());
        assertEquals(Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, codec.writeDelService(b, s).flags());
        assertEquals(Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, codec.writeFlush(b).flags());
        assertEquals(Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, codec.writeGetInfo(b).flags());
        assertEquals(Netlink.GENL_HEADER_SIZE + Netlink.HEADER_SIZE, codec.writeZero(b, null).length());
    }

    @Test
    void unflaggedNestsForKernelsThatWantThem() throws Exception {
        IpvsCodec plain = new IpvsCodec(FAMILY, false);
        String h = hex(plain.writeDelService(b, VirtualService.fwmark(Libc.AF_INET, 1, "rr")).toByteArray());
        assertEquals("0100", h.substring(44, 48), "IPVS_CMD_ATTR_SERVICE without NLA_F_NESTED");
    }

    @Test
    void malformedServicesAreRejectedWithTheReason() throws Exception {
        MalformedMessageException noSvc = assertThrows(MalformedMessageException.class,
                () -> codec.parseService(reply(Ipvs.CMD_NEW_SERVICE, x -> x.attrU32(99, 1))));
        assertTrue(noSvc.getMessage().contains("without IPVS_CMD_ATTR_SERVICE"));
        assertThrows(MalformedMessageException.class, () -> codec.parseService(reply(Ipvs.CMD_NEW_SERVICE, x -> {
            int n = x.beginNested(Ipvs.CMD_ATTR_SERVICE, false);
            x.attrU16(Ipvs.SVC_ATTR_AF, 2).attrU32(Ipvs.SVC_ATTR_FWMARK, 1).attrString(Ipvs.SVC_ATTR_SCHED_NAME, "rr")
                    .attrBytes(Ipvs.SVC_ATTR_FLAGS, new byte[4]);
            x.endNested(n);
        })), "flags must be struct ip_vs_flags");
        // ipvsadm -M 255.0.255.0 is accepted by the kernel (seen in the lab): such a service must read back.
        VirtualService odd = codec.parseService(reply(Ipvs.CMD_NEW_SERVICE, x -> {
            int n = x.beginNested(Ipvs.CMD_ATTR_SERVICE, false);
            x.attrU16(Ipvs.SVC_ATTR_AF, 2).attrU32(Ipvs.SVC_ATTR_FWMARK, 1)
                    .attrString(Ipvs.SVC_ATTR_SCHED_NAME, "rr")
                    .attrBytes(Ipvs.SVC_ATTR_FLAGS, flags(Ipvs.SVC_F_PERSISTENT, -1))
                    .attrU32(Ipvs.SVC_ATTR_NETMASK, IpvsCodec.netmaskAttribute(Libc.AF_INET, 0xff00ff00));
            x.endNested(n);
        })).service();
        assertEquals(0xff00ff00, odd.netmask());
        assertEquals("FWM 1 scheduler rr persistent 0 mask 255.0.255.0", odd.toString());
        MalformedMessageException v6mask = assertThrows(MalformedMessageException.class,
                () -> codec.parseService(reply(Ipvs.CMD_NEW_SERVICE, x -> {
                    int n = x.beginNested(Ipvs.CMD_ATTR_SERVICE, false);
                    x.attrU16(Ipvs.SVC_ATTR_AF, 10).attrU32(Ipvs.SVC_ATTR_FWMARK, 1)
                            .attrString(Ipvs.SVC_ATTR_SCHED_NAME, "rr").attrU32(Ipvs.SVC_ATTR_NETMASK, 129);
                    x.endNested(n);
                })));
        assertTrue(v6mask.getMessage().contains("not a prefix length"), v6mask.getMessage());
        assertThrows(MalformedMessageException.class, () -> codec.parseService(reply(Ipvs.CMD_NEW_SERVICE, x -> {
            int n = x.beginNested(Ipvs.CMD_ATTR_SERVICE, false);
            x.attrU16(Ipvs.SVC_ATTR_AF, 2).attrU16(Ipvs.SVC_ATTR_PROTOCOL, 6).attrString(Ipvs.SVC_ATTR_SCHED_NAME, "rr");
            x.endNested(n);
        })), "address service without an address");
        assertThrows(MalformedMessageException.class, () -> codec.parseDest(reply(Ipvs.CMD_NEW_DEST, x -> {
            int n = x.beginNested(Ipvs.CMD_ATTR_DEST, false);
            x.attrBytes(Ipvs.DEST_ATTR_ADDR, new byte[16]).attrU32(Ipvs.DEST_ATTR_FWD_METHOD, 6);
            x.endNested(n);
        }), Libc.AF_INET), "unknown forwarding method");
    }

    @Test
    void recordsRefuseNonsense() throws Exception {
        assertThrows(IllegalArgumentException.class,
                () -> VirtualService.of(ip("192.0.2.1"), Ipvs.IPPROTO_TCP, 80, "a-scheduler-name-too-long"));
        assertThrows(IllegalArgumentException.class,
                () -> VirtualService.of(ip("192.0.2.1"), Ipvs.IPPROTO_TCP, 70000, "rr"));
        assertThrows(IllegalArgumentException.class, () -> VirtualService.fwmark(Libc.AF_INET, 0, "rr"));
        assertThrows(IllegalArgumentException.class,
                () -> VirtualService.of(ip("192.0.2.1"), Ipvs.IPPROTO_TCP, 80, "rr").withFlags(Ipvs.SVC_F_HASHED));
        assertThrows(IllegalArgumentException.class,
                () -> RealServerDest.of(ip("192.0.2.1"), 80, ForwardingMethod.MASQ, -1));
        assertEquals("FWM 7 IPv6", VirtualService.fwmark(Libc.AF_INET6, 7, "rr").describe());
        assertEquals("UDP [2001:db8::1]:53",
                VirtualService.of(ip("2001:db8::1"), Ipvs.IPPROTO_UDP, 53, "rr").describe());
    }
}
