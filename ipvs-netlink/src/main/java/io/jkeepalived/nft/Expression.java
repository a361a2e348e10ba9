package io.jkeepalived.nft;

import java.util.Optional;

import io.jkeepalived.netlink.NetlinkMessageBuilder;

/**
 * The nf_tables expressions a rule of jkeepalived's table is made of. Each writes its NFTA_EXPR_NAME and
 * NFTA_EXPR_DATA in the order nft(8) and keepalived use, so that the kernel lists the rule the same way.
 */
public sealed interface Expression {

    /** The expression's name, as the kernel registers it ("payload", "lookup"...). */
    String name();

    /** Writes the attributes inside NFTA_EXPR_DATA. */
    void writeData(NetlinkMessageBuilder b);

    /** {@code len} bytes at {@code offset} of header {@code base} into register {@code dreg}. */
    record Payload(int base, int offset, int length, int dreg) implements Expression {
        @Override
        public String name() {
            return "payload";
        }

        @Override
        public void writeData(NetlinkMessageBuilder b) {
            b.attrBe32(Nft.NFTA_PAYLOAD_DREG, dreg).attrBe32(Nft.NFTA_PAYLOAD_BASE, base)
                    .attrBe32(Nft.NFTA_PAYLOAD_OFFSET, offset).attrBe32(Nft.NFTA_PAYLOAD_LEN, length);
        }
    }

    /** Register {@code sreg} equals {@code value}, or the rule stops here. */
    record CmpEq(int sreg, byte[] value) implements Expression {
        @Override
        public String name() {
            return "cmp";
        }

        @Override
        public void writeData(NetlinkMessageBuilder b) {
            b.attrBe32(Nft.NFTA_CMP_SREG, sreg).attrBe32(Nft.NFTA_CMP_OP, Nft.NFT_CMP_EQ);
            int data = b.beginNested(Nft.NFTA_CMP_DATA, true);
            b.attrBytes(Nft.NFTA_DATA_VALUE, value);
            b.endNested(data);
        }
    }

    /** {@code dreg = (sreg & mask) ^ xor} over the mask's length. */
    record Bitwise(int sreg, int dreg, byte[] mask, byte[] xor) implements Expression {
        @Override
        public String name() {
            return "bitwise";
        }

        @Override
        public void writeData(NetlinkMessageBuilder b) {
            b.attrBe32(Nft.NFTA_BITWISE_SREG, sreg).attrBe32(Nft.NFTA_BITWISE_DREG, dreg)
                    .attrBe32(Nft.NFTA_BITWISE_LEN, mask.length);
            int m = b.beginNested(Nft.NFTA_BITWISE_MASK, true);
            b.attrBytes(Nft.NFTA_DATA_VALUE, mask);
            b.endNested(m);
            int x = b.beginNested(Nft.NFTA_BITWISE_XOR, true);
            b.attrBytes(Nft.NFTA_DATA_VALUE, xor);
            b.endNested(x);
        }
    }

    /** Register {@code sreg} is an element of the named set, or the rule stops here. */
    record Lookup(int sreg, String set) implements Expression {
        @Override
        public String name() {
            return "lookup";
        }

        @Override
        public void writeData(NetlinkMessageBuilder b) {
            b.attrBe32(Nft.NFTA_LOOKUP_SREG, sreg).attrString(Nft.NFTA_LOOKUP_SET, set);
        }
    }

    /** Counts packets and bytes (nftables_counters); written empty, the kernel starts it at zero. */
    record Counter() implements Expression {
        @Override
        public String name() {
            return "counter";
        }

        @Override
        public void writeData(NetlinkMessageBuilder b) {
            // no attributes: an empty NFTA_EXPR_DATA
        }
    }

    /** The verdict: {@link Nft#NF_DROP}, {@link Nft#NF_ACCEPT}, or {@link Nft#NFT_GOTO} a chain. */
    record Verdict(int code, Optional<String> chain) implements Expression {
        public static Verdict drop() {
            return new Verdict(Nft.NF_DROP, Optional.empty());
        }

        public static Verdict accept() {
            return new Verdict(Nft.NF_ACCEPT, Optional.empty());
        }

        public static Verdict goTo(String chain) {
            return new Verdict(Nft.NFT_GOTO, Optional.of(chain));
        }

        @Override
        public String name() {
            return "immediate";
        }

        @Override
        public void writeData(NetlinkMessageBuilder b) {
            b.attrBe32(Nft.NFTA_IMMEDIATE_DREG, Nft.NFT_REG_VERDICT);
            int data = b.beginNested(Nft.NFTA_IMMEDIATE_DATA, true);
            int verdict = b.beginNested(Nft.NFTA_DATA_VERDICT, true);
            b.attrBe32(Nft.NFTA_VERDICT_CODE, code);
            chain.ifPresent(c -> b.attrString(Nft.NFTA_VERDICT_CHAIN, c));
            b.endNested(verdict);
            b.endNested(data);
        }
    }
}
