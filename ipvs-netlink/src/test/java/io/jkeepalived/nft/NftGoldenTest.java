package io.jkeepalived.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.jkeepalived.netlink.Netlink;
import io.jkeepalived.netlink.NetlinkConnection;
import io.jkeepalived.testing.FakeKernel;

/**
 * jkeepalived's nf_tables messages, byte for byte against what keepalived 2.2.7 sent for the same
 * configuration (src/test/resources/nft-golden, captured with strace; its README says how). Sequence numbers,
 * port ids and attribute padding are masked: they vary between runs, and keepalived leaves garbage in padding.
 */
class NftGoldenTest {

    private static final List<InetAddress> VI_1 = addresses("192.0.2.100", "192.0.2.101", "192.0.2.150");
    private static final List<InetAddress> VI_6 = addresses("2001:db8::100");

    @Test
    void defaultTableMatchesKeepalived() throws IOException {
        assertSame("strict-default.txt", sentFor(VipDropTable.defaults(), false));
    }

    @Test
    void staleTableIsDeletedInTheFirstTransactionAsKeepalivedDoes() throws IOException {
        assertSame("strict-stale-table.txt", sentFor(VipDropTable.defaults(), true));
    }

    @Test
    void namePriorityAndCountersMatchKeepalived() throws IOException {
        assertSame("strict-name-priority-counters.txt", sentFor(new VipDropTable("jkv_st", -5, true), false));
    }

    /** The lifetime of keepalived-strict.conf: start, VI_1 then VI_6 MASTER, stop. */
    private static List<byte[]> sentFor(VipDropTable table, boolean staleIpv4) throws IOException {
        FakeKernel kernel = new FakeKernel(Netlink.NETLINK_NETFILTER, 4242);
        kernel.script((request, k) -> {
            for (FakeKernel.Request m : FakeKernel.messages(request)) {
                if ((m.type() & 0xff) == Nft.NFT_MSG_GETTABLE && m.type() >> 8 == Nft.NFNL_SUBSYS_NFTABLES) {
                    boolean ipv4 = (m.bytes()[16] & 0xff) == Nft.NFPROTO_IPV4;
                    if (staleIpv4 && ipv4) {
                        k.deliver(k.message(m, Nft.type(Nft.NFT_MSG_NEWTABLE), 0,
                                b -> b.u8(Nft.NFPROTO_IPV4).u8(0).be16(0).attrString(Nft.NFTA_TABLE_NAME, table.name())),
                                k.ack(m));
                    } else {
                        k.deliver(k.error(m, 2, null));
                    }
                } else if ((m.flags() & Netlink.NLM_F_ACK) != 0) {
                    k.deliver(k.ack(m));
                }
            }
        });
        try (NfTables nft = new NfTables(new NetlinkConnection(kernel, Duration.ofSeconds(1), 1, 100))) {
            boolean stale4 = nft.tableExists(NftFamily.IPV4, table.name());
            boolean stale6 = nft.tableExists(NftFamily.IPV6, table.name());
            assertEquals(staleIpv4, stale4);
            assertFalse(stale6);
            AtomicInteger ids = new AtomicInteger();
            List<NftMessage> up4 = new ArrayList<>(table.create(NftFamily.IPV4, stale4, ids::incrementAndGet));
            up4.add(table.addVips(NftFamily.IPV4, VI_1));
            nft.commit(up4);
            List<NftMessage> up6 = new ArrayList<>(table.create(NftFamily.IPV6, stale6, ids::incrementAndGet));
            up6.add(table.addVips(NftFamily.IPV6, VI_6));
            nft.commit(up6);
            nft.commit(List.of(table.removeVips(NftFamily.IPV4, VI_1)));
            nft.commit(List.of(table.removeVips(NftFamily.IPV6, VI_6)));
            nft.commit(List.of(table.delete(NftFamily.IPV4), table.delete(NftFamily.IPV6)));
        }
        List<byte[]> sent = new ArrayList<>();
        kernel.requests().forEach(r -> sent.add(r.bytes()));
        return sent;
    }

    private static void assertSame(String golden, List<byte[]> ours) throws IOException {
        List<byte[]> theirs = load(golden);
        assertEquals(theirs.size(), ours.size(), "datagrams sent");
        for (int d = 0; d < theirs.size(); d++) {
            List<String> expected = normalised(theirs.get(d));
            List<String> actual = normalised(ours.get(d));
            assertEquals(expected.size(), actual.size(), golden + " datagram " + d + ": messages");
            for (int m = 0; m < expected.size(); m++) {
                assertEquals(expected.get(m), actual.get(m), golden + " datagram " + d + " message " + m);
            }
        }
    }

    private static List<byte[]> load(String name) throws IOException {
        try (InputStream in = NftGoldenTest.class.getResourceAsStream("/nft-golden/" + name)) {
            List<byte[]> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.startsWith("send ")) {
                    out.add(HexFormat.of().parseHex(line.substring(5).trim()));
                }
            }
            return out;
        }
    }

    /** Each message of a datagram as hex, sequence and port id zeroed, every attribute's padding zeroed. */
    static List<String> normalised(byte[] datagram) {
        List<String> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(datagram.clone()).order(ByteOrder.nativeOrder());
        int at = 0;
        while (at + Netlink.HEADER_SIZE <= b.limit()) {
            int length = b.getInt(at);
            byte[] m = new byte[length];
            b.get(at, m);
            ByteBuffer mb = ByteBuffer.wrap(m).order(ByteOrder.nativeOrder());
            mb.putInt(8, 0).putInt(12, 0);
            zeroPadding(mb, Netlink.HEADER_SIZE + Nft.NFGENMSG_SIZE, length);
            out.add(HexFormat.of().formatHex(m));
            at += Netlink.align(length);
        }
        return out;
    }

    private static void zeroPadding(ByteBuffer b, int from, int to) {
        int at = from;
        while (at + Netlink.ATTRIBUTE_HEADER_SIZE <= to) {
            int length = b.getShort(at) & 0xffff;
            int type = b.getShort(at + 2) & 0xffff;
            if (length < Netlink.ATTRIBUTE_HEADER_SIZE) {
                return;
            }
            if ((type & Netlink.NLA_F_NESTED) != 0) {
                zeroPadding(b, at + Netlink.ATTRIBUTE_HEADER_SIZE, at + length);
            }
            for (int i = at + length; i < Math.min(Netlink.align(at + length), to); i++) {
                b.put(i, (byte) 0);
            }
            at += Netlink.align(length);
        }
    }

    private static List<InetAddress> addresses(String... text) {
        List<InetAddress> out = new ArrayList<>();
        for (String t : text) {
            try {
                out.add(InetAddress.getByName(t));
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException(t, e);
            }
        }
        return out;
    }
}
