package io.jkeepalived.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.vrrp.DropReason;
import io.jkeepalived.vrrp.VrrpState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sync groups, tracked scripts and their weights, notify scripts, VRRPv3 over IPv6 and unicast peers,
 * for real between runtimes in namespaces (root needed). One segment for the class.
 */
class VrrpFeaturesNamespaceTest {
    private static final double SLACK = 0.25;
    private static Lab lab;

    @TempDir
    Path dir;

    @BeforeAll
    static void segment() throws IOException {
        lab = Lab.create("ft", "abx");
    }

    @AfterAll
    static void removeSegment() {
        if (lab != null) {
            lab.close();
        }
    }

    private static double awaitState(Node n, String instance, VrrpState state, double patience) throws Exception {
        long t0 = System.nanoTime();
        Node.await(instance + " " + state, Duration.ofMillis((long) (patience * 1000)), () -> n.state(instance) == state);
        return (System.nanoTime() - t0) / 1e9;
    }

    private Path notifyScript(Path log) throws IOException {
        Path script = dir.resolve("notify.sh");
        Files.writeString(script, "#!/bin/sh\necho \"$@\" >> " + log + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String group(char node, int priority, String scripts, String trackB, String notify) {
        String ifc = Lab.dev(node);
        return scripts
                + "vrrp_sync_group G {\n group {\n VI_A\n VI_B\n }\n" + notify + "}\n"
                + "vrrp_instance VI_A {\n interface " + ifc + "\n virtual_router_id 61\n priority " + priority
                + "\n advert_int 1\n virtual_ipaddress {\n 192.0.2.161/24\n }\n" + notify + "}\n"
                + "vrrp_instance VI_B {\n interface " + ifc + "\n virtual_router_id 62\n priority " + priority
                + "\n advert_int 1\n virtual_ipaddress {\n 192.0.2.162/24\n }\n" + trackB + "}\n";
    }

    @Test
    void aScriptFaultInOneMemberTakesTheWholeSyncGroupDownAndNotifiesWithKeepalivedsArguments() throws Exception {
        Path fail = dir.resolve("fail");
        Path notified = dir.resolve("notified.txt");
        Path script = notifyScript(notified);
        String chk = "vrrp_script chk {\n script \"/usr/bin/test ! -e " + fail + "\"\n interval 1\n timeout 2\n}\n";
        String notify = " notify " + script + "\n notify_master \"" + script + " became master\"\n";
        try (Node a = Node.start(lab, 'a', dir, group('a', 150, chk, " track_script {\n chk\n }\n", notify));
             Node b = Node.start(lab, 'b', dir, group('b', 100, "", "", ""))) {
            awaitState(a, "VI_A", VrrpState.MASTER, 6);
            awaitState(a, "VI_B", VrrpState.MASTER, 1);
            awaitState(b, "VI_A", VrrpState.BACKUP, 1);
            awaitState(b, "VI_B", VrrpState.BACKUP, 1);
            Node.await("notify scripts", Duration.ofSeconds(3), () -> lines(notified).containsAll(List.of(
                    "INSTANCE VI_A BACKUP 150", "GROUP G BACKUP 0", "INSTANCE VI_A MASTER 150", "GROUP G MASTER 0")));
            List<String> got = lines(notified);
            assertTrue(got.contains("INSTANCE VI_A BACKUP 150"), got.toString());
            assertTrue(got.contains("INSTANCE VI_A MASTER 150"), got.toString());
            assertTrue(got.contains("became master"), "notify_master gets only its own words: " + got);
            assertTrue(got.contains("GROUP G MASTER 0"), got.toString());

            // The script of VI_B fails: VI_B goes to FAULT, and its group takes VI_A with it.
            long t0 = System.nanoTime();
            Files.createFile(fail);
            awaitState(a, "VI_B", VrrpState.FAULT, 3);
            awaitState(a, "VI_A", VrrpState.FAULT, 1);
            Node.await("a's VIPs gone", Duration.ofSeconds(1),
                    () -> !has('a', "192.0.2.161") && !has('a', "192.0.2.162"));
            // The faulted master sent priority 0: b takes over both after its skew time.
            awaitState(b, "VI_A", VrrpState.MASTER, 1 + SLACK);
            awaitState(b, "VI_B", VrrpState.MASTER, 1);
            assertTrue((System.nanoTime() - t0) / 1e9 < 1 + 0.609 + 2 * SLACK + 1, "script interval + skew");
            Node.await("GROUP G FAULT notified", Duration.ofSeconds(2),
                    () -> lines(notified).contains("GROUP G FAULT 0"));

            // The script passes again: both leave FAULT together and preempt b.
            Files.delete(fail);
            awaitState(a, "VI_A", VrrpState.MASTER, 1 + 3.414 + 1 + SLACK);
            awaitState(a, "VI_B", VrrpState.MASTER, 1);
            awaitState(b, "VI_A", VrrpState.BACKUP, 1);
            awaitState(b, "VI_B", VrrpState.BACKUP, 1);
        }
        assertTrue(lines(notified).contains("INSTANCE VI_A STOP 150"), lines(notified).toString());
        assertTrue(lines(notified).contains("GROUP G STOP 0"), lines(notified).toString());
    }

    @Test
    void aVipDeletedFromOneSyncGroupMemberTakesTheGroupDownBrieflyAndEveryVipComesBack() throws Exception {
        try (Node a = Node.start(lab, 'a', dir, group('a', 150, "", "", ""));
             Node b = Node.start(lab, 'b', dir, group('b', 100, "", "", ""))) {
            awaitState(a, "VI_A", VrrpState.MASTER, 6);
            awaitState(a, "VI_B", VrrpState.MASTER, 1);
            awaitState(b, "VI_A", VrrpState.BACKUP, 1);
            awaitState(b, "VI_B", VrrpState.BACKUP, 1);
            long sentBefore = a.status("VI_B").advertsSent();

            lab.ip(lab.ns('a'), "addr", "del", "192.0.2.161/24", "dev", Lab.dev('a'));
            // VI_B steps down with VI_A: its address goes too, then both come back after the skew time.
            Node.await("VI_B's address removed with the group", Duration.ofSeconds(1), () -> !has('a', "192.0.2.162"));
            Node.await("both addresses back", Duration.ofMillis((long) ((106 / 256.0 + 1 + SLACK) * 1000)),
                    () -> has('a', "192.0.2.161") && has('a', "192.0.2.162"));
            assertEquals(VrrpState.MASTER, a.state("VI_A"));
            assertEquals(VrrpState.MASTER, a.state("VI_B"));
            assertEquals(VrrpState.BACKUP, b.state("VI_A"));
            assertEquals(VrrpState.BACKUP, b.state("VI_B"));
            assertFalse(has('b', "192.0.2.161") || has('b', "192.0.2.162"));
            assertTrue(a.status("VI_B").advertsSent() > sentBefore);
        }
    }

    @Test
    void aFailingWeightedScriptLowersThePriorityAndTheOtherNodePreempts() throws Exception {
        String down = "vrrp_script down {\n script /bin/false\n interval 1\n weight -60\n}\n";
        String up = "vrrp_script up {\n script /bin/true\n interval 1\n weight 5\n}\n";
        String a = down + up + "vrrp_instance VI_C {\n interface " + Lab.dev('a') + "\n virtual_router_id 63\n"
                + " priority 100\n advert_int 1\n track_script {\n down\n up\n }\n"
                + " virtual_ipaddress {\n 192.0.2.163/24\n }\n}\n";
        String b = "vrrp_instance VI_C {\n interface " + Lab.dev('b') + "\n virtual_router_id 63\n priority 90\n"
                + " advert_int 1\n virtual_ipaddress {\n 192.0.2.163/24\n }\n}\n";
        try (Node na = Node.start(lab, 'a', dir, a); Node nb = Node.start(lab, 'b', dir, b)) {
            Node.await("a at 100 - 60 + 5", Duration.ofSeconds(3), () -> na.status("VI_C").effectivePriority() == 45);
            awaitState(nb, "VI_C", VrrpState.MASTER, 5);
            Thread.sleep(1500);
            assertEquals(VrrpState.BACKUP, na.state("VI_C"));
            assertTrue(has('b', "192.0.2.163"));
            assertFalse(has('a', "192.0.2.163"));
        }
    }

    @Test
    void vrrpVersion3OverIpv6ElectsAndHandsOverWithUnsolicitedNeighbourAdverts() throws Exception {
        Path capture = dir.resolve("v6.txt");
        lab.spawn('x', capture, Prereq.tcpdump(), "-i", Lab.dev('x'), "-nn", "-tt", "-l", "-U", "-v",
                "ip6 proto 112 or icmp6");
        Thread.sleep(1000);
        String conf = "vrrp_instance V6 {\n interface %s\n virtual_router_id 71\n priority %d\n version 3\n"
                + " advert_int 0.5\n virtual_ipaddress {\n 2001:db8::171/64\n }\n}\n";
        Node a = Node.start(lab, 'a', dir, String.format(conf, Lab.dev('a'), 150));
        try (Node b = Node.start(lab, 'b', dir, String.format(conf, Lab.dev('b'), 100))) {
            double elected = awaitState(a, "V6", VrrpState.MASTER, 4);
            assertTrue(elected <= 1.5 + 106 * 0.5 / 256 + SLACK, "a master after " + elected + " s");
            Thread.sleep(1000);
            assertEquals(VrrpState.BACKUP, b.state("V6"));
            assertTrue(has('a', "2001:db8::171"));
            a.close();
            double takeover = awaitState(b, "V6", VrrpState.MASTER, 2);
            assertTrue(takeover <= 156 * 0.5 / 256 + SLACK, "b master " + takeover + " s after a's stop");
            Node.await("unsolicited NA for the VIP", Duration.ofSeconds(2), () -> lines(capture).stream()
                    .anyMatch(l -> l.contains("neighbor advertisement, length 32, tgt is 2001:db8::171")));
            String advert = lines(capture).stream().filter(l -> l.contains("VRRPv3")).findFirst().orElse("");
            assertTrue(advert.contains("VRRPv3, Advertisement, vrid 71, prio 150, intvl 50cs, length 24"), advert);
            assertTrue(lines(capture).stream().anyMatch(l -> l.contains("hlim 255") && l.contains("next-header VRRP")),
                    "hop limit 255");
        } finally {
            a.close();
        }
    }

    @Test
    void unicastPeersElectAndAStrangersAdvertIsDropped() throws Exception {
        String conf = "vrrp_instance UC {\n interface %s\n virtual_router_id 81\n priority %d\n advert_int 1\n"
                + " unicast_src_ip %s\n unicast_peer {\n %s\n }\n check_unicast_src\n"
                + " virtual_ipaddress {\n 192.0.2.181/24\n }\n}\n";
        try (Node a = Node.start(lab, 'a', dir, String.format(conf, Lab.dev('a'), 150, "192.0.2.1", "192.0.2.2"));
             Node b = Node.start(lab, 'b', dir, String.format(conf, Lab.dev('b'), 100, "192.0.2.2", "192.0.2.1"));
             Wire x = new Wire(lab, 'x')) {
            awaitState(a, "UC", VrrpState.MASTER, 6);
            Thread.sleep(1200);
            assertEquals(VrrpState.BACKUP, b.state("UC"));
            assertTrue(has('a', "192.0.2.181"));
            byte[] stranger = Wire.advert("192.0.2.9", 81, 250, null, 1, 255, "192.0.2.181");
            stranger[16] = (byte) 192;
            stranger[17] = 0;
            stranger[18] = 2;
            stranger[19] = 2;                      // unicast to b; a VRRPv2 checksum does not cover the IP header
            x.inject(stranger);
            Node.await("counted", Duration.ofSeconds(2),
                    () -> b.status("UC").drops().getOrDefault(DropReason.UNKNOWN_PEER, 0L) == 1L);
            assertEquals(VrrpState.BACKUP, b.state("UC"), "a priority 250 advert from a stranger moved nothing");
        }
    }

    private static boolean has(char node, String address) {
        try {
            return lab.hasAddress(node, address);
        } catch (IOException e) {
            return false;
        }
    }
}
