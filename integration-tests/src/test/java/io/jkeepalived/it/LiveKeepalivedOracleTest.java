package io.jkeepalived.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Re-runs Debian's keepalived 2.2.7 in config-test mode on every corpus config of config-parser
 * ({@code src/test/resources/oracle} and {@code seeds}) and checks that the recorded golden files
 * ({@code NAME.keepalived-2.2.7}) still say exactly what keepalived says, so the data the parser is judged by
 * cannot rot. Re-record with {@code record-oracle.sh} when a config changes.
 *
 * <p>keepalived {@code -t} only parses and reads the interface list; it runs, like the recording, inside a
 * network namespace of this test's own ({@code jkv-co-live-PID}, holding lo and a veth pair eth0/eth1), so the
 * host's interfaces do not matter and nothing on the host network is touched. Needs root and keepalived
 * 2.2.7 ({@code -Djkv.keepalived=PATH} to pick another binary): without them the test fails when CI=true and is
 * skipped otherwise.
 */
class LiveKeepalivedOracleTest {
    private static final String SUFFIX = ".keepalived-2.2.7";
    private static final String DEFAULT_ID = "jkv-oracle";
    private static final Pattern CONFIG_ID = Pattern.compile("(?m)^# oracle-config-id: *(\\S+)");
    private static final Pattern OWN_LINE = Pattern.compile("^\\(Line (\\d+)\\) (.*)$");
    private static final Pattern NAMED_LINE = Pattern.compile("^\\(([^()]*): Line (\\d+)\\) (.*)$");

    private static final Path CORPUS = Path.of(System.getProperty("jkv.corpus.dir",
            "../config-parser/src/test/resources"));
    private static final String KEEPALIVED = System.getProperty("jkv.keepalived", "keepalived");
    private static final String NAMESPACE = "jkv-co-live-" + ProcessHandle.current().pid();
    private static boolean namespaceCreated;

    @TestFactory
    Stream<DynamicNode> goldenFilesAreWhatKeepalivedSays() throws Exception {
        assertTrue(Files.isDirectory(CORPUS.resolve("oracle")),
                "corpus not found at " + CORPUS.toAbsolutePath() + " (set -Djkv.corpus.dir)");
        String missing = prerequisiteMissing();
        if (missing != null) {
            // Reported from a test of its own: surefire hides aborts raised in @BeforeAll.
            boolean ci = "true".equals(System.getenv("CI"));
            return Stream.of(DynamicTest.dynamicTest("keepalived 2.2.7 and root are available", () -> {
                if (ci) {
                    fail("CI=true and a prerequisite is missing: " + missing);
                }
                Assumptions.abort("skipped, prerequisite missing (would fail with CI=true): " + missing);
            }));
        }
        Run veth = run(Path.of("."), 30, "ip", "-n", NAMESPACE, "link", "add", "eth0", "type", "veth", "peer",
                "name", "eth1");
        assertEquals(0, veth.exit(), "veth pair eth0/eth1 inside " + NAMESPACE + ": " + veth.output());
        return Stream.of("oracle", "seeds").map(corpus -> DynamicContainer.dynamicContainer(corpus,
                configs(CORPUS.resolve(corpus)).stream().map(config -> DynamicTest.dynamicTest(
                        config.getFileName().toString(), config.toUri(), () -> check(config)))));
    }

    /** Null when keepalived 2.2.7 runs and this test's namespace exists, else why not. */
    private static String prerequisiteMissing() throws InterruptedException {
        Run version = run(Path.of("."), 10, KEEPALIVED, "-v");
        if (version == null || !version.output().startsWith("Keepalived v2.2.7 ")) {
            return "keepalived 2.2.7 is not installed (found: "
                    + (version == null ? "no " + KEEPALIVED + " on PATH" : version.output().lines().findFirst().orElse("?"))
                    + "); apt-get install keepalived on Debian 12";
        }
        Run uid = run(Path.of("."), 10, "id", "-u");
        if (uid == null || !uid.output().strip().equals("0")) {
            return "needs root to create a network namespace for keepalived -t";
        }
        Run add = run(Path.of("."), 30, "ip", "netns", "add", NAMESPACE);
        if (add == null || add.exit() != 0) {
            return "cannot create network namespace " + NAMESPACE + ": " + (add == null ? "no ip(8)" : add.output());
        }
        namespaceCreated = true;
        return null;
    }

    @AfterAll
    static void removeNamespace() throws Exception {
        if (namespaceCreated) {
            Run del = run(Path.of("."), 30, "ip", "netns", "del", NAMESPACE);
            assertEquals(0, del.exit(), "removing " + NAMESPACE + ": " + del.output());
        }
    }

    private static void check(Path config) throws Exception {
        String name = config.getFileName().toString();
        Path golden = config.resolveSibling(name.substring(0, name.length() - ".conf".length()) + SUFFIX);
        assertTrue(Files.isRegularFile(golden), name + " has no " + golden.getFileName() + " - record it");

        String recordedId = null;
        Integer recordedExit = null;
        Set<String> recorded = new TreeSet<>();
        for (String line : Files.readAllLines(golden, StandardCharsets.UTF_8)) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("config-id\t")) {
                recordedId = line.substring("config-id\t".length());
            } else if (line.startsWith("exit\t")) {
                recordedExit = Integer.valueOf(line.substring("exit\t".length()));
            } else {
                recorded.add(line);
            }
        }
        Matcher idLine = CONFIG_ID.matcher(Files.readString(config, StandardCharsets.UTF_8));
        String configId = idLine.find() ? idLine.group(1) : DEFAULT_ID;
        assertEquals(configId, recordedId, name + ": the golden file was recorded with another -i id; re-record");

        // As recorded: from the config's folder with a relative -f, so keepalived names files as the config does.
        Run keepalived = run(config.getParent(), 60, "ip", "netns", "exec", NAMESPACE, "sh", "-c",
                "ulimit -c 0; exec \"$0\" -t -l -i \"$1\" -f \"$2\"", KEEPALIVED, configId, name);
        Set<String> said = new TreeSet<>();
        for (String line : keepalived.output().split("\n", -1)) {
            if (!line.isEmpty()) {
                said.add(asGoldenLine(name, line));
            }
        }
        List<String> problems = new ArrayList<>();
        if (recordedExit == null || recordedExit != keepalived.exit()) {
            problems.add("exit code: recorded " + recordedExit + ", keepalived now " + keepalived.exit());
        }
        Set<String> gone = new TreeSet<>(recorded);
        gone.removeAll(said);
        Set<String> added = new TreeSet<>(said);
        added.removeAll(recorded);
        gone.forEach(l -> problems.add("recorded but not said now: " + l.replace('\t', ' ')));
        added.forEach(l -> problems.add("said now but not recorded: " + l.replace('\t', ' ')));
        if (!problems.isEmpty()) {
            fail(name + ": " + golden.getFileName() + " is out of date (re-record with record-oracle.sh):\n  "
                    + String.join("\n  ", problems) + "\n keepalived printed:\n" + keepalived.output());
        }
    }

    /** One line of keepalived -t output in the golden file's form: LINE, FILE:LINE or - , a tab, the message. */
    static String asGoldenLine(String mainFile, String line) {
        Matcher own = OWN_LINE.matcher(line);
        if (own.matches()) {
            return Integer.parseInt(own.group(1)) + "\t" + own.group(2);
        }
        Matcher named = NAMED_LINE.matcher(line);
        if (named.matches()) {
            String where = named.group(1).equals(mainFile) ? "" : named.group(1) + ":";
            return where + Integer.parseInt(named.group(2)) + "\t" + named.group(3);
        }
        return "-\t" + line;
    }

    private static List<Path> configs(Path folder) {
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(p -> p.getFileName().toString().endsWith(".conf") && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Run(int exit, String output) {
    }

    /** Runs a command with stderr merged into stdout; null when the program does not exist. */
    private static Run run(Path dir, int timeoutSeconds, String... command) throws InterruptedException {
        Path output;
        try {
            output = Files.createTempFile("jkv-co-live-", ".out");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Process process;
            try {
                // Output to a file, so a hung command cannot block the reader past the timeout.
                process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                        .start();
            } catch (IOException e) {
                return null;
            }
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                fail(String.join(" ", command) + ": no exit within " + timeoutSeconds + " s");
            }
            return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(output);
            } catch (IOException e) {
                // a leftover temp file is harmless; the test result is what matters
            }
        }
    }
}
