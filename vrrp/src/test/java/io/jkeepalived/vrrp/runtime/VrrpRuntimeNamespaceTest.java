package io.jkeepalived.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.vrrp.DropReason;
import io.jkeepalived.vrrp.VrrpState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real VRRP between runtimes in network namespaces joined by a bridge (root needed): election,
 * takeover, preemption, faults, bad input. Each runtime runs in this JVM with its sockets in its own
 * namespace; node x watches and injects. One segment serves every test of the class.
 */
class VrrpRuntimeNamespaceTest {
    /** Scheduling slack on a loaded 2-core machine; the bounds themselves come from the RFC. */
    private static final double SLACK = 0.25;
    private static Lab lab;

    @TempDir
    Path dir;

    @BeforeAll
    static void segment() throws IOException {
        lab = Lab.create("rt", "abx");
    }

    @AfterAll
    static void removeSegment() {
        if (lab != null) {
            lab.close();
        }
    }

    static String instance(char node, String name, int vrid, int priority, String extra, String vip) {
        return "vrrp_instance " + name + " {\n interface " + Lab.dev(node) + "\n virtual_router_id " + vrid
                + "\n priority " + priority + "\n advert_int 1\n authentication {\n auth_type PASS\n auth_pass secret\n }\n"
                + extra + " virtual_ipaddress {\n " + vip + "\n }\n}\n";
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static double awaitState(Node n, String instance, VrrpState state, double patience) throws Exception {
        long t0 = System.nanoTime();
        Node.await(instance + " " + state, Duration.ofMillis((long) (patience * 1000)), () -> n.state(instance) == state);
        return seconds(System.nanoTime() - t0);
    }

    private Path tcpdump(String name) throws Exception {
        Path out = dir.resolve(name + ".txt");
        lab.spawn('x', out, Prereq.tcpdump(), "-i", Lab.dev('x'), "-nn", "-e", "-tt", "-l", "-U", "arp or ip proto 112");
        Node.await("tcpdump listening", Duration.ofSeconds(10), () -> {
            try {
                return Files.exists(out) && Files.readString(out).contains("listening on");
            } catch (IOException e) {
                return false;
            }
        });
        return out;
    }

    private static String mac(char node) throws IOException {
        String line = lab.ip(lab.ns(node), "-o", "link", "show", "dev", Lab.dev(node));
        return line.substring(line.indexOf("link/ether ") + 11).split("\\s+")[0];
    }

    @Test
    void oneMasterTakeoverWithinTheSkewAfterACleanStopGarpsAndPreemption() throws Exception {
        Path capture = tcpdump("takeover");
        Node a = Node.start(lab, 'a', dir, instance('a', "VI_1", 51, 150, "", "192.0.2.100/24"));
        try (Node b = Node.start(lab, 'b', dir, instance('b', "VI_1", 51, 100, "", "192.0.2.100/24"))) {
            double elected = awaitState(a, "VI_1", VrrpState.MASTER, 6);
            assertTrue(elected <= 3.414 + SLACK, "a master after " + elected + " s");
            // Steady state: one master, the VIP only there.
            for (int i = 0; i < 15; i++) {
                assertEquals(VrrpState.MASTER, a.state("VI_1"));
                assertEquals(VrrpState.BACKUP, b.state("VI_1"));
                Thread.sleep(100);
            }
            assertTrue(lab.hasAddress('a', "192.0.2.100"));
            assertFalse(lab.hasAddress('b', "192.0.2.100"));

            // Clean stop: a priority 0 advert, so b takes over after its skew time, (256 - 100) / 256 s.
            long stop = System.nanoTime();
            a.close();
            double takeover = awaitState(b, "VI_1", VrrpState.MASTER, 3);
            assertTrue(takeover <= 0.609 + SLACK, "b master " + takeover + " s after a's stop");
            Node.await("VIP on b", Duration.ofMillis(500), () -> has('b', "192.0.2.100"));
            assertFalse(lab.hasAddress('a', "192.0.2.100"), "a removed its VIP when it stopped");
            String bMac = mac('b');
            Node.await("b's gratuitous ARPs", Duration.ofSeconds(2), () -> count(capture,
                    bMac + " > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: Request who-has 192.0.2.100 "
                            + "(ff:ff:ff:ff:ff:ff) tell 192.0.2.100") >= 5);
            assertTrue(seconds(System.nanoTime() - stop) < 3);

            // a returns with the higher priority: it preempts after its own master down interval.
            a = Node.start(lab, 'a', dir, instance('a', "VI_1", 51, 150, "", "192.0.2.100/24"));
            double preempt = awaitState(a, "VI_1", VrrpState.MASTER, 6);
            assertTrue(preempt <= 3.414 + SLACK, "a preempted after " + preempt + " s");
            awaitState(b, "VI_1", VrrpState.BACKUP, 1);
            Node.await("VIP back on a only", Duration.ofSeconds(1),
                    () -> has('a', "192.0.2.100") && !has('b', "192.0.2.100"));
        } finally {
            a.close();
        }
    }

    @Test
    void nopreemptKeepsTheLowerPriorityMaster() throws Exception {
        try (Node b = Node.start(lab, 'b', dir, instance('b', "VI_2", 52, 100, " state BACKUP\n nopreempt\n",
                "192.0.2.102/24"))) {
            awaitState(b, "VI_2", VrrpState.MASTER, 5);
            try (Node a = Node.start(lab, 'a', dir, instance('a', "VI_2", 52, 150, " state BACKUP\n nopreempt\n",
                    "192.0.2.102/24"))) {
                Thread.sleep(5000);
                assertEquals(VrrpState.BACKUP, a.state("VI_2"), "nopreempt: the higher priority waits");
                assertEquals(VrrpState.MASTER, b.state("VI_2"));
                assertFalse(lab.hasAddress('a', "192.0.2.102"));
            }
        }
    }

    @Test
    void linkDownPutsTheMasterInFaultAndTheBackupTakesOverWithinTheMasterDownInterval() throws Exception {
        try (Node a = Node.start(lab, 'a', dir, instance('a', "VI_3", 53, 150, "", "192.0.2.103/24"));
             Node b = Node.start(lab, 'b', dir, instance('b', "VI_3", 53, 100, "", "192.0.2.103/24"))) {
            awaitState(a, "VI_3", VrrpState.MASTER, 6);
            awaitState(b, "VI_3", VrrpState.BACKUP, 1);
            long cut = System.nanoTime();
            lab.unplug('a');
            try {
                awaitState(a, "VI_3", VrrpState.FAULT, 2);
                Node.await("a's VIP removed in FAULT", Duration.ofSeconds(1), () -> !has('a', "192.0.2.103"));
                double takeover = awaitState(b, "VI_3", VrrpState.MASTER, 6);
                // The last advert came at most one interval before the cut.
                assertTrue(takeover <= 3.609 + SLACK, "b master " + takeover + " s after the cut");
                Node.await("VIP on b", Duration.ofMillis(500), () -> has('b', "192.0.2.103"));
            } finally {
                lab.plug('a');
            }
            // Carrier back: a leaves FAULT for BACKUP, then preempts b.
            awaitState(a, "VI_3", VrrpState.BACKUP, 3);
            awaitState(a, "VI_3", VrrpState.MASTER, 3.414 + 1 + SLACK);
            awaitState(b, "VI_3", VrrpState.BACKUP, 1);
            assertTrue(seconds(System.nanoTime() - cut) < 20);
        }
    }

    @Test
    void badPacketsAreCountedByReasonLoggedOnceAndAFloodDoesNotDelayOurAdverts() throws Exception {
        try (Node a = Node.start(lab, 'a', dir, instance('a', "VI_4", 54, 200, "", "192.0.2.104/24"));
             Node b = Node.start(lab, 'b', dir, instance('b', "VI_4", 54, 100, "", "192.0.2.104/24"));
             Wire x = new Wire(lab, 'x');
             LogCapture log = new LogCapture()) {
            awaitState(a, "VI_4", VrrpState.MASTER, 6);
            String vip = "192.0.2.104";
            byte[] good = Wire.advert("192.0.2.9", 54, 100, "secret", 1, 255, vip);
            byte[] truncated = java.util.Arrays.copyOf(good, 24);
            truncated[3] = 24;                                   // IP total length says so too
            byte[] badSum = good.clone();
            badSum[27] ^= 0x5a;
            byte[] lengthLies = java.util.Arrays.copyOf(good, good.length - 4);
            lengthLies[3] = (byte) lengthLies.length;
            for (int i = 0; i < 3; i++) {
                x.inject(truncated);
                x.inject(badSum);
                x.inject(lengthLies);
                x.inject(Wire.advert("192.0.2.9", 54, 100, "wrong", 1, 255, vip));
                x.inject(Wire.advert("192.0.2.9", 99, 100, "secret", 1, 255, vip));
                x.inject(Wire.advert("192.0.2.9", 54, 100, "secret", 2, 255, vip));
                x.inject(Wire.advert("192.0.2.9", 54, 100, "secret", 1, 254, vip));
                x.inject(Wire.advert("192.0.2.9", 54, 100, null, 1, 255, vip));
            }
            // Both nodes hear x; wait until both have judged every packet (the backup may lag the master).
            Node.await("every bad packet counted by both nodes", Duration.ofSeconds(3), () -> total(a) >= 3 * 6
                    && total(b) >= 3 * 6
                    && a.runtime.unroutedDrops().getOrDefault(DropReason.TRUNCATED, 0L) >= 3
                    && b.runtime.unroutedDrops().getOrDefault(DropReason.TRUNCATED, 0L) >= 3);
            Map<DropReason, Long> drops = a.status("VI_4").drops();
            assertEquals(3L, drops.get(DropReason.CHECKSUM_INVALID), drops.toString());
            assertEquals(3L, drops.get(DropReason.LENGTH_MISMATCH), drops.toString());
            assertEquals(3L, drops.get(DropReason.AUTH_FAILURE), drops.toString());
            assertEquals(3L, drops.get(DropReason.INTERVAL_MISMATCH), drops.toString());
            assertEquals(3L, drops.get(DropReason.TTL_INVALID), drops.toString());
            assertEquals(3L, drops.get(DropReason.AUTH_TYPE_MISMATCH), drops.toString());
            Map<DropReason, Long> unrouted = a.runtime.unroutedDrops();
            assertEquals(3L, unrouted.get(DropReason.TRUNCATED), unrouted.toString());
            assertEquals(3L, unrouted.get(DropReason.OTHER_VRID), unrouted.toString());
            assertEquals(VrrpState.MASTER, a.state("VI_4"), "nothing bad moved the master");
            // Rate-limited: one line per reason per node, however many packets.
            // Rate-limited: one line per reason per node (a and b both hear x), however many packets.
            assertEquals(2, log.containing("(VI_4) dropped packet from 192.0.2.9 (ttl_invalid): TTL 254, must be 255")
                    .size(), log.lines.toString());

            // The beat without a flood, on this machine now: the flood may not make it worse.
            long calmStart = System.nanoTime();
            Thread.sleep(3200);
            double calm = largestGap(x.from("192.0.2.1", calmStart));

            // A flood of bad packets for our VRID (about 20,000 a second, leaving the 2-core test machine some
            // CPU: the injector and both nodes share it): our adverts keep their one-second beat.
            long floodStart = System.nanoTime();
            long floodEnd = floodStart + Duration.ofSeconds(4).toNanos();
            long sent = 0;
            while (System.nanoTime() < floodEnd) {
                for (int i = 0; i < 200; i++) {
                    x.inject(badSum);
                }
                sent += 200;
                Thread.sleep(10);
            }
            Thread.sleep(1200);
            List<Wire.Seen> adverts = x.from("192.0.2.1", floodStart);
            assertTrue(adverts.size() >= 4, adverts.toString());
            double worst = largestGap(adverts);
            System.out.printf("flood: %d bad packets in 4 s; %d adverts, largest gap %.3f s (%.3f s without the flood);"
                    + " counted %d%n", sent, adverts.size(), worst, calm,
                    a.status("VI_4").drops().get(DropReason.CHECKSUM_INVALID));
            assertTrue(worst <= Math.max(1.0, calm) + 0.05, "largest gap between adverts " + worst
                    + " s during the flood, " + calm + " s without it");
            assertEquals(VrrpState.BACKUP, b.state("VI_4"), "the backup never lost the master");
            assertTrue(a.status("VI_4").drops().get(DropReason.CHECKSUM_INVALID) > 10_000, "the flood arrived");
            assertTrue(log.containing("(VI_4) dropped packet from 192.0.2.9 (checksum_invalid)").size() <= 2,
                    "one line per reason and node, not one per packet");
        }
    }

    private static double largestGap(List<Wire.Seen> adverts) {
        double worst = 0;
        for (int i = 1; i < adverts.size(); i++) {
            worst = Math.max(worst, seconds(adverts.get(i).nanos() - adverts.get(i - 1).nanos()));
        }
        return worst;
    }

    private static long total(Node n) {
        return n.status("VI_4").drops().values().stream().mapToLong(Long::longValue).sum();
    }

    private static boolean has(char node, String address) {
        try {
            return lab.hasAddress(node, address);
        } catch (IOException e) {
            return false;
        }
    }

    private static long count(Path file, String text) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.contains(text)).count();
        } catch (IOException e) {
            return 0;
        }
    }
}
