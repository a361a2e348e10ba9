package io.jkeepalived.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.vrrp.VrrpState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload of the VRRP runtime (what SIGHUP does in the daemon) with keepalived 2.2.7 as the peer, in
 * namespaces (root, keepalived and tcpdump needed): what persists is not disturbed on the wire or in the
 * kernel, what changed takes effect, and keepalived reacts as to any router. One case reloads keepalived
 * itself ({@code kill -HUP}) for comparison. Names carry the prefix {@code jkv-vr-}.
 */
class VrrpReloadNamespaceTest {
    private static final double SLACK = 0.3;
    private static final String VIP = "192.0.2.100";
    private static Lab lab;

    @TempDir
    Path dir;

    @BeforeAll
    static void segment() throws IOException {
        lab = Lab.create("jkv-vr-", "rl", "abx");
    }

    @AfterAll
    static void removeSegment() {
        if (lab != null) {
            lab.close();
        }
    }

    private static String conf(char node, int priority, String extra, String... vips) {
        return "vrrp_instance VI_1 {\n interface " + lab.device(node) + "\n virtual_router_id 51\n priority " + priority
                + "\n advert_int 1\n" + extra + " virtual_ipaddress {\n" + String.join("", List.of(vips).stream()
                .map(v -> "  " + v + "/24\n").toList()) + " }\n}\n";
    }

    /** keepalived 2.2.7, VRRP only, in the foreground, logging to a file of its own. */
    private final class Keepalived implements AutoCloseable {
        final Process process;
        final Path log;
        final Path conf;

        Keepalived(char node, String text, String tag) throws IOException {
            String binary = Prereq.require("keepalived");
            conf = dir.resolve("jkv-vr-" + tag + ".conf");
            Files.writeString(conf, text);
            log = dir.resolve("jkv-vr-" + tag + ".log");
            process = lab.spawn(node, log, binary, "-n", "-l", "-D", "-R", "-f", conf.toString(), "--vrrp",
                    "-p", dir.resolve("jkv-vr-" + tag + ".pid").toString(),
                    "-r", dir.resolve("jkv-vr-" + tag + "-vrrp.pid").toString());
        }

        /** SIGHUP to keepalived's parent, which passes it on to its VRRP child: keepalived's own reload. */
        void reload(String text) throws IOException {
            Files.writeString(conf, text);
            Lab.sh("kill", "-HUP", Long.toString(process.pid()));
        }

        List<String> lines(String containing) {
            try {
                return Files.readAllLines(log).stream().filter(l -> l.contains(containing)).toList();
            } catch (IOException e) {
                return List.of();
            }
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** tcpdump on the observer: VRRP and ARP, one line a packet, epoch timestamps. */
    private Path capture(String name) throws Exception {
        Path out = dir.resolve("jkv-vr-" + name + ".tcpdump");
        lab.spawn('x', out, Prereq.tcpdump(), "-i", lab.device('x'), "-nn", "-e", "-tt", "-l", "-U",
                "arp or ip proto 112");
        Node.await("tcpdump listening", Duration.ofSeconds(10),
                () -> Files.exists(out) && read(out).contains("listening on"));
        return out;
    }

    /** {@code ip monitor address} on a node: every address added or deleted there, as it happens. */
    private Path monitor(char node, String name) throws Exception {
        Path out = dir.resolve("jkv-vr-" + name + ".monitor");
        lab.spawn(node, out, "ip", "-ts", "monitor", "address");
        Thread.sleep(300);
        return out;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }

    private static final Pattern ADVERT = Pattern.compile(
            "^(\\d+\\.\\d+) .*? (192\\.0\\.2\\.\\d+) > 224\\.0\\.0\\.18: VRRPv2, Advertisement, vrid 51, prio (\\d+)",
            Pattern.MULTILINE);

    /** Times (s) of the adverts from {@code source} at {@code priority} (-1: any but 0), in the capture. */
    private static List<Double> adverts(Path capture, String source, int priority) {
        List<Double> out = new ArrayList<>();
        Matcher m = ADVERT.matcher(read(capture));
        while (m.find()) {
            int prio = Integer.parseInt(m.group(3));
            if (m.group(2).equals(source) && (priority < 0 ? prio != 0 : prio == priority)) {
                out.add(Double.parseDouble(m.group(1)));
            }
        }
        return out;
    }

    private static double[] gaps(List<Double> times) {
        double min = Double.MAX_VALUE;
        double max = 0;
        for (int i = 1; i < times.size(); i++) {
            double g = times.get(i) - times.get(i - 1);
            min = Math.min(min, g);
            max = Math.max(max, g);
        }
        return new double[] {min, max};
    }

    private static long garps(Path capture, String address) {
        return read(capture).lines().filter(l -> l.contains("Request who-has " + address + " (ff:ff:ff:ff:ff:ff) tell "
                + address)).count();
    }

    /** Times (s) of the gratuitous ARPs for {@code address}. */
    private static List<Double> garpTimes(Path capture, String address) {
        return read(capture).lines().filter(l -> l.contains("Request who-has " + address + " (ff:ff:ff:ff:ff:ff) tell "
                + address)).map(l -> Double.parseDouble(l.substring(0, l.indexOf(' ')))).toList();
    }

    private static long within(List<Double> times, double from, double to) {
        return times.stream().filter(t -> t >= from && t <= to).count();
    }

    private static boolean has(char node, String address) {
        try {
            return lab.hasAddress(node, address);
        } catch (IOException e) {
            return false;
        }
    }

    /** jkeepalived MASTER (150) on a, keepalived BACKUP (100) on b, settled. */
    private Node settledPair(Keepalived peer, String ours) throws Exception {
        Node a = Node.start(lab, 'a', dir, ours);
        try {
            Node.await("jkeepalived master with the VIP, keepalived backup", Duration.ofSeconds(10),
                    () -> a.state("VI_1") == VrrpState.MASTER && has('a', VIP) && !has('b', VIP)
                            && !peer.lines("Entering BACKUP STATE").isEmpty());
            return a;
        } catch (Exception | AssertionError e) {
            a.close();
            throw e;
        }
    }

    @Test
    void anUnchangedReloadLeavesTheMasterUndisturbedOnTheWireAndInTheKernel() throws Exception {
        String ours = conf('a', 150, "", VIP);
        try (Keepalived peer = new Keepalived('b', conf('b', 100, "", VIP), "k-a");
             Node a = settledPair(peer, ours)) {
            // Past the takeover's delayed gratuitous ARP round (garp_master_delay 5 s), which is not the reload's.
            Thread.sleep(5200);
            Path capture = capture("unchanged");
            Path addresses = monitor('a', "unchanged");
            int backupBefore = peer.lines("Entering MASTER STATE").size();
            long sentBefore = a.status("VI_1").advertsSent();
            Thread.sleep(1200);
            double t0 = System.currentTimeMillis() / 1000.0;
            boolean vipAlways = true;
            for (int i = 0; i < 5; i++) {
                a.reload(dir, ours);
                for (int j = 0; j < 7; j++) {
                    vipAlways &= has('a', VIP);
                    Thread.sleep(100);
                }
            }
            Thread.sleep(2000);
            assertTrue(vipAlways, "the VIP was on the master at every check");
            assertFalse(read(addresses).contains("Deleted"), "no address left the master: " + read(addresses));
            assertEquals(VrrpState.MASTER, a.state("VI_1"));
            assertEquals(backupBefore, peer.lines("Entering MASTER STATE").size(), "keepalived never left BACKUP");
            List<Double> ourAdverts = adverts(capture, "192.0.2.1", -1);
            double[] g = gaps(ourAdverts);
            System.out.printf("unchanged reload x5 over %.1f s: %d adverts, gaps %.3f-%.3f s, priority 0: %d, GARPs: %d%n",
                    System.currentTimeMillis() / 1000.0 - t0, ourAdverts.size(), g[0], g[1],
                    adverts(capture, "192.0.2.1", 0).size(), garps(capture, VIP));
            assertTrue(ourAdverts.size() >= 6, ourAdverts.toString());
            assertTrue(g[1] <= 1.0 + 0.1, "no advert gap longer than advert_int: " + g[1]);
            assertTrue(g[0] >= 0.9, "no extra advert either: " + g[0]);
            assertEquals(0, adverts(capture, "192.0.2.1", 0).size(), "no priority 0 advert");
            assertEquals(0, garps(capture, VIP), "nothing new to announce");
            assertTrue(a.status("VI_1").advertsSent() > sentBefore);
        }
    }

    @Test
    void aVipAddedByAReloadAppearsWithGratuitousArpsAndARemovedOneGoes() throws Exception {
        String extra = "192.0.2.101";
        // keepalived as backup drops adverts whose addresses differ from its own: as an operator would, the peer
        // is reloaded with the same list right after ours.
        try (Keepalived peer = new Keepalived('b', conf('b', 100, "", VIP), "k-b");
             Node a = settledPair(peer, conf('a', 150, "", VIP))) {
            Thread.sleep(5200);   // past the takeover's delayed GARP round
            int peerMastered = peer.lines("Entering MASTER STATE").size();
            Path capture = capture("add");
            Path addresses = monitor('a', "add");
            long t0 = System.nanoTime();
            a.reload(dir, conf('a', 150, "", VIP, extra));
            Node.await("the new VIP on the master", Duration.ofSeconds(2), () -> has('a', extra));
            System.out.printf("VIP added %.3f s after the reload began%n", (System.nanoTime() - t0) / 1e9);
            peer.reload(conf('b', 100, "", VIP, extra));
            Node.await("5 gratuitous ARPs for it", Duration.ofSeconds(3), () -> garps(capture, extra) >= 5);
            assertEquals(0, garps(capture, VIP), "the VIP that stayed is not announced again");
            // two addresses in the advert: 16 + 2 x 4 bytes
            assertTrue(read(capture).contains("192.0.2.1 > 224.0.0.18: VRRPv2, Advertisement, vrid 51, prio 150, "
                    + "authtype none, intvl 1s, length 24"), read(capture));
            Thread.sleep(2000);

            a.reload(dir, conf('a', 150, "", extra));
            Node.await("the dropped VIP gone", Duration.ofSeconds(2), () -> !has('a', VIP));
            peer.reload(conf('b', 100, "", extra));
            assertTrue(has('a', extra));
            Thread.sleep(4500);
            assertEquals(VrrpState.MASTER, a.state("VI_1"));
            assertTrue(has('a', extra) && !has('b', extra) && !has('b', VIP));
            assertEquals(peerMastered, peer.lines("Entering MASTER STATE").size(),
                    () -> "keepalived stayed backup: " + read(peer.log));
            assertEquals(List.of(), read(addresses).lines().filter(l -> l.contains("Deleted")
                    && !l.contains(VIP + "/")).toList(), "only the dropped VIP left the master");
            double[] g = gaps(adverts(capture, "192.0.2.1", -1));
            System.out.printf("adding and removing a VIP: advert gaps %.3f-%.3f s%n", g[0], g[1]);
            assertTrue(g[1] <= 1.1, "advert gaps " + g[0] + "-" + g[1]);
        }
    }

    @Test
    void aReloadRemovingTheInstanceHandsOverWithinTheBackupsSkewTime() throws Exception {
        try (Keepalived peer = new Keepalived('b', conf('b', 100, "", VIP), "k-c");
             Node a = settledPair(peer, conf('a', 150, "", VIP))) {
            Path capture = capture("remove");
            long t0 = System.nanoTime();
            a.reload(dir, conf('a', 150, "", VIP).replace("VI_1", "VI_OTHER").replace("virtual_router_id 51",
                    "virtual_router_id 52").replace(VIP, "192.0.2.150"));
            double took = Node.timeUntil("keepalived takes the VIP", Duration.ofSeconds(3), () -> has('b', VIP));
            double since = (System.nanoTime() - t0) / 1e9;
            System.out.printf("instance removed by reload: keepalived master %.3f s later (skew 156/256 = 0.609)%n", since);
            assertTrue(since <= 156 / 256.0 + SLACK, "took " + since + " s (" + took + ")");
            assertFalse(has('a', VIP));
            assertEquals(1, adverts(capture, "192.0.2.1", 0).size(), "one priority 0 advert");
            assertEquals(List.of("VI_OTHER"), a.runtime.instanceNames());
        }
    }

    @Test
    void aReloadRaisingTheBackupsPriorityAbovePreemptsTheMaster() throws Exception {
        // keepalived master (150) on b, jkeepalived backup (100) on a; the reload makes a 200.
        try (Keepalived peer = new Keepalived('b', conf('b', 150, "", VIP), "k-d");
             Node a = Node.start(lab, 'a', dir, conf('a', 100, "", VIP))) {
            Node.await("keepalived master, jkeepalived backup", Duration.ofSeconds(10),
                    () -> has('b', VIP) && !has('a', VIP) && a.state("VI_1") == VrrpState.BACKUP
                            && !peer.lines("Entering MASTER STATE").isEmpty());
            Thread.sleep(1500);
            assertEquals(VrrpState.BACKUP, a.state("VI_1"));
            long t0 = System.nanoTime();
            a.reload(dir, conf('a', 200, "", VIP));
            assertEquals(200, a.status("VI_1").effectivePriority());
            Node.await("jkeepalived master, keepalived backup", Duration.ofSeconds(6),
                    () -> has('a', VIP) && !has('b', VIP));
            double took = (System.nanoTime() - t0) / 1e9;
            System.out.printf("backup raised to 200 by reload: master %.3f s later (bound 3 + 56/256 = 3.219 s)%n", took);
            assertTrue(took <= 3 + 56 / 256.0 + SLACK, "took " + took);
            Node.await("keepalived saw our higher priority", Duration.ofSeconds(2), () -> !peer.lines(
                    "Master received advert from 192.0.2.1 with higher priority 200").isEmpty());
        }
    }

    @Test
    void aBackupReloadedKeepsItsMasterDownTimerRunning() throws Exception {
        // keepalived master (150) on b, jkeepalived backup (100) on a. keepalived's VRRP child dies (kill -9) and
        // 1.5 s later we reload, unchanged: our master down timer was not restarted, so we take over 3.609 s after
        // its last advert, not 3.609 s after the reload (which is what keepalived's own reload would do).
        try (Keepalived peer = new Keepalived('b', conf('b', 150, "", VIP), "k-g");
             Node a = Node.start(lab, 'a', dir, conf('a', 100, "", VIP))) {
            Node.await("keepalived master, jkeepalived backup", Duration.ofSeconds(10),
                    () -> has('b', VIP) && a.state("VI_1") == VrrpState.BACKUP
                            && !peer.lines("Entering MASTER STATE").isEmpty());
            Path capture = capture("backup-timer");
            Thread.sleep(2500);
            for (int i = 0; i < 3; i++) {
                a.reload(dir, conf('a', 100, "", VIP));
                Thread.sleep(300);
            }
            assertEquals(VrrpState.BACKUP, a.state("VI_1"));
            assertEquals(0, adverts(capture, "192.0.2.1", -1).size(), "a backup sends nothing on reload");
            Path vrrpPid = dir.resolve("jkv-vr-k-g-vrrp.pid");
            long child = Long.parseLong(Files.readString(vrrpPid).trim());
            ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
            Node.await("keepalived's VRRP child gone", Duration.ofSeconds(3),
                    () -> ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true));
            Thread.sleep(1500);
            a.reload(dir, conf('a', 100, "", VIP));
            Node.await("jkeepalived master", Duration.ofSeconds(6), () -> a.state("VI_1") == VrrpState.MASTER);
            Node.await("our first advert captured", Duration.ofSeconds(2),
                    () -> !adverts(capture, "192.0.2.1", -1).isEmpty());
            List<Double> theirs = adverts(capture, "192.0.2.2", -1);
            List<Double> ours = adverts(capture, "192.0.2.1", -1);
            double takeover = ours.get(0) - theirs.get(theirs.size() - 1);
            System.out.printf("backup reloaded 1.5 s after its master died: master %.3f s after the last advert "
                    + "(3 + 156/256 = 3.609 s)%n", takeover);
            assertTrue(takeover <= 3.609 + SLACK && takeover >= 3.5, "took over " + takeover + " s after the last advert");
        }
    }

    /** The same with keepalived as the backup reloaded (kill -HUP), for docs/vrrp.md. */
    @Test
    void keepalivedReloadedAsBackupRestartsItsMasterDownTimerForComparison() throws Exception {
        try (Keepalived peer = new Keepalived('b', conf('b', 100, "", VIP), "k-h");
             Node a = settledPair(peer, conf('a', 150, "", VIP))) {
            Thread.sleep(1500);
            // Our adverts stop reaching keepalived: the segment port of a goes down.
            long cut = System.nanoTime();
            lab.unplug('a');
            try {
                Thread.sleep(1500);
                peer.reload(conf('b', 100, "", VIP));
                double took = Node.timeUntil("keepalived master", Duration.ofSeconds(10), () -> has('b', VIP));
                double sinceCut = (System.nanoTime() - cut) / 1e9;
                System.out.printf("keepalived backup reloaded 1.5 s after its master went silent: master %.3f s after "
                        + "the silence began (%.3f s after the signal)%n", sinceCut, took);
                assertTrue(sinceCut > 3.609 + 0.5, "keepalived restarts its master down timer on reload: " + sinceCut);
            } finally {
                lab.plug('a');
            }
        }
    }

    @Test
    void aReloadThatCannotBeAppliedIsRefusedAndChangesNothing() throws Exception {
        String ours = conf('a', 150, "", VIP);
        try (Keepalived peer = new Keepalived('b', conf('b', 100, "", VIP), "k-e");
             Node a = settledPair(peer, ours)) {
            String broken = ours + conf('a', 150, "", "192.0.2.120").replace("VI_1", "VI_2")
                    .replace("virtual_router_id 51", "virtual_router_id 53")
                    .replace("interface " + lab.device('a'), "interface jkv-vr-none0");
            IOException e = assertThrows(IOException.class, () -> a.reload(dir, broken));
            assertTrue(e.getMessage().contains("(VI_2) interface jkv-vr-none0 does not exist"), e.getMessage());
            assertTrue(e.getMessage().contains("running configuration is kept"), e.getMessage());
            assertEquals(List.of("VI_1"), a.runtime.instanceNames());
            assertEquals(VrrpState.MASTER, a.state("VI_1"));
            assertTrue(has('a', VIP));
            // and a good one still goes through afterwards
            a.reload(dir, conf('a', 160, "", VIP));
            assertEquals(160, a.status("VI_1").effectivePriority());
        }
    }

    private Path notifyScript(Path log) throws IOException {
        Path script = dir.resolve("notify.sh");
        Files.writeString(script, "#!/bin/sh\necho \"$@\" >> " + log + "\n");
        Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String instance(String name, int vrid, int priority, String vip, String extra) {
        return "vrrp_instance " + name + " {\n interface " + lab.device('a') + "\n virtual_router_id " + vrid
                + "\n priority " + priority + "\n advert_int 1\n virtual_ipaddress {\n  " + vip + "/24\n }\n" + extra
                + "}\n";
    }

    @Test
    void removedAddedRenamedInstancesTrackScriptsAndSyncGroupsFollowAReload() throws Exception {
        Path notified = dir.resolve("notified.txt");
        String notify = " notify " + notifyScript(notified) + "\n";
        Path fail = dir.resolve("fail");
        String chk = "vrrp_script chk {\n script \"/usr/bin/test ! -e " + fail + "\"\n interval 1\n weight -60\n}\n";
        try (Node a = Node.start(lab, 'a', dir, instance("VI_1", 61, 150, "192.0.2.161", notify)
                + instance("VI_2", 62, 150, "192.0.2.162", notify))) {
            Node.await("both master", Duration.ofSeconds(6), () -> a.state("VI_1") == VrrpState.MASTER
                    && a.state("VI_2") == VrrpState.MASTER);
            Path addresses = monitor('a', "alone");
            // VI_2 goes, VI_1 is renamed VI_ONE and tracks chk, VI_3 is new.
            Files.createFile(fail);
            a.reload(dir, chk + instance("VI_ONE", 61, 150, "192.0.2.161", notify + " track_script {\n  chk\n }\n")
                    + instance("VI_3", 63, 100, "192.0.2.163", notify));
            assertEquals(List.of("VI_ONE", "VI_3"), a.runtime.instanceNames());
            assertFalse(has('a', "192.0.2.162"), "the removed instance's VIP is gone at once");
            Node.await("notify for the removed and the new", Duration.ofSeconds(3), () -> lines(notified).containsAll(
                    List.of("INSTANCE VI_2 FAULT 150", "INSTANCE VI_3 BACKUP 100")));
            assertEquals(VrrpState.MASTER, a.state("VI_ONE"), "renamed, same virtual router: still master");
            Node.await("the failing script takes 60 off", Duration.ofSeconds(3),
                    () -> a.status("VI_ONE").effectivePriority() == 90);
            assertEquals(VrrpState.MASTER, a.state("VI_ONE"), "alone on the segment, 90 is still master");
            Node.await("VI_3 master after its master down interval", Duration.ofSeconds(5),
                    () -> a.state("VI_3") == VrrpState.MASTER && has('a', "192.0.2.163"));
            assertTrue(has('a', "192.0.2.161"));
            assertFalse(read(addresses).lines().anyMatch(l -> l.contains("Deleted") && l.contains("192.0.2.161/")),
                    read(addresses));

            // Both now in one sync group, which is MASTER since both are; the script recovers (weight back).
            Files.delete(fail);
            a.reload(dir, chk + "vrrp_sync_group G {\n group {\n  VI_ONE\n  VI_3\n }\n" + notify + "}\n"
                    + instance("VI_ONE", 61, 150, "192.0.2.161", notify + " track_script {\n  chk\n }\n")
                    + instance("VI_3", 63, 100, "192.0.2.163", notify));
            Node.await("group notified MASTER", Duration.ofSeconds(2),
                    () -> lines(notified).contains("GROUP G MASTER 0"));
            Node.await("the script passes: 150 again", Duration.ofSeconds(3),
                    () -> a.status("VI_ONE").effectivePriority() == 150);
            assertEquals(VrrpState.MASTER, a.state("VI_ONE"));
            assertEquals(VrrpState.MASTER, a.state("VI_3"));
            assertFalse(read(addresses).lines().anyMatch(l -> l.contains("Deleted") && (l.contains("192.0.2.161/")
                    || l.contains("192.0.2.163/"))), read(addresses));
        }
    }

    /**
     * keepalived reloading itself as master (kill -HUP), for docs/vrrp.md: it sends an advert before and right
     * after the reload and keeps its VIPs; our backup stays backup.
     */
    @Test
    void keepalivedReloadedAsMasterForComparison() throws Exception {
        String theirs = conf('b', 150, "", VIP);
        try (Keepalived peer = new Keepalived('b', theirs, "k-f");
             Node a = Node.start(lab, 'a', dir, conf('a', 100, "", VIP))) {
            Node.await("keepalived master", Duration.ofSeconds(10),
                    () -> has('b', VIP) && a.state("VI_1") == VrrpState.BACKUP);
            Thread.sleep(1500);
            Path capture = capture("khup");
            Path addresses = monitor('b', "khup");
            Thread.sleep(5000);   // past keepalived's own delayed GARP round after its takeover
            double hup1 = System.currentTimeMillis() / 1000.0;
            peer.reload(theirs);
            Node.await("keepalived reloaded", Duration.ofSeconds(5), () -> !peer.lines("Reloading").isEmpty());
            Thread.sleep(3000);
            double hup2 = System.currentTimeMillis() / 1000.0;
            peer.reload(conf('b', 150, "", VIP, "192.0.2.101"));
            Node.await("keepalived added the VIP", Duration.ofSeconds(5), () -> has('b', "192.0.2.101"));
            Thread.sleep(2500);
            List<Double> theirAdverts = adverts(capture, "192.0.2.2", -1);
            double[] g = gaps(theirAdverts);
            List<Double> vipGarps = garpTimes(capture, VIP);
            System.out.printf("keepalived kill -HUP as master, unchanged: %d adverts within 1 s after the signal, "
                            + "%d GARPs within 3 s; with a VIP added: %d adverts within 1 s, GARPs for the old VIP %d, "
                            + "for the new %d; overall advert gaps %.3f-%.3f s, priority 0: %d, address deletions: %d%n",
                    within(theirAdverts, hup1, hup1 + 1), within(vipGarps, hup1, hup1 + 3),
                    within(theirAdverts, hup2, hup2 + 1), within(vipGarps, hup2, hup2 + 3),
                    garps(capture, "192.0.2.101"), g[0], g[1], adverts(capture, "192.0.2.2", 0).size(),
                    read(addresses).lines().filter(l -> l.contains("Deleted")).count());
            assertEquals(VrrpState.BACKUP, a.state("VI_1"), "our backup stays backup through keepalived's reload");
            assertTrue(has('b', VIP));
            assertEquals(0, adverts(capture, "192.0.2.2", 0).size());
        }
    }
}
