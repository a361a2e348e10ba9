package io.jkeepalived.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The echo request keepalived 2.2.7 sends (check_ping.c, layer4.c's set_buf) and how a reply is judged. */
class IcmpEchoTest {
    @Test
    void theRequestIsKeepalivedsOnBothFamilies() {
        for (boolean ipv6 : new boolean[] {false, true}) {
            byte[] r = IcmpEcho.request(ipv6, 0x1234);
            assertEquals(136, r.length);
            assertEquals(ipv6 ? 128 : 8, r[0] & 0xff);
            assertEquals(0, r[1], "code");
            assertEquals(0, r[2] | r[3], "checksum left to the kernel");
            assertEquals(0, IcmpEcho.identifier(r), "identifier left to the kernel");
            assertEquals(0x1234, IcmpEcho.sequence(r));
            String data = new String(Arrays.copyOfRange(r, 8, 136), StandardCharsets.US_ASCII);
            assertEquals(("keepalived check - ".repeat(7)).substring(0, 128), data);
            assertEquals("keepalived check - keepalived che", data.substring(0, 33));
        }
    }

    @Test
    void sequencesWrapAt16Bits() {
        assertEquals(0xffff, IcmpEcho.sequence(IcmpEcho.request(false, 0xffff)));
        assertEquals(0, IcmpEcho.sequence(IcmpEcho.request(false, 0x10000)));
    }

    private static byte[] message(int type, int id, int seq, int length) {
        byte[] b = new byte[length];
        b[0] = (byte) type;
        if (length >= 8) {
            b[4] = (byte) (id >>> 8);
            b[5] = (byte) id;
            b[6] = (byte) (seq >>> 8);
            b[7] = (byte) seq;
        }
        return b;
    }

    @Test
    void anEchoReplyOfTheFamilySucceedsWhateverItsSequenceAndLength() {
        ProbeResult v4 = IcmpEcho.judge(false, message(0, 7, 42, 8), 136);
        assertEquals(ProbeResult.Kind.SUCCESS, v4.kind());
        assertEquals("echo reply, sequence 42, 136 bytes", v4.detail());
        assertEquals(ProbeResult.Kind.SUCCESS, IcmpEcho.judge(true, message(129, 7, 9, 8), 8).kind());
    }

    @Test
    void shortOrOtherTypesFail() {
        ProbeResult shortOne = IcmpEcho.judge(false, message(0, 0, 0, 7), 7);
        assertEquals(ProbeResult.Kind.FAILURE, shortOne.kind());
        assertEquals("got short ICMP packet, 7 bytes", shortOne.detail());
        ProbeResult unreachable = IcmpEcho.judge(false, message(3, 0, 0, 8), 36);
        assertEquals(ProbeResult.Kind.FAILURE, unreachable.kind());
        assertEquals("got ICMP packet with type 0x3", unreachable.detail());
        // An ICMPv4 echo reply type on an ICMPv6 socket is not an ICMPv6 echo reply, and the other way round.
        assertEquals("got ICMPv6 packet with type 0x0", IcmpEcho.judge(true, message(0, 0, 0, 8), 8).detail());
        assertEquals("got ICMP packet with type 0x81", IcmpEcho.judge(false, message(129, 0, 0, 8), 8).detail());
        assertEquals(ProbeResult.Kind.FAILURE, IcmpEcho.judge(true, message(1, 0, 0, 8), 48).kind());
    }
}
