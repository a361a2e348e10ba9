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
 * A SIGHUP reload against the kernel's real IPVS table, jkeepalived -C and keepalived 2.2.7 --check side by side in
 * one boot of the kernel lab (resources {@code reload/}): each starts on before.conf, connections go through
 * 192.0.2.20:80, the file becomes after.conf, SIGHUP. The virtual server that persists must keep its counters (it
 * is edited in place, never deleted and added again: the kernel would start it from zero) while its new real
 * server appears, the removed virtual server goes, the new one comes, and another owner's service stays. The
 * table after the reload must be keepalived's, line by line.
 */
@KernelLabTest
class ReloadLabTest {
    private static Path resource(String name) {
        try {
            return Path.of(ReloadLabTest.class.getResource("/reload/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aReloadEditsWhatPersistsInPlaceAsKeepalivedDoes(KernelLab lab) throws IOException {
        String jkeepalived = lab.javaCommand(Main.class, List.of());
        String script = "sh " + KernelLab.shellQuote(resource("run-reload.sh").toString()) + " \"$JKV_LAB_RESULTS\" "
                + KernelLab.shellQuote(jkeepalived) + " " + KernelLab.shellQuote(resource("before.conf").toString())
                + " " + KernelLab.shellQuote(resource("after.conf").toString());
        LabResult result = lab.run(script, Duration.ofMinutes(5));
        assertEquals(0, result.exitStatus(), result::describe);
        System.out.printf("kernel-lab timing: reload run %d ms%n", result.elapsed().toMillis());

        List<Executable> checks = new ArrayList<>();
        for (String daemon : List.of("ka", "jk")) {
            long before = connections(read(result, daemon + ".stats-before"));
            long after = connections(read(result, daemon + ".stats-after"));
            String table = read(result, daemon + ".after");
            checks.add(() -> assertTrue(before >= 5, daemon + ": the 5 connections through 192.0.2.20:80 counted"
                    + " before the reload (" + before + "); see " + result.runDir().resolve(daemon + ".client")));
            checks.add(() -> assertTrue(after >= before, daemon + ": counters kept across the reload: " + before
                    + " -> " + after));
            checks.add(() -> assertFalse(read(result, daemon + ".client").contains("failed"), daemon
                    + ": every request answered through the virtual server\n" + read(result, daemon + ".client")));
            // the client's connections, by their local ports (the previous daemon's may still be listed)
            List<String> mine = new ArrayList<>();
            for (String line : read(result, daemon + ".client").split("\n")) {
                if (line.startsWith("port ")) {
                    mine.add("192.0.2.20:" + line.substring(5) + " 192.0.2.20:80 198.51.100.10:80");
                }
            }
            List<String> entriesBefore = entries(read(result, daemon + ".connections-before"));
            List<String> entriesAfter = entries(read(result, daemon + ".connections-after"));
            checks.add(() -> assertTrue(mine.size() == 5 && entriesBefore.containsAll(mine)
                    && entriesAfter.containsAll(mine), daemon + ": connection entries kept\nclient " + mine
                    + "\nbefore " + entriesBefore + "\nafter " + entriesAfter));
            checks.add(() -> assertTrue(table.contains("-A -t 192.0.2.20:80 -s rr\n"), daemon + ": edited\n" + table));
            checks.add(() -> assertTrue(table.contains("-a -t 192.0.2.20:80 -r 198.51.100.12:80 -m -w 1\n"),
                    daemon + ": new real server\n" + table));
            checks.add(() -> assertFalse(table.contains("192.0.2.21:80"), daemon + ": removed\n" + table));
            checks.add(() -> assertTrue(table.contains("-A -t 192.0.2.22:80 -s wlc\n"), daemon + ": added\n" + table));
            checks.add(() -> assertTrue(table.contains("-A -t 203.0.113.1:80 -s rr\n"), daemon + ": not ours\n" + table));
            checks.add(() -> assertEquals("-A -t 203.0.113.1:80 -s rr\n", read(result, daemon + ".stopped"),
                    daemon + ": stopped"));
        }
        checks.add(() -> assertEquals(read(result, "ka.before"), read(result, "jk.before"), "before the reload"
                + " (keepalived expected); logs in " + result.runDir()));
        checks.add(() -> assertEquals(read(result, "ka.after"), read(result, "jk.after"), "after the reload"
                + " (keepalived expected); logs in " + result.runDir()));
        checks.add(() -> assertTrue(read(result, "jk.log").contains("Reload done: the checkers took the new"
                + " configuration"), read(result, "jk.log")));
        assertAll(checks);
    }

    /** The connection entries of {@code ipvsadm -Lnc} through 192.0.2.20:80: source, virtual, destination. */
    private static List<String> entries(String listing) {
        List<String> out = new ArrayList<>();
        for (String line : listing.split("\n")) {
            String[] words = line.trim().split("\\s+");
            if (words.length == 6 && words[0].equals("TCP") && words[4].equals("192.0.2.20:80")) {
                out.add(words[3] + " " + words[4] + " " + words[5]);
            }
        }
        return out;
    }

    /** The Conns column of the virtual server's line in {@code ipvsadm -Ln --stats -t VIP:PORT}. */
    private static long connections(String stats) {
        for (String line : stats.split("\n")) {
            String[] words = line.trim().split("\\s+");
            if (words.length > 2 && words[0].equals("TCP")) {
                return Long.parseLong(words[2]);
            }
        }
        return -1;
    }

    private static String read(LabResult result, String file) throws IOException {
        return Files.readString(result.runDir().resolve(file));
    }
}
