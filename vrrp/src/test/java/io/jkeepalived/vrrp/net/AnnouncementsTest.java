package io.jkeepalived.vrrp.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jkeepalived.vrrp.GoldenAccess;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Our gratuitous ARPs and unsolicited NAs, byte for byte against keepalived 2.2.7's (golden captures). */
class AnnouncementsTest {

    @Test
    void gratuitousArpsMatchKeepalivedsForEveryCapture() throws Exception {
        int compared = 0;
        for (String capture : List.of("v2-pass", "v2-none-multi", "v2-pass-short", "v2-pass-long", "v3-ipv4", "pair")) {
            for (byte[] golden : GoldenAccess.announcements(capture)) {
                if ((golden[12] & 0xff) != 0x08 || golden[13] != 0x06) {
                    continue;
                }
                byte[] mac = Arrays.copyOfRange(golden, 6, 12);
                InetAddress vip = InetAddress.getByAddress(Arrays.copyOfRange(golden, 28, 32));
                assertEquals(HexFormat.of().formatHex(golden), HexFormat.of().formatHex(Announcements.frame(mac, vip)),
                        capture);
                compared++;
            }
        }
        assertFalse(compared < 50, "compared " + compared + " frames");
    }

    @Test
    void unsolicitedNeighbourAdvertsMatchKeepalivedsChecksumIncluded() throws Exception {
        List<byte[]> frames = GoldenAccess.announcements("v3-ipv6");
        assertFalse(frames.isEmpty());
        for (byte[] golden : frames) {
            byte[] mac = Arrays.copyOfRange(golden, 6, 12);
            InetAddress target = InetAddress.getByAddress(Arrays.copyOfRange(golden, 14 + 40 + 8, 14 + 40 + 24));
            assertArrayEquals(golden, Announcements.frame(mac, target), HexFormat.of().formatHex(golden));
        }
    }
}
