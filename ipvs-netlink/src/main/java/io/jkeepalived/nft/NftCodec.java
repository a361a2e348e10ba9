package io.jkeepalived.nft;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import io.jkeepalived.netlink.Netlink;
import io.jkeepalived.netlink.NetlinkMessageBuilder;

/**
 * Writes the nf_tables messages jkeepalived sends: an nlmsghdr, a struct nfgenmsg, then the object's
 * attributes. Pure: the messages are {@link NftMessage}s that write into a builder when sent (or tested).
 * Attribute order and flags follow what keepalived 2.2.7 sends for the same objects.
 */
public final class NftCodec {

    private NftCodec() {
    }

    private static final int CREATE = Netlink.NLM_F_CREATE;

    private static void header(NetlinkMessageBuilder b, int msg, int flags, NftFamily family) {
        b.begin(Nft.type(msg), flags).u8(family.code()).u8(Nft.NFNETLINK_V0).be16(0);
    }

    /** NFNL_MSG_BATCH_BEGIN for the nf_tables subsystem. */
    public static NftMessage batchBegin() {
        return new NftMessage("nftables transaction", b -> b.begin(Nft.NFNL_MSG_BATCH_BEGIN, 0)
                .u8(Nft.NFPROTO_UNSPEC).u8(Nft.NFNETLINK_V0).be16(Nft.NFNL_SUBSYS_NFTABLES));
    }

    /** NFNL_MSG_BATCH_END: the kernel commits the transaction. */
    public static NftMessage batchEnd() {
        return new NftMessage("end of nftables transaction", b -> b.begin(Nft.NFNL_MSG_BATCH_END, 0)
                .u8(Nft.NFPROTO_UNSPEC).u8(Nft.NFNETLINK_V0).be16(Nft.NFNL_SUBSYS_NFTABLES));
    }

    /** Asks for a table; the kernel answers with it, or ENOENT. */
    public static NftMessage getTable(NftFamily family, String table) {
        return new NftMessage("get table " + family.keyword() + " " + table, b -> {
            header(b, Nft.NFT_MSG_GETTABLE, Netlink.NLM_F_ACK, family);
            b.attrString(Nft.NFTA_TABLE_NAME, table);
        });
    }

    public static NftMessage newTable(NftFamily family, String table) {
        return new NftMessage("add table " + family.keyword() + " " + table, b -> {
            header(b, Nft.NFT_MSG_NEWTABLE, CREATE, family);
            b.attrString(Nft.NFTA_TABLE_NAME, table);
        });
    }

    /** Deletes a table with everything in it. */
    public static NftMessage deleteTable(NftFamily family, String table) {
        return new NftMessage("delete table " + family.keyword() + " " + table, b -> {
            header(b, Nft.NFT_MSG_DELTABLE, 0, family);
            b.attrString(Nft.NFTA_TABLE_NAME, table);
        });
    }

    /** A base chain of type filter on {@code hook} at {@code priority}, policy accept. */
    public static NftMessage newFilterChain(NftFamily family, String table, String chain, int hook, int priority) {
        return new NftMessage("add chain " + family.keyword() + " " + table + " " + chain, b -> {
            header(b, Nft.NFT_MSG_NEWCHAIN, CREATE, family);
            b.attrString(Nft.NFTA_CHAIN_TABLE, table).attrString(Nft.NFTA_CHAIN_NAME, chain);
            int h = b.beginNested(Nft.NFTA_CHAIN_HOOK, true);
            b.attrBe32(Nft.NFTA_HOOK_HOOKNUM, hook).attrBe32(Nft.NFTA_HOOK_PRIORITY, priority);
            b.endNested(h);
            b.attrBe32(Nft.NFTA_CHAIN_POLICY, Nft.NF_ACCEPT).attrString(Nft.NFTA_CHAIN_TYPE, "filter");
        });
    }

    /** A regular chain (no hook): reached only by jump or goto. */
    public static NftMessage newChain(NftFamily family, String table, String chain) {
        return new NftMessage("add chain " + family.keyword() + " " + table + " " + chain, b -> {
            header(b, Nft.NFT_MSG_NEWCHAIN, CREATE, family);
            b.attrString(Nft.NFTA_CHAIN_TABLE, table).attrString(Nft.NFTA_CHAIN_NAME, chain);
        });
    }

    /**
     * A set. {@code flags} 0 is not written. {@code keyByteOrder} goes into the user data nft(8) reads to
     * print elements ({@link Nft#BYTEORDER_BIG_ENDIAN} for addresses).
     *
     * @param id the set's id within the transaction, by which a later message of it can name the set
     */
    public static NftMessage newSet(NftFamily family, String table, String set, int flags, int keyType, int keyLength,
            int id, int keyByteOrder) {
        return new NftMessage("add set " + family.keyword() + " " + table + " " + set, b -> {
            header(b, Nft.NFT_MSG_NEWSET, CREATE, family);
            b.attrString(Nft.NFTA_SET_TABLE, table).attrString(Nft.NFTA_SET_NAME, set);
            if (flags != 0) {
                b.attrBe32(Nft.NFTA_SET_FLAGS, flags);
            }
            b.attrBe32(Nft.NFTA_SET_KEY_TYPE, keyType).attrBe32(Nft.NFTA_SET_KEY_LEN, keyLength)
                    .attrBe32(Nft.NFTA_SET_ID, id);
            // libnftnl's user data TLV: u8 type, u8 length, the value (a host-order u32).
            ByteBuffer udata = ByteBuffer.allocate(6).order(ByteOrder.nativeOrder());
            udata.put((byte) Nft.UDATA_SET_KEYBYTEORDER).put((byte) 4).putInt(keyByteOrder);
            b.attrBytes(Nft.NFTA_SET_USERDATA, udata.array());
        });
    }

    /**
     * Adds elements to a set. With {@code exclusive} an element that is already there fails the transaction
     * (EEXIST). {@code setId} (0: none) names a set created in the same transaction.
     */
    public static NftMessage newSetElements(NftFamily family, String table, String set, int setId, List<byte[]> keys,
            boolean exclusive) {
        return new NftMessage("add element " + family.keyword() + " " + table + " " + set + " " + describe(keys),
                b -> {
                    header(b, Nft.NFT_MSG_NEWSETELEM, CREATE | (exclusive ? Netlink.NLM_F_EXCL : 0), family);
                    elementList(b, table, set, setId, keys);
                });
    }

    /** Removes elements from a set; one that is not there fails the transaction (ENOENT). */
    public static NftMessage deleteSetElements(NftFamily family, String table, String set, List<byte[]> keys) {
        return new NftMessage("delete element " + family.keyword() + " " + table + " " + set + " " + describe(keys),
                b -> {
                    header(b, Nft.NFT_MSG_DELSETELEM, 0, family);
                    elementList(b, table, set, 0, keys);
                });
    }

    private static void elementList(NetlinkMessageBuilder b, String table, String set, int setId, List<byte[]> keys) {
        b.attrString(Nft.NFTA_SET_ELEM_LIST_SET, set);
        if (setId != 0) {
            b.attrBe32(Nft.NFTA_SET_ELEM_LIST_SET_ID, setId);
        }
        b.attrString(Nft.NFTA_SET_ELEM_LIST_TABLE, table);
        int list = b.beginNested(Nft.NFTA_SET_ELEM_LIST_ELEMENTS, true);
        // The kernel ignores the type of each element's nest; numbering them from 1 is what keepalived does.
        int index = 1;
        for (byte[] key : keys) {
            int element = b.beginNested(index++, true);
            int k = b.beginNested(Nft.NFTA_SET_ELEM_KEY, true);
            b.attrBytes(Nft.NFTA_DATA_VALUE, key);
            b.endNested(k);
            b.endNested(element);
        }
        b.endNested(list);
    }

    /** Appends a rule made of {@code expressions} to the end of {@code chain}. */
    public static NftMessage appendRule(NftFamily family, String table, String chain, List<Expression> expressions,
            String text) {
        return new NftMessage("add rule " + family.keyword() + " " + table + " " + chain + " " + text, b -> {
            header(b, Nft.NFT_MSG_NEWRULE, CREATE | Netlink.NLM_F_APPEND, family);
            b.attrString(Nft.NFTA_RULE_TABLE, table).attrString(Nft.NFTA_RULE_CHAIN, chain);
            int list = b.beginNested(Nft.NFTA_RULE_EXPRESSIONS, true);
            for (Expression e : expressions) {
                int element = b.beginNested(Nft.NFTA_LIST_ELEM, true);
                b.attrString(Nft.NFTA_EXPR_NAME, e.name());
                int data = b.beginNested(Nft.NFTA_EXPR_DATA, true);
                e.writeData(b);
                b.endNested(data);
                b.endNested(element);
            }
            b.endNested(list);
        });
    }

    private static String describe(List<byte[]> keys) {
        StringBuilder s = new StringBuilder("{ ");
        for (int i = 0; i < keys.size(); i++) {
            byte[] k = keys.get(i);
            if (i > 0) {
                s.append(", ");
            }
            if (k.length == 4 || k.length == 16) {
                try {
                    s.append(InetAddress.getByAddress(k).getHostAddress());
                    continue;
                } catch (java.net.UnknownHostException e) {
                    // not reached: 4 and 16 bytes are addresses
                }
            }
            s.append(java.util.HexFormat.of().formatHex(k));
        }
        return s.append(" }").toString();
    }
}
