package io.jkeepalived.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.jkeepalived.libc.Errno;
import io.jkeepalived.netlink.Netlink;
import io.jkeepalived.netlink.NetlinkConnection;
import io.jkeepalived.netlink.NetlinkErrorException;
import io.jkeepalived.testing.FakeKernel;

/** How a transaction's acknowledgements are read: every request's, and a refusal of the whole batch. */
class NfTablesTransactionTest {

    private static NfTables over(FakeKernel kernel) {
        return new NfTables(new NetlinkConnection(kernel, Duration.ofMillis(500), 1, 1));
    }

    @Test
    void oneDatagramBeginMessagesEndOnlyTheMessagesAskForAnAck() throws Exception {
        FakeKernel kernel = new FakeKernel(Netlink.NETLINK_NETFILTER, 7);
        kernel.script((d, k) -> FakeKernel.messages(d).stream().filter(m -> (m.flags() & Netlink.NLM_F_ACK) != 0)
                .forEach(m -> k.deliver(k.ack(m))));
        VipDropTable table = VipDropTable.defaults();
        try (NfTables nft = over(kernel)) {
            nft.commit(List.of(NftCodec.newTable(NftFamily.IPV4, table.name()), table.delete(NftFamily.IPV4)));
        }
        assertEquals(1, kernel.requests().size());
        List<FakeKernel.Request> m = FakeKernel.messages(kernel.requests().get(0));
        assertEquals(4, m.size());
        assertEquals(Nft.NFNL_MSG_BATCH_BEGIN, m.get(0).type());
        assertEquals(Netlink.NLM_F_REQUEST, m.get(0).flags());
        assertEquals(Nft.type(Nft.NFT_MSG_NEWTABLE), m.get(1).type());
        assertEquals(Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK | Netlink.NLM_F_CREATE, m.get(1).flags());
        assertEquals(Nft.type(Nft.NFT_MSG_DELTABLE), m.get(2).type());
        assertEquals(Nft.NFNL_MSG_BATCH_END, m.get(3).type());
        assertEquals(Netlink.NLM_F_REQUEST, m.get(3).flags());
    }

    @Test
    void aRefusedMessageFailsTheTransactionWithItsOperationAfterAllAcksAreRead() throws Exception {
        FakeKernel kernel = new FakeKernel(Netlink.NETLINK_NETFILTER, 7);
        kernel.script((d, k) -> {
            List<FakeKernel.Request> m = FakeKernel.messages(d);
            // as the kernel does: every error and ack of the batch, after it was aborted
            k.deliver(k.ack(m.get(1)), k.error(m.get(2), Errno.EEXIST.number(), null));
        });
        VipDropTable table = VipDropTable.defaults();
        try (NfTables nft = over(kernel)) {
            NetlinkErrorException e = assertThrows(NetlinkErrorException.class, () -> nft.commit(List.of(
                    NftCodec.newTable(NftFamily.IPV4, table.name()), table.addVips(NftFamily.IPV4, List.of(InetAddress.getByName("192.0.2.7"))))));
            assertTrue(e.is(Errno.EEXIST));
            assertTrue(e.getMessage().contains("add element ip keepalived vips { 192.0.2.7 }"), e.getMessage());
        }
    }

    @Test
    void aBatchRefusedAsAWholeEndsTheWaitAtOnce() throws Exception {
        FakeKernel kernel = new FakeKernel(Netlink.NETLINK_NETFILTER, 7);
        kernel.script((d, k) -> k.deliver(k.error(FakeKernel.messages(d).get(0), Errno.EOPNOTSUPP.number(), null)));
        try (NfTables nft = over(kernel)) {
            NetlinkErrorException e = assertThrows(NetlinkErrorException.class,
                    () -> nft.commit(List.of(VipDropTable.defaults().delete(NftFamily.IPV6))));
            assertTrue(e.is(Errno.EOPNOTSUPP));
            assertTrue(e.getMessage().contains("nftables transaction"), e.getMessage());
        }
    }

    @Test
    void aMissingTableIsNotAnError() throws Exception {
        FakeKernel kernel = new FakeKernel(Netlink.NETLINK_NETFILTER, 7);
        kernel.script((d, k) -> k.deliver(k.error(d, Errno.ENOENT.number(), null)));
        try (NfTables nft = over(kernel)) {
            assertEquals(false, nft.tableExists(NftFamily.IPV4, "keepalived"));
        }
    }
}
