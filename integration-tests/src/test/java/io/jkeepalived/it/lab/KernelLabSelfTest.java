package io.jkeepalived.it.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Proves the kernel lab itself, in three boots: the kernel-facing checks batched in one, a JVM inside in
 * another, and the timeout in the last. Timings go to the test's output (target/surefire-reports).
 */
@KernelLabTest
class KernelLabSelfTest {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

    @Test
    void stockKernelWithIpvsNamespacesAndTheHostRootInOneBoot(KernelLab lab) throws IOException {
        LabResult result = lab.run("""
                set -eu
                section() { echo "==$1=="; }
                section uname; uname -r
                section modprobe-helper; cat /proc/sys/kernel/modprobe
                section ipvsadm-save
                modprobe ip_vs
                # wrr is not loaded by hand: the kernel asks for ip_vs_wrr through the modprobe helper.
                ipvsadm -A -t 192.0.2.1:80 -s wrr
                ipvsadm -a -t 192.0.2.1:80 -r 192.0.2.10:80 -g -w 2
                ipvsadm-save -n
                section modules
                grep -E '^ip_vs(_wrr)? ' /proc/modules | cut -d' ' -f1 | sort
                section links
                ip netns add jkv-lab-ns1
                ip link add jkv-lab-v0 type veth peer name jkv-lab-v1 netns jkv-lab-ns1
                ip link add jkv-lab-br0 type bridge
                ip link add jkv-lab-d0 type dummy
                ip link add jkv-lab-t0 type ipip local 192.0.2.1 remote 192.0.2.2
                for l in jkv-lab-v0 jkv-lab-br0 jkv-lab-d0 jkv-lab-t0; do
                  echo "$l $(ip -d -o link show dev $l | grep -ow -E 'veth|bridge|dummy|ipip' | head -1)"
                done
                section ping
                ip addr add 198.51.100.1/24 dev jkv-lab-v0; ip link set jkv-lab-v0 up
                ip -n jkv-lab-ns1 addr add 198.51.100.10/24 dev jkv-lab-v1; ip -n jkv-lab-ns1 link set jkv-lab-v1 up
                busybox ping -c 1 -W 5 198.51.100.10 >/dev/null && echo reachable
                section host-root
                if touch /jkv-lab-ro-probe 2>/dev/null; then echo writable; else echo read-only; fi
                section results
                echo "written inside the VM" > "$JKV_LAB_RESULTS/from-vm.txt"
                echo "$JKV_LAB_RESULTS"
                section java-version-ms
                start=$(date +%s%N); java -version 2>/dev/null; end=$(date +%s%N)
                echo $(( (end - start) / 1000000 ))
                section cleanup
                ipvsadm -C
                ip netns del jkv-lab-ns1
                for l in jkv-lab-v0 jkv-lab-br0 jkv-lab-d0 jkv-lab-t0; do ip link del $l 2>/dev/null || true; done
                echo done
                """, RUN_TIMEOUT);
        assertEquals(0, result.exitStatus(), result::describe);
        Map<String, String> sections = sections(result.stdout());

        String version = lab.prepare().version();
        assertEquals(version, sections.get("uname"), result::describe);
        assertTrue(version.matches("\\d+\\.\\d+\\.\\d+-\\d+-amd64"), "a Debian kernel release: " + version);
        assertNotEquals(System.getProperty("os.version"), sections.get("uname"), "the VM runs its own kernel");
        assertEquals("/lab/modprobe", sections.get("modprobe-helper"));
        assertEquals("-A -t 192.0.2.1:80 -s wrr\n-a -t 192.0.2.1:80 -r 192.0.2.10:80 -g -w 2",
                sections.get("ipvsadm-save"), result::describe);
        assertEquals("ip_vs\nip_vs_wrr", sections.get("modules"), result::describe);
        assertEquals("jkv-lab-v0 veth\njkv-lab-br0 bridge\njkv-lab-d0 dummy\njkv-lab-t0 ipip",
                sections.get("links"), result::describe);
        assertEquals("reachable", sections.get("ping"), result::describe);
        assertEquals("read-only", sections.get("host-root"));
        assertEquals(result.runDir().toString(), sections.get("results"));
        assertEquals("written inside the VM\n", Files.readString(result.runDir().resolve("from-vm.txt")));
        assertEquals("done", sections.get("cleanup"));

        System.out.printf("kernel-lab timing: boot to script %d ms, java -version inside %s ms, whole run %d ms%n",
                result.bootToScript().orElseThrow().toMillis(), sections.get("java-version-ms"),
                result.elapsed().toMillis());
    }

    @Test
    void javaMainRunsInsideTheVmAndItsExitStatusComesBack(KernelLab lab) {
        LabResult result = lab.runJava(LabProbe.class, List.of("exit=3", "hello lab"), RUN_TIMEOUT);

        assertEquals(3, result.exitStatus(), result::describe);
        assertFalse(result.timedOut());
        String version = lab.prepare().version();
        assertTrue(result.stdout().contains("lab-probe os.version=" + version + "\n"), result::describe);
        assertTrue(result.stdout().contains("lab-probe args=[exit=3, hello lab]\n"), result::describe);
        assertTrue(result.stdout().contains("lab-probe ip_vs-loaded=false\n"), result::describe);
        assertEquals("lab-probe exiting with 3\n", result.stderr(), result::describe);
        System.out.printf("kernel-lab timing: runJava whole run %d ms (boot to script %d ms)%n",
                result.elapsed().toMillis(), result.bootToScript().orElseThrow().toMillis());
    }

    @Test
    void theTimeoutKillsTheVm(KernelLab lab) {
        Duration timeout = Duration.ofSeconds(15);
        LabResult result = lab.run("echo started; sleep 600; echo not reached", timeout);

        assertTrue(result.timedOut(), result::describe);
        assertEquals(124, result.exitStatus());
        assertFalse(result.stdout().contains("not reached"));
        assertTrue(result.elapsed().compareTo(timeout) >= 0, "ran " + result.elapsed());
        assertTrue(result.elapsed().compareTo(timeout.plusSeconds(15)) < 0, "ran " + result.elapsed());
        // qemu and run.sh both carry the run folder on their command lines: nothing of this run may be left.
        String runDir = result.runDir().toString();
        List<String> left = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(runDir)).orElse(false))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                .toList();
        assertEquals(List.of(), left, "processes of the timed-out run still alive");
    }

    /** Splits "==name==" delimited output into name -> text (stripped). */
    private static Map<String, String> sections(String stdout) {
        Map<String, String> sections = new LinkedHashMap<>();
        String name = null;
        StringBuilder text = new StringBuilder();
        for (String line : (stdout + "==end==").split("\n")) {
            if (line.startsWith("==") && line.endsWith("==") && line.length() > 4) {
                if (name != null) {
                    sections.put(name, text.toString().strip());
                }
                name = line.substring(2, line.length() - 2);
                text.setLength(0);
            } else {
                text.append(line).append('\n');
            }
        }
        return sections;
    }
}
