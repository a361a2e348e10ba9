package io.jkeepalived.nft;

import java.util.function.Consumer;

import io.jkeepalived.netlink.NetlinkConnection;
import io.jkeepalived.netlink.NetlinkMessageBuilder;

/**
 * One nf_tables request of a transaction: what it does (for its error) and how it is written. The flags it
 * writes are its own; the connection adds NLM_F_REQUEST and NLM_F_ACK and stamps sequence and port.
 */
public record NftMessage(String operation, Consumer<NetlinkMessageBuilder> writer) implements NetlinkConnection.Request {

    @Override
    public void write(NetlinkMessageBuilder b) {
        writer.accept(b);
    }

    @Override
    public String toString() {
        return operation;
    }
}
