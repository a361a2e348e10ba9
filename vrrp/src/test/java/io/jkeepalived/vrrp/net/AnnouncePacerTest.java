package io.jkeepalived.vrrp.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkeepalived.vrrp.FakeScheduler;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnnouncePacerTest {
    private static final byte[] MAC = {2, 0, 0, 0, 0, 1};
    private final FakeScheduler clock = new FakeScheduler();
    private final List<String> wire = new ArrayList<>();

    private final FrameSender sender = (ifIndex, frame, ethertype, mac) -> wire.add(
            clock.nanoTime() / 1_000_000 + "ms if" + ifIndex + " " + Integer.toHexString(ethertype) + " "
                    + InetAddress.getByAddress(ethertype == 0x0806 ? java.util.Arrays.copyOfRange(frame, 28, 32)
                    : java.util.Arrays.copyOfRange(frame, 62, 78)).getHostAddress());

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void withoutAnIntervalEveryFrameGoesAtOnce() throws Exception {
        AnnouncePacer p = new AnnouncePacer(clock, sender, Duration.ZERO, Duration.ZERO);
        p.announce(3, MAC, ip("192.0.2.100"));
        p.announce(3, MAC, ip("192.0.2.101"));
        p.announce(3, MAC, ip("2001:db8::100"));
        assertEquals(List.of("0ms if3 806 192.0.2.100", "0ms if3 806 192.0.2.101", "0ms if3 86dd 2001:db8:0:0:0:0:0:100"),
                wire);
        assertEquals(0, p.queued());
        assertEquals(3, p.sent());
    }

    @Test
    void anIntervalSpacesFramesPerInterfaceAndFamily() throws Exception {
        AnnouncePacer p = new AnnouncePacer(clock, sender, Duration.ofMillis(10), Duration.ofMillis(25));
        for (int i = 0; i < 3; i++) {
            p.announce(3, MAC, ip("192.0.2.100"));
            p.announce(4, MAC, ip("192.0.2.200"));
            p.announce(3, MAC, ip("2001:db8::100"));
        }
        assertEquals(6, p.queued());
        clock.runUntil(1);
        assertEquals(List.of(
                "0ms if3 806 192.0.2.100", "0ms if4 806 192.0.2.200", "0ms if3 86dd 2001:db8:0:0:0:0:0:100",
                "10ms if3 806 192.0.2.100", "10ms if4 806 192.0.2.200",
                "20ms if3 806 192.0.2.100", "20ms if4 806 192.0.2.200",
                "25ms if3 86dd 2001:db8:0:0:0:0:0:100", "50ms if3 86dd 2001:db8:0:0:0:0:0:100"), wire);
        // A frame asked for long after the last one goes at once.
        clock.at(2, () -> {
            try {
                p.announce(3, MAC, ip("192.0.2.100"));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        clock.runUntil(2);
        assertEquals("2000ms if3 806 192.0.2.100", wire.get(wire.size() - 1));
    }

    @Test
    void forgottenAddressesLeaveTheQueueAndSendFailuresAreCountedNotThrown() throws Exception {
        AnnouncePacer failing = new AnnouncePacer(clock, (i, f, e, m) -> {
            throw new IOException("ENETDOWN");
        }, Duration.ZERO, Duration.ZERO);
        failing.announce(3, MAC, ip("192.0.2.100"));
        assertEquals(1, failing.failed());

        AnnouncePacer p = new AnnouncePacer(clock, sender, Duration.ofMillis(10), Duration.ZERO);
        p.announce(3, MAC, ip("192.0.2.100"));
        p.announce(3, MAC, ip("192.0.2.101"));
        p.announce(3, MAC, ip("192.0.2.100"));
        p.forget(ip("192.0.2.100"));
        clock.runUntil(1);
        assertEquals(List.of("0ms if3 806 192.0.2.100", "10ms if3 806 192.0.2.101"), wire);
    }
}
