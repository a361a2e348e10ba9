package io.jkeepalived.nft;

import java.io.IOException;
import java.util.List;

/** What jkeepalived asks of nf_tables: is a table there, and apply a transaction. */
public interface NftKernel extends AutoCloseable {

    /** Whether table {@code name} of {@code family} exists. */
    boolean tableExists(NftFamily family, String name) throws IOException;

    /**
     * Applies the messages as one transaction: all of them or, when the kernel refuses one, none.
     *
     * @throws io.jkeepalived.netlink.NetlinkErrorException the first refusal
     */
    void commit(List<NftMessage> messages) throws IOException;

    @Override
    void close();
}
