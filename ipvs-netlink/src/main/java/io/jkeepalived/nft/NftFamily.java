package io.jkeepalived.nft;

import java.net.Inet4Address;
import java.net.InetAddress;

/** The two table families jkeepalived uses, with nf_tables' number and nft(8)'s keyword. */
public enum NftFamily {
    IPV4(Nft.NFPROTO_IPV4, "ip"),
    IPV6(Nft.NFPROTO_IPV6, "ip6");

    private final int code;
    private final String keyword;

    NftFamily(int code, String keyword) {
        this.code = code;
        this.keyword = keyword;
    }

    /** NFPROTO_IPV4 / NFPROTO_IPV6: the nfgenmsg family. */
    public int code() {
        return code;
    }

    /** "ip" / "ip6", as nft(8) names the family. */
    public String keyword() {
        return keyword;
    }

    public static NftFamily of(InetAddress address) {
        return address instanceof Inet4Address ? IPV4 : IPV6;
    }
}
