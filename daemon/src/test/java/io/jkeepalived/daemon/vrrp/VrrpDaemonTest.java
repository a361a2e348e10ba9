package io.jkeepalived.daemon.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.jkeepalived.vrrp.runtime.Lab;

/**
 * jkeepalived as operators run it ({@code ip netns exec NS jkeepalived -n -l -D -f CONF -P ...}), against
 * Debian's keepalived 2.2.7 and against itself, in namespaces joined by a bridge (root, keepalived and
 * tcpdump needed). Bounds are the protocol's: master_down_interval = 3 x advert_int + (256 - prio) / 256 s
 * after a master dies, the skew time after a clean stop (priority 0 advert).
 */
class VrrpDaemonTest {
    /** Scheduling and polling slack on a loaded 2-core machine. */
    private static final double SLACK = 0.3;
    private static final String VIP = "192.0.2.100";
    private static Lab lab;

    @TempDir
    Path dir;

    @BeforeAll
    static void segment() throws IOException {
        lab = Lab.create("dm", "abx");
    }

    @AfterAll
    static void removeSegment() {
        if (lab != null) {
            lab.close();
        }
    }

    private Path conf(String name, char node, int priority) throws IOException {
        Path file = dir.resolve("jkv-vi-" + name + ".conf");
        Files.writeString(file, "vrrp_instance VI_1 {\n    state BACKUP\n    interface " + Lab.dev(node) + "\n"
                + "    virtual_router_id 51\n    priority " + priority + "\n    advert_int 1\n"
                + "    authentication {\n        auth_type PASS\n        auth_pass secret\n    }\n"
                + "    virtual_ipaddress {\n        " + VIP + "/24\n    }\n}\n");
        return file;
    }

    private static boolean has(char node, String address) throws IOException {
        return lab.hasAddress(node, address);
    }

    private Path tcpdump(String name) throws Exception {
        Path out = dir.resolve("jkv-vi-" + name + ".tcpdump");
        lab.spawn('x', out, Director.tcpdumpBinary(), "-i", Lab.dev('x'), "-nn", "-e", "-tt", "-l", "-U", "-v",
                "arp or ip proto 112");
        Director.await("tcpdump", Duration.ofSeconds(10), () -> Files.exists(out)
                && Files.readString(out).contains("listening on"));
        return out;
    }

    private static final Pattern ADVERT = Pattern.compile(
            "\\((tos 0xc0, ttl 255), id \\d+, (offset 0, flags \\[none\\], proto VRRP \\(112\\), length \\d+)\\)\\s+"
                    + "(192\\.0\\.2\\.\\d+) > (224\\.0\\.0\\.18: VRRPv2, Advertisement, vrid \\d+, prio )(\\d+)(, [^\\n]*)");

    /** tcpdump's decoding of the adverts from {@code source}, with the IP id, source and priority masked. */
    private static Set<String> decoded(Path capture, String source, boolean priorityZero) throws IOException {
        Set<String> out = new TreeSet<>();
        Matcher m = ADVERT.matcher(Files.readString(capture));
        while (m.find()) {
            if (m.group(3).equals(source) && m.group(5).equals("0") == priorityZero) {
                out.add("(" + m.group(1) + ", id N, " + m.group(2) + ") SRC > " + m.group(4) + "P" + m.group(6));
            }
        }
        return out;
    }

    @Test
    void jkeepalivedAndKeepalivedShareOneVirtualRouter() throws Exception {
        Path capture = tcpdump("interop");
        Director ours = Director.jkeepalived(lab, 'a', dir, conf("ours", 'a', 150), "ours");
        Director theirs = Director.keepalived(lab, 'b', dir, conf("theirs", 'b', 100), "theirs");
        try {
            ours.awaitStarted();
            theirs.awaitStarted();
            // Whoever is master first, the priority 150 ends up master and keepalived backs off.
            Director.await("VIP on jkeepalived's node only", Duration.ofSeconds(10),
                    () -> has('a', VIP) && !has('b', VIP));
            for (int i = 0; i < 20; i++) {
                assertTrue(has('a', VIP) && !has('b', VIP), "one master in steady state");
                Thread.sleep(100);
            }
            assertFalse(theirs.logLines("Entering BACKUP STATE").isEmpty(), theirs.log());

            // kill -9: keepalived takes over within its master down interval, 3 + 156/256 s.
            ours.kill9();
            double takeover = Director.timeUntil("keepalived holds the VIP", Duration.ofSeconds(8), () -> has('b', VIP));
            assertTrue(takeover <= 3.609 + SLACK, "keepalived took over " + takeover + " s after kill -9");

            // jkeepalived comes back with the higher priority and preempts keepalived.
            ours = Director.jkeepalived(lab, 'a', dir, conf("ours", 'a', 150), "ours2").awaitStarted();
            Director.await("VIP back on jkeepalived's node only", Duration.ofSeconds(8),
                    () -> has('a', VIP) && !has('b', VIP));
            Director.await("keepalived saw our higher priority", Duration.ofSeconds(2),
                    () -> !theirs.logLines("Master received advert from 192.0.2.1 with higher priority 150").isEmpty());

            // Clean stop: our priority 0 advert makes keepalived take over after its skew time, 156/256 s.
            long stop = System.nanoTime();
            assertEquals(0, ours.stop(), ours.log());
            double afterStop = (System.nanoTime() - stop) / 1e9;
            assertFalse(has('a', VIP), "jkeepalived removed its VIP on SIGTERM");
            double skewTakeover = afterStop + Director.timeUntil("keepalived takes over", Duration.ofSeconds(3),
                    () -> has('b', VIP));
            assertTrue(skewTakeover <= 0.609 + SLACK + 0.3, "keepalived took over " + skewTakeover + " s after SIGTERM");
            assertTrue(ours.log().contains("(VI_1) Entering MASTER STATE"), ours.log());

            // tcpdump reads our adverts exactly as it reads keepalived's (IP header and VRRP alike).
            Thread.sleep(1500);
            Set<String> ourAdverts = decoded(capture, "192.0.2.1", false);
            Set<String> theirAdverts = decoded(capture, "192.0.2.2", false);
            assertEquals(1, ourAdverts.size(), ourAdverts.toString());
            assertEquals(theirAdverts, ourAdverts);
            assertEquals(1, decoded(capture, "192.0.2.1", true).size(), "our priority 0 advert on stop");
            assertTrue(ourAdverts.iterator().next().contains("VRRPv2, Advertisement, vrid 51, prio P, authtype simple, "
                    + "intvl 1s, length 20, addrs: 192.0.2.100 auth \"secret\""), ourAdverts.toString());
        } finally {
            theirs.stop();
            if (ours.process.isAlive()) {
                ours.stop();
            }
        }
    }

    @Test
    void jkeepalivedBacksUpKeepalivedAndTakesOverWithGratuitousArps() throws Exception {
        Path capture = tcpdump("backup");
        Director theirs = Director.keepalived(lab, 'a', dir, conf("master", 'a', 150), "k-master").awaitStarted();
        Director ours = Director.jkeepalived(lab, 'b', dir, conf("backup", 'b', 100), "j-backup").awaitStarted();
        try {
            Director.await("keepalived master", Duration.ofSeconds(8), () -> has('a', VIP));
            Thread.sleep(4500);
            assertFalse(has('b', VIP), "jkeepalived stays backup behind keepalived's priority 150");
            assertTrue(ours.logLines("Entering MASTER STATE").isEmpty(), ours.log());

            theirs.kill9();
            double takeover = Director.timeUntil("jkeepalived holds the VIP", Duration.ofSeconds(8), () -> has('b', VIP));
            assertTrue(takeover <= 3.609 + SLACK, "jkeepalived took over " + takeover + " s after kill -9");
            String mac = lab.ip(lab.ns('b'), "-o", "link", "show", "dev", Lab.dev('b'));
            String ourMac = mac.substring(mac.indexOf("link/ether ") + 11).split("\\s+")[0];
            Director.await("5 gratuitous ARPs from jkeepalived", Duration.ofSeconds(2), () -> Files.readAllLines(capture)
                    .stream().filter(l -> l.contains(ourMac + " > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42")
                            && l.contains("Request who-has 192.0.2.100 (ff:ff:ff:ff:ff:ff) tell 192.0.2.100")).count() >= 5);

            // keepalived returns and preempts us; our VIP goes.
            theirs = Director.keepalived(lab, 'a', dir, conf("master", 'a', 150), "k-master2").awaitStarted();
            Director.await("keepalived master again, jkeepalived backup", Duration.ofSeconds(8),
                    () -> has('a', VIP) && !has('b', VIP));
            assertTrue(ours.log().contains("(VI_1) Master received advert from 192.0.2.1 with higher priority 150, ours 100"),
                    ours.log());
            // And a clean stop of keepalived is answered within the skew.
            long stop = System.nanoTime();
            theirs.stop();
            Director.await("jkeepalived takes over", Duration.ofSeconds(3), () -> has('b', VIP));
            double skewTakeover = (System.nanoTime() - stop) / 1e9;
            assertTrue(skewTakeover <= 0.609 + SLACK + 0.3, "jkeepalived took over " + skewTakeover + " s after SIGTERM");
        } finally {
            if (theirs.process.isAlive()) {
                theirs.stop();
            }
            assertEquals(0, ours.stop());
        }
        assertFalse(has('b', VIP));
    }

    @Test
    void aVipDeletedOnTheMasterComesBackAfterItsSkewTimeAsWithKeepalived() throws Exception {
        // keepalived 2.2.7 steps down (priority 0 advert) and takes over again after its own skew time,
        // (256 - 150) / 256 s, before the backup's longer skew (156/256 s) runs out. Both ways round.
        for (boolean oursMaster : new boolean[] {false, true}) {
            String round = oursMaster ? "j" : "k";
            Path masterConf = conf("del-master-" + round, 'a', 150);
            Path backupConf = conf("del-backup-" + round, 'b', 100);
            Director master = oursMaster ? Director.jkeepalived(lab, 'a', dir, masterConf, "del-jm")
                    : Director.keepalived(lab, 'a', dir, masterConf, "del-km");
            Director backup = oursMaster ? Director.keepalived(lab, 'b', dir, backupConf, "del-kb")
                    : Director.jkeepalived(lab, 'b', dir, backupConf, "del-jb");
            try {
                master.awaitStarted();
                backup.awaitStarted();
                Director.await(master.name + " holds the VIP, " + backup.name + " not", Duration.ofSeconds(10),
                        () -> has('a', VIP) && !has('b', VIP) && !backup.logLines("Entering BACKUP STATE").isEmpty());
                Thread.sleep(1500);
                int mastered = master.logLines("Entering MASTER STATE").size();
                int backedOff = master.logLines("Entering BACKUP STATE").size();
                // keepalived, quicker to start, may have been master for a moment before ours preempted it.
                int backupMastered = backup.logLines("Entering MASTER STATE").size();

                lab.ip(lab.ns('a'), "addr", "del", VIP + "/24", "dev", Lab.dev('a'));
                double back = Director.timeUntil("the VIP back on " + master.name, Duration.ofSeconds(3),
                        () -> has('a', VIP));
                assertTrue(back <= 106 / 256.0 + SLACK, master.name + " put the VIP back after " + back + " s");
                System.out.printf("VIP deleted on %s: back after %.3f s%n", master.name, back);
                Thread.sleep(1500);
                assertTrue(has('a', VIP) && !has('b', VIP), "the master keeps the VIP");
                assertEquals(backupMastered, backup.logLines("Entering MASTER STATE").size(), backup.log());
                assertEquals(mastered + 1, master.logLines("Entering MASTER STATE").size(), master.log());
                assertEquals(backedOff + 1, master.logLines("Entering BACKUP STATE").size(), master.log());
                if (oursMaster) {
                    assertEquals(1, master.logLines("(VI_1) virtual address 192.0.2.100 was deleted by someone else;"
                            + " stepping down to put it back").size(), master.log());
                }
            } finally {
                backup.stop();
                master.stop();
            }
        }
    }

    @Test
    void twoJkeepalivedsFailOverOnKillDashNine() throws Exception {
        Director a = Director.jkeepalived(lab, 'a', dir, conf("a", 'a', 150), "a");
        Director b = Director.jkeepalived(lab, 'b', dir, conf("b", 'b', 100), "b");
        try {
            a.awaitStarted();
            b.awaitStarted();
            Director.await("a master", Duration.ofSeconds(8), () -> has('a', VIP) && !has('b', VIP));
            Thread.sleep(1500);
            assertTrue(has('a', VIP) && !has('b', VIP));
            a.kill9();
            double takeover = Director.timeUntil("b holds the VIP", Duration.ofSeconds(8), () -> has('b', VIP));
            assertTrue(takeover <= 3.609 + SLACK, "b took over " + takeover + " s after kill -9");
            // The VIP goes on before the line is logged (VrrpInstance: no log line between advert, VIPs and ARPs).
            Director.await("b logs MASTER", Duration.ofSeconds(5),
                    () -> b.log().contains("(VI_1) Entering MASTER STATE"));
        } finally {
            if (a.process.isAlive()) {
                a.stop();
            }
            assertEquals(0, b.stop());
            // kill -9 leaves the VIP behind on a, as with keepalived; clean the shared segment for the next test.
            if (has('a', VIP)) {
                lab.ip(lab.ns('a'), "addr", "del", VIP + "/24", "dev", Lab.dev('a'));
            }
        }
        assertFalse(has('b', VIP), "b removed its VIP on SIGTERM");
    }

    private Path seed(String name) throws IOException {
        Path file = dir.resolve("jkv-vi-" + name);
        try (InputStream in = getClass().getResourceAsStream(name)) {
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    @Test
    void seed000MasterBackupPairBehavesAsTheArticleSays() throws Exception {
        Path capture = tcpdump("seed000");
        // As in the article: the MASTER runs first, then the BACKUP is started next to it.
        Director master = Director.jkeepalived(lab, 'a', dir, seed("seed000-master.conf"), "s0-master");
        Director backup = null;
        String vip = VIP;
        try {
            master.awaitStarted();
            // advert_int 2: master after 2 x 3 + 156/256 s.
            Director.await("VIP on the MASTER", Duration.ofSeconds(12), () -> has('a', vip));
            // "ifconfig eth0:1": the VIP on its alias label, netmask /24, broadcast .255.
            String onMaster = lab.addresses('a');
            assertTrue(onMaster.contains("inet 192.0.2.100/24 brd 192.0.2.255 scope global secondary jkv-vi-a0:1"),
                    onMaster);
            backup = Director.jkeepalived(lab, 'b', dir, seed("seed000-backup.conf"), "s0-backup").awaitStarted();
            Thread.sleep(4500);
            // "tcpdump on the BACKUP": the master's adverts to the custom group, and the backup sends none.
            String dump = Files.readString(capture);
            assertTrue(dump.contains("192.0.2.1 > 224.39.39.39: VRRPv2, Advertisement, vrid 220, prio 100, "
                    + "authtype simple, intvl 2s, length 20"), dump);
            assertFalse(dump.contains("192.0.2.2 > 224.39.39.39"), "the BACKUP stays silent");
            assertFalse(has('b', vip));
            assertTrue(backup.logLines("Entering MASTER STATE").isEmpty(), backup.log());

            // "systemctl stop keepalived" on the master: the backup takes the VIP, on its own eth0:1.
            assertEquals(0, master.stop());
            Director.await("VIP on the BACKUP", Duration.ofSeconds(3), () -> has('b', vip));
            assertFalse(has('a', vip), "the stopped master has no VIP");
            assertTrue(lab.addresses('b').contains("inet 192.0.2.100/24 brd 192.0.2.255 scope global secondary "
                    + "jkv-vi-b0:1"), lab.addresses('b'));

            // "start it again and it takes the VIP back, its priority being the highest".
            master = Director.jkeepalived(lab, 'a', dir, seed("seed000-master.conf"), "s0-master2").awaitStarted();
            Director.await("VIP back on the MASTER only", Duration.ofSeconds(12), () -> has('a', vip) && !has('b', vip));
        } finally {
            if (master.process.isAlive()) {
                master.stop();
            }
            if (backup != null) {
                backup.stop();
            }
        }
    }

    @Test
    void seed001DualMastersEachHoldOneVipAndTheSurvivorHoldsBoth() throws Exception {
        Director ds1 = Director.jkeepalived(lab, 'a', dir, seed("seed001-ds1.conf"), "s1-ds1");
        Director ds2 = Director.jkeepalived(lab, 'b', dir, seed("seed001-ds2.conf"), "s1-ds2");
        String vip1 = "192.0.2.96";
        String vip2 = "192.0.2.97";
        try {
            ds1.awaitStarted();
            ds2.awaitStarted();
            // "Both work": DS1 masters VI_1, DS2 masters VI_2.
            Director.await("one VIP on each", Duration.ofSeconds(8), () -> has('a', vip1) && has('b', vip2)
                    && !has('a', vip2) && !has('b', vip1));
            Thread.sleep(1500);
            assertTrue(has('a', vip1) && has('b', vip2) && !has('a', vip2) && !has('b', vip1));
            // "One goes down, its VIP moves to the other."
            ds1.kill9();
            double takeover = Director.timeUntil("DS2 holds both", Duration.ofSeconds(8), () -> has('b', vip1));
            assertTrue(takeover <= 3 + (256 - 10) / 256.0 + SLACK, "DS2 took VI_1 " + takeover + " s after kill -9");
            assertTrue(has('b', vip2));
            lab.ip(lab.ns('a'), "addr", "del", vip1 + "/24", "dev", Lab.dev('a'));   // what kill -9 left behind
            // DS1 returns and takes VI_1 back (priority 100 over 10); VI_2 stays on DS2 (101 over 11).
            ds1 = Director.jkeepalived(lab, 'a', dir, seed("seed001-ds1.conf"), "s1-ds1b").awaitStarted();
            Director.await("VI_1 back on DS1", Duration.ofSeconds(8), () -> has('a', vip1) && !has('b', vip1));
            assertTrue(has('b', vip2) && !has('a', vip2));
        } finally {
            if (ds1.process.isAlive()) {
                ds1.stop();
            }
            ds2.stop();
        }
    }

}
