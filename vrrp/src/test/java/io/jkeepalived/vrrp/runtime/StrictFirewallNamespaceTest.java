package io.jkeepalived.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.vrrp.VrrpState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * vrrp_strict's firewall side against keepalived 2.2.7 (Debian, built with nftables), in namespaces of our own
 * ({@code jkv-st-...}): node a runs the daemon, node b (on the same bridge, through veths) sends it traffic.
 * The same configuration under keepalived and under jkeepalived must leave the same {@code nft list ruleset} in
 * a while MASTER (text, and JSON without handles), drop ping and TCP to the VIPs but not to a's own address,
 * and leave no table behind after stop. Root, nft, keepalived and busybox (ping, nc) are needed: missing under
 * CI=true fails, elsewhere skips.
 */
class StrictFirewallNamespaceTest {
    private static Lab lab;

    @TempDir
    Path dir;

    @BeforeAll
    static void segment() throws IOException {
        Prereq.require("keepalived");
        Prereq.require("busybox");
        if (!Files.isExecutable(Path.of("/usr/sbin/nft"))) {
            String message = "nft is not installed (apt-get install nftables)";
            if ("true".equals(System.getenv("CI"))) {
                org.junit.jupiter.api.Assertions.fail(message + "; CI=true requires it");
            }
            org.junit.jupiter.api.Assumptions.abort(message + "; skipped outside CI");
        }
        lab = Lab.create("jkv-st-", "fw", "ab");
        // A kernel without nf_tables: say so here, not as a mysterious difference later.
        nft("list", "ruleset");
        lab.spawn('a', null, "busybox", "nc", "-ll", "-p", "9100", "-e", "/bin/true");
    }

    @AfterAll
    static void removeSegment() {
        if (lab != null) {
            lab.close();
        }
    }

    /** Two instances on a: IPv4 VIPs with an excluded one, and an IPv6 VIP (VRRPv3, as strict mode wants). */
    private static String config(String globals, String instanceExtra) {
        String ifc = lab.device('a');
        return "global_defs {\n router_id st\n" + globals + "}\n"
                + "vrrp_instance VI_1 {\n state MASTER\n interface " + ifc + "\n virtual_router_id 51\n priority 100\n"
                + " advert_int 1\n" + instanceExtra
                + " virtual_ipaddress {\n  192.0.2.100/24\n  192.0.2.101\n }\n"
                + " virtual_ipaddress_excluded {\n  192.0.2.150\n }\n}\n"
                + "vrrp_instance VI_6 {\n state MASTER\n interface " + ifc + "\n virtual_router_id 52\n priority 100\n"
                + " advert_int 1\n" + instanceExtra + " virtual_ipaddress {\n  2001:db8::100/64\n }\n}\n";
    }

    @Test
    void strictModeMakesKeepalivedsTableDropsTrafficToTheVipsAndLeavesNothingAfterStop() throws Exception {
        String conf = config(" vrrp_strict\n", "");
        String keepalivedRuleset;
        String keepalivedJson;
        try (Keepalived k = new Keepalived(conf, "strict")) {
            Node.await("keepalived's drop set holding every VIP", Duration.ofSeconds(15),
                    () -> ruleset().contains("192.0.2.150") && ruleset().contains("2001:db8::100"));
            keepalivedRuleset = nft("list", "ruleset");
            keepalivedJson = withoutHandles(nft("-j", "list", "ruleset"));
            assertTrafficToTheVipsIsDropped("keepalived");
        }
        assertEquals("", ruleset(), "keepalived deletes its tables at stop");

        String ours;
        String oursJson;
        try (Node a = Node.start(lab, 'a', dir, conf)) {
            Node.await("both MASTER", Duration.ofSeconds(15),
                    () -> a.state("VI_1") == VrrpState.MASTER && a.state("VI_6") == VrrpState.MASTER);
            Node.await("the drop set holding every VIP", Duration.ofSeconds(2),
                    () -> ruleset().contains("192.0.2.150") && ruleset().contains("2001:db8::100"));
            ours = nft("list", "ruleset");
            oursJson = withoutHandles(nft("-j", "list", "ruleset"));
            assertTrafficToTheVipsIsDropped("jkeepalived");
        }
        assertEquals("", ruleset(), "jkeepalived deletes its tables at stop");
        Files.writeString(dir.resolve("keepalived.nft"), keepalivedRuleset);
        assertEquals(keepalivedRuleset, ours, "nft list ruleset: keepalived 2.2.7's, then ours");
        assertEquals(keepalivedJson, oursJson, "nft -j list ruleset without handles");
    }

    @Test
    void theTableNameAndPriorityAndCountersFollowTheGlobalKeywordsAsInKeepalived() throws Exception {
        String conf = config(" vrrp_strict\n nftables jkv_st\n nftables_priority -5\n nftables_counters\n", "");
        String keepalivedRuleset;
        try (Keepalived k = new Keepalived(conf, "options")) {
            Node.await("keepalived's drop set", Duration.ofSeconds(15),
                    () -> ruleset().contains("192.0.2.150") && ruleset().contains("2001:db8::100"));
            keepalivedRuleset = zeroCounters(nft("list", "ruleset"));
        }
        assertTrue(keepalivedRuleset.contains("table ip jkv_st"), keepalivedRuleset);
        try (Node a = Node.start(lab, 'a', dir, conf)) {
            Node.await("both MASTER and the set full", Duration.ofSeconds(15),
                    () -> a.state("VI_1") == VrrpState.MASTER && a.state("VI_6") == VrrpState.MASTER
                            && ruleset().contains("192.0.2.150") && ruleset().contains("2001:db8::100"));
            assertEquals(keepalivedRuleset, zeroCounters(nft("list", "ruleset")));
        }
        assertEquals("", ruleset());
    }

    @Test
    void acceptModeMakesNoTableAndAReloadSwitchesTheFilterWhileMaster() throws Exception {
        // keepalived resets accept for VRRPv2 in strict mode; with version 3 it stands, and needs no table.
        String accepting = config(" vrrp_strict\n vrrp_version 3\n", " accept\n");
        try (Keepalived k = new Keepalived(accepting, "accept")) {
            Node.await("keepalived MASTER with its VIP", Duration.ofSeconds(15), () -> has("192.0.2.100"));
            Thread.sleep(500);
            assertEquals("", ruleset(), "keepalived: no table for instances in accept mode");
            assertTrue(reachable("192.0.2.100"), "keepalived in accept mode answers on the VIP");
        }
        try (Node a = Node.start(lab, 'a', dir, accepting)) {
            Node.await("MASTER", Duration.ofSeconds(15), () -> a.state("VI_1") == VrrpState.MASTER && has("192.0.2.100"));
            assertEquals("", ruleset(), "jkeepalived: no table for instances in accept mode");
            assertTrue(reachable("192.0.2.100"), "accept mode answers on the VIP");
        }

        try (Node a = Node.start(lab, 'a', dir, config(" vrrp_strict\n", ""))) {
            Node.await("MASTER", Duration.ofSeconds(15), () -> a.state("VI_1") == VrrpState.MASTER && has("192.0.2.100"));
            assertFalse(reachable("192.0.2.100"), "strict: the VIP is dropped");
            a.reload(dir, config("", ""));
            assertEquals(VrrpState.MASTER, a.state("VI_1"), "the reload keeps the master");
            Node.await("the VIPs out of the drop set", Duration.ofSeconds(2),
                    () -> !ruleset().contains("192.0.2.100"));
            assertTrue(reachable("192.0.2.100"), "accept mode after the reload: the VIP answers");
            // keepalived 2.2.7 leaves the VIP in its set here (and the table after stop): see docs/vrrp.md.
            assertTrue(ruleset().contains("table ip keepalived"), "the (empty) table stays until stop");

            // And back, as keepalived 2.2.7 does too: a reload into strict mode filters the master's VIPs at once.
            a.reload(dir, config(" vrrp_strict\n", ""));
            assertEquals(VrrpState.MASTER, a.state("VI_1"), "the reload keeps the master");
            Node.await("the VIPs in the drop set", Duration.ofSeconds(2), () -> ruleset().contains("192.0.2.100"));
            assertFalse(pings("192.0.2.100"), "strict again: the VIP is dropped");
        }
        assertEquals("", ruleset(), "no table after stop");
    }

    /** One strict IPv4 instance on {@code node} at {@code priority}. */
    private static String single(char node, int priority) {
        return "global_defs {\n router_id st" + node + "\n vrrp_strict\n}\n"
                + "vrrp_instance VI_1 {\n interface " + lab.device(node) + "\n virtual_router_id 51\n priority "
                + priority + "\n advert_int 1\n virtual_ipaddress {\n  192.0.2.100/24\n }\n}\n";
    }

    @Test
    void aMasterPreemptedByAHigherPriorityEmptiesItsSetWhicheverDaemonRunsWhere() throws Exception {
        // keepalived on a goes BACKUP when jkeepalived on b (priority 150) comes: keepalived's set empties.
        try (Keepalived k = new Keepalived(single('a', 100), "preempted")) {
            Node.await("keepalived MASTER on a", Duration.ofSeconds(15), () -> ruleset().contains("192.0.2.100"));
            try (Node b = Node.start(lab, 'b', dir, single('b', 150))) {
                Node.await("b MASTER", Duration.ofSeconds(15), () -> b.state("VI_1") == VrrpState.MASTER);
                Node.await("keepalived's set on a empty", Duration.ofSeconds(5),
                        () -> !ruleset().contains("192.0.2.100") && !has("192.0.2.100"));
                assertTrue(ruleset().contains("set vips"), "keepalived keeps its (empty) table while running");
                assertTrue(rulesetOf('b').contains("elements = { 192.0.2.100 }"), rulesetOf('b'));
            }
            assertEquals("", rulesetOf('b'), "no table on b after jkeepalived stops");
        }
        // And the other way round: jkeepalived on a, preempted by keepalived on b.
        try (Node a = Node.start(lab, 'a', dir, single('a', 100))) {
            Node.await("a MASTER", Duration.ofSeconds(15), () -> a.state("VI_1") == VrrpState.MASTER);
            assertTrue(ruleset().contains("elements = { 192.0.2.100 }"), ruleset());
            try (Keepalived k = new Keepalived(single('b', 150), "preempting", 'b')) {
                Node.await("a BACKUP", Duration.ofSeconds(15), () -> a.state("VI_1") == VrrpState.BACKUP);
                Node.await("our set on a empty", Duration.ofSeconds(2), () -> !ruleset().contains("192.0.2.100"));
                assertTrue(ruleset().contains("set vips"), "our (empty) table stays while running, as keepalived's");
                Node.await("keepalived's set on b", Duration.ofSeconds(5),
                        () -> rulesetOf('b').contains("elements = { 192.0.2.100 }"));
            }
        }
        assertEquals("", ruleset());
        assertEquals("", rulesetOf('b'));
    }

    private static String rulesetOf(char node) {
        try {
            return Lab.sh("ip", "netns", "exec", lab.ns(node), "nft", "list", "ruleset");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertTrafficToTheVipsIsDropped(String daemon) throws IOException {
        assertTrue(has("192.0.2.100"), daemon + " holds the VIP");
        assertTrue(pings("192.0.2.1"), daemon + ": a's own address still answers ping");
        assertTrue(connects("192.0.2.1"), daemon + ": a's own address still accepts TCP");
        assertFalse(pings("192.0.2.100"), daemon + ": ping to the VIP is dropped");
        assertFalse(pings("192.0.2.150"), daemon + ": ping to the excluded VIP is dropped");
        assertFalse(connects("192.0.2.101"), daemon + ": TCP to the VIP is dropped");
        assertFalse(pingsV6("2001:db8::100"), daemon + ": ping6 to the IPv6 VIP is dropped");
        assertTrue(pingsV6("2001:db8::1"), daemon + ": ping6 to a's own IPv6 address answers");
    }

    private static boolean reachable(String vip) throws IOException {
        return pings(vip) && connects(vip);
    }

    private static boolean has(String address) {
        try {
            return lab.hasAddress('a', address);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean pings(String address) throws IOException {
        return run("ip", "netns", "exec", lab.ns('b'), "busybox", "ping", "-c", "1", "-W", "1", address) == 0;
    }

    private static boolean pingsV6(String address) throws IOException {
        return run("ip", "netns", "exec", lab.ns('b'), "busybox", "ping6", "-c", "1", "-W", "1", address) == 0;
    }

    private static boolean connects(String address) throws IOException {
        return run("ip", "netns", "exec", lab.ns('b'), "busybox", "nc", "-w", "1", address, "9100") == 0;
    }

    private static String ruleset() {
        try {
            return nft("list", "ruleset");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String nft(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", lab.ns('a'), "nft"));
        cmd.addAll(List.of(args));
        return Lab.sh(cmd.toArray(String[]::new));
    }

    /** Handles are the kernel's numbering of objects, not part of what was made. */
    private static String withoutHandles(String json) {
        return json.replaceAll(",\\s*\"handle\":\\s*\\d+", "").replaceAll("\"handle\":\\s*\\d+,\\s*", "");
    }

    private static String zeroCounters(String ruleset) {
        return ruleset.replaceAll("counter packets \\d+ bytes \\d+", "counter packets 0 bytes 0");
    }

    private static int run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return p.exitValue();
    }

    /** keepalived 2.2.7, VRRP only, in the foreground in a node (a unless told), with files of its own; SIGTERM on close. */
    private final class Keepalived implements AutoCloseable {
        final Process process;

        Keepalived(String text, String tag) throws IOException {
            this(text, tag, 'a');
        }

        Keepalived(String text, String tag, char node) throws IOException {
            String binary = Prereq.require("keepalived");
            Path conf = dir.resolve("jkv-st-" + tag + ".conf");
            Files.writeString(conf, text);
            process = lab.spawn(node, dir.resolve("jkv-st-" + tag + ".log"), binary, "-n", "-l", "-D", "-R", "-P",
                    "-f", conf.toString(), "-i", "jkv-st-" + tag,
                    "-p", dir.resolve("jkv-st-" + tag + ".pid").toString(),
                    "-r", dir.resolve("jkv-st-" + tag + "-vrrp.pid").toString());
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
