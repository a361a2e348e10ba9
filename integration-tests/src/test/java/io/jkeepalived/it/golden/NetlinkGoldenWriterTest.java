package io.jkeepalived.it.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.it.golden.NetlinkGoldenWriter.Call;
import io.jkeepalived.it.golden.NetlinkGoldenWriter.Capture;
import io.jkeepalived.it.golden.NetlinkGoldenWriter.Protocol;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The strace reader and golden-file writer on a real trace (ipvsadm adding a service that exists, recorded in
 * the kernel lab), without booting anything.
 */
class NetlinkGoldenWriterTest {

    private static List<String> trace() throws IOException {
        try (InputStream in = NetlinkGoldenWriterTest.class.getResourceAsStream("/golden/error-add-service-exists.strace")) {
            return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        }
    }

    @Test
    void readsEveryDatagramOnceAndDropsLibnlsPeeks() throws IOException {
        List<Call> calls = NetlinkGoldenWriter.parseStrace(trace());

        // 3 controller exchanges (request, reply, ack), GET_INFO and its reply, NEW_SERVICE and its error; the
        // trace has 13 more recvmsg calls with MSG_PEEK (flags 0x22), one before every read.
        assertEquals(13, calls.size());
        assertEquals(List.of(true, false, false, true, false, false, true, false, true, false, false, true, false),
                calls.stream().map(Call::sent).toList());
        Call newService = calls.get(11);
        assertEquals("sendmsg", newService.syscall());
        assertEquals(3, newService.fd());
        assertEquals(104, newService.data().length);
        assertArrayEquals(new byte[] {0x68, 0, 0, 0, 0x20, 0, 0x05, 0}, java.util.Arrays.copyOf(newService.data(), 8));
        Call error = calls.get(12);
        assertEquals(124, error.data().length);
        assertEquals(-17, NetlinkGoldenWriter.u32(error.data(), 16)); // EEXIST
    }

    @Test
    void rendersIpvsMessagesWithTheFamilyLearnedFromTheElidedControllerReply() throws IOException {
        Capture capture = new Capture("ipvs-golden/x", Protocol.GENL, "ipvsadm -A -t 192.0.2.1:80 -s wrr");
        String text = NetlinkGoldenWriter.renderOne(capture, NetlinkGoldenWriter.parseStrace(trace()), "",
                "Service already exists\n", 255).text();

        assertTrue(text.startsWith(NetlinkGoldenWriter.FIRST_LINE), text);
        assertTrue(text.contains("\ncommand: ipvsadm -A -t 192.0.2.1:80 -s wrr\nexit-status: 255\nstdout| (empty)\n"
                + "stderr| Service already exists\n"), text);
        assertTrue(text.contains("# elided: datagrams 1-6, 6 generic netlink controller messages: 2 x "
                + "(CTRL_CMD_GETFAMILY, reply CTRL_CMD_NEWFAMILY, ack)"), text);
        assertTrue(text.contains("\n@ send sendmsg fd=3 datagram=12 len=104 mask=8-15\n"), text);
        assertTrue(text.contains("(genl family IPVS) flags=0x0005 (REQUEST|ACK)"), text);
        assertTrue(text.contains("# genlmsghdr cmd=1 (IPVS_CMD_NEW_SERVICE) version=1 reserved=0\n"), text);
        assertTrue(text.contains("#   @0x0014 len=84 type=0x8001 (NLA_F_NESTED) IPVS_CMD_ATTR_SERVICE: nested\n"), text);
        assertTrue(text.contains("#     @0x0044 len=8 type=0x0006 IPVS_SVC_ATTR_SCHED_NAME: \"wrr\" (NUL-terminated)\n"),
                text);
        assertTrue(text.contains("\n@ recv recvmsg fd=3 datagram=13 len=124 mask=8-15,28-35\n"), text);
        assertTrue(text.contains("# nlmsgerr error=-17 (EEXIST); echoed request header: len=104"), text);
        assertTrue(text.contains("0060: 08 00 09 00 ff ff ff ff\n"), text);
        // Only the controller messages are elided: GET_INFO, NEW_SERVICE and the error are there in full.
        assertEquals(4, text.split("\n@ ", -1).length - 1, text);
    }

    @Test
    void keepsTheControllerExchangesWhenAsked() throws IOException {
        Capture capture = new Capture("ipvs-golden/x", Protocol.GENL_ALL, "ipvsadm");
        String text = NetlinkGoldenWriter.renderOne(capture, NetlinkGoldenWriter.parseStrace(trace()), "", "", 255).text();

        assertEquals(13, text.split("\n@ ", -1).length - 1);
        assertTrue(text.contains("CTRL_ATTR_FAMILY_ID (+2 pad): 32 (0x20)"), text);
        assertTrue(text.contains("CTRL_ATTR_OP_ID: 17 (IPVS_CMD_FLUSH)"), text);
    }

    @Test
    void theMaskHidesSequenceNumbersAndPortIdsButNothingElse() throws IOException {
        Capture capture = new Capture("ipvs-golden/x", Protocol.GENL, "ipvsadm");
        String text = NetlinkGoldenWriter.renderOne(capture, NetlinkGoldenWriter.parseStrace(trace()), "", "", 255).text();
        // Another run: other seq and pid (bytes 8-15 of the NEW_SERVICE request, its rendering in the comment).
        String otherRun = text
                .replaceFirst("(?m)^(0000: 68 00 00 00 20 00 05 00 )( [0-9a-f]{2}){8}$", "$1 01 02 03 04 05 06 07 08")
                .replaceAll("seq=\\d+", "seq=42").replaceAll("pid=\\d+", "pid=7");
        assertNotEquals(text, otherRun);
        assertEquals(NetlinkGoldenWriter.masked(text), NetlinkGoldenWriter.masked(otherRun));

        // A changed scheduler name byte is a real difference.
        String otherScheduler = text.replace("0040: 00 50 00 00 08 00 06 00  77 72 72 00", "0040: 00 50 00 00 08 00 06 00  77 72 71 00");
        assertNotEquals(text, otherScheduler);
        assertNotEquals(NetlinkGoldenWriter.masked(text), NetlinkGoldenWriter.masked(otherScheduler));
    }

    @Test
    void refusesTracesItCannotReadWithCertainty() throws IOException {
        List<String> interleaved = List.of("663   sendmsg(3, {msg_name={sa_family=0x10}} <unfinished ...>");
        assertThrows(IllegalStateException.class, () -> NetlinkGoldenWriter.parseStrace(interleaved));

        // Drop the last hex row of the first call: the dump no longer covers what the call returned.
        List<String> lines = new java.util.ArrayList<>(trace());
        lines.remove(3);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> NetlinkGoldenWriter.parseStrace(lines));
        assertTrue(e.getMessage().contains("returned 32 but strace dumped 16 bytes"), e.getMessage());
    }

    @Test
    void splitsDatagramsAndToleratesOnlyZeroBytesAfterTheLastMessage() {
        byte[] twoMessages = new byte[20 + 16 + 8];
        twoMessages[0] = 20;
        twoMessages[20] = 16;
        assertEquals(2, NetlinkGoldenWriter.split(twoMessages).size());
        assertEquals(8, NetlinkGoldenWriter.trailer(twoMessages, NetlinkGoldenWriter.split(twoMessages)));

        byte[] garbage = twoMessages.clone();
        garbage[40] = 1;
        assertThrows(IllegalStateException.class, () -> NetlinkGoldenWriter.split(garbage));
    }

    @Test
    void writesIpv6AddressesTheShortWay() {
        assertEquals("2001:db8::cb", v6("20010db80000000000000000000000cb"));
        assertEquals("::1", v6("00000000000000000000000000000001"));
        assertEquals("::", v6("00000000000000000000000000000000"));
        assertEquals("2001:db8:0:1::1", v6("20010db8000000010000000000000001"));
        assertEquals("ff02::1:81", v6("ff020000000000000000000000010081"));
    }

    private static String v6(String hex) {
        byte[] b = new byte[16];
        for (int i = 0; i < 16; i++) {
            b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return NetlinkGoldenWriter.ipv6(b, 0);
    }
}
