package io.jkeepalived.ipvs;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import io.jkeepalived.libc.Libc;
import io.jkeepalived.netlink.AttributeReader;
import io.jkeepalived.netlink.MalformedMessageException;
import io.jkeepalived.netlink.Netlink;
import io.jkeepalived.netlink.NetlinkMessage;
import io.jkeepalived.netlink.NetlinkMessageBuilder;

/**
 * Encoders and decoders for the IPVS generic netlink family (linux/ip_vs.h), pure: they write into a
 * {@link NetlinkMessageBuilder} and read {@link NetlinkMessage}s, and never touch a socket.
 *
 * <p>Wire details that matter, from the kernel's ip_vs_ctl.c policies and replies:
 * <ul>
 * <li>addresses always travel as 16 bytes (union nf_inet_addr), IPv4 in the first four;</li>
 * <li>ports are 16-bit attributes in network byte order;</li>
 * <li>the persistence netmask is a 32-bit attribute holding the IPv4 mask in network order, but for IPv6 the
 * prefix length as a plain number;</li>
 * <li>service flags travel as struct ip_vs_flags {flags, mask}; we always send mask ~0 (set every flag to
 * exactly what we say), as ipvsadm does;</li>
 * <li>nested attributes: the kernel's replies do not flag them NLA_F_NESTED; ipvsadm built on libnl 3.7
 * does (measured here: libnl-3.so.200's nla_nest_start returns type 0x8001 for type 1). The kernel accepts
 * both; we flag them by default, like ipvsadm.</li>
 * </ul>
 * Requests are byte for byte what ipvsadm 1.31 (libipvs over libnl 3.7) sends, seq and pid aside: checked by
 * IpvsGoldenTest against captures from the lab VM (src/test/resources/ipvs-golden, README there).
 */
public final class IpvsCodec {

    private final int familyId;
    private final boolean nestedFlag;

    /**
     * @param familyId   the IPVS family id the kernel's controller resolved
     * @param nestedFlag whether nested attributes carry NLA_F_NESTED (true matches ipvsadm/libnl 3.7)
     */
    public IpvsCodec(int familyId, boolean nestedFlag) {
        this.familyId = familyId;
        this.nestedFlag = nestedFlag;
    }

    public IpvsCodec(int familyId) {
        this(familyId, true);
    }

    public int familyId() {
        return familyId;
    }

    private NetlinkMessageBuilder begin(NetlinkMessageBuilder b, int command, int flags) {
        return b.begin(familyId, Netlink.NLM_F_REQUEST | flags).genlHeader(command, Ipvs.GENL_VERSION);
    }

    private static final int CHANGE = Netlink.NLM_F_ACK;
    /**
     * ipvsadm (libnl) asks for an ack on queries and dumps too: the kernel then acks a query after its reply,
     * and never acks a dump (NLMSG_DONE ends it). Same flags, same bytes as ipvsadm.
     */
    private static final int QUERY = Netlink.NLM_F_ACK;
    private static final int DUMP = Netlink.NLM_F_ACK | Netlink.NLM_F_DUMP;

    // ---- services ----

    /** ipvsadm -A. */
    public NetlinkMessageBuilder writeNewService(NetlinkMessageBuilder b, VirtualService s) {
        return service(begin(b, Ipvs.CMD_NEW_SERVICE, CHANGE), s);
    }

    /** ipvsadm -E: scheduler, flags, persistence of an existing service. */
    public NetlinkMessageBuilder writeSetService(NetlinkMessageBuilder b, VirtualService s) {
        return service(begin(b, Ipvs.CMD_SET_SERVICE, CHANGE), s);
    }

    /** ipvsadm -D (its destinations go with it). */
    public NetlinkMessageBuilder writeDelService(NetlinkMessageBuilder b, VirtualService s) {
        return serviceKey(begin(b, Ipvs.CMD_DEL_SERVICE, CHANGE), s);
    }

    /** One service, by its key. */
    public NetlinkMessageBuilder writeGetService(NetlinkMessageBuilder b, VirtualService s) {
        // ipvsadm's lookup of one service sends netmask 0, unlike its other key-only requests
        return serviceKey(begin(b, Ipvs.CMD_GET_SERVICE, QUERY), s, 0);
    }

    /** Dump of all services. */
    public NetlinkMessageBuilder writeGetServices(NetlinkMessageBuilder b) {
        return begin(b, Ipvs.CMD_GET_SERVICE, DUMP);
    }

    // ---- destinations ----

    /** ipvsadm -a. */
    public NetlinkMessageBuilder writeNewDest(NetlinkMessageBuilder b, VirtualService s, RealServerDest d) {
        return dest(serviceKey(begin(b, Ipvs.CMD_NEW_DEST, CHANGE), s), d);
    }

    /** ipvsadm -e: weight, thresholds, method of an existing destination. */
    public NetlinkMessageBuilder writeSetDest(NetlinkMessageBuilder b, VirtualService s, RealServerDest d) {
        return dest(serviceKey(begin(b, Ipvs.CMD_SET_DEST, CHANGE), s), d);
    }

    /** ipvsadm -d. */
    public NetlinkMessageBuilder writeDelDest(NetlinkMessageBuilder b, VirtualService s, RealServerDest d) {
        return dest(serviceKey(begin(b, Ipvs.CMD_DEL_DEST, CHANGE), s), d);
    }

    /** Dump of one service's destinations. */
    public NetlinkMessageBuilder writeGetDests(NetlinkMessageBuilder b, VirtualService s) {
        begin(b, Ipvs.CMD_GET_DEST, DUMP);
        int nest = b.beginNested(Ipvs.CMD_ATTR_SERVICE, nestedFlag);
        identity(b, s);
        return b.endNested(nest);
    }

    // ---- global ----

    public NetlinkMessageBuilder writeGetInfo(NetlinkMessageBuilder b) {
        return begin(b, Ipvs.CMD_GET_INFO, QUERY);
    }

    /** ipvsadm --set: 0 leaves a timeout unchanged. */
    public NetlinkMessageBuilder writeSetTimeouts(NetlinkMessageBuilder b, IpvsTimeouts t) {
        begin(b, Ipvs.CMD_SET_CONFIG, CHANGE);
        return b.attrU32(Ipvs.CMD_ATTR_TIMEOUT_TCP, t.tcpSeconds())
                .attrU32(Ipvs.CMD_ATTR_TIMEOUT_TCP_FIN, t.tcpFinSeconds())
                .attrU32(Ipvs.CMD_ATTR_TIMEOUT_UDP, t.udpSeconds());
    }

    public NetlinkMessageBuilder writeGetTimeouts(NetlinkMessageBuilder b) {
        return begin(b, Ipvs.CMD_GET_CONFIG, QUERY);
    }

    /** ipvsadm -C: every service and destination goes. */
    public NetlinkMessageBuilder writeFlush(NetlinkMessageBuilder b) {
        return begin(b, Ipvs.CMD_FLUSH, CHANGE);
    }

    /** ipvsadm -Z: zero the counters of one service, or of all when {@code s} is null. */
    public NetlinkMessageBuilder writeZero(NetlinkMessageBuilder b, VirtualService s) {
        begin(b, Ipvs.CMD_ZERO, CHANGE);
        return s == null ? b : serviceKey(b, s);
    }

    /** ipvsadm --start-daemon. */
    public NetlinkMessageBuilder writeNewDaemon(NetlinkMessageBuilder b, SyncDaemon d) {
        begin(b, Ipvs.CMD_NEW_DAEMON, CHANGE);
        int nest = b.beginNested(Ipvs.CMD_ATTR_DAEMON, nestedFlag);
        b.attrU32(Ipvs.DAEMON_ATTR_STATE, d.state());
        b.attrString(Ipvs.DAEMON_ATTR_MCAST_IFN, d.interfaceName());
        b.attrU32(Ipvs.DAEMON_ATTR_SYNC_ID, d.syncId());
        // Optional settings only when given, in ipvsadm's order; the port is host order (unlike every other port).
        if (d.maxLength() != 0) {
            b.attrU16(Ipvs.DAEMON_ATTR_SYNC_MAXLEN, d.maxLength());
        }
        if (d.port() != 0) {
            b.attrU16(Ipvs.DAEMON_ATTR_MCAST_PORT, d.port());
        }
        if (d.ttl() != 0) {
            b.attrU8(Ipvs.DAEMON_ATTR_MCAST_TTL, d.ttl());
        }
        if (d.group() instanceof Inet4Address) {
            b.attrAddress(Ipvs.DAEMON_ATTR_MCAST_GROUP, d.group());
        } else if (d.group() instanceof Inet6Address) {
            b.attrAddress(Ipvs.DAEMON_ATTR_MCAST_GROUP6, d.group());
        }
        return b.endNested(nest);
    }

    /** ipvsadm --stop-daemon STATE. */
    public NetlinkMessageBuilder writeDelDaemon(NetlinkMessageBuilder b, int state) {
        begin(b, Ipvs.CMD_DEL_DAEMON, CHANGE);
        int nest = b.beginNested(Ipvs.CMD_ATTR_DAEMON, nestedFlag);
        b.attrU32(Ipvs.DAEMON_ATTR_STATE, state);
        b.attrString(Ipvs.DAEMON_ATTR_MCAST_IFN, "");
        b.attrU32(Ipvs.DAEMON_ATTR_SYNC_ID, 0);
        return b.endNested(nest);
    }

    public NetlinkMessageBuilder writeGetDaemons(NetlinkMessageBuilder b) {
        return begin(b, Ipvs.CMD_GET_DAEMON, DUMP);
    }

    // ---- attribute groups ----

    private static void identity(NetlinkMessageBuilder b, VirtualService s) {
        b.attrU16(Ipvs.SVC_ATTR_AF, s.family());
        if (s.fwmark() != 0) {
            b.attrU32(Ipvs.SVC_ATTR_FWMARK, s.fwmark());
        } else {
            b.attrU16(Ipvs.SVC_ATTR_PROTOCOL, s.protocol());
            b.attrBytes(Ipvs.SVC_ATTR_ADDR, addr16(s.address()));
            b.attrBe16(Ipvs.SVC_ATTR_PORT, s.port());
        }
    }

    /**
     * The service as a key, for commands that only find it (DEL_SERVICE, ZERO, the destination commands):
     * the kernel reads only the identity, but the policy's other attributes are sent as ipvsadm sends them
     * (no scheduler, no flags, no timeout, the full netmask), so the bytes are ipvsadm's.
     */
    private NetlinkMessageBuilder serviceKey(NetlinkMessageBuilder b, VirtualService s) {
        return serviceKey(b, s, netmaskAttribute(s.family(), VirtualService.fullNetmask(s.family())));
    }

    private NetlinkMessageBuilder serviceKey(NetlinkMessageBuilder b, VirtualService s, int netmaskAttribute) {
        int nest = b.beginNested(Ipvs.CMD_ATTR_SERVICE, nestedFlag);
        identity(b, s);
        b.attrString(Ipvs.SVC_ATTR_SCHED_NAME, "");
        b.attrBytes(Ipvs.SVC_ATTR_FLAGS, flags(0, -1));
        b.attrU32(Ipvs.SVC_ATTR_TIMEOUT, 0);
        b.attrU32(Ipvs.SVC_ATTR_NETMASK, netmaskAttribute);
        return b.endNested(nest);
    }

    private NetlinkMessageBuilder service(NetlinkMessageBuilder b, VirtualService s) {
        int nest = b.beginNested(Ipvs.CMD_ATTR_SERVICE, nestedFlag);
        identity(b, s);
        b.attrString(Ipvs.SVC_ATTR_SCHED_NAME, s.scheduler());
        if (s.persistenceEngine() != null) {
            b.attrString(Ipvs.SVC_ATTR_PE_NAME, s.persistenceEngine());
        }
        b.attrBytes(Ipvs.SVC_ATTR_FLAGS, flags(s.flags(), -1));
        b.attrU32(Ipvs.SVC_ATTR_TIMEOUT, s.timeoutSeconds());
        b.attrU32(Ipvs.SVC_ATTR_NETMASK, netmaskAttribute(s.family(), s.netmask()));
        return b.endNested(nest);
    }

    private NetlinkMessageBuilder dest(NetlinkMessageBuilder b, RealServerDest d) {
        int nest = b.beginNested(Ipvs.CMD_ATTR_DEST, nestedFlag);
        // ipvsadm's order and set: every attribute, tunnel ones included for every method (kernels before 5.2
        // ignore them, as IPVS does not parse strictly).
        b.attrU16(Ipvs.DEST_ATTR_ADDR_FAMILY, d.family());
        b.attrBytes(Ipvs.DEST_ATTR_ADDR, addr16(d.address()));
        b.attrBe16(Ipvs.DEST_ATTR_PORT, d.port());
        b.attrU32(Ipvs.DEST_ATTR_FWD_METHOD, d.method().value());
        b.attrU32(Ipvs.DEST_ATTR_WEIGHT, d.weight());
        b.attrU8(Ipvs.DEST_ATTR_TUN_TYPE, d.tunnelType().value());
        b.attrBe16(Ipvs.DEST_ATTR_TUN_PORT, d.tunnelPort());
        b.attrU16(Ipvs.DEST_ATTR_TUN_FLAGS, d.tunnelFlags());
        b.attrU32(Ipvs.DEST_ATTR_U_THRESH, d.upperThreshold());
        b.attrU32(Ipvs.DEST_ATTR_L_THRESH, d.lowerThreshold());
        return b.endNested(nest);
    }

    private static byte[] addr16(InetAddress a) {
        byte[] out = new byte[Ipvs.ADDR_SIZE];
        byte[] raw = a.getAddress();
        System.arraycopy(raw, 0, out, 0, raw.length);
        return out;
    }

    private static byte[] flags(int flags, int mask) {
        ByteBuffer f = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
        f.putInt(flags).putInt(mask);
        return f.array();
    }

    /**
     * The 32 bits of IPVS_SVC_ATTR_NETMASK, as an int to put in native order: the kernel reads an IPv4 mask
     * as __be32 (its bytes in network order) but an IPv6 prefix length as a plain u32.
     */
    static int netmaskAttribute(int family, int netmask) {
        if (family == Libc.AF_INET6 || ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN) {
            return netmask;
        }
        return Integer.reverseBytes(netmask);
    }

    private static int netmaskValue(int family, int raw) throws MalformedMessageException {
        if (family == Libc.AF_INET6) {
            if (raw < 1 || raw > 128) {
                throw new MalformedMessageException("IPv6 service netmask " + raw + " is not a prefix length");
            }
            return raw;
        }
        // Any IPv4 bit pattern is legal: ipvsadm -M 255.0.255.0 is accepted by the kernel and must read back.
        return netmaskAttribute(family, raw);
    }

    // ---- decoding ----

    /** Decodes a service from a GET_SERVICE reply or dump part. */
    public ServiceEntry parseService(NetlinkMessage m) throws MalformedMessageException {
        AttributeReader top = m.attributes(Netlink.GENL_HEADER_SIZE);
        while (top.next()) {
            if (top.type() == Ipvs.CMD_ATTR_SERVICE) {
                return service(top.nested());
            }
        }
        throw new MalformedMessageException("IPVS service message without IPVS_CMD_ATTR_SERVICE");
    }

    private ServiceEntry service(AttributeReader a) throws MalformedMessageException {
        int family = -1;
        int protocol = 0;
        byte[] addr = null;
        int port = 0;
        int fwmark = 0;
        String scheduler = null;
        String pe = null;
        int flags = 0;
        int timeout = 0;
        Integer netmask = null;
        IpvsStats stats = null;
        IpvsStats stats64 = null;
        while (a.next()) {
            switch (a.type()) {
                case Ipvs.SVC_ATTR_AF -> family = a.u16();
                case Ipvs.SVC_ATTR_PROTOCOL -> protocol = a.u16();
                case Ipvs.SVC_ATTR_ADDR -> addr = a.bytes();
                case Ipvs.SVC_ATTR_PORT -> port = a.be16();
                case Ipvs.SVC_ATTR_FWMARK -> fwmark = a.u32();
                case Ipvs.SVC_ATTR_SCHED_NAME -> scheduler = a.string();
                case Ipvs.SVC_ATTR_PE_NAME -> pe = a.string();
                case Ipvs.SVC_ATTR_FLAGS -> flags = serviceFlags(a);
                case Ipvs.SVC_ATTR_TIMEOUT -> timeout = a.u32();
                case Ipvs.SVC_ATTR_NETMASK -> netmask = a.u32();
                case Ipvs.SVC_ATTR_STATS -> stats = stats(a.nested(), false);
                case Ipvs.SVC_ATTR_STATS64 -> stats64 = stats(a.nested(), true);
                default -> {
                    // attributes of newer kernels
                }
            }
        }
        if (family != Libc.AF_INET && family != Libc.AF_INET6) {
            throw new MalformedMessageException("IPVS service with address family " + family);
        }
        if (scheduler == null) {
            throw new MalformedMessageException("IPVS service without a scheduler");
        }
        InetAddress address = null;
        if (fwmark == 0) {
            if (addr == null) {
                throw new MalformedMessageException("IPVS service with neither fwmark nor address");
            }
            address = address(addr, family);
        } else {
            protocol = 0;
            port = 0;
        }
        int mask = netmask == null ? VirtualService.fullNetmask(family) : netmaskValue(family, netmask);
        if (timeout < 0) {
            throw new MalformedMessageException("IPVS service timeout out of range");
        }
        if (pe != null && pe.isEmpty()) {
            pe = null;
        }
        try {
            VirtualService s = new VirtualService(family, protocol, address, port, fwmark, scheduler,
                    flags & ~Ipvs.SVC_F_HASHED, timeout, mask, pe);
            return new ServiceEntry(s, stats64 != null ? stats64 : stats != null ? stats : IpvsStats.NONE);
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("IPVS service: " + e.getMessage());
        }
    }

    private static int serviceFlags(AttributeReader a) throws MalformedMessageException {
        if (a.length() != 8) {
            throw new MalformedMessageException("IPVS service flags of " + a.length() + " bytes, not 8");
        }
        return ByteBuffer.wrap(a.bytes()).order(ByteOrder.nativeOrder()).getInt(0);
    }

    private static InetAddress address(byte[] raw, int family) throws MalformedMessageException {
        int length = family == Libc.AF_INET6 ? 16 : 4;
        if (raw.length < length) {
            throw new MalformedMessageException("IPVS address of " + raw.length + " bytes for family " + family);
        }
        byte[] exact = new byte[length];
        System.arraycopy(raw, 0, exact, 0, length);
        try {
            return family == Libc.AF_INET6 ? Inet6Address.getByAddress(null, exact, (java.net.NetworkInterface) null)
                    : InetAddress.getByAddress(exact);
        } catch (java.net.UnknownHostException e) {
            throw new MalformedMessageException("IPVS address: " + e.getMessage());
        }
    }

    private static IpvsStats stats(AttributeReader a, boolean wide) throws MalformedMessageException {
        long[] v = new long[11];
        while (a.next()) {
            int t = a.type();
            if (t >= Ipvs.STATS_ATTR_CONNS && t <= Ipvs.STATS_ATTR_OUTBPS) {
                // 32-bit stats carry the byte counters as u64, everything else as u32
                boolean u64 = wide || t == Ipvs.STATS_ATTR_INBYTES || t == Ipvs.STATS_ATTR_OUTBYTES;
                v[t] = u64 ? a.u64() : Integer.toUnsignedLong(a.u32());
            }
        }
        return new IpvsStats(v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]);
    }

    /**
     * Decodes a destination from a GET_DEST dump part; {@code serviceFamily} is used when the kernel is too
     * old to say the destination's own family.
     */
    public DestEntry parseDest(NetlinkMessage m, int serviceFamily) throws MalformedMessageException {
        return parseDest(m, serviceFamily, true);
    }

    /**
     * Decodes a destination; without {@code withStats} its counters are skipped (left {@link IpvsStats#NONE}),
     * which is what a reconciler reading 10,000 destinations wants.
     */
    public DestEntry parseDest(NetlinkMessage m, int serviceFamily, boolean withStats)
            throws MalformedMessageException {
        AttributeReader top = m.attributes(Netlink.GENL_HEADER_SIZE);
        while (top.next()) {
            if (top.type() == Ipvs.CMD_ATTR_DEST) {
                return dest(top.nested(), serviceFamily, withStats);
            }
        }
        throw new MalformedMessageException("IPVS destination message without IPVS_CMD_ATTR_DEST");
    }

    private static DestEntry dest(AttributeReader a, int serviceFamily, boolean withStats)
            throws MalformedMessageException {
        byte[] addr = null;
        int port = 0;
        Integer method = null;
        int weight = 0;
        int upper = 0;
        int lower = 0;
        int active = 0;
        int inactive = 0;
        int persistent = 0;
        int family = serviceFamily;
        int tunType = 0;
        int tunPort = 0;
        int tunFlags = 0;
        IpvsStats stats = null;
        IpvsStats stats64 = null;
        while (a.next()) {
            switch (a.type()) {
                case Ipvs.DEST_ATTR_ADDR -> addr = a.bytes();
                case Ipvs.DEST_ATTR_PORT -> port = a.be16();
                case Ipvs.DEST_ATTR_FWD_METHOD -> method = a.u32();
                case Ipvs.DEST_ATTR_WEIGHT -> weight = a.u32();
                case Ipvs.DEST_ATTR_U_THRESH -> upper = a.u32();
                case Ipvs.DEST_ATTR_L_THRESH -> lower = a.u32();
                case Ipvs.DEST_ATTR_ACTIVE_CONNS -> active = a.u32();
                case Ipvs.DEST_ATTR_INACT_CONNS -> inactive = a.u32();
                case Ipvs.DEST_ATTR_PERSIST_CONNS -> persistent = a.u32();
                case Ipvs.DEST_ATTR_ADDR_FAMILY -> family = a.u16();
                case Ipvs.DEST_ATTR_TUN_TYPE -> tunType = a.u8();
                case Ipvs.DEST_ATTR_TUN_PORT -> tunPort = a.be16();
                case Ipvs.DEST_ATTR_TUN_FLAGS -> tunFlags = a.u16();
                case Ipvs.DEST_ATTR_STATS -> stats = withStats ? stats(a.nested(), false) : null;
                case Ipvs.DEST_ATTR_STATS64 -> stats64 = withStats ? stats(a.nested(), true) : null;
                default -> {
                }
            }
        }
        if (addr == null || method == null) {
            throw new MalformedMessageException("IPVS destination without " + (addr == null ? "address" : "method"));
        }
        if (family != Libc.AF_INET && family != Libc.AF_INET6) {
            throw new MalformedMessageException("IPVS destination with address family " + family);
        }
        try {
            RealServerDest d = new RealServerDest(address(addr, family), port, ForwardingMethod.of(method), weight,
                    upper, lower, TunnelType.of(tunType), tunPort, tunFlags);
            return new DestEntry(d, family, active, inactive, persistent,
                    stats64 != null ? stats64 : stats != null ? stats : IpvsStats.NONE);
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("IPVS destination: " + e.getMessage());
        }
    }

    /** Decodes the GET_INFO reply. */
    public IpvsInfo parseInfo(NetlinkMessage m) throws MalformedMessageException {
        AttributeReader a = m.attributes(Netlink.GENL_HEADER_SIZE);
        Integer version = null;
        int size = 0;
        while (a.next()) {
            switch (a.type()) {
                case Ipvs.INFO_ATTR_VERSION -> version = a.u32();
                case Ipvs.INFO_ATTR_CONN_TAB_SIZE -> size = a.u32();
                default -> {
                }
            }
        }
        if (version == null) {
            throw new MalformedMessageException("IPVS info without a version");
        }
        return new IpvsInfo(version, size);
    }

    /** Decodes the GET_CONFIG reply. */
    public IpvsTimeouts parseTimeouts(NetlinkMessage m) throws MalformedMessageException {
        AttributeReader a = m.attributes(Netlink.GENL_HEADER_SIZE);
        int tcp = 0;
        int fin = 0;
        int udp = 0;
        while (a.next()) {
            switch (a.type()) {
                case Ipvs.CMD_ATTR_TIMEOUT_TCP -> tcp = a.u32();
                case Ipvs.CMD_ATTR_TIMEOUT_TCP_FIN -> fin = a.u32();
                case Ipvs.CMD_ATTR_TIMEOUT_UDP -> udp = a.u32();
                default -> {
                }
            }
        }
        try {
            return new IpvsTimeouts(tcp, fin, udp);
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("IPVS timeouts: " + e.getMessage());
        }
    }

    /** Decodes one GET_DAEMON dump part. */
    public SyncDaemon parseDaemon(NetlinkMessage m) throws MalformedMessageException {
        AttributeReader top = m.attributes(Netlink.GENL_HEADER_SIZE);
        while (top.next()) {
            if (top.type() == Ipvs.CMD_ATTR_DAEMON) {
                return daemon(top.nested());
            }
        }
        throw new MalformedMessageException("IPVS daemon message without IPVS_CMD_ATTR_DAEMON");
    }

    private static SyncDaemon daemon(AttributeReader a) throws MalformedMessageException {
        int state = 0;
        String ifname = null;
        int syncId = 0;
        int maxLen = 0;
        InetAddress group = null;
        int port = 0;
        int ttl = 0;
        while (a.next()) {
            switch (a.type()) {
                case Ipvs.DAEMON_ATTR_STATE -> state = a.u32();
                case Ipvs.DAEMON_ATTR_MCAST_IFN -> ifname = a.string();
                case Ipvs.DAEMON_ATTR_SYNC_ID -> syncId = a.u32();
                case Ipvs.DAEMON_ATTR_SYNC_MAXLEN -> maxLen = a.u16();
                case Ipvs.DAEMON_ATTR_MCAST_GROUP, Ipvs.DAEMON_ATTR_MCAST_GROUP6 -> group = a.address();
                case Ipvs.DAEMON_ATTR_MCAST_PORT -> port = a.u16();
                case Ipvs.DAEMON_ATTR_MCAST_TTL -> ttl = a.u8();
                default -> {
                }
            }
        }
        try {
            return new SyncDaemon(state, ifname, syncId, maxLen, group, port, ttl);
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("IPVS sync daemon: " + e.getMessage());
        }
    }
}
