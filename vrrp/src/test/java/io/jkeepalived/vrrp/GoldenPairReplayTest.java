package io.jkeepalived.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the two-speaker capture of keepalived 2.2.7 (golden/pair.*): each keepalived run is
 * replaced by our state machine, fed the other side's real adverts at the times they were seen.
 * What our instance sends must match what that keepalived sent: same adverts, same priorities, at
 * the same times within {@link #TOLERANCE} (keepalived takes ~50 ms from exec to its first timer,
 * and ~1-20 ms of scheduling slack per step).
 */
class GoldenPairReplayTest {
    static final double TOLERANCE = 0.08;

    record Run(String name, String address, int priority, double start, double stop) {
        @Override
        public String toString() {
            return name + " (" + address + ", priority " + priority + ")";
        }
    }

    static Stream<Run> runs() throws IOException {
        try (InputStream in = GoldenPairReplayTest.class.getResourceAsStream("/io/jkeepalived/vrrp/golden/pair.runs")) {
            List<Run> runs = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                runs.add(new Run(f[0], f[1], Integer.parseInt(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4])));
            }
            return runs.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("runs")
    void ourInstanceSendsWhatKeepalivedSent(Run run) {
        VrrpParameters p = VrrpParameters.builder("VI_PAIR", 60, Golden.ip(run.address())).priority(run.priority())
                .virtualAddresses(Golden.ips("192.0.2.200")).build();
        Harness h = new Harness(p).start(run.start());
        InetAddress self = Golden.ip(run.address());
        List<Golden.Packet> theirs = new ArrayList<>();
        for (Golden.Packet packet : Golden.vrrp("pair")) {
            boolean during = packet.seconds() >= run.start() && packet.seconds() <= run.stop() + 0.1;
            if (!during) {
                continue;
            }
            if (packet.source().equals(self)) {
                theirs.add(packet);
            } else if (packet.seconds() < run.stop()) {
                h.packet(packet.seconds(), packet.datagram());
            }
        }
        h.at(run.stop(), h.instance::stop).run(run.stop() + 1);

        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        for (Golden.Packet t : theirs) {
            byte[] vrrp = t.vrrp();
            expected.add("prio " + (vrrp[2] & 0xff));
        }
        for (Advertisement a : h.sent) {
            actual.add("prio " + a.priority());
        }
        assertEquals(expected, actual, run + " sent adverts; ours at " + h.sentAt);
        double worst = 0;
        for (int i = 0; i < theirs.size(); i++) {
            double dt = Math.abs(h.sentAt.get(i) - theirs.get(i).seconds());
            worst = Math.max(worst, dt);
            assertTrue(dt <= TOLERANCE, run + " advert " + i + ": keepalived at " + theirs.get(i).seconds()
                    + " s, ours at " + h.sentAt.get(i) + " s");
        }
        assertTrue(h.verdicts.stream().allMatch(v -> v instanceof Verdict.Accepted), "keepalived's adverts are valid");
        System.out.printf("%s: %d adverts, worst time difference %.3f s%n", run, theirs.size(), worst);
    }
}
