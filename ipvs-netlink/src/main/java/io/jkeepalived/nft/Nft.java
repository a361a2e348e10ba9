package io.jkeepalived.nft;

/**
 * The numbers of linux/netfilter/nfnetlink.h and linux/netfilter/nf_tables.h (uapi) that jkeepalived's
 * table needs, named as there. Every nf_tables integer attribute is big-endian on the wire.
 */
public final class Nft {

    private Nft() {
    }

    // nfnetlink
    public static final int NFNL_SUBSYS_NFTABLES = 10;
    public static final int NFNL_MSG_BATCH_BEGIN = 16;
    public static final int NFNL_MSG_BATCH_END = 17;
    public static final int NFNETLINK_V0 = 0;
    /** struct nfgenmsg: u8 family, u8 version, be16 res_id. */
    public static final int NFGENMSG_SIZE = 4;

    // address families of nf_tables (linux/netfilter.h NFPROTO_*)
    public static final int NFPROTO_UNSPEC = 0;
    public static final int NFPROTO_IPV4 = 2;
    public static final int NFPROTO_IPV6 = 10;

    // message types, to be or-ed with NFNL_SUBSYS_NFTABLES << 8
    public static final int NFT_MSG_NEWTABLE = 0;
    public static final int NFT_MSG_GETTABLE = 1;
    public static final int NFT_MSG_DELTABLE = 2;
    public static final int NFT_MSG_NEWCHAIN = 3;
    public static final int NFT_MSG_NEWRULE = 6;
    public static final int NFT_MSG_NEWSET = 9;
    public static final int NFT_MSG_NEWSETELEM = 12;
    public static final int NFT_MSG_DELSETELEM = 14;

    public static final int NFTA_TABLE_NAME = 1;

    public static final int NFTA_CHAIN_TABLE = 1;
    public static final int NFTA_CHAIN_NAME = 3;
    public static final int NFTA_CHAIN_HOOK = 4;
    public static final int NFTA_CHAIN_POLICY = 5;
    public static final int NFTA_CHAIN_TYPE = 7;
    public static final int NFTA_HOOK_HOOKNUM = 1;
    public static final int NFTA_HOOK_PRIORITY = 2;

    // netfilter hooks of the inet families and verdicts (linux/netfilter.h)
    public static final int NF_INET_LOCAL_IN = 1;
    public static final int NF_INET_LOCAL_OUT = 3;
    public static final int NF_DROP = 0;
    public static final int NF_ACCEPT = 1;
    public static final int NFT_GOTO = -4;

    public static final int NFTA_RULE_TABLE = 1;
    public static final int NFTA_RULE_CHAIN = 2;
    public static final int NFTA_RULE_EXPRESSIONS = 4;
    public static final int NFTA_LIST_ELEM = 1;
    public static final int NFTA_EXPR_NAME = 1;
    public static final int NFTA_EXPR_DATA = 2;

    public static final int NFTA_SET_TABLE = 1;
    public static final int NFTA_SET_NAME = 2;
    public static final int NFTA_SET_FLAGS = 3;
    public static final int NFTA_SET_KEY_TYPE = 4;
    public static final int NFTA_SET_KEY_LEN = 5;
    public static final int NFTA_SET_ID = 10;
    public static final int NFTA_SET_USERDATA = 13;
    public static final int NFT_SET_CONSTANT = 0x2;

    public static final int NFTA_SET_ELEM_LIST_TABLE = 1;
    public static final int NFTA_SET_ELEM_LIST_SET = 2;
    public static final int NFTA_SET_ELEM_LIST_ELEMENTS = 3;
    public static final int NFTA_SET_ELEM_LIST_SET_ID = 4;
    public static final int NFTA_SET_ELEM_KEY = 1;

    public static final int NFTA_DATA_VALUE = 1;
    public static final int NFTA_DATA_VERDICT = 2;
    public static final int NFTA_VERDICT_CODE = 1;
    public static final int NFTA_VERDICT_CHAIN = 2;

    public static final int NFTA_PAYLOAD_DREG = 1;
    public static final int NFTA_PAYLOAD_BASE = 2;
    public static final int NFTA_PAYLOAD_OFFSET = 3;
    public static final int NFTA_PAYLOAD_LEN = 4;
    public static final int NFT_PAYLOAD_NETWORK_HEADER = 1;
    public static final int NFT_PAYLOAD_TRANSPORT_HEADER = 2;

    public static final int NFTA_CMP_SREG = 1;
    public static final int NFTA_CMP_OP = 2;
    public static final int NFTA_CMP_DATA = 3;
    public static final int NFT_CMP_EQ = 0;

    public static final int NFTA_BITWISE_SREG = 1;
    public static final int NFTA_BITWISE_DREG = 2;
    public static final int NFTA_BITWISE_LEN = 3;
    public static final int NFTA_BITWISE_MASK = 4;
    public static final int NFTA_BITWISE_XOR = 5;

    public static final int NFTA_LOOKUP_SET = 1;
    public static final int NFTA_LOOKUP_SREG = 2;

    public static final int NFTA_IMMEDIATE_DREG = 1;
    public static final int NFTA_IMMEDIATE_DATA = 2;

    public static final int NFT_REG_VERDICT = 0;
    public static final int NFT_REG_1 = 1;

    // nft(8)'s data types, which `nft list` reads from a set's key type, and its user data for sets
    // (libnftnl's NFTNL_UDATA_SET_KEYBYTEORDER; nftables' byteorder enum)
    public static final int TYPE_IPADDR = 7;
    public static final int TYPE_IP6ADDR = 8;
    public static final int TYPE_ICMPV6_TYPE = 29;
    public static final int UDATA_SET_KEYBYTEORDER = 0;
    public static final int BYTEORDER_HOST_ENDIAN = 1;
    public static final int BYTEORDER_BIG_ENDIAN = 2;

    /** The netlink message type of nf_tables message {@code msg}. */
    public static int type(int msg) {
        return NFNL_SUBSYS_NFTABLES << 8 | msg;
    }
}
