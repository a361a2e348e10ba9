package io.jkeepalived.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.vrrp.VrrpState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * track_file at run time, on the wire (root, namespaces, tcpdump-free: a raw VRRP listener on the observer).
 * jkeepalived runs a lone instance (VRID 61) on node a and keepalived 2.2.7 the same configuration (VRID 62) on
 * node b; both files get the same contents, one after the other, and the priority each advertises is compared
 * with the expected one and with the other's. Names carry the prefix jkv-tf-.
 */
class TrackFileNamespaceTest {
    private static Lab lab;

    @TempDir
    Path dir;

    @BeforeAll
    static void segment() throws IOException {
        lab = Lab.create("jkv-tf-", "tf", "abx");
    }

    @AfterAll
    static void removeSegment() {
        if (lab != null) {
            lab.close();
        }
    }

    private static String conf(char node, int vrid, Path file) {
        return "track_file tf {\n file " + file + "\n weight 10\n init_file 3 overwrite\n}\n"
                + "vrrp_instance VI_F {\n interface " + lab.device(node) + "\n virtual_router_id " + vrid
                + "\n priority 100\n advert_int 1\n track_file {\n  tf\n }\n virtual_ipaddress {\n  192.0.2."
                + (100 + vrid) + "/24\n }\n}\n";
    }

    /** The last advert each node sent since {@code since}, or -1 when it sent none. */
    private static int last(Wire wire, String source, long since) {
        List<Wire.Seen> s = wire.from(source, since);
        return s.isEmpty() ? -1 : s.get(s.size() - 1).priority();
    }

    private static void write(Path[] files, String content) throws IOException {
        for (Path f : files) {
            Files.writeString(f, content);
        }
    }

    /** Waits until both nodes advertise {@code priority}; returns what each advertised last. */
    private static int[] await(Wire wire, String what, int priority, Duration patience) throws Exception {
        long since = System.nanoTime();
        try {
            Node.await(what, patience, () -> last(wire, "192.0.2.1", since) == priority
                    && last(wire, "192.0.2.2", since) == priority);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": jkeepalived " + last(wire, "192.0.2.1", since)
                    + ", keepalived " + last(wire, "192.0.2.2", since), e);
        }
        return new int[] {last(wire, "192.0.2.1", since), last(wire, "192.0.2.2", since)};
    }

    @Test
    void advertisedPrioritiesFollowTheFileAsKeepalivedsDo() throws Exception {
        String keepalived = Prereq.require("keepalived");
        Path fa = dir.resolve("a.val");
        Path fb = dir.resolve("b.val");
        Path[] both = {fa, fb};
        Files.writeString(fa, "50\n");
        Files.writeString(fb, "50\n");
        Path kconf = dir.resolve("jkv-tf-keepalived.conf");
        Files.writeString(kconf, conf('b', 62, fb));
        Path klog = dir.resolve("jkv-tf-keepalived.log");
        List<String> report = new ArrayList<>();
        try (Wire wire = new Wire(lab, 'x');
             Node node = Node.start(lab, 'a', dir, conf('a', 61, fa))) {
            Process k = lab.spawn('b', klog, keepalived, "-n", "-l", "-D", "-R", "-f", kconf.toString(), "--vrrp",
                    "-p", dir.resolve("jkv-tf-k.pid").toString(), "-r", dir.resolve("jkv-tf-k-vrrp.pid").toString());
            try {
                assertEquals("3\n", Files.readString(fa), "init_file 3 overwrite, at start");
                await(wire, "both master at 100 + 3 x 10", 130, Duration.ofSeconds(10));
                report.add("init_file 3 -> 130");
                String[][] steps = {
                    {"  -2\n", "80"},
                    {"0x05", "150"},
                    {"junk", "100"},
                    {"7 trailing words\n", "170"},
                    {"-25", "1"},          // 100 - 250 is below 1: clamped, not FAULT
                    {"25", "254"},         // +250: the total, 350, is clamped at 254
                    {"015", "230"},        // octal: 13
                };
                for (String[] step : steps) {
                    write(both, step[0]);
                    int expectedPriority = Integer.parseInt(step[1]);
                    int[] seen = await(wire, "priority after '" + step[0].strip() + "'", expectedPriority,
                            Duration.ofSeconds(3));
                    report.add("'" + step[0].strip() + "' -> jkeepalived " + seen[0] + ", keepalived " + seen[1]);
                }

                // An out-of-range number is ignored: both stay at 230.
                write(both, "99999999999");
                long since = System.nanoTime();
                Thread.sleep(2500);
                assertEquals(230, last(wire, "192.0.2.1", since));
                assertEquals(230, last(wire, "192.0.2.2", since));
                report.add("'99999999999' -> both still 230");

                // -30 x 10 = -300: FAULT. A priority 0 advert, then silence.
                // Taken before the write: the priority 0 advert can follow it within a millisecond.
                long faultAt = System.nanoTime();
                write(both, "-30");
                Node.await("FAULT", Duration.ofSeconds(3), () -> node.state("VI_F") == VrrpState.FAULT);
                Thread.sleep(2500);
                for (String source : new String[] {"192.0.2.1", "192.0.2.2"}) {
                    List<Wire.Seen> after = wire.from(source, faultAt);
                    assertTrue(!after.isEmpty() && after.get(after.size() - 1).priority() == 0,
                            source + ": a priority 0 advert on FAULT, and nothing after it: " + after);
                }
                report.add("'-30' -> FAULT, both sent priority 0 and went quiet");

                // Deleted: 0, out of FAULT, back to MASTER after the master down interval at 100.
                Files.delete(fa);
                Files.delete(fb);
                int[] seen = await(wire, "back from FAULT at 100", 100, Duration.ofSeconds(8));
                report.add("deleted -> jkeepalived " + seen[0] + ", keepalived " + seen[1]);

                // Moved in.
                for (Path f : both) {
                    Path tmp = f.resolveSibling(f.getFileName() + ".new");
                    Files.writeString(tmp, "2\n");
                    Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE);
                }
                seen = await(wire, "moved in: 120", 120, Duration.ofSeconds(3));
                report.add("mv 2 -> jkeepalived " + seen[0] + ", keepalived " + seen[1]);
                assertEquals(VrrpState.MASTER, node.state("VI_F"));
                assertEquals(120, node.status("VI_F").effectivePriority());
            } finally {
                k.destroy();
                if (!k.waitFor(20, TimeUnit.SECONDS)) {
                    k.destroyForcibly();
                }
                report.forEach(l -> System.out.println("track_file: " + l));
            }
        }
    }

    @Test
    void weightZeroFaultsAndReloadTakesTheNewFile() throws Exception {
        Path f1 = dir.resolve("one.val");
        Path f2 = dir.resolve("two.val");
        Files.writeString(f1, "0\n");
        Files.writeString(f2, "4\n");
        String first = "track_file tf {\n file " + f1 + "\n weight 0\n}\n"
                + "vrrp_instance VI_Z {\n interface " + lab.device('a') + "\n virtual_router_id 71\n priority 100\n"
                + " advert_int 1\n track_file {\n  tf\n }\n virtual_ipaddress {\n  192.0.2.171/24\n }\n}\n";
        try (Wire wire = new Wire(lab, 'x');
             Node node = Node.start(lab, 'a', dir, first)) {
            Node.await("master", Duration.ofSeconds(6), () -> node.state("VI_Z") == VrrpState.MASTER);
            Files.writeString(f1, "1\n");
            Node.await("FAULT on a non-zero value with weight 0", Duration.ofSeconds(3),
                    () -> node.state("VI_Z") == VrrpState.FAULT);
            Files.writeString(f1, "0\n");
            Node.await("out of FAULT", Duration.ofSeconds(3), () -> node.state("VI_Z") != VrrpState.FAULT);
            Node.await("master again", Duration.ofSeconds(6), () -> node.state("VI_Z") == VrrpState.MASTER);

            // The reload tracks another file, with weight -5: 4 x -5 = -20.
            node.reload(dir, first.replace("file " + f1 + "\n weight 0", "file " + f2 + "\n weight -5"));
            Node.await("priority 80 from the new file", Duration.ofSeconds(3),
                    () -> node.status("VI_Z").effectivePriority() == 80);
            assertEquals(VrrpState.MASTER, node.state("VI_Z"), "a priority change keeps the master");
            long since = System.nanoTime();
            Node.await("advert at 80", Duration.ofSeconds(3), () -> last(wire, "192.0.2.1", since) == 80);
            Files.writeString(f1, "1\n");
            Thread.sleep(500);
            assertEquals(VrrpState.MASTER, node.state("VI_Z"), "the old file no longer counts");
            Files.writeString(f2, "-2\n");
            Node.await("priority 110", Duration.ofSeconds(3), () -> node.status("VI_Z").effectivePriority() == 110);
        }
    }

    @Test
    void aSyncGroupsFileMovesEveryMemberAndFaultsThemTogether() throws Exception {
        Path g = dir.resolve("group.val");
        Files.writeString(g, "5\n");
        String conf = "track_file tg {\n file " + g + "\n weight 2\n}\n"
                + "vrrp_sync_group G {\n group {\n  VI_1\n  VI_2\n }\n track_file {\n  tg\n }\n}\n"
                + instance("VI_1", 81) + instance("VI_2", 82);
        try (Node node = Node.start(lab, 'a', dir, conf)) {
            Node.await("both master", Duration.ofSeconds(6), () -> node.state("VI_1") == VrrpState.MASTER
                    && node.state("VI_2") == VrrpState.MASTER);
            assertEquals(110, node.status("VI_1").effectivePriority());
            assertEquals(110, node.status("VI_2").effectivePriority());
            Files.writeString(g, "-127\n");
            Node.await("the group in FAULT", Duration.ofSeconds(3), () -> node.state("VI_1") == VrrpState.FAULT
                    && node.state("VI_2") == VrrpState.FAULT);
            Files.writeString(g, "-126\n");
            Node.await("both back, at 100 - 252 = 1", Duration.ofSeconds(8),
                    () -> node.state("VI_1") == VrrpState.MASTER && node.state("VI_2") == VrrpState.MASTER);
            assertEquals(1, node.status("VI_1").effectivePriority());
            assertEquals(1, node.status("VI_2").effectivePriority());
        }
    }

    private static String instance(String name, int vrid) {
        return "vrrp_instance " + name + " {\n interface " + lab.device('a') + "\n virtual_router_id " + vrid
                + "\n priority 100\n advert_int 1\n virtual_ipaddress {\n  192.0.2." + (100 + vrid) + "/24\n }\n}\n";
    }
}
