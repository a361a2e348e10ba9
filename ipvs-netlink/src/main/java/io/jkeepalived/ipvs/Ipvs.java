package io.jkeepalived.ipvs;

/** Constants of the IPVS generic netlink family, from linux/ip_vs.h and the kernel's ip_vs_ctl.c policies. */
public final class Ipvs {

    private Ipvs() {
    }

    public static final String GENL_NAME = "IPVS";
    /** The protocol version sent in every genlmsghdr (IPVS_GENL_VERSION). */
    public static final int GENL_VERSION = 1;
    /** The module that registers the family. */
    public static final String MODULE = "ip_vs";

    public static final int CMD_NEW_SERVICE = 1;
    public static final int CMD_SET_SERVICE = 2;
    public static final int CMD_DEL_SERVICE = 3;
    public static final int CMD_GET_SERVICE = 4;
    public static final int CMD_NEW_DEST = 5;
    public static final int CMD_SET_DEST = 6;
    public static final int CMD_DEL_DEST = 7;
    public static final int CMD_GET_DEST = 8;
    public static final int CMD_NEW_DAEMON = 9;
    public static final int CMD_DEL_DAEMON = 10;
    public static final int CMD_GET_DAEMON = 11;
    public static final int CMD_SET_CONFIG = 12;
    public static final int CMD_GET_CONFIG = 13;
    public static final int CMD_SET_INFO = 14;
    public static final int CMD_GET_INFO = 15;
    public static final int CMD_ZERO = 16;
    public static final int CMD_FLUSH = 17;

    public static final int CMD_ATTR_SERVICE = 1;
    public static final int CMD_ATTR_DEST = 2;
    public static final int CMD_ATTR_DAEMON = 3;
    public static final int CMD_ATTR_TIMEOUT_TCP = 4;
    public static final int CMD_ATTR_TIMEOUT_TCP_FIN = 5;
    public static final int CMD_ATTR_TIMEOUT_UDP = 6;

    public static final int SVC_ATTR_AF = 1;
    public static final int SVC_ATTR_PROTOCOL = 2;
    public static final int SVC_ATTR_ADDR = 3;
    public static final int SVC_ATTR_PORT = 4;
    public static final int SVC_ATTR_FWMARK = 5;
    public static final int SVC_ATTR_SCHED_NAME = 6;
    public static final int SVC_ATTR_FLAGS = 7;
    public static final int SVC_ATTR_TIMEOUT = 8;
    public static final int SVC_ATTR_NETMASK = 9;
    public static final int SVC_ATTR_STATS = 10;
    public static final int SVC_ATTR_PE_NAME = 11;
    public static final int SVC_ATTR_STATS64 = 12;

    public static final int DEST_ATTR_ADDR = 1;
    public static final int DEST_ATTR_PORT = 2;
    public static final int DEST_ATTR_FWD_METHOD = 3;
    public static final int DEST_ATTR_WEIGHT = 4;
    public static final int DEST_ATTR_U_THRESH = 5;
    public static final int DEST_ATTR_L_THRESH = 6;
    public static final int DEST_ATTR_ACTIVE_CONNS = 7;
    public static final int DEST_ATTR_INACT_CONNS = 8;
    public static final int DEST_ATTR_PERSIST_CONNS = 9;
    public static final int DEST_ATTR_STATS = 10;
    public static final int DEST_ATTR_ADDR_FAMILY = 11;
    public static final int DEST_ATTR_STATS64 = 12;
    public static final int DEST_ATTR_TUN_TYPE = 13;
    public static final int DEST_ATTR_TUN_PORT = 14;
    public static final int DEST_ATTR_TUN_FLAGS = 15;

    public static final int DAEMON_ATTR_STATE = 1;
    public static final int DAEMON_ATTR_MCAST_IFN = 2;
    public static final int DAEMON_ATTR_SYNC_ID = 3;
    public static final int DAEMON_ATTR_SYNC_MAXLEN = 4;
    public static final int DAEMON_ATTR_MCAST_GROUP = 5;
    public static final int DAEMON_ATTR_MCAST_GROUP6 = 6;
    public static final int DAEMON_ATTR_MCAST_PORT = 7;
    public static final int DAEMON_ATTR_MCAST_TTL = 8;

    public static final int STATS_ATTR_CONNS = 1;
    public static final int STATS_ATTR_INPKTS = 2;
    public static final int STATS_ATTR_OUTPKTS = 3;
    public static final int STATS_ATTR_INBYTES = 4;
    public static final int STATS_ATTR_OUTBYTES = 5;
    public static final int STATS_ATTR_CPS = 6;
    public static final int STATS_ATTR_INPPS = 7;
    public static final int STATS_ATTR_OUTPPS = 8;
    public static final int STATS_ATTR_INBPS = 9;
    public static final int STATS_ATTR_OUTBPS = 10;
    public static final int STATS_ATTR_PAD = 11;

    public static final int INFO_ATTR_VERSION = 1;
    public static final int INFO_ATTR_CONN_TAB_SIZE = 2;

    /** Service flags (IP_VS_SVC_F_*). */
    public static final int SVC_F_PERSISTENT = 0x0001;
    public static final int SVC_F_HASHED = 0x0002;
    public static final int SVC_F_ONEPACKET = 0x0004;
    public static final int SVC_F_SCHED1 = 0x0008;
    public static final int SVC_F_SCHED2 = 0x0010;
    public static final int SVC_F_SCHED3 = 0x0020;
    /** sh scheduler: fall back to another server when the hashed one is unavailable (sh-fallback). */
    public static final int SVC_F_SCHED_SH_FALLBACK = SVC_F_SCHED1;
    /** sh scheduler: hash the source port too (sh-port). */
    public static final int SVC_F_SCHED_SH_PORT = SVC_F_SCHED2;
    /** mh scheduler flags share the same bits. */
    public static final int SVC_F_SCHED_MH_FALLBACK = SVC_F_SCHED1;
    public static final int SVC_F_SCHED_MH_PORT = SVC_F_SCHED2;

    /** Tunnel encapsulation flags (IP_VS_TUNNEL_ENCAP_FLAG_*). */
    public static final int TUNNEL_ENCAP_FLAG_NOCSUM = 0;
    public static final int TUNNEL_ENCAP_FLAG_CSUM = 1;
    public static final int TUNNEL_ENCAP_FLAG_REMCSUM = 2;

    /** Sync daemon states (IP_VS_STATE_*). */
    public static final int STATE_MASTER = 1;
    public static final int STATE_BACKUP = 2;

    /** Scheduler and persistence engine names fit 16 bytes with their NUL. */
    public static final int SCHEDNAME_MAXLEN = 16;
    public static final int PENAME_MAXLEN = 16;
    public static final int IFNAME_MAXLEN = 16;

    public static final int IPPROTO_TCP = 6;
    public static final int IPPROTO_UDP = 17;
    public static final int IPPROTO_SCTP = 132;

    /** union nf_inet_addr: addresses always travel as 16 bytes, IPv4 in the first four. */
    public static final int ADDR_SIZE = 16;
}
