package io.jkeepalived.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import io.jkeepalived.libc.Libc;
import io.jkeepalived.netlink.GenericNetlink;
import io.jkeepalived.netlink.Netlink;
import io.jkeepalived.netlink.NetlinkConnection;
import io.jkeepalived.testing.FakeKernel;
import io.jkeepalived.testing.Golden;

/**
 * Our requests against the bytes ip(8) and ipvsadm(8) put on the wire for the same commands. The golden
 * files were captured by src/test/resources/golden/capture-golden.sh: each command ran inside a fresh
 * namespace (jkv-nl-golden, veth pair jkv-nl-veth0/jkv-nl-veth1) under
 * {@code strace -f -qq -e trace=sendmsg,sendto -e write=all}, and the hex dump of the request was kept.
 * Sequence number and port id are zeroed on both sides before comparing; every other byte must match.
 */
class RtnlGoldenTest {

    private final FakeKernel kernel = new FakeKernel(Netlink.NETLINK_ROUTE, 777);
    private final Rtnetlink rtnl = new Rtnetlink(new NetlinkConnection(kernel, Duration.ofMillis(10), 1, 5));

    RtnlGoldenTest() {
        kernel.script((r, k) -> {
            // NLM_F_DUMP shares bits with NLM_F_EXCL: only GET requests can be dumps.
            boolean get = r.type() == Rtnl.RTM_GETLINK || r.type() == Rtnl.RTM_GETADDR;
            boolean dump = get && (r.flags() & Netlink.NLM_F_DUMP) == Netlink.NLM_F_DUMP;
            if (get && !dump) {
                k.deliver(k.message(r, Rtnl.RTM_NEWLINK, 0, b -> b.u8(0).u8(0).u16(1).u32(3).u32(0).u32(0)
                        .attrString(Rtnl.IFLA_IFNAME, "jkv-nl-veth0")));
            } else if (dump) {
                k.deliver(k.done(r, 0));
            } else {
                k.deliver(k.ack(r));
            }
        });
    }

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    private void assertSentMatches(Golden golden) {
        byte[] sent = kernel.requests().get(kernel.requests().size() - 1).bytes();
        HexFormat hex = HexFormat.ofDelimiter(" ");
        assertEquals(hex.formatHex(golden.comparable()), hex.formatHex(Golden.withoutSequenceAndPort(sent)),
                golden.name() + ": " + golden.command());
    }

    @Test
    void addIpv4WithBroadcastAndLabel() throws Exception {
        Golden g = Golden.load("addr-add-v4-brd-label");
        rtnl.addAddress(InterfaceAddress.of(g.ifIndex(), ip("192.0.2.1"), 24).withBroadcast(ip("192.0.2.255"))
                .withLabel("jkv-nl-veth0:1"));
        assertSentMatches(g);
    }

    @Test
    void addIpv4HostAddressByDefault() throws Exception {
        Golden g = Golden.load("addr-add-v4-default32");
        rtnl.addAddress(InterfaceAddress.host(g.ifIndex(), ip("192.0.2.10")));
        assertSentMatches(g);
    }

    @Test
    void addIpv6WithNodad() throws Exception {
        Golden g = Golden.load("addr-add-v6-nodad");
        rtnl.addAddress(InterfaceAddress.of(g.ifIndex(), ip("2001:db8::1"), 64).withFlags(Rtnl.IFA_F_NODAD));
        assertSentMatches(g);
    }

    @Test
    void addIpv4WithLabelAndNoprefixrouteUsesIfaFlags() throws Exception {
        Golden g = Golden.load("addr-add-v4-label-noprefixroute");
        rtnl.addAddress(InterfaceAddress.of(g.ifIndex(), ip("192.0.2.30"), 24).withLabel("jkv-nl-veth0:2")
                .withFlags(Rtnl.IFA_F_NOPREFIXROUTE));
        assertSentMatches(g);
    }

    @Test
    void addIpv6WithFlagsAndPreferredLifetimeZero() throws Exception {
        Golden g = Golden.load("addr-add-v6-flags-lifetime");
        rtnl.addAddress(InterfaceAddress.of(g.ifIndex(), ip("2001:db8::3"), 64)
                .withFlags(Rtnl.IFA_F_NODAD | Rtnl.IFA_F_NOPREFIXROUTE).withLifetime(AddressLifetime.preferredFor(0)));
        assertSentMatches(g);
    }

    @Test
    void addIpv4WithPeerAndBroadcast() throws Exception {
        Golden g = Golden.load("addr-add-v4-peer-brd");
        rtnl.addAddress(InterfaceAddress.of(g.ifIndex(), ip("192.0.2.50"), 32).withPeer(ip("192.0.2.51"))
                .withBroadcast(ip("192.0.2.255")));
        assertSentMatches(g);
    }

    @Test
    void addIpv4WithLinkScope() throws Exception {
        Golden g = Golden.load("addr-add-v4-scope-link");
        rtnl.addAddress(InterfaceAddress.host(g.ifIndex(), ip("192.0.2.60")).withScope(Rtnl.RT_SCOPE_LINK));
        assertSentMatches(g);
    }

    @Test
    void deleteIpv4() throws Exception {
        Golden g = Golden.load("addr-del-v4");
        // Label and flags of the address being deleted are deliberately not sent (ip does not either).
        rtnl.deleteAddress(InterfaceAddress.host(g.ifIndex(), ip("192.0.2.10")).withLabel("jkv-nl-veth0:9"));
        assertSentMatches(g);
    }

    @Test
    void deleteIpv6() throws Exception {
        Golden g = Golden.load("addr-del-v6");
        rtnl.deleteAddress(InterfaceAddress.of(g.ifIndex(), ip("2001:db8::1"), 64).withFlags(Rtnl.IFA_F_NODAD));
        assertSentMatches(g);
    }

    @Test
    void getLinkByName() throws Exception {
        Golden g = Golden.load("link-get-by-name");
        assertEquals(3, rtnl.linkIndex("jkv-nl-veth0"));
        assertSentMatches(g);
    }

    @Test
    void linkDump() throws Exception {
        Golden g = Golden.load("link-dump");
        rtnl.links();
        assertSentMatches(g);
    }

    @Test
    void addressDump() throws Exception {
        Golden g = Golden.load("addr-dump");
        rtnl.addresses(Libc.AF_UNSPEC);
        assertSentMatches(g);
    }

    @Test
    void genericFamilyRequestMatchesIpvsadm() throws Exception {
        Golden g = Golden.load("genl-getfamily-ipvs");
        FakeKernel genlKernel = new FakeKernel(Netlink.NETLINK_GENERIC, 778);
        genlKernel.script((r, k) -> k.deliver(k.message(r, Netlink.GENL_ID_CTRL, 0, b -> b.genlHeader(1, 2)
                .attrU16(Netlink.CTRL_ATTR_FAMILY_ID, 0x24).attrString(Netlink.CTRL_ATTR_FAMILY_NAME, "IPVS")
                .attrU32(Netlink.CTRL_ATTR_VERSION, 1)), k.ack(r)));
        GenericNetlink genl = new GenericNetlink(new NetlinkConnection(genlKernel, Duration.ofMillis(10), 1, 9));
        assertEquals(0x24, genl.family("IPVS").id());
        HexFormat hex = HexFormat.ofDelimiter(" ");
        assertEquals(hex.formatHex(g.comparable()),
                hex.formatHex(Golden.withoutSequenceAndPort(genlKernel.requests().get(0).bytes())), g.command());
    }
}
