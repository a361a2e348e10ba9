package io.jkeepalived.daemon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.config.Diagnostic;
import io.jkeepalived.config.Severity;
import io.jkeepalived.config.SourceLocation;
import io.jkeepalived.daemon.TestHost;
import io.jkeepalived.daemon.cli.KeepalivedOptionTable.KeepalivedOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The command line run in-process: flags, -t and its exit codes, -v, -h, --signum. */
class CliTest {
    @TempDir
    Path dir;

    private Path config;
    private final TestHost host = new TestHost();

    @BeforeEach
    void writeConfig() throws IOException {
        config = dir.resolve("keepalived.conf");
        Files.writeString(config, "global_defs {\n}\n");
    }

    private Diagnostic at(Severity severity, int line, String message) {
        return new Diagnostic(severity, new SourceLocation(config, line), message);
    }

    private int test(String... more) {
        List<String> args = new ArrayList<>(List.of("-t", "-f", config.toString()));
        args.addAll(List.of(more));
        return host.run(args.toArray(String[]::new));
    }

    @Test
    void aCleanConfigurationTestsZeroAndPrintsNothing() {
        assertEquals(0, test());
        assertEquals("", host.err());
        assertEquals("", host.out());
        assertEquals(List.of(config), host.parsedFiles);
    }

    @Test
    void everyDiagnosticIsOneLineFileLineMessageOnStderr() {
        host.loader = (file, options) -> TestHost.result(List.of(
                at(Severity.WARNING, 3, "Unknown keyword 'foo'"),
                at(Severity.ERROR, 7, "invalid virtual_router_id 300\nexpected 1..255")));
        assertEquals(5, test());
        assertEquals(config + ":3: Unknown keyword 'foo'\n"
                + config + ":7: error: invalid virtual_router_id 300 expected 1..255\n", host.err());
    }

    @Test
    void aFatalProblemMeansCannotRun() {
        host.loader = (file, options) -> TestHost.result(List.of(
                at(Severity.WARNING, 1, "w"), at(Severity.FATAL, 2, "cannot open included file")));
        assertEquals(4, test());
        assertTrue(host.err().contains(config + ":2: fatal: cannot open included file\n"));
    }

    /** The exit code comes from the predicate; what to say is the parser's (see ConfigTestWithRealParserTest). */
    @Test
    void scriptsWithoutSecurityGiveSix() {
        host.scriptsWithoutSecurity = c -> true;
        host.loader = (file, options) -> TestHost.result(List.of(at(Severity.WARNING, 1, "w")));
        assertEquals(6, test());
        assertEquals(config + ":1: w\n", host.err());
    }

    @Test
    void aMissingFileCannotRunUnlikeKeepalived227WhichExitsZero() {
        int code = host.run("-t", "-f", dir.resolve("missing.conf").toString());
        assertEquals(4, code);
        assertEquals(dir.resolve("missing.conf") + ": fatal: cannot read the configuration file: no such file\n",
                host.err());
        assertTrue(host.parsedFiles.isEmpty());
    }

    @Test
    void aDirectoryIsNotAConfigurationFile() {
        assertEquals(4, host.run("-t", "-f", dir.toString()));
        assertTrue(host.err().contains("not a regular file"));
    }

    @Test
    void aParserFailureIsOneLineAndCannotRunNeverAStackTrace() {
        host.loader = (file, options) -> {
            throw new UnsupportedOperationException("not written yet");
        };
        assertEquals(4, test());
        assertEquals(config + ": fatal: the configuration could not be parsed: "
                + "UnsupportedOperationException: not written yet\n", host.err());
    }

    @Test
    void aParserFailureShowsItsStackTraceWithDetail() {
        host.loader = (file, options) -> {
            throw new IllegalStateException("boom");
        };
        assertEquals(4, test("-D"));
        assertTrue(host.err().contains("java.lang.IllegalStateException: boom"));
        assertTrue(host.err().contains("\tat "), host.err());
    }

    @Test
    void dashTWithAFileAppendsTheReportThere() throws IOException {
        Path report = dir.resolve("report.txt");
        Files.writeString(report, "earlier\n");
        host.loader = (file, options) -> TestHost.result(List.of(at(Severity.WARNING, 3, "w")));
        assertEquals(5, host.run("-f", config.toString(), "--config-test=" + report));
        assertEquals("earlier\n" + config + ":3: w\n", Files.readString(report));
        assertEquals("", host.err());
    }

    @Test
    void dashTRefusesAReportFileBehindASymlinkAsKeepalivedDoes() throws IOException {
        Path target = dir.resolve("target.txt");
        Files.writeString(target, "keep\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.txt"), target);
        assertEquals(1, host.run("-f", config.toString(), "-t" + link));
        assertEquals("keep\n", Files.readString(target));
        assertTrue(host.err().startsWith("jkeepalived: cannot open config-test log file " + link), host.err());
    }

    @Test
    void dumpWithTestGoesToStdoutWhenRunnable() {
        host.dumper = c -> "global_defs {\n    router_id lb1\n}";
        assertEquals(0, test("-d"));
        assertEquals("global_defs {\n    router_id lb1\n}\n", host.out());
    }

    @Test
    void noDumpWhenTheConfigurationCannotRun() {
        host.loader = (file, options) -> TestHost.result(List.of(at(Severity.FATAL, 1, "f")));
        assertEquals(4, test("-d"));
        assertEquals("", host.out());
    }

    @Test
    void theConfigIdDefaultsToTheNodeNameUpToItsFirstDot() {
        host.nodeName = "lb1.dc2.example.net";
        test();
        assertEquals("lb1", host.parsedWith.get(0).configId());
    }

    @Test
    void theConfigIdCanBeGiven() {
        test("--config-id", "lb7");
        test("-ilb8");
        assertEquals(List.of("lb7", "lb8"), host.parsedWith.stream().map(o -> o.configId()).toList());
    }

    static Stream<List<String>> ignoredOptionForms() {
        List<List<String>> forms = new ArrayList<>();
        for (KeepalivedOption option : KeepalivedOptionTable.ignored()) {
            String longName = "--" + option.longName();
            String letter = option.shortName() == 0 ? null : "-" + option.shortName();
            switch (option.arg()) {
                case NONE -> {
                    forms.add(List.of(longName));
                    if (letter != null) {
                        forms.add(List.of(letter));
                        forms.add(List.of("-n" + option.shortName() + "l"));
                    }
                }
                case REQUIRED -> {
                    forms.add(List.of(longName, "1"));
                    forms.add(List.of(longName + "=1"));
                    if (letter != null) {
                        forms.add(List.of(letter, "1"));
                        forms.add(List.of(letter + "1"));
                        forms.add(List.of("-n" + option.shortName() + "1"));
                    }
                }
                case OPTIONAL -> {
                    forms.add(List.of(longName));
                    forms.add(List.of(longName + "=x"));
                    if (letter != null) {
                        forms.add(List.of(letter));
                        forms.add(List.of(letter + "x"));
                    }
                }
            }
        }
        return forms.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ignoredOptionForms")
    void everyOtherKeepalivedOptionIsAcceptedWithAWarning(List<String> form) {
        List<String> args = new ArrayList<>(form);
        args.addAll(List.of("-t", "-f", config.toString()));
        assertEquals(0, host.run(args.toArray(String[]::new)), host.err());
        assertTrue(host.err().contains(" is not supported by jkeepalived yet; ignored"), host.err());
        assertEquals(1, host.parsedFiles.size(), "the configuration was still tested");
    }

    @Test
    void theWarningNamesTheOptionOnceEvenWhenRepeated() {
        assertEquals(0, host.run("-S", "1", "--log-facility=2", "-GS3", "-t", "-f", config.toString()));
        String err = host.err();
        assertEquals(1, count(err, "Option -S/--log-facility is not supported by jkeepalived yet; ignored"), err);
        assertEquals(1, count(err, "Option -G/--no-syslog is not supported by jkeepalived yet; ignored"), err);
        assertTrue(err.indexOf("--log-facility") < err.indexOf("--no-syslog"), "in command line order");
    }

    @Test
    void supportedFlagsAreNotWarnedAbout() {
        assertEquals(0, host.run("-lnDPC", "-t", "-f", config.toString(), "-p", "/x", "-r", "/y", "-c", "/z"));
        assertFalse(host.err().contains("not supported"), host.err());
    }

    @Test
    void detailIsPassedToLogging() {
        test("-DD");
        assertEquals(2, host.logSettings.get(0).detail());
        assertFalse(host.logSettings.get(0).journal());
    }

    @Test
    void anUnknownOptionIsAUsageErrorExitOne() {
        assertEquals(1, host.run("-n", "--bogus"));
        assertEquals("jkeepalived: unknown option --bogus\nTry 'jkeepalived --help' for more information.\n",
                host.err());
        assertTrue(host.parsedFiles.isEmpty());
    }

    @Test
    void aStrayWordIsAUsageError() {
        assertEquals(1, host.run("-n", "stray"));
        assertTrue(host.err().startsWith("jkeepalived: Unmatched argument"), host.err());
        assertTrue(host.parsedFiles.isEmpty());
    }

    @Test
    void versionGoesToStderrAsKeepalivedDoes() {
        assertEquals(0, host.run("-v"));
        String[] lines = host.err().split("\n");
        assertTrue(lines[0].matches("jkeepalived \\d+\\.\\d+\\.\\d+.*"), lines[0]);
        assertTrue(lines[1].contains("keepalived 2.2.7"), lines[1]);
        assertEquals("", host.out());
        assertTrue(host.parsedFiles.isEmpty());
    }

    @Test
    void helpListsEverySupportedFlagOnStderr() {
        assertEquals(0, host.run("--help"));
        String help = host.err();
        for (KeepalivedOption option : KeepalivedOptionTable.ALL) {
            if (option.supported()) {
                assertTrue(help.contains("--" + option.longName()), option + " missing from help");
            } else if (!option.longName().equals("genhash")) {
                assertTrue(help.contains("--" + option.longName()), option + " missing from the ignored list");
            }
        }
        assertTrue(help.contains("Exit status:"));
    }

    @Test
    void signumPrintsKeepalivedsNumbers() {
        assertEquals(0, host.run("--signum=STOP"));
        assertEquals(0, host.run("--signum", "RELOAD"));
        assertEquals(0, host.run("--signum=DATA"));
        assertEquals(0, host.run("--signum=STATS"));
        assertEquals("15\n1\n10\n12\n", host.out());
    }

    @Test
    void signumRefusesWhatWeDoNotAnswer() {
        assertEquals(1, host.run("--signum=JSON"));
        assertEquals(1, host.run("--signum=stop"));
        assertEquals("jkeepalived: sigfunc JSON is not supported by jkeepalived yet\n"
                + "jkeepalived: unknown sigfunc stop\n", host.err());
        assertEquals("", host.out());
    }

    @Test
    void genhashModeHandsTheRestToGenhashWithoutStartingAnything() {
        // -u alone: genhash wants -s and -p too, so it prints its usage and exits 1, as keepalived's.
        assertEquals(1, host.run("-T", "-u", "http://127.0.0.1/"));
        assertTrue(host.err().startsWith("Usage: jkeepalived --genhash -s ADDRESS -p PORT -u PATH"), host.err());
        assertTrue(host.parsedFiles.isEmpty());
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}
