package io.jkeepalived.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** NetlinkMessageBuilder and AttributeReader: layouts, alignment, round trips, and garbage. */
class AttributeCodecTest {

    private static final HexFormat HEX = HexFormat.of();

    private static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    @Test
    void headerAndScalarAttributesHaveTheKernelLayout() {
        NetlinkMessageBuilder b = new NetlinkMessageBuilder(64);
        b.begin(0x14, Netlink.NLM_F_REQUEST).u8(2).u8(24).u8(0).u8(0).u32(3);
        b.attrU8(1, 0xab).attrU16(2, 0x1234).attrU32(3, 0xdeadbeef).attrU64(4, 0x0102030405060708L);
        b.stamp(0x11223344, 0x55667788);
        byte[] m = b.toByteArray();
        // little-endian host (x86-64, arm64)
        assertEquals(ByteOrder.LITTLE_ENDIAN, ByteOrder.nativeOrder());
        assertEquals("3c000000" + "1400" + "0100" + "44332211" + "88776655"
                + "02180000" + "03000000"
                + "0500" + "0100" + "ab000000"
                + "0600" + "0200" + "34120000"
                + "0800" + "0300" + "efbeadde"
                + "0c00" + "0400" + "0807060504030201", hex(m));
    }

    @Test
    void stringsAreNulTerminatedAndPaddedToFourBytes() {
        for (int len = 0; len <= 9; len++) {
            String s = "abcdefghij".substring(0, len);
            NetlinkMessageBuilder b = new NetlinkMessageBuilder(16);
            b.begin(20, 0).attrString(3, s).attrU8(9, 7);
            byte[] m = b.toByteArray();
            ByteBuffer bb = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
            int nlaLen = bb.getShort(16);
            assertEquals(4 + len + 1, nlaLen, "nla_len counts the NUL but not the padding");
            int next = 16 + Netlink.align(nlaLen);
            assertEquals(0, (next & 3));
            for (int i = 16 + nlaLen; i < next; i++) {
                assertEquals(0, m[i], "padding is zero");
            }
            assertEquals(5, bb.getShort(next), "the following attribute starts aligned");
            assertEquals(m.length, bb.getInt(0), "nlmsg_len covers everything");
            assertEquals(0, m.length % 4);
        }
    }

    @Test
    void nestedAttributesCoverTheirChildrenAndPadding() throws Exception {
        NetlinkMessageBuilder b = new NetlinkMessageBuilder(32);
        b.begin(0x20, 0).genlHeader(1, 1);
        int outer = b.beginNested(1, true);
        b.attrString(6, "wlc");
        int inner = b.beginNested(2, false);
        b.attrBe16(3, 80);
        b.endNested(inner);
        b.endNested(outer);
        b.attrBe32(7, 0xc0000201);
        byte[] m = b.toByteArray();
        assertEquals("0101" + "0000", hex(m).substring(32, 40), "genl header cmd 1 version 1");
        assertEquals("1800" + "0180" // outer: len 24, type 1 | NLA_F_NESTED
                + "0800" + "0600" + "776c6300"
                + "0c00" + "0200" // inner without the flag
                + "0600" + "0300" + "00500000"
                + "0800" + "0700" + "c0000201", hex(m).substring(40));

        NetlinkMessage msg = NetlinkMessages.split(ByteBuffer.wrap(m)).get(0);
        AttributeReader a = msg.attributes(Netlink.GENL_HEADER_SIZE);
        assertTrue(a.next());
        assertEquals(1, a.type());
        assertTrue(a.nestedFlag());
        AttributeReader o = a.nested();
        assertTrue(o.next());
        assertEquals("wlc", o.string());
        assertTrue(o.next());
        assertFalse(o.nestedFlag());
        AttributeReader i = o.nested();
        assertTrue(i.next());
        assertEquals(80, i.be16());
        assertFalse(i.next());
        assertFalse(o.next());
        assertTrue(a.next());
        assertEquals(0xc0000201, a.be32());
        assertFalse(a.next());
    }

    @Test
    void roundTripOfEveryType() throws Exception {
        byte[] blob = {1, 2, 3, 4, 5, 6, 7};
        InetAddress v6 = InetAddress.getByName("2001:db8::1");
        InetAddress v4 = InetAddress.getByName("192.0.2.1");
        NetlinkMessageBuilder b = new NetlinkMessageBuilder(16);
        b.begin(100, Netlink.NLM_F_REQUEST).u32(0);
        b.attrU8(1, 255).attrU16(2, 65535).attrU32(3, -1).attrU64(4, Long.MIN_VALUE)
                .attrBe16(5, 0xfffe).attrBe32(6, 0x7f000001).attrString(7, "jkv-nl-veth0:1")
                .attrBytes(8, blob).attrFlag(9).attrAddress(10, v6).attrAddress(11, v4);
        NetlinkMessage m = NetlinkMessages.split(b.message()).get(0);
        assertEquals(100, m.type());
        AttributeReader r = m.attributes(4);
        r.next();
        assertEquals(255, r.u8());
        r.next();
        assertEquals(65535, r.u16());
        r.next();
        assertEquals(-1, r.u32());
        r.next();
        assertEquals(Long.MIN_VALUE, r.u64());
        r.next();
        assertEquals(0xfffe, r.be16());
        r.next();
        assertEquals(0x7f000001, r.be32());
        r.next();
        assertEquals("jkv-nl-veth0:1", r.string());
        r.next();
        assertArrayEquals(blob, r.bytes());
        r.next();
        assertEquals(9, r.type());
        assertEquals(0, r.length());
        r.next();
        assertEquals(v6, r.address());
        r.next();
        assertEquals(v4, r.address());
        assertFalse(r.next());
    }

    @Test
    void builderGrowsPastItsInitialCapacity() throws Exception {
        NetlinkMessageBuilder b = new NetlinkMessageBuilder(16);
        b.begin(30, 0);
        for (int i = 0; i < 500; i++) {
            b.attrU32(1, i);
        }
        NetlinkMessage m = NetlinkMessages.split(b.message()).get(0);
        AttributeReader r = m.attributes(0);
        for (int i = 0; i < 500; i++) {
            assertTrue(r.next());
            assertEquals(i, r.u32());
        }
        assertFalse(r.next());
    }

    @Test
    void misuseOfTheBuilderIsRefused() {
        NetlinkMessageBuilder b = new NetlinkMessageBuilder();
        assertThrows(IllegalStateException.class, () -> b.attrU8(1, 1));
        b.begin(1, 0);
        b.beginNested(1, true);
        assertThrows(IllegalStateException.class, b::message);
        assertThrows(IllegalArgumentException.class, () -> b.attrString(2, "a\0b"));
        assertThrows(IllegalArgumentException.class, () -> b.attrBytes(3, new byte[70000]));
        assertThrows(IllegalArgumentException.class, () -> b.attrU8(0x8001, 1));
    }

    // ---- the reader on bad input ----

    private static AttributeReader reader(String hex) throws MalformedMessageException {
        byte[] bytes = HEX.parseHex(hex);
        return new AttributeReader(ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()), 0, bytes.length);
    }

    @Test
    void lengthShorterThanHeaderIsMalformed() throws Exception {
        AttributeReader r = reader("02000100");
        MalformedMessageException e = assertThrows(MalformedMessageException.class, r::next);
        assertTrue(e.getMessage().contains("attribute type 1 has length 2"), e.getMessage());
    }

    @Test
    void lengthPastTheRunIsMalformed() throws Exception {
        AttributeReader r = reader("0c000300" + "01020304");
        MalformedMessageException e = assertThrows(MalformedMessageException.class, r::next);
        assertTrue(e.getMessage().contains("length 12 but only 8 bytes remain"), e.getMessage());
    }

    @Test
    void trailingBytesAreMalformed() throws Exception {
        AttributeReader r = reader("08000300" + "01020304" + "0000");
        assertTrue(r.next());
        assertThrows(MalformedMessageException.class, r::next);
    }

    @Test
    void wrongSizeForTheTypeIsMalformed() throws Exception {
        AttributeReader r = reader("06000300" + "01020000");
        assertTrue(r.next());
        MalformedMessageException e = assertThrows(MalformedMessageException.class, r::u32);
        assertTrue(e.getMessage().contains("attribute type 3 has 2 payload bytes, expected 4"), e.getMessage());
        assertEquals(0x0201, r.u16());
        assertThrows(MalformedMessageException.class, r::address);
    }

    @Test
    void lastAttributeWithoutPaddingIsAccepted() throws Exception {
        AttributeReader r = reader("05000100" + "2a");
        assertTrue(r.next());
        assertEquals(42, r.u8());
        assertFalse(r.next());
    }

    @Test
    void truncatedAndOversizedMessagesAreMalformed() {
        byte[] header = HEX.parseHex("20000000" + "1400" + "0000" + "01000000" + "00000000");
        assertThrows(MalformedMessageException.class,
                () -> NetlinkMessages.split(ByteBuffer.wrap(header)), "declares 32 bytes, has 16");
        byte[] tiny = HEX.parseHex("08000000" + "1400" + "0000" + "01000000" + "00000000");
        assertThrows(MalformedMessageException.class, () -> NetlinkMessages.split(ByteBuffer.wrap(tiny)));
        byte[] stub = HEX.parseHex("1000000014000000");
        assertThrows(MalformedMessageException.class, () -> NetlinkMessages.split(ByteBuffer.wrap(stub)));
    }

    /** Walks everything, calling every getter, the way a careless decoder would. */
    private static void walk(AttributeReader r, int depth) throws MalformedMessageException {
        while (r.next()) {
            r.type();
            r.string();
            r.bytes();
            tryGet(r::u8);
            tryGet(r::u16);
            tryGet(r::u32);
            tryGet(r::u64);
            tryGet(r::be16);
            tryGet(r::be32);
            tryGet(r::address);
            if (depth < 4) {
                try {
                    walk(r.nested(), depth + 1);
                } catch (MalformedMessageException expected) {
                    // garbage inside is fine; anything else escaping is the bug we look for
                }
            }
        }
    }

    private interface Getter {
        Object get() throws MalformedMessageException;
    }

    private static void tryGet(Getter g) {
        try {
            g.get();
        } catch (MalformedMessageException expected) {
            // only this one is allowed
        }
    }

    @Test
    void randomGarbageOnlyEverThrowsMalformed() {
        Random random = new Random(20261121);
        for (int round = 0; round < 20000; round++) {
            byte[] garbage = new byte[random.nextInt(96)];
            random.nextBytes(garbage);
            if (garbage.length >= 4 && random.nextBoolean()) {
                // plausible lengths reach deeper into the parser
                garbage[0] = (byte) random.nextInt(garbage.length + 4);
                garbage[1] = 0;
            }
            try {
                for (NetlinkMessage m : NetlinkMessages.split(ByteBuffer.wrap(garbage))) {
                    walk(m.attributes(random.nextInt(8)), 0);
                    NetlinkAck.parseError(m);
                }
            } catch (MalformedMessageException expected) {
                // fine
            }
            try {
                walk(new AttributeReader(ByteBuffer.wrap(garbage), 0, garbage.length), 0);
            } catch (MalformedMessageException expected) {
                // fine
            }
        }
    }
}
