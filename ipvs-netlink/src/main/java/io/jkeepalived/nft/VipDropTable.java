package io.jkeepalived.nft;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntSupplier;

import io.jkeepalived.nft.Expression.Bitwise;
import io.jkeepalived.nft.Expression.CmpEq;
import io.jkeepalived.nft.Expression.Counter;
import io.jkeepalived.nft.Expression.Lookup;
import io.jkeepalived.nft.Expression.Payload;
import io.jkeepalived.nft.Expression.Verdict;

/**
 * The table keepalived 2.2.7 (built with nftables) keeps for instances in no_accept mode (vrrp_strict's
 * default): per family, a set {@code vips} of the addresses held as MASTER and filter chains {@code in} and
 * {@code out} on the input and output hooks that drop packets to and from them. IPv6 adds what keeps neighbour
 * discovery and link-local traffic alive: a constant set {@code neighbor-discovery} (solicit, advert) whose
 * ICMPv6 is accepted first, and a goto to the (empty) {@code in_link_local} / {@code out_link_local} chains
 * for link-local addresses.
 *
 * <pre>
 * table ip keepalived {
 *     set vips { type ipv4_addr }
 *     chain out { type filter hook output priority filter - 1; policy accept; ip saddr @vips drop }
 *     chain in  { type filter hook input priority filter - 1; policy accept; ip daddr @vips drop }
 * }
 * </pre>
 *
 * The messages, their order and their attributes are those keepalived sends (captured with strace, see the
 * golden test), so {@code nft list ruleset} shows the same table whichever daemon made it.
 *
 * @param name     the table's name (global_defs {@code nftables}; default "keepalived")
 * @param priority the base chains' priority (global_defs {@code nftables_priority}; default -1, filter - 1)
 * @param counters whether each rule counts (global_defs {@code nftables_counters})
 */
public record VipDropTable(String name, int priority, boolean counters) {

    public static final String DEFAULT_NAME = "keepalived";
    public static final int DEFAULT_PRIORITY = -1;
    public static final String VIPS = "vips";
    public static final String NEIGHBOR_DISCOVERY = "neighbor-discovery";

    private static final int ICMPV6_NEIGHBOR_SOLICIT = 135;
    private static final int ICMPV6_NEIGHBOR_ADVERT = 136;
    private static final int IPPROTO_ICMPV6 = 58;

    public VipDropTable {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("an nftables table needs a name");
        }
    }

    /** keepalived's defaults: table "keepalived", priority filter - 1, no counters. */
    public static VipDropTable defaults() {
        return new VipDropTable(DEFAULT_NAME, DEFAULT_PRIORITY, false);
    }

    /**
     * The messages that create the table of {@code family} with empty {@code vips}, preceded by deleting a
     * table of the same name left over from before ({@code stale}), as keepalived does.
     *
     * @param setIds the next set id of the transaction (keepalived counts them over the process's life)
     */
    public List<NftMessage> create(NftFamily family, boolean stale, IntSupplier setIds) {
        List<NftMessage> m = new ArrayList<>();
        if (stale) {
            m.add(NftCodec.deleteTable(family, name));
        }
        m.add(NftCodec.newTable(family, name));
        m.add(NftCodec.newFilterChain(family, name, "out", Nft.NF_INET_LOCAL_OUT, priority));
        m.add(NftCodec.newFilterChain(family, name, "in", Nft.NF_INET_LOCAL_IN, priority));
        if (family == NftFamily.IPV4) {
            m.add(NftCodec.newSet(family, name, VIPS, 0, Nft.TYPE_IPADDR, 4, setIds.getAsInt(),
                    Nft.BYTEORDER_BIG_ENDIAN));
            m.add(vipDrop(family, "in"));
            m.add(vipDrop(family, "out"));
            return m;
        }
        m.add(NftCodec.newChain(family, name, "in_link_local"));
        m.add(NftCodec.newChain(family, name, "out_link_local"));
        m.add(NftCodec.newSet(family, name, VIPS, 0, Nft.TYPE_IP6ADDR, 16, setIds.getAsInt(),
                Nft.BYTEORDER_BIG_ENDIAN));
        int nd = setIds.getAsInt();
        m.add(NftCodec.newSet(family, name, NEIGHBOR_DISCOVERY, Nft.NFT_SET_CONSTANT, Nft.TYPE_ICMPV6_TYPE, 1, nd,
                Nft.BYTEORDER_HOST_ENDIAN));
        m.add(NftCodec.newSetElements(family, name, NEIGHBOR_DISCOVERY, nd,
                List.of(new byte[] {(byte) ICMPV6_NEIGHBOR_SOLICIT}, new byte[] {(byte) ICMPV6_NEIGHBOR_ADVERT}),
                false));
        m.add(neighbourDiscoveryAccept("in"));
        m.add(linkLocalGoto("in"));
        m.add(neighbourDiscoveryAccept("out"));
        m.add(linkLocalGoto("out"));
        m.add(vipDrop(family, "in"));
        m.add(vipDrop(family, "out"));
        return m;
    }

    /** Puts addresses (all of {@code family}) into {@code vips}; one already there fails the transaction. */
    public NftMessage addVips(NftFamily family, List<InetAddress> addresses) {
        return NftCodec.newSetElements(family, name, VIPS, 0, keys(family, addresses), true);
    }

    /** Takes addresses out of {@code vips}; one not there fails the transaction. */
    public NftMessage removeVips(NftFamily family, List<InetAddress> addresses) {
        return NftCodec.deleteSetElements(family, name, VIPS, keys(family, addresses));
    }

    public NftMessage delete(NftFamily family) {
        return NftCodec.deleteTable(family, name);
    }

    public NftMessage get(NftFamily family) {
        return NftCodec.getTable(family, name);
    }

    private static List<byte[]> keys(NftFamily family, List<InetAddress> addresses) {
        List<byte[]> keys = new ArrayList<>(addresses.size());
        for (InetAddress a : addresses) {
            if (NftFamily.of(a) != family) {
                throw new IllegalArgumentException(a.getHostAddress() + " is not an address of table family "
                        + family.keyword());
            }
            keys.add(a.getAddress());
        }
        return keys;
    }

    /** {@code ip daddr @vips drop} (chain in) / {@code ip saddr @vips drop} (chain out), and ip6 alike. */
    private NftMessage vipDrop(NftFamily family, String chain) {
        boolean in = chain.equals("in");
        int offset = family == NftFamily.IPV4 ? (in ? 16 : 12) : (in ? 24 : 8);
        int length = family == NftFamily.IPV4 ? 4 : 16;
        List<Expression> e = new ArrayList<>();
        e.add(new Payload(Nft.NFT_PAYLOAD_NETWORK_HEADER, offset, length, Nft.NFT_REG_1));
        e.add(new Lookup(Nft.NFT_REG_1, VIPS));
        counted(e, Verdict.drop());
        String what = family.keyword() + (in ? " daddr" : " saddr");
        return NftCodec.appendRule(family, name, chain, e, what + " @" + VIPS + " drop");
    }

    /** {@code icmpv6 type @neighbor-discovery accept}: without it a MASTER could not resolve or answer. */
    private NftMessage neighbourDiscoveryAccept(String chain) {
        List<Expression> e = new ArrayList<>();
        e.add(new Payload(Nft.NFT_PAYLOAD_NETWORK_HEADER, 6, 1, Nft.NFT_REG_1));
        e.add(new CmpEq(Nft.NFT_REG_1, new byte[] {IPPROTO_ICMPV6}));
        e.add(new Payload(Nft.NFT_PAYLOAD_TRANSPORT_HEADER, 0, 1, Nft.NFT_REG_1));
        e.add(new Lookup(Nft.NFT_REG_1, NEIGHBOR_DISCOVERY));
        counted(e, Verdict.accept());
        return NftCodec.appendRule(NftFamily.IPV6, name, chain, e, "icmpv6 type @" + NEIGHBOR_DISCOVERY + " accept");
    }

    /** {@code ip6 daddr fe80::/10 goto in_link_local} (saddr and out_link_local for chain out). */
    private NftMessage linkLocalGoto(String chain) {
        boolean in = chain.equals("in");
        byte[] mask = new byte[16];
        mask[0] = (byte) 0xff;
        mask[1] = (byte) 0xc0;
        byte[] prefix = new byte[16];
        prefix[0] = (byte) 0xfe;
        prefix[1] = (byte) 0x80;
        List<Expression> e = new ArrayList<>();
        e.add(new Payload(Nft.NFT_PAYLOAD_NETWORK_HEADER, in ? 24 : 8, 16, Nft.NFT_REG_1));
        e.add(new Bitwise(Nft.NFT_REG_1, Nft.NFT_REG_1, mask, new byte[16]));
        e.add(new CmpEq(Nft.NFT_REG_1, prefix));
        String target = chain + "_link_local";
        counted(e, Verdict.goTo(target));
        return NftCodec.appendRule(NftFamily.IPV6, name, chain, e,
                "ip6 " + (in ? "daddr" : "saddr") + " fe80::/10 goto " + target);
    }

    private void counted(List<Expression> e, Verdict verdict) {
        if (counters) {
            e.add(new Counter());
        }
        e.add(verdict);
    }

    /** keepalived leaves link-local IPv6 VIPs to per-interface sets jkeepalived does not make (yet). */
    public static boolean isFiltered(InetAddress address) {
        return !address.isLinkLocalAddress();
    }

    @Override
    public String toString() {
        return "nftables table " + name + " (priority " + priority + (counters ? ", counters" : "") + ")";
    }
}
