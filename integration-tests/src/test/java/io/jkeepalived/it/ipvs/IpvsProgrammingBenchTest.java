package io.jkeepalived.it.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.jkeepalived.it.lab.KernelLab;
import io.jkeepalived.it.lab.KernelLabTest;
import io.jkeepalived.it.lab.LabResult;

/**
 * Runs {@link IpvsBenchMain} in one lab boot: 100 services x 100 real servers from empty through ipvsadm -R and
 * through the reconciler, then reconciles that change nothing. Asserts that both give the same table and that
 * a matching table needs no change; the figures go to the test's output (docs/benchmarks.md, "IPVS
 * programming"), never into assertions. {@code -Djkv.bench.ipvs=S,D,ROUNDS} changes the size,
 * {@code -Djkv.bench.jvm="OPTIONS"} the benchmark JVM's options.
 */
@KernelLabTest
class IpvsProgrammingBenchTest {

    @Test
    void programsTheSameTableAsIpvsadmRestoreAndReportsTheCost(KernelLab lab) {
        List<String> size = List.of(System.getProperty("jkv.bench.ipvs", "100,100,2").split(","));
        // The JIT as a running daemon has it by default (the lab's default stops at C1 to start small mains
        // faster); -Djkv.bench.jvm="..." gives other JVM options.
        List<String> jvm = List.of(System.getProperty("jkv.bench.jvm", "-XX:+UseSerialGC -XX:ErrorFile=/dev/stderr").trim().split("\\s+"));
        String main = lab.javaCommand(IpvsBenchMain.class, jvm, size);
        LabResult r = lab.run("""
                set -eu
                modprobe ip_vs; modprobe ip_vs_wrr
                ipvsadm -R < /dev/null
                start=$(date +%%s%%N)
                %s
                end=$(date +%%s%%N)
                echo "bench whole JVM run: $(( (end - start) / 1000000 )) ms"
                """.formatted(main), Duration.ofMinutes(8));
        System.out.printf("kernel-lab timing: IPVS bench run %d ms%n%s%n", r.elapsed().toMillis(), r.stdout());
        assertEquals(0, r.exitStatus(), r::describe);
        Map<String, String> sections = IpvsKernelLabTest.sections(r.stdout());
        assertEquals("true", sections.get("same-table"), "ipvsadm -R and the reconciler give the same table");
        int services = Integer.parseInt(size.get(0));
        int perService = Integer.parseInt(size.get(1));
        assertEquals(Integer.toString(services + services * perService), sections.get("table-lines").lines().findFirst()
                .orElse(""));
        assertTrue(r.stdout().lines().filter(l -> l.startsWith("bench reconcile-unchanged"))
                .allMatch(l -> l.endsWith("(unchanged true)")), r.stdout());
        assertTrue(r.stdout().lines().filter(l -> l.startsWith("bench reconcile-from-empty"))
                .allMatch(l -> l.endsWith("converged true)")), r.stdout());
        assertTrue(r.stdout().contains("bench reconcile-one-weight-change: ") && r.stdout().contains("(1 change)"),
                r.stdout());
    }
}
