package io.jkeepalived.nft;

import java.io.IOException;
import java.util.List;

import io.jkeepalived.libc.Errno;
import io.jkeepalived.libc.NetNamespace;
import io.jkeepalived.netlink.Netlink;
import io.jkeepalived.netlink.NetlinkConnection;
import io.jkeepalived.netlink.NetlinkErrorException;
import io.jkeepalived.netlink.NetlinkMessageBuilder;

/**
 * nf_tables over a NETLINK_NETFILTER socket: the thin edge of {@link NftKernel}. A transaction is one
 * datagram (batch begin, the messages, batch end) and one wait for its acknowledgements.
 *
 * <p>Thread-safe: calls are serialised on this object.
 */
public final class NfTables implements NftKernel {

    private final NetlinkConnection connection;
    private final NetlinkMessageBuilder scratch = new NetlinkMessageBuilder(1024);

    public NfTables(NetlinkConnection connection) {
        this.connection = connection;
    }

    /** Opens a NETLINK_NETFILTER socket in {@code namespace} (null: the current one). */
    public static NfTables open(NetNamespace namespace) throws IOException {
        return new NfTables(NetlinkConnection.open(Netlink.NETLINK_NETFILTER, namespace));
    }

    @Override
    public synchronized boolean tableExists(NftFamily family, String name) throws IOException {
        NftMessage get = NftCodec.getTable(family, name);
        get.write(scratch);
        try {
            connection.query(scratch, get.operation());
            return true;
        } catch (NetlinkErrorException e) {
            if (e.is(Errno.ENOENT)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public synchronized void commit(List<NftMessage> messages) throws IOException {
        if (messages.isEmpty()) {
            return;
        }
        connection.executeTransaction(NftCodec.batchBegin(), messages, NftCodec.batchEnd(), scratch);
    }

    @Override
    public void close() {
        connection.close();
    }
}
