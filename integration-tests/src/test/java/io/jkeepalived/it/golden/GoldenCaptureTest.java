package io.jkeepalived.it.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jkeepalived.it.lab.KernelLab;
import io.jkeepalived.it.lab.KernelLabTest;
import io.jkeepalived.it.lab.LabResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Keeps the golden netlink files in ipvs-netlink/src/test/resources/{ipvs-golden,rtnl-golden} honest: runs
 * integration-tests/lab/capture-ipvs-golden.sh in the kernel lab (one boot), renders the fresh capture, and
 * compares it with the committed files with only what varies between runs masked (sequence numbers, port ids,
 * link and address statistics and timestamps; README.md there lists them).
 */
@KernelLabTest
class GoldenCaptureTest {

    private static final Duration CAPTURE_TIMEOUT = Duration.ofMinutes(12);
    private static final List<String> TOOLS = List.of("strace", "ipvsadm", "ipvsadm-save", "ip", "python3");
    private static final int MAX_REPORTED_LINES = 3;

    @Test
    void aFreshCaptureMatchesTheCommittedGoldenFiles(KernelLab lab) throws IOException {
        requireTools();
        Path script = lab.labDir().resolve("capture-ipvs-golden.sh");
        Path resources = lab.labDir().getParent().getParent().resolve("ipvs-netlink/src/test/resources");

        LabResult result = lab.run(Files.readString(script, StandardCharsets.UTF_8), CAPTURE_TIMEOUT);
        assertEquals(0, result.exitStatus(), result::describe);
        SortedMap<String, String> fresh = NetlinkGoldenWriter.render(result.runDir().resolve("raw"));
        SortedMap<String, String> committed = committed(resources);

        String regenerate = "\nIf the kernel or a tool changed on purpose, regenerate with "
                + "integration-tests/lab/capture-ipvs-golden.sh, review the diff and update README.md there."
                + "\nFresh capture: " + result.runDir().resolve("raw");
        assertEquals(committed.keySet(), fresh.keySet(), "golden file names" + regenerate);
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, String> e : committed.entrySet()) {
            differences.addAll(differences(e.getKey(), e.getValue(), fresh.get(e.getKey())));
        }
        if (!differences.isEmpty()) {
            fail(differences.size() + " differences beyond the masked fields:\n" + String.join("\n", differences)
                    + regenerate);
        }
        assertTrue(committed.size() > 100, "the capture covers every operation: " + committed.size() + " files");
        System.out.printf("kernel-lab timing: golden capture of %d files, whole run %d ms%n", committed.size(),
                result.elapsed().toMillis());
    }

    /** The first few differing lines of one file, after masking, as "file:line: committed | fresh". */
    private static List<String> differences(String name, String committedText, String freshText) {
        String[] a = NetlinkGoldenWriter.masked(committedText).split("\n", -1);
        String[] b = NetlinkGoldenWriter.masked(freshText).split("\n", -1);
        List<String> out = new ArrayList<>();
        int total = 0;
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String x = i < a.length ? a[i] : "<end of file>";
            String y = i < b.length ? b[i] : "<end of file>";
            if (!x.equals(y)) {
                if (total++ < MAX_REPORTED_LINES) {
                    out.add(name + ":" + (i + 1) + ":\n  committed: " + x + "\n  fresh:     " + y);
                }
            }
        }
        if (total > MAX_REPORTED_LINES) {
            out.add(name + ": ... " + (total - MAX_REPORTED_LINES) + " more differing lines");
        }
        return out;
    }

    /** The generated files only (*.txt and INDEX.md); README.md is written by hand. */
    private static SortedMap<String, String> committed(Path resources) throws IOException {
        SortedMap<String, String> files = new TreeMap<>();
        for (String folder : List.of("ipvs-golden", "rtnl-golden")) {
            try (Stream<Path> list = Files.list(resources.resolve(folder))) {
                for (Path p : list.toList()) {
                    String name = p.getFileName().toString();
                    if (name.endsWith(".txt") || name.equals("INDEX.md")) {
                        files.put(folder + "/" + name, Files.readString(p, StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return files;
    }

    /** The VM runs the host's own tools: without them the capture means nothing. CI must have them. */
    private static void requireTools() {
        List<String> missing = new ArrayList<>();
        for (String tool : TOOLS) {
            boolean found = Stream.of("/usr/sbin", "/usr/bin", "/sbin", "/bin")
                    .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
            if (!found) {
                missing.add(tool);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = "the golden capture needs " + missing + " installed (Debian packages strace, ipvsadm, "
                + "iproute2, python3)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + " (CI=true: every prerequisite must be installed)");
        }
        Assumptions.abort(message + " (skipped because CI is not true)");
    }
}
