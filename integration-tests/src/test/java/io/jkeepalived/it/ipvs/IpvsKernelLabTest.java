package io.jkeepalived.it.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.jkeepalived.it.lab.KernelLab;
import io.jkeepalived.it.lab.KernelLabTest;
import io.jkeepalived.it.lab.LabResult;

/**
 * jkeepalived's IPVS and VIP programming against a real kernel, in one boot of the kernel lab: {@link IpvsLabMain}
 * runs every step inside the VM and prints sections, which the tests below check, each against what ipvsadm,
 * ipvsadm-save and ip(8) say in the same VM.
 */
@KernelLabTest
class IpvsKernelLabTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(4);
    private static LabResult run;
    private static Map<String, String> sections;

    private static Path resource(String name) {
        try {
            return Path.of(IpvsKernelLabTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void runInTheLab(KernelLab lab) {
        String main = lab.javaCommand(IpvsLabMain.class, List.of("corpus=" + resource("/ipvs/table-corpus.txt"),
                "seed=" + resource("/seeds/seed004-ipvsadm.txt"), "restore", "errors", "globals", "sync", "stats",
                "vip", "eperm"));
        // Few processes: each costs a lot under emulation (one ip -batch per namespace, one modprobe).
        run = lab.run("""
                set -eu
                mark() { echo "uptime $(cut -d' ' -f1 /proc/uptime): $1" >&2; }
                mark start
                # every scheduler at once: each module the kernel asks for itself costs a trip through the
                # lab's usermode helper
                modprobe -a ip_vs ip_vs_rr ip_vs_wrr ip_vs_lc ip_vs_wlc ip_vs_lblc ip_vs_lblcr ip_vs_dh ip_vs_sh \
                  ip_vs_sed ip_vs_nq ip_vs_fo ip_vs_ovf ip_vs_mh ip_vs_pe_sip
                mark modules
                # sync daemons: a multicast-capable veth; VIPs: the dummy jkv-iv-d0; stats: client namespace ->
                # director (VIP 192.0.2.1 on the dummy jkv-iv-vip) -> NAT -> real server namespace
                ip netns add jkv-iv-rs; ip netns add jkv-iv-cl
                ip -batch - <<'IP'
                link add jkv-iv-v0 type veth peer name jkv-iv-v1
                link set jkv-iv-v0 up
                link set jkv-iv-v1 up
                link add jkv-iv-d0 type dummy
                link set jkv-iv-d0 up
                link add jkv-iv-r0 type veth peer name jkv-iv-r1 netns jkv-iv-rs
                link add jkv-iv-c0 type veth peer name jkv-iv-c1 netns jkv-iv-cl
                addr add 198.51.100.1/24 dev jkv-iv-r0
                link set jkv-iv-r0 up
                addr add 203.0.113.1/24 dev jkv-iv-c0
                link set jkv-iv-c0 up
                link add jkv-iv-vip type dummy
                link set jkv-iv-vip up
                addr add 192.0.2.1/32 dev jkv-iv-vip
                IP
                ip -n jkv-iv-rs -batch - <<'IP'
                addr add 198.51.100.10/24 dev jkv-iv-r1
                link set jkv-iv-r1 up
                link set lo up
                route add default via 198.51.100.1
                IP
                ip -n jkv-iv-cl -batch - <<'IP'
                addr add 203.0.113.10/24 dev jkv-iv-c1
                link set jkv-iv-c1 up
                link set lo up
                route add default via 203.0.113.1
                IP
                sysctl -qw net.ipv4.ip_forward=1
                mkdir -p /tmp/www && echo served-by-real-server > /tmp/www/index.html
                ip netns exec jkv-iv-rs busybox httpd -p 80 -h /tmp/www
                mark links
                %s
                mark main
                ip netns del jkv-iv-rs; ip netns del jkv-iv-cl
                for l in jkv-iv-v0 jkv-iv-d0 jkv-iv-r0 jkv-iv-c0 jkv-iv-vip; do ip link del $l 2>/dev/null || true; done
                mark end
                """.formatted(main), TIMEOUT);
        System.out.printf("kernel-lab timing: IPVS lab run %d ms%n%s", run.elapsed().toMillis(), run.stderr());
        sections = sections(run.stdout());
    }

    static Map<String, String> sections(String stdout) {
        Map<String, String> m = new LinkedHashMap<>();
        String name = null;
        StringBuilder body = new StringBuilder();
        for (String line : stdout.split("\n", -1)) {
            if (line.startsWith("==") && line.endsWith("==") && line.length() > 4) {
                if (name != null) {
                    m.put(name, body.toString().strip());
                }
                name = line.substring(2, line.length() - 2);
                body.setLength(0);
            } else if (name != null) {
                body.append(line).append('\n');
            }
        }
        if (name != null) {
            m.put(name, body.toString().strip());
        }
        return m;
    }

    private static String section(String name) {
        assertEquals(0, run.exitStatus(), run::describe);
        String s = sections.get(name);
        assertTrue(s != null, () -> "no section " + name + " in:\n" + run.stdout());
        return s;
    }

    private static List<String> sortedLines(String text) {
        return text.lines().sorted().toList();
    }

    private static String lines(String... lines) {
        return String.join("\n", lines);
    }

    @Test
    void whatJkeepalivedProgramsIsWhatIpvsadmProgramsForTheSameCommands() {
        assertEquals("", section("corpus-ipvsadm-said"), "every ipvsadm command of the corpus is valid");
        assertEquals("converged=true unchanged=false applied=54 skipped=0", section("corpus-jkv-report"),
                "29 services and 25 destinations");
        String ours = section("corpus-jkv-save");
        assertEquals(section("corpus-ipvsadm-save"), ours, "ipvsadm-save -n of both tables");
        assertEquals(section("corpus-ipvsadm-thresholds"), section("corpus-jkv-thresholds"),
                "thresholds (ipvsadm-save leaves them out): ipvsadm -Ln --thresholds of both tables");
        // what the corpus covers, as ipvsadm-save shows it
        for (String scheduler : List.of("rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf",
                "mh")) {
            assertTrue(ours.contains(" -s " + scheduler + "\n") || ours.contains(" -s " + scheduler + " "), scheduler);
        }
        for (String line : List.of(
                "-A -t 192.0.2.1:88 -s sh -b sh-fallback,sh-port",
                "-A -t 192.0.2.1:93 -s mh -b mh-fallback,mh-port",
                "-A -t 192.0.2.2:444 -s lc -p 90 -M 255.0.255.0",
                "-A -u 192.0.2.2:54 -s sh -p 30 -M 255.255.0.0 -o -b sh-fallback",
                "-A -u 192.0.2.2:5060 -s rr -p 120 --pe sip",
                "-A --sctp-service [2001:db8::1]:3868 -s rr",
                "-A -f 8 -6 -s wrr -p 30 -M 64",
                "-a -t 192.0.2.1:80 -r 10.0.0.1:80 -m -w 7",
                "-a -t 192.0.2.1:80 -r 10.0.0.3:80 -i -w 1 --tun-type gre --tun-csum",
                "-a -t 192.0.2.1:80 -r 10.0.0.6:80 -i -w 1 --tun-type gue --tun-port 6082 --tun-remcsum",
                "-a -t 192.0.2.1:80 -r 10.0.0.9:80 -g -w 1",
                "-a -t 192.0.2.1:82 -r [2001:db8::10]:82 -i -w 1 --tun-type ipip",
                "-a -t [2001:db8::1]:80 -r 10.1.0.1:80 -i -w 1 --tun-type gre --tun-nocsum",
                "-a -f 8 -6 -r [2001:db8::20]:0 -g -w 1")) {
            assertTrue(ours.lines().anyMatch(line::equals), () -> "missing " + line + " in\n" + ours);
        }
        assertTrue(!ours.contains("192.0.2.1:95") && !ours.contains("10.0.0.4:"), "deleted by the corpus");
    }

    @Test
    void aTableBuiltWithIpvsadmReadsBackIntoTheSameModel() {
        String ipvsadm = section("corpus-ipvsadm-save");
        // ipvsadm-save sorts services and destinations; jkeepalived reads them in the kernel's order
        assertEquals(sortedLines(ipvsadm), sortedLines(section("corpus-read-save")));
        assertEquals(sortedLines(section("corpus-ipvsadm-thresholds")), sortedLines(section("corpus-read-thresholds")));
        assertEquals("converged=true unchanged=true applied=0 skipped=0", section("corpus-reconcile-over-ipvsadm"),
                "the reconciler sees nothing to change in the same table built by ipvsadm");
    }

    @Test
    void aTableRestoredWithIpvsadmRReadsBackTheSame() {
        assertEquals("", section("corpus-restore-said"));
        assertEquals(sortedLines(section("corpus-ipvsadm-save")), sortedLines(section("corpus-restore-read")));
    }

    @Test
    void aSecondReconcileOfTheSameTableChangesNothing() {
        assertEquals("converged=true unchanged=true applied=0 skipped=0", section("corpus-jkv-again"));
    }

    @Test
    void seed004sIpvsadmCommandsThroughJkeepalivedGiveTheArticlesTable() {
        String expected = section("seed-expected");
        assertEquals(expected, section("seed-ipvsadm"), "ipvsadm itself gives the article's table");
        assertEquals(expected, section("seed-jkv"), "jkeepalived gives the same table");
        assertEquals(lines("converged=true unchanged=false applied=3 skipped=0",
                "applied: add service TCP 10.0.0.123:80 scheduler rr",
                "applied: add destination 10.0.0.102:80 DR weight 1 to TCP 10.0.0.123:80",
                "applied: add destination 10.0.0.103:80 DR weight 1 to TCP 10.0.0.123:80"), section("seed-jkv-report"),
                "the mistyped port 999 of a DR real server is the virtual port");
    }

    @Test
    void theReconcilerRestoresWhatIpvsadmChangedAndLeavesAForeignServiceAlone() {
        assertTrue(section("restore-first").contains("applied: add destination 10.232.0.1:80 DR weight 1 to TCP"
                + " 192.0.2.1:80"), "a DR real server's port 8080 is programmed as the virtual port");
        assertEquals(lines("converged=true unchanged=false applied=4 skipped=0",
                "applied: edit service TCP 192.0.2.2:443 scheduler rr persistent 300 mask 255.255.255.0",
                "applied: edit destination 10.0.0.1:80 DR weight 2 of TCP 192.0.2.1:80",
                "applied: add destination 10.0.0.2:80 DR weight 3 to TCP 192.0.2.1:80",
                "applied: delete destination 10.0.0.66:8443 from TCP 192.0.2.2:443",
                "restored: add destination 10.0.0.2:80 DR weight 3 to TCP 192.0.2.1:80"), section("restore-second"));
        assertEquals(lines("-A -t 192.0.2.1:80 -s wrr",
                "-a -t 192.0.2.1:80 -r 10.0.0.1:80 -g -w 2",
                "-a -t 192.0.2.1:80 -r 10.0.0.2:80 -g -w 3",
                "-a -t 192.0.2.1:80 -r 10.232.0.1:80 -g -w 1",
                "-A -t 192.0.2.2:443 -s rr -p 300 -M 255.255.255.0",
                "-a -t 192.0.2.2:443 -r 10.0.0.3:8443 -m -w 1",
                "-A -t 192.0.2.99:80 -s rr",
                "-a -t 192.0.2.99:80 -r 10.9.9.9:80 -g -w 4"), section("restore-after"));
        assertEquals("converged=true unchanged=true applied=0 skipped=0", section("restore-third"));
    }

    @Test
    void kernelRefusalsAreOneLineNamingTheObjectAndTheRestGoesOn() {
        assertEquals(lines("converged=false unchanged=false applied=3 skipped=2",
                "applied: add service TCP 192.0.2.2:80 scheduler rr",
                "applied: add destination 10.0.0.3:80 DR weight 1 to TCP 192.0.2.2:80",
                "applied: add destination [2001:db8::6]:80 TUN weight 1 to TCP 192.0.2.2:80",
                "failed: add service TCP 192.0.2.1:80 scheduler nosuch: ENOENT - no scheduler or persistence engine of"
                        + " that name (is there a kernel module ip_vs_nosuch?)",
                "failed: add destination 10.0.0.4:80 DR weight 1 uthreshold 10 lthreshold 20 to TCP 192.0.2.2:80:"
                        + " ERANGE - the lower threshold is above the upper threshold",
                "failed: add destination [2001:db8::5]:80 DR weight 1 to TCP 192.0.2.2:80: EINVAL - a destination of"
                        + " the other address family must use TUN, and no sync daemon may run"),
                section("errors-reconcile"));
        assertEquals(lines("-A -t 192.0.2.2:80 -s rr",
                "-a -t 192.0.2.2:80 -r 10.0.0.3:80 -g -w 1",
                "-a -t 192.0.2.2:80 -r [2001:db8::6]:80 -i -w 1 --tun-type ipip"), section("errors-table"));
        List<String> direct = section("errors-direct").lines().filter(l -> !l.startsWith("  exception: ")).toList();
        assertEquals(List.of(
                "add service TCP 192.0.2.2:80 scheduler rr: EEXIST - the service already exists",
                "add destination 10.0.0.3:80 DR weight 1 to TCP 192.0.2.2:80: EEXIST - the destination already exists"
                        + " in this service",
                "edit service TCP 192.0.2.9:80 scheduler rr: ESRCH - no such service",
                "delete service TCP 192.0.2.9:80: ESRCH - no such service",
                "add destination 10.0.0.3:80 DR weight 1 to TCP 192.0.2.9:80: ESRCH - no such service",
                "edit destination 10.0.0.99:80 DR weight 1 of TCP 192.0.2.2:80: ENOENT - no such destination in this"
                        + " service",
                "delete destination 10.0.0.99:80 from TCP 192.0.2.2:80: ENOENT - no such destination in this service",
                "add service UDP 192.0.2.3:5060 scheduler rr persistent 60 mask 255.255.255.255 pe nosuchpe: ENOENT -"
                        + " no scheduler or persistence engine of that name (is there a kernel module ip_vs_rr or"
                        + " ip_vs_pe_nosuchpe?)",
                "edit destination [2001:db8::6]:80 NAT weight 1 of TCP 192.0.2.2:80: EINVAL - a destination of the"
                        + " other address family must use TUN, and no sync daemon may run"), direct);
        assertTrue(section("errors-direct").contains("  exception: delete service TCP 192.0.2.9:80: ESRCH (No such"
                + " process)"), "the exception names the object too");
        assertEquals(lines("list IPVS services: EPERM (Operation not permitted)",
                "add service TCP 192.0.2.1:80 scheduler rr: EPERM - not permitted: changing IPVS needs CAP_NET_ADMIN"
                        + " in this network namespace"), section("eperm"), "without CAP_NET_ADMIN");
    }

    @Test
    void infoAndTimeoutsAsIpvsadmShowsThem() {
        assertEquals(section("globals-info-ipvsadm"), section("globals-info"));
        assertTrue(section("globals-info").startsWith("IP Virtual Server version 1."));
        assertEquals(section("globals-timeouts-ipvsadm"), section("globals-timeouts"));
        assertEquals("Timeout (tcp tcpfin udp): 1000 60 200", section("globals-timeouts-set"));
        assertEquals("Timeout (tcp tcpfin udp): 1000 30 200", section("globals-timeouts-partial"),
                "0 leaves a timeout as it was");
        assertEquals(section("globals-timeouts"), section("globals-timeouts-restored"));
    }

    @Test
    void syncDaemonsStartListAndStop() {
        assertEquals(lines("start master: ok", "start backup: ok", "start master again: EEXIST"),
                section("sync-started"));
        assertEquals(section("sync-ipvsadm"), section("sync-ours"));
        assertEquals(lines("master sync daemon (mcast=jkv-iv-v0, syncid=9, maxlen=1472, group=224.0.0.81, port=8848,"
                + " ttl=1)", "backup sync daemon (mcast=jkv-iv-v0, syncid=10, maxlen=1400, group=224.0.0.82,"
                + " port=8849, ttl=2)"), section("sync-ours"));
        assertEquals(lines("stop master: ok", "stop backup: ok", "stop master again: ESRCH", "left: 0"),
                section("sync-stopped"));
        assertEquals(section("sync-by-ipvsadm"), section("sync-by-ipvsadm-ours"),
                "a daemon started by ipvsadm with every option reads back");
    }

    /** "TCP  192.0.2.1:80  2  16 ..." of ipvsadm -Ln --stats --exact, as "NAME n n n n n". */
    private static String ipvsadmStats(String listing) {
        StringBuilder b = new StringBuilder();
        for (String line : listing.lines().toList()) {
            String[] w = line.trim().split("\\s+");
            if (line.startsWith("TCP ") && w.length == 7) {
                b.append("TCP ").append(String.join(" ", List.of(w).subList(1, 7))).append('\n');
            } else if (line.trim().startsWith("->") && w.length == 7) {
                b.append("  -> ").append(String.join(" ", List.of(w).subList(1, 7))).append('\n');
            }
        }
        return b.toString().strip();
    }

    @Test
    void countersOfRealTrafficMatchIpvsadmAndZeroing() {
        assertEquals(lines("served-by-real-server", "served-by-real-server"), section("stats-fetch"),
                "two HTTP requests through the NAT service");
        String ours = section("stats-ours").lines().map(l -> l.replaceAll(" active.*$", ""))
                .collect(java.util.stream.Collectors.joining("\n"));
        assertEquals(ipvsadmStats(section("stats-ipvsadm")), ours);
        assertTrue(ours.startsWith("TCP 192.0.2.1:80 2 "), "two connections counted: " + ours);
        // connection counts as ipvsadm -Ln shows them ("-> 198.51.100.10:80 Masq 1 0 2"), read just after ours
        String[] rs = section("stats-list-ipvsadm").lines().filter(l -> l.contains("198.51.100.10:80")).findFirst()
                .orElseThrow().trim().split("\\s+");
        assertTrue(section("stats-ours").endsWith("active " + rs[4] + " inactive " + rs[5]),
                section("stats-ours") + "\n" + section("stats-list-ipvsadm"));
        assertEquals(lines("TCP 192.0.2.1:80 0 0 0 0 0", "  -> 198.51.100.10:80 0 0 0 0 0"),
                section("stats-zeroed").lines().map(l -> l.replaceAll(" active.*$", ""))
                        .collect(java.util.stream.Collectors.joining("\n")));
        assertEquals(ipvsadmStats(section("stats-zeroed-ipvsadm")), lines("TCP 192.0.2.1:80 0 0 0 0 0",
                "  -> 198.51.100.10:80 0 0 0 0 0"));
        assertEquals("services left: 0", section("stats-flushed"));
    }

    @Test
    void vipsAddedAndRemovedThroughRtnetlinkAsIpAddrShowsThem() {
        assertEquals(lines("inet 192.0.2.10/32 scope global jkv-iv-d0:1",
                "inet 192.0.2.20/24 brd 192.0.2.255 scope global jkv-iv-d0:2",
                "inet 198.51.100.5/24 brd 198.51.100.200 scope global jkv-iv-d0",
                "inet6 2001:db8:1::20/64 scope global nodad",
                "inet6 2001:db8::10/128 scope global nodad"), section("vip-added"));
        assertTrue(section("vip-again").endsWith(": EEXIST (File exists)"), section("vip-again"));
        assertEquals("", section("vip-deleted"));
        assertTrue(section("vip-gone").endsWith(": EADDRNOTAVAIL (Cannot assign requested address)"),
                section("vip-gone"));
    }

    @Test
    void noStepBrokeDown() {
        assertEquals(0, run.exitStatus(), run::describe);
        List<String> failed = sections.keySet().stream().filter(k -> k.endsWith("-failed")).toList();
        assertEquals(List.of(), failed, run::stdout);
    }
}
