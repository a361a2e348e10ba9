package io.jkeepalived.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import io.jkeepalived.libc.Errno;
import io.jkeepalived.libc.Libc;
import io.jkeepalived.libc.LinuxException;
import io.jkeepalived.netlink.MalformedMessageException;
import io.jkeepalived.netlink.Netlink;
import io.jkeepalived.netlink.NetlinkMessage;
import io.jkeepalived.netlink.NetlinkMessageBuilder;
import io.jkeepalived.netlink.NetlinkMessages;
import io.jkeepalived.testing.FakeKernel;

/** Decoding of kernel link and address messages, and the monitor's handling of bad and lost notifications. */
class RtnlCodecTest {

    private static NetlinkMessage message(int type, Consumer<NetlinkMessageBuilder> body) throws Exception {
        byte[] bytes = FakeKernel.message(type, 0, 0, 0, body);
        return NetlinkMessages.split(ByteBuffer.wrap(bytes)).get(0);
    }

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    /** What the kernel sends for 192.0.2.1/24 brd 192.0.2.255 label eth0:1 (attribute set of a 6.x kernel). */
    private static void kernelV4(NetlinkMessageBuilder b) {
        b.u8(Libc.AF_INET).u8(24).u8(Rtnl.IFA_F_PERMANENT).u8(0).u32(3);
        b.attrBytes(Rtnl.IFA_ADDRESS, new byte[] {(byte) 192, 0, 2, 1});
        b.attrBytes(Rtnl.IFA_LOCAL, new byte[] {(byte) 192, 0, 2, 1});
        b.attrBytes(Rtnl.IFA_BROADCAST, new byte[] {(byte) 192, 0, 2, (byte) 255});
        b.attrString(Rtnl.IFA_LABEL, "eth0:1");
        b.attrU32(Rtnl.IFA_FLAGS, Rtnl.IFA_F_PERMANENT | Rtnl.IFA_F_NOPREFIXROUTE);
        b.attrBytes(Rtnl.IFA_CACHEINFO, new byte[] {-1, -1, -1, -1, -1, -1, -1, -1, 1, 0, 0, 0, 1, 0, 0, 0});
    }

    @Test
    void decodesAnIpv4Address() throws Exception {
        InterfaceAddress a = RtnlCodec.parseAddress(message(Rtnl.RTM_NEWADDR, RtnlCodecTest::kernelV4));
        assertEquals(3, a.ifIndex());
        assertEquals(ip("192.0.2.1"), a.address());
        assertEquals(24, a.prefixLength());
        assertNull(a.peer());
        assertEquals(ip("192.0.2.255"), a.broadcast());
        assertEquals("eth0:1", a.label());
        assertEquals(Rtnl.IFA_F_PERMANENT | Rtnl.IFA_F_NOPREFIXROUTE, a.flags(), "IFA_FLAGS wins over the u8");
        assertNull(a.lifetime(), "forever/forever is permanent");
    }

    @Test
    void decodesAnIpv6AddressWithLifetimeAndAPeer() throws Exception {
        byte[] local = ip("2001:db8::1").getAddress();
        byte[] peer = ip("2001:db8::2").getAddress();
        NetlinkMessage m = message(Rtnl.RTM_NEWADDR, b -> {
            b.u8(Libc.AF_INET6).u8(128).u8(Rtnl.IFA_F_NODAD).u8(0).u32(5);
            b.attrBytes(Rtnl.IFA_ADDRESS, peer).attrBytes(Rtnl.IFA_LOCAL, local);
            b.attrBytes(Rtnl.IFA_CACHEINFO, new byte[] {0, 0, 0, 0, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0});
        });
        InterfaceAddress a = RtnlCodec.parseAddress(m);
        assertInstanceOf(Inet6Address.class, a.address());
        assertEquals(ip("2001:db8::2"), a.peer());
        assertEquals(Rtnl.IFA_F_NODAD, a.flags());
        assertEquals(AddressLifetime.preferredFor(0), a.lifetime());
    }

    @Test
    void ipv4MappedIpv6StaysIpv6() throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = -1;
        mapped[11] = -1;
        mapped[12] = (byte) 192;
        mapped[15] = 1;
        InterfaceAddress a = RtnlCodec.parseAddress(message(Rtnl.RTM_NEWADDR,
                b -> b.u8(Libc.AF_INET6).u8(128).u8(0).u8(0).u32(2).attrBytes(Rtnl.IFA_ADDRESS, mapped)));
        assertInstanceOf(Inet6Address.class, a.address());
    }

    @Test
    void otherFamiliesAreIgnoredAndBadAddressesAreMalformed() throws Exception {
        assertNull(RtnlCodec.parseAddress(message(Rtnl.RTM_NEWADDR, b -> b.u8(28).u8(0).u8(0).u8(0).u32(2))));
        MalformedMessageException wrongSize = assertThrows(MalformedMessageException.class,
                () -> RtnlCodec.parseAddress(message(Rtnl.RTM_NEWADDR, b -> b.u8(Libc.AF_INET).u8(24).u8(0).u8(0)
                        .u32(2).attrBytes(Rtnl.IFA_LOCAL, new byte[16]))));
        assertTrue(wrongSize.getMessage().contains("4-byte addresses"), wrongSize.getMessage());
        assertThrows(MalformedMessageException.class, () -> RtnlCodec.parseAddress(message(Rtnl.RTM_NEWADDR,
                b -> b.u8(Libc.AF_INET).u8(24).u8(0).u8(0).u32(2))), "no address at all");
        assertThrows(MalformedMessageException.class, () -> RtnlCodec.parseAddress(message(Rtnl.RTM_NEWADDR,
                b -> b.u8(Libc.AF_INET).u8(40).u8(0).u8(0).u32(2).attrBytes(Rtnl.IFA_LOCAL, new byte[4]))),
                "prefix 40 on IPv4");
        assertThrows(MalformedMessageException.class, () -> RtnlCodec.parseAddress(message(Rtnl.RTM_NEWADDR,
                b -> b.u8(Libc.AF_INET).u8(24))), "short ifaddrmsg");
    }

    private static void kernelLink(NetlinkMessageBuilder b) {
        b.u8(0).u8(0).u16(1).u32(7).u32(Rtnl.IFF_UP | Rtnl.IFF_RUNNING | Rtnl.IFF_LOWER_UP).u32(0);
        b.attrString(Rtnl.IFLA_IFNAME, "eth7");
        b.attrU32(Rtnl.IFLA_MTU, 9000);
        b.attrU8(Rtnl.IFLA_OPERSTATE, 6);
        b.attrBytes(Rtnl.IFLA_ADDRESS, new byte[] {2, 0, 0x5e, 0, 1, 0x33});
        b.attrU32(Rtnl.IFLA_MASTER, 4);
        int info = b.beginNested(Rtnl.IFLA_LINKINFO, false);
        b.attrString(Rtnl.IFLA_INFO_KIND, "macvlan");
        b.endNested(info);
    }

    @Test
    void decodesALink() throws Exception {
        Link l = RtnlCodec.parseLink(message(Rtnl.RTM_NEWLINK, RtnlCodecTest::kernelLink));
        assertEquals(7, l.index());
        assertEquals("eth7", l.name());
        assertEquals(1, l.type());
        assertEquals(OperState.UP, l.operState());
        assertEquals(HardwareAddress.parse("02:00:5e:00:01:33"), l.address());
        assertEquals("02:00:5e:00:01:33", l.address().toString());
        assertEquals(9000, l.mtu());
        assertEquals(4, l.masterIndex());
        assertEquals("macvlan", l.kind());
        assertTrue(l.isUsable());
        assertEquals(OperState.UNKNOWN, OperState.of(42));
    }

    @Test
    void linkWithoutNameIsMalformed() {
        assertThrows(MalformedMessageException.class, () -> RtnlCodec.parseLink(message(Rtnl.RTM_NEWLINK,
                b -> b.u8(0).u8(0).u16(1).u32(7).u32(0).u32(0))));
    }

    @Test
    void monitorSkipsBadNotificationsAndReportsOverflow() throws Exception {
        FakeKernel kernel = new FakeKernel(Netlink.NETLINK_ROUTE, 99);
        RtnlMonitor monitor = new RtnlMonitor(kernel, RtnlMonitor.Group.values());
        assertEquals(java.util.List.of(1, 5, 9), kernel.groups());

        kernel.deliver(FakeKernel.message(Rtnl.RTM_NEWLINK, 0, 0, 0, b -> b.u8(0).u8(0).u16(1).u32(7).u32(0).u32(0)),
                FakeKernel.message(Rtnl.RTM_DELADDR, 0, 0, 0, RtnlCodecTest::kernelV4),
                FakeKernel.message(24 /* RTM_NEWROUTE */, 0, 0, 0, b -> b.zeros(12)));
        kernel.deliverRaw(new byte[] {1, 2, 3});
        kernel.failNextReceive(new LinuxException("recvmsg(fd 3)", Errno.ENOBUFS));
        kernel.deliver(FakeKernel.message(Rtnl.RTM_NEWLINK, 0, 0, 0, RtnlCodecTest::kernelLink));

        RtnlEvent first = monitor.next(Duration.ofMillis(10));
        RtnlEvent.AddressEvent deleted = assertInstanceOf(RtnlEvent.AddressEvent.class, first,
                "the nameless link is skipped, the route ignored");
        assertEquals(RtnlEvent.Change.DELETED, deleted.change());
        assertInstanceOf(RtnlEvent.EventsLost.class, monitor.next(Duration.ofMillis(10)),
                "the garbage datagram is skipped; the overflow comes next");
        RtnlEvent.LinkEvent link = assertInstanceOf(RtnlEvent.LinkEvent.class, monitor.next(Duration.ofMillis(10)));
        assertEquals("eth7", link.link().name());
        assertNull(monitor.next(Duration.ofMillis(10)));
    }

    @Test
    void addressValidation() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> InterfaceAddress.of(0, ip("192.0.2.1"), 24));
        assertThrows(IllegalArgumentException.class, () -> InterfaceAddress.of(1, ip("192.0.2.1"), 33));
        assertThrows(IllegalArgumentException.class, () -> InterfaceAddress.of(1, ip("2001:db8::1"), 64)
                .withBroadcast(ip("192.0.2.255")));
        assertThrows(IllegalArgumentException.class, () -> InterfaceAddress.of(1, ip("2001:db8::1"), 64)
                .withLabel("eth0:1"));
        assertThrows(IllegalArgumentException.class, () -> InterfaceAddress.of(1, ip("192.0.2.1"), 24)
                .withLabel("a-label-that-is-too-long"));
        assertThrows(IllegalArgumentException.class, () -> InterfaceAddress.of(1, ip("192.0.2.1"), 24)
                .withPeer(ip("2001:db8::2")));
        assertEquals(ip("192.0.2.255"), InterfaceAddress.of(1, ip("192.0.2.1"), 24).withDefaultBroadcast().broadcast());
        assertEquals(ip("10.255.255.255"), InterfaceAddress.of(1, ip("10.1.2.3"), 8).withDefaultBroadcast().broadcast());
        assertEquals("192.0.2.1/24 brd 192.0.2.255 scope link nodad label eth0:1 on ifindex 1",
                InterfaceAddress.of(1, ip("192.0.2.1"), 24).withDefaultBroadcast().withScope(Rtnl.RT_SCOPE_LINK)
                        .withFlags(Rtnl.IFA_F_NODAD).withLabel("eth0:1").toString());
    }
}
