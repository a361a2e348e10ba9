package io.jkeepalived.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.config.ConfigParser;
import io.jkeepalived.config.ParseOptions;
import io.jkeepalived.config.ParseResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code jkeepalived -t} and {@code -t -d} as a real child process ({@link Main}, the test classpath) on configs of
 * the oracle corpus (config-parser/src/test/resources/oracle), whose golden files hold keepalived 2.2.7's exit
 * code for the same text. Checks the exit code (docs/cli.md; equal to keepalived's for these), that every line
 * of the report is {@code FILE:LINE: message} naming the config or a file it includes, and that the dump
 * re-parses to the same model.
 */
class ConfigTestEndToEndTest {
    private static final Path ORACLE = Path.of("..", "config-parser", "src", "test", "resources", "oracle")
            .toAbsolutePath().normalize();
    private static final Pattern REPORT_LINE = Pattern.compile("^(/\\S+):(\\d+): .+$");

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private Run run(Path workdir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(command).directory(workdir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "jkeepalived -t did not finish");
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static int keepalivedExit(String name) throws IOException {
        for (String line : Files.readAllLines(ORACLE.resolve(name + ".keepalived-2.2.7"))) {
            if (line.startsWith("exit\t")) {
                return Integer.parseInt(line.substring(5));
            }
        }
        throw new AssertionError("no exit line in the golden file of " + name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"c10-vs-http-get", "c21-include-glob", "c05-vrrp-tracking", "p07-unknown-block",
            "p20-script-security", "p22-include-problems"})
    void configTestAndDump(String name) throws Exception {
        assertTrue(Files.isDirectory(ORACLE), "the oracle corpus is expected at " + ORACLE);
        Path config = ORACLE.resolve(name + ".conf");
        int expected = keepalivedExit(name);

        Run test = run(ORACLE, "-t", "-f", config.toString(), "-i", "jkv-oracle");
        assertEquals(expected, test.exit(), name + " report:\n" + test.err());
        assertEquals("", test.out());
        assertEquals(expected == 0, test.err().isEmpty(), test.err());
        for (String line : test.err().lines().toList()) {
            var m = REPORT_LINE.matcher(line);
            assertTrue(m.matches(), "not FILE:LINE: message: " + line);
            Path file = Path.of(m.group(1));
            assertTrue(file.equals(config) || file.startsWith(ORACLE.resolve(name + ".d")), line);
            long lines = Files.readAllLines(file, StandardCharsets.UTF_8).size();
            int at = Integer.parseInt(m.group(2));
            assertTrue(at >= 1 && at <= lines, "line outside " + file + ": " + line);
        }

        Run dump = run(ORACLE, "-t", "-d", "-f", config.toString(), "-i", "jkv-oracle");
        assertEquals(expected, dump.exit());
        assertEquals(test.err(), dump.err(), "-d changes nothing in the report");
        assertFalse(dump.out().isBlank(), "a runnable configuration is dumped");
        Path canonical = dir.resolve(name + ".canonical.conf");
        Files.writeString(canonical, dump.out(), StandardCharsets.UTF_8);
        ParseResult original = new ConfigParser(new ParseOptions("jkv-oracle")).parse(config);
        ParseResult again = new ConfigParser(new ParseOptions("jkv-oracle")).parse(canonical);
        assertEquals(original.config(), again.config(), "the dump re-parses to the same model:\n" + dump.out());
    }
}
