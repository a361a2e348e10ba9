package io.jkeepalived.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Replays golden/probe.*: keepalived 2.2.7 as master, hit by a lower priority advert, a priority
 * 0 advert and a flood of bad checksums (see the README there). Our instance, fed the same
 * injected packets at the same times, must answer the first two as keepalived did, and - on
 * purpose unlike keepalived - keep advertising through the flood.
 */
class GoldenProbeReplayTest {
    static final double TOLERANCE = 0.08;
    static final String KEEPALIVED = "192.0.2.1";
    static final double STOP = 24.37;
    static final double FLOOD_START = 15.4;

    @Test
    void answersLikeKeepalivedAndKeepsAdvertisingThroughTheFlood() {
        VrrpParameters p = VrrpParameters.builder("VI_PAIR", 60, Golden.ip(KEEPALIVED)).priority(150)
                .virtualAddresses(Golden.ips("192.0.2.200")).build();
        // keepalived takes tens of milliseconds from exec to arming its timers, so the phase of its
        // advert rhythm is set by its first advert (master down at start + 3 + 106/256 s): start ours
        // there too, or the lower priority advert at 5.431 s lands on the other side of a tick.
        double keepalivedStart = Golden.vrrp("probe").get(0).seconds() - 3.4140625;
        Harness h = new Harness(p).start(keepalivedStart);
        List<Double> theirAdverts = new ArrayList<>();
        int injected = 0;
        for (Golden.Packet packet : Golden.vrrp("probe")) {
            if (packet.source().equals(Golden.ip(KEEPALIVED))) {
                theirAdverts.add(packet.seconds());
            } else {
                h.packet(packet.seconds(), packet.datagram());
                injected++;
            }
        }
        assertEquals(62, injected);
        h.at(STOP, h.instance::stop).run(STOP + 1);

        // Before the flood: the same adverts at the same times.
        List<Double> ours = h.sentAt;
        List<Double> theirsBefore = theirAdverts.stream().filter(t -> t < FLOOD_START).toList();
        List<Double> oursBefore = ours.stream().filter(t -> t < FLOOD_START).toList();
        assertEquals(theirsBefore.size(), oursBefore.size(), "keepalived " + theirsBefore + ", ours " + oursBefore);
        for (int i = 0; i < theirsBefore.size(); i++) {
            assertTrue(Math.abs(theirsBefore.get(i) - oursBefore.get(i)) <= TOLERANCE,
                    "advert " + i + ": keepalived " + theirsBefore.get(i) + ", ours " + oursBefore.get(i));
        }

        // The gratuitous ARP rounds: becoming master, the lower priority advert, and 5 s after each.
        List<Double> theirRounds = rounds(Golden.announcements("probe").stream().map(Golden.Packet::seconds).toList());
        List<Double> ourRounds = h.events("announce").stream().map(e -> Double.parseDouble(e.split(" ")[0])).toList();
        assertEquals(theirRounds.size(), ourRounds.size(), "keepalived " + theirRounds + ", ours " + ourRounds);
        for (int i = 0; i < theirRounds.size(); i++) {
            assertTrue(Math.abs(theirRounds.get(i) - ourRounds.get(i)) <= TOLERANCE,
                    "GARP round " + i + ": keepalived " + theirRounds.get(i) + ", ours " + ourRounds.get(i));
        }
        assertEquals(List.of("announce [192.0.2.200] x5"), h.events("announce").stream()
                .map(e -> e.substring(e.indexOf(' ') + 1)).distinct().toList());

        // The flood: keepalived fell silent for 7.9 s; we keep our one-second rhythm.
        double lastBefore = oursBefore.get(oursBefore.size() - 1);
        List<Double> oursDuring = ours.stream().filter(t -> t >= FLOOD_START && t < STOP).toList();
        assertEquals(9, oursDuring.size(), oursDuring.toString());
        for (int k = 0; k < oursDuring.size(); k++) {
            assertEquals(lastBefore + 1 + k, oursDuring.get(k), 1e-6);
        }
        assertTrue(theirAdverts.stream().noneMatch(t -> t > 14.5 && t < 22.3), "keepalived's silence");
        assertEquals(60, h.instance.drops().count(DropReason.CHECKSUM_INVALID));

        // Stop: priority 0.
        Advertisement last = h.sent.get(h.sent.size() - 1);
        assertEquals(0, last.priority());
        assertEquals(STOP, ours.get(ours.size() - 1), 1e-6);
    }

    /** Start times of bursts (frames less than 50 ms apart belong to one burst). */
    static List<Double> rounds(List<Double> frames) {
        List<Double> starts = new ArrayList<>();
        double previous = -1;
        for (double t : frames) {
            if (previous < 0 || t - previous > 0.05) {
                starts.add(t);
            }
            previous = t;
        }
        return starts;
    }
}
