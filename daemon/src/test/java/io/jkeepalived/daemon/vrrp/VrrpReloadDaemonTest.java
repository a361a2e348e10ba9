package io.jkeepalived.daemon.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.daemon.FakeSystemd;
import io.jkeepalived.vrrp.runtime.Lab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code systemctl reload} of a VRRP master end to end: the daemon ({@code jkeepalived -n -l -D -P}, this build's
 * classes) as sole router in a namespace of its own, NOTIFY_SOCKET naming this test's datagram socket (as
 * systemd's), SIGHUP from kill(1); tcpdump listens on a peer's interface and {@code ip -t monitor address} on the
 * router's. Root, tcpdump and iproute2 needed.
 */
class VrrpReloadDaemonTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** Scheduling slack on a loaded 2-core machine. */
    private static final double SLACK = 0.3;
    private static final String VIP1 = "192.0.2.100";
    private static final String VIP2 = "192.0.2.101";
    private static final String VIP3 = "192.0.2.110";

    @TempDir
    Path dir;

    private Lab lab;
    private FakeSystemd systemd;

    @BeforeEach
    void setUp() throws IOException {
        lab = Lab.create("jkv-r2-", "rl", "ax");
        systemd = new FakeSystemd(dir.resolve("notify"));
    }

    @AfterEach
    void tearDown() throws IOException {
        if (lab != null) {
            lab.close();
        }
        if (systemd != null) {
            systemd.close();
        }
    }

    private String instance(String name, int vrid, String dev, String... vips) {
        StringBuilder s = new StringBuilder("vrrp_instance " + name + " {\n    state MASTER\n    interface " + dev
                + "\n    virtual_router_id " + vrid + "\n    priority 150\n    advert_int 1\n"
                + "    authentication {\n        auth_type PASS\n        auth_pass secret\n    }\n"
                + "    virtual_ipaddress {\n");
        for (String vip : vips) {
            s.append("        ").append(vip).append("/24\n");
        }
        return s.append("    }\n}\n").toString();
    }

    /** The next notification systemd would get. */
    private String notification(Director daemon) throws Exception {
        String next = systemd.next(PATIENCE);
        if (next == null) {
            throw new AssertionError("no notification; log:\n" + daemon.log());
        }
        return next;
    }

    private static void kill(String signal, long pid) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-s", signal, Long.toString(pid)).inheritIO().start().waitFor());
    }

    /** One packet as tcpdump printed it: when (epoch seconds) and its decoding. */
    record Packet(double time, String text) {
    }

    private static final Pattern STAMP = Pattern.compile("^(\\d+\\.\\d+) ");

    /** tcpdump -tt -v lines, the VRRP decoding (on the line after the IP header) stamped with its packet's time. */
    private static List<Packet> packets(Path capture) throws IOException {
        List<Packet> out = new ArrayList<>();
        double last = 0;
        for (String line : Files.readAllLines(capture)) {
            Matcher m = STAMP.matcher(line);
            if (m.find()) {
                last = Double.parseDouble(m.group(1));
            }
            if (line.contains("VRRPv2, Advertisement") || line.contains("ethertype ARP")) {
                out.add(new Packet(last, line.trim()));
            }
        }
        return out;
    }

    private static List<Double> adverts(List<Packet> packets, int vrid, String priority) {
        List<Double> out = new ArrayList<>();
        for (Packet p : packets) {
            if (p.text().startsWith("192.0.2.1 > 224.0.0.18: VRRPv2, Advertisement, vrid " + vrid + ", prio "
                    + priority + ",")) {
                out.add(p.time());
            }
        }
        return out;
    }

    private static long garps(List<Packet> packets, String vip, double after) {
        return packets.stream().filter(p -> p.time() >= after && p.text().contains(
                "Request who-has " + vip + " (ff:ff:ff:ff:ff:ff) tell " + vip + ",")).count();
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    private static double maxGap(List<Double> times) {
        double max = 0;
        for (int i = 1; i < times.size(); i++) {
            max = Math.max(max, times.get(i) - times.get(i - 1));
        }
        return max;
    }

    @Test
    void aMasterReloadsThroughTheDaemonKeepingItsVipAndAddingWhatIsNew() throws Exception {
        String dev = lab.device('a');
        Path conf = dir.resolve("keepalived.conf");
        Files.writeString(conf, instance("VI_1", 51, dev, VIP1));
        Path capture = dir.resolve("capture.tcpdump");
        lab.spawn('x', capture, Director.tcpdumpBinary(), "-i", lab.device('x'), "-nn", "-e", "-tt", "-l", "-U", "-v",
                "arp or ip proto 112");
        Director.await("tcpdump", Duration.ofSeconds(10), () -> Files.exists(capture)
                && Files.readString(capture).contains("listening on"));
        Path monitor = dir.resolve("monitor.txt");
        lab.spawn('a', monitor, "ip", "-t", "monitor", "address");

        Path log = dir.resolve("daemon.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = lab.spawn('a', log, "env", "-u", "JOURNAL_STREAM",
                "NOTIFY_SOCKET=" + dir.resolve("notify"), java, "-cp", System.getProperty("java.class.path"),
                "io.jkeepalived.daemon.Main", "-n", "-l", "-D", "-f", conf.toString(), "-P",
                "-p", dir.resolve("k.pid").toString(), "-r", dir.resolve("k-vrrp.pid").toString());
        Director daemon = Director.attach("jkeepalived", process, log);
        long pid = process.pid();   // ip netns exec and env exec: this is the JVM
        try {
            assertEquals("READY=1\nSTATUS=Running VRRP", notification(daemon), daemon.log());
            Director.await("VIP1 on the sole router", Duration.ofSeconds(8), () -> lab.hasAddress('a', VIP1));
            // Past garp_master_delay (5 s): GARPs for VIP1 after this would come from the reload.
            Thread.sleep(6000);

            // --- reload: VIP2 added to VI_1, a new instance VI_2 with VIP3
            Files.writeString(conf, instance("VI_1", 51, dev, VIP1, VIP2) + instance("VI_2", 52, dev, VIP3));
            double hup = now();
            kill("HUP", pid);
            assertTrue(notification(daemon).matches("RELOADING=1\nMONOTONIC_USEC=\\d+\nSTATUS=Reloading the configuration"));
            assertEquals("READY=1\nSTATUS=Reloaded: VRRP took the new configuration", notification(daemon), daemon.log());
            double vip2 = Director.timeUntil("VIP2", Duration.ofSeconds(3), () -> lab.hasAddress('a', VIP2))
                    + now() - hup;
            Director.await("VI_2 master with VIP3", Duration.ofSeconds(8), () -> lab.hasAddress('a', VIP3));
            double vi2Master = now();
            double vip3 = vi2Master - hup;
            Thread.sleep(3000);
            List<Packet> seen = packets(capture);
            assertTrue(garps(seen, VIP2, hup) >= 5, "5 GARPs for VIP2:\n" + Files.readString(capture));
            assertTrue(garps(seen, VIP3, hup) >= 5, "5 GARPs for VIP3:\n" + Files.readString(capture));
            assertEquals(0, garps(seen, VIP1, hup), "no GARP for the VIP kept");
            List<Double> vi1 = adverts(seen, 51, "150");
            assertTrue(maxGap(vi1) <= 1 + SLACK, "VI_1's adverts on schedule through the reload: " + vi1);
            assertTrue(vi1.get(vi1.size() - 1) > hup + 2, "VI_1 advertises after the reload: " + vi1);
            assertFalse(adverts(seen, 52, "150").isEmpty(), "VI_2 advertises");
            assertTrue(adverts(seen, 51, "0").isEmpty(), "no priority 0 from VI_1");
            assertTrue(lab.hasAddress('a', VIP1));
            assertFalse(Files.readString(monitor).contains("Deleted"), "nothing deleted:\n" + Files.readString(monitor));
            assertTrue(Files.readString(monitor).contains("inet " + VIP2 + "/24"), "the monitor saw VIP2 come:\n"
                    + Files.readString(monitor));
            assertTrue(daemon.log().contains("VRRP reloaded: 1 instance(s) kept, 0 removed, 1 added"), daemon.log());
            System.out.printf("reload: VIP2 after %.3f s, VIP3 after %.3f s; VI_1 advert gaps max %.3f s (%d adverts)%n",
                    vip2, vip3, maxGap(vi1), vi1.size());
            // A new master repeats its GARPs after garp_master_delay (5 s): let them pass before the next reload.
            Thread.sleep(Math.max(0, (long) ((vi2Master + 6 - now()) * 1000)));
            System.out.printf("GARPs since the reload: VIP1 %d, VIP2 %d, VIP3 %d%n", garps(packets(capture), VIP1, hup),
                    garps(packets(capture), VIP2, hup), garps(packets(capture), VIP3, hup));

            // --- a reload naming an interface that does not exist (and dropping VIP2): refused, nothing changes
            Files.writeString(conf, instance("VI_1", 51, dev, VIP1) + instance("VI_2", 52, "jkv-r2-nope", VIP3));
            double bad = now();
            kill("HUP", pid);
            assertTrue(notification(daemon).startsWith("RELOADING=1\n"));
            String refused = notification(daemon);
            assertEquals("READY=1\nSTATUS=Reload refused by VRRP (see the log); running the previous configuration", refused, daemon.log());
            Thread.sleep(2500);
            assertEquals(1, daemon.logLines("ERROR [jkeepalived-reload] io.jkeepalived.daemon.lifecycle.Lifecycle: Reload:"
                    + " VRRP could not take the new configuration (VRRP reload refused, the running configuration is"
                    + " kept: (VI_2) interface jkv-r2-nope does not exist); it keeps running the previous one").size(),
                    daemon.log());
            assertTrue(lab.hasAddress('a', VIP1) && lab.hasAddress('a', VIP2) && lab.hasAddress('a', VIP3),
                    lab.addresses('a'));
            seen = packets(capture);
            assertTrue(maxGap(adverts(seen, 51, "150")) <= 1 + SLACK, adverts(seen, 51, "150").toString());
            assertTrue(adverts(seen, 51, "0").isEmpty() && adverts(seen, 52, "0").isEmpty(), "no priority 0");
            assertEquals(0, garps(seen, VIP2, bad) + garps(seen, VIP3, bad) + garps(seen, VIP1, bad),
                    "no GARP after " + bad + ":\n" + Files.readString(capture));
            assertFalse(Files.readString(monitor).contains("Deleted"), Files.readString(monitor));
            System.out.println("refused reload: " + refused.replace('\n', ' ') + "; log: "
                    + daemon.logLines("jkv-r2-nope"));

            // --- every instance removed: they go (priority 0, VIPs removed), VRRP stops; the next reload restarts it
            Files.writeString(conf, "global_defs {\n    router_id r2\n}\n");
            double empty = now();
            kill("HUP", pid);
            assertTrue(notification(daemon).startsWith("RELOADING=1\n"));
            assertEquals("READY=1\nSTATUS=Reloaded: VRRP took the new configuration", notification(daemon), daemon.log());
            Director.await("every VIP removed", Duration.ofSeconds(3), () -> !lab.hasAddress('a', VIP1)
                    && !lab.hasAddress('a', VIP2) && !lab.hasAddress('a', VIP3));
            Thread.sleep(1500);
            seen = packets(capture);
            assertEquals(1, adverts(seen, 51, "0").size(), "VI_1's priority 0 advert");
            assertEquals(1, adverts(seen, 52, "0").size(), "VI_2's priority 0 advert");
            assertTrue(adverts(seen, 51, "150").stream().allMatch(t -> t < empty + 0.5), "VI_1 silent after");
            assertTrue(daemon.log().contains("Reload: no vrrp_instance is left; stopping VRRP"), daemon.log());
            Director.await("the monitor sees VIP1 go", Duration.ofSeconds(2), () -> Files.readAllLines(monitor).stream()
                    .anyMatch(l -> l.startsWith("Deleted ") && l.contains("inet " + VIP1 + "/24")));

            Files.writeString(conf, instance("VI_1", 51, dev, VIP1));
            kill("HUP", pid);
            assertTrue(notification(daemon).startsWith("RELOADING=1\n"));
            assertEquals("READY=1\nSTATUS=Reloaded: VRRP took the new configuration", notification(daemon), daemon.log());
            assertTrue(daemon.log().contains("Reload: the new configuration has 1 vrrp_instance(s); starting VRRP"));
            Director.await("VIP1 back", Duration.ofSeconds(8), () -> lab.hasAddress('a', VIP1));

            // --- SIGTERM: STOPPING=1, priority 0, VIP removed
            Thread.sleep(1200);
            double term = now();
            kill("TERM", pid);
            assertEquals("STOPPING=1\nSTATUS=Stopping (SIGTERM)", notification(daemon));
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), daemon.log());
            assertEquals(0, process.exitValue(), daemon.log());
            assertFalse(lab.hasAddress('a', VIP1), "VIP1 removed at stop");
            Thread.sleep(500);
            List<Double> zero = adverts(packets(capture), 51, "0");
            assertEquals(2, zero.size(), zero.toString());
            assertTrue(zero.get(1) >= term, "a priority 0 advert after SIGTERM: " + zero);
            assertFalse(daemon.log().contains("\tat "), daemon.log());
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }
}
