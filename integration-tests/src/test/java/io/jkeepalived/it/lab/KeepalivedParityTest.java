package io.jkeepalived.it.lab;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import io.jkeepalived.daemon.Main;

/**
 * "ipvsadm-save equality": keepalived 2.2.7 and jkeepalived program IPVS from the same configurations, in one
 * boot of the kernel lab, and must leave the same table, line by line ({@code ipvsadm-save -n}, sorted), once
 * their checks have settled and again after SIGTERM. The configurations (test resources {@code parity/}) cover
 * every virtual_server option keepalived 2.2.7 accepts: every scheduler of the lab kernel and every scheduler
 * flag, NAT/DR/TUN with every tunnel type and checksum, persistence (timeout, granularity, engine, port 0),
 * TCP/UDP/SCTP, ops, fwmark and IPv6 services, weights and thresholds, inhibit_on_failure, sorry servers with
 * their own method and sorry_server_inhibit, alpha, omega, quorum and hysteresis, ha_suspend, and every form of
 * virtual_server_group. Real servers are addresses of a namespace the driver script makes in the VM; some listen
 * (their TCP_CHECK passes), some do not (refused at once). Then the ha_suspend virtual address becomes local
 * (as on a new VRRP master), and later the dead real servers start listening (back in, quorum regained, sorry
 * servers out): the tables that settle then are compared too.
 */
@KernelLabTest
class KeepalivedParityTest {
    /**
     * all.conf includes the parts schedulers, methods, pools and groups (each daemon starts once for all of
     * them); flush.conf has lvs_flush and lvs_flush_on_stop.
     */
    private static final List<String> CONFIGS = List.of("all", "flush");
    private static final String FOREIGN_1 = "-A -t 203.0.113.1:80 -s rr\n";
    private static final String FOREIGN_2 = "-A -t 203.0.113.2:80 -s rr\n";

    private static Path resource(String name) {
        try {
            return Path.of(KeepalivedParityTest.class.getResource("/parity/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void jkeepalivedLeavesTheSameIpvsTableAsKeepalived(KernelLab lab) throws IOException {
        String jkeepalived = lab.javaCommand(Main.class, List.of());
        StringBuilder script = new StringBuilder("sh " + KernelLab.shellQuote(resource("run-parity.sh").toString())
                + " \"$JKV_LAB_RESULTS\" " + KernelLab.shellQuote(jkeepalived));
        for (String config : CONFIGS) {
            script.append(' ').append(KernelLab.shellQuote(resource(config + ".conf").toString()));
        }
        LabResult result = lab.run(script.toString(), Duration.ofMinutes(6));
        assertEquals(0, result.exitStatus(), result::describe);
        System.out.printf("kernel-lab timing: keepalived parity run %d ms%n", result.elapsed().toMillis());

        List<Executable> checks = new ArrayList<>();
        for (String config : CONFIGS) {
            for (String phase : config.equals("all") ? List.of("settled", "vip", "revive", "stopped")
                    : List.of("settled", "stopped")) {
                String keepalived = read(result, config + ".ka." + phase);
                String ours = read(result, config + ".jk." + phase);
                checks.add(() -> assertEquals(keepalived, ours, config + ".conf, " + phase + " table (keepalived"
                        + " expected, jkeepalived actual); logs in " + result.runDir()));
            }
            // the settled table must not be empty, or both could have failed alike
            checks.add(() -> assertFalse(read(result, config + ".ka.settled").isBlank(), config
                    + ": keepalived programmed nothing; see " + result.runDir().resolve(config + ".ka.log")));
        }
        // What keepalived itself did, so that equality means what we think: it deletes its own services on
        // SIGTERM and leaves other owners' (the driver's 203.0.113.x) unless lvs_flush / lvs_flush_on_stop.
        checks.add(() -> assertTrue(read(result, "all.ka.settled").contains(FOREIGN_1), "no lvs_flush"));
        checks.add(() -> assertEquals(FOREIGN_1 + FOREIGN_2, read(result, "all.ka.stopped"), "all.conf stopped"));
        checks.add(() -> assertFalse(read(result, "flush.ka.settled").contains("203.0.113.1"), "lvs_flush"));
        checks.add(() -> assertEquals("", read(result, "flush.ka.stopped"), "lvs_flush_on_stop"));
        // ha_suspend: the dead real server stays while 192.0.2.5 is not local, and goes when it is
        String dead = "-a -t 192.0.2.5:87 -r 198.51.100.11:80 -m -w 1";
        checks.add(() -> assertTrue(read(result, "all.ka.settled").contains(dead), "suspended: " + dead));
        checks.add(() -> assertFalse(read(result, "all.ka.vip").contains(dead), "checked: no " + dead));
        // revived: the sorry server of 192.0.2.5:80 is out again, the real servers are in
        checks.add(() -> assertFalse(read(result, "all.ka.revive").contains("-a -t 192.0.2.5:80 -r 198.51.100.10:80"),
                "sorry server out"));
        assertAll(checks);
    }

    private static String read(LabResult result, String file) throws IOException {
        return Files.readString(result.runDir().resolve(file));
    }
}
