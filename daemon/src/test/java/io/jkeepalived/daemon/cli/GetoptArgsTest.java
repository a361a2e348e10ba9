package io.jkeepalived.daemon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.daemon.TestHost;
import io.jkeepalived.daemon.cli.KeepalivedOptionTable.Arg;
import io.jkeepalived.daemon.cli.KeepalivedOptionTable.KeepalivedOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Model.CommandSpec;

class GetoptArgsTest {
    private static final CommandSpec SPEC = Cli.commandLine(
            new JkeepalivedCommand(new TestHost().host(), List.of()), new TestHost().host()).getCommandSpec();
    private static final GetoptArgs GETOPT = new GetoptArgs(SPEC, Set.of("--genhash"));

    private static List<String> normalize(String... args) throws UsageException {
        return GETOPT.normalize(List.of(args));
    }

    static Stream<KeepalivedOption> allKeepalivedOptions() {
        return KeepalivedOptionTable.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allKeepalivedOptions")
    void everyKeepalivedOptionIsKnownUnderBothNamesWithKeepalivedsArity(KeepalivedOption option) throws Exception {
        String canonical = "--" + option.longName();
        switch (option.arg()) {
            case NONE -> {
                assertEquals(List.of(canonical), normalize("--" + option.longName()));
                if (option.shortName() != 0) {
                    assertEquals(List.of(canonical), normalize("-" + option.shortName()));
                }
            }
            case REQUIRED -> {
                assertEquals(List.of(canonical + "=v"), normalize("--" + option.longName(), "v"));
                assertEquals(List.of(canonical + "=v"), normalize("--" + option.longName() + "=v"));
                if (option.shortName() != 0) {
                    assertEquals(List.of(canonical + "=v"), normalize("-" + option.shortName(), "v"));
                    assertEquals(List.of(canonical + "=v"), normalize("-" + option.shortName() + "v"));
                }
            }
            case OPTIONAL -> {
                assertEquals(List.of(canonical + "="), normalize("--" + option.longName()));
                assertEquals(List.of(canonical + "=v"), normalize("--" + option.longName() + "=v"));
                if (option.shortName() != 0) {
                    assertEquals(List.of(canonical + "="), normalize("-" + option.shortName()));
                    assertEquals(List.of(canonical + "=v"), normalize("-" + option.shortName() + "v"));
                }
            }
        }
    }

    /**
     * jkeepalived's own options, documented in docs/cli.md. Each must leave every abbreviation keepalived accepts
     * meaning what it means to keepalived (checked below).
     */
    private static final Set<String> OURS = Set.of("--control-socket");

    @Test
    void weKnowNoOptionKeepalivedDoesNotHaveButOurDocumentedOnes() {
        Set<String> keepalived = KeepalivedOptionTable.ALL.stream()
                .map(o -> "--" + o.longName()).collect(java.util.stream.Collectors.toSet());
        for (var option : SPEC.options()) {
            assertTrue(keepalived.contains(option.longestName()) || OURS.contains(option.longestName()),
                    option.longestName() + " is not keepalived's");
        }
    }

    @Test
    void ourOwnOptionsMakeNoKeepalivedAbbreviationAmbiguous() throws Exception {
        for (KeepalivedOption option : KeepalivedOptionTable.ALL) {
            if (!option.supported()) {
                continue;
            }
            String name = option.longName();
            for (int length = 1; length < name.length(); length++) {
                String prefix = name.substring(0, length);
                long keepalivedMatches = KeepalivedOptionTable.ALL.stream()
                        .filter(o -> o.longName().startsWith(prefix)).count();
                boolean oursMatch = OURS.stream().anyMatch(o -> o.substring(2).startsWith(prefix));
                if (keepalivedMatches == 1) {
                    assertFalse(oursMatch, "--" + prefix + " means --" + name + " to keepalived");
                }
            }
        }
    }

    @Test
    void shortFlagsCombineInOneWord() throws Exception {
        assertEquals(List.of("--log-console", "--dont-fork", "--log-detail", "--log-detail"), normalize("-lnDD"));
    }

    @Test
    void aRequiredArgumentEndsTheClusterAndTakesTheRestOrTheNextWord() throws Exception {
        assertEquals(List.of("--dont-fork", "--use-file=/etc/k.conf"), normalize("-nf/etc/k.conf"));
        assertEquals(List.of("--dont-fork", "--use-file=/etc/k.conf", "--log-console"),
                normalize("-nf", "/etc/k.conf", "-l"));
        assertEquals(List.of("--log-facility=local0", "--dont-fork"), normalize("-Slocal0", "-n"));
    }

    @Test
    void aRequiredArgumentMayStartWithADashAsGetoptAllows() throws Exception {
        assertEquals(List.of("--use-file=-n"), normalize("-f", "-n"));
        assertEquals(List.of("--use-file=-n"), normalize("--use-file", "-n"));
    }

    @Test
    void anOptionalArgumentIsOnlyTakenWhenAttached() throws Exception {
        assertEquals(List.of("--config-test=", "report.txt"), normalize("-t", "report.txt"));
        assertEquals(List.of("--config-test=report.txt"), normalize("-treport.txt"));
        assertEquals(List.of("--config-test=report.txt"), normalize("--config-test=report.txt"));
        assertEquals(List.of("--dont-fork", "--config-test="), normalize("-nt"));
        // As in getopt: the rest of the cluster is -t's file, not more flags.
        assertEquals(List.of("--config-test=n"), normalize("-tn"));
    }

    @Test
    void longNamesMayBeShortenedWhileUnambiguous() throws Exception {
        assertEquals(List.of("--use-file=x"), normalize("--use=x"));
        assertEquals(List.of("--checkers_pid=x"), normalize("--checkers", "x"));
        // An exact name wins over the longer names it starts: --vrrp is not --vrrp_pid.
        assertEquals(List.of("--vrrp"), normalize("--vrrp"));
        UsageException ambiguous = assertThrows(UsageException.class, () -> normalize("--log"));
        assertEquals("option --log is ambiguous; possibilities: --log-console --log-detail --log-facility --log-file",
                ambiguous.getMessage());
    }

    @Test
    void unknownOptionsAreRejectedAsKeepalivedDoes() {
        assertEquals("unknown option -Z", assertThrows(UsageException.class, () -> normalize("-nZ")).getMessage());
        assertEquals("unknown option --bogus",
                assertThrows(UsageException.class, () -> normalize("--bogus=1")).getMessage());
    }

    @Test
    void missingOrEmptyRequiredArgumentsAreRejected() {
        assertEquals("missing parameter for option -f",
                assertThrows(UsageException.class, () -> normalize("-n", "-f")).getMessage());
        assertEquals("missing parameter for option --use-file",
                assertThrows(UsageException.class, () -> normalize("--use-file=")).getMessage());
        assertEquals("missing parameter for option --pid",
                assertThrows(UsageException.class, () -> normalize("--pid")).getMessage());
    }

    @Test
    void aFlagGivenAValueIsRejected() {
        assertEquals("option --dont-fork does not take a value",
                assertThrows(UsageException.class, () -> normalize("--dont-fork=yes")).getMessage());
    }

    @Test
    void processingStopsAtTheFirstWordThatIsNotAnOptionLeavingRoomForSubcommands() throws Exception {
        assertEquals(List.of("--dont-fork", "ctl", "-x", "--weird"), normalize("-n", "ctl", "-x", "--weird"));
        assertEquals(List.of("--log-detail", "--", "-n"), normalize("-D", "--", "-n"));
        assertEquals(List.of("-"), normalize("-"));
    }

    @Test
    void genhashEndsTheCommandLineBecauseKeepalivedHandsTheRestToGenhash() throws Exception {
        assertEquals(List.of("--dont-fork", "--genhash"), normalize("-n", "-T", "-u", "http://127.0.0.1/", "-Zq"));
        assertEquals(List.of("--genhash"), normalize("-Tz"));
    }

    @Test
    void theCanonicalFormParsesInPicocliToTheValuesGiven() throws Exception {
        JkeepalivedCommand command = new JkeepalivedCommand(new TestHost().host(), List.of());
        CommandLine commandLine = Cli.commandLine(command, new TestHost().host());
        commandLine.parseArgs(GETOPT.normalize(List.of("-DDnf", "-x.conf", "-tout", "-ilb2", "--pid", "/run/a.pid",
                "-r/run/b.pid", "--checkers=/run/c.pid", "-dPl")).toArray(String[]::new));
        assertEquals("-x.conf", command.configFile.toString());
        assertEquals(2, command.logDetail.length);
        assertEquals("out", command.configTest);
        assertEquals("lb2", command.configId);
        assertEquals("/run/a.pid", command.pidFile.toString());
        assertEquals("/run/b.pid", command.vrrpPidFile.toString());
        assertEquals("/run/c.pid", command.checkersPidFile.toString());
        assertTrue(command.dontFork && command.dumpConf && command.vrrpOnly && command.logConsole);
    }

    /** Stands for a later subcommand (ctl, genhash, demo); none exists in the product yet. */
    @Command(name = "ctl")
    static final class LaterSubcommand implements Callable<Integer> {
        @Parameters
        List<String> words;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            return 42;
        }
    }

    @Test
    void aSubcommandAddedLaterGetsItsWordsUntouchedAfterTheKeepalivedFlags() throws Exception {
        TestHost host = new TestHost();
        JkeepalivedCommand top = new JkeepalivedCommand(host.host(), List.of());
        CommandLine commandLine = Cli.commandLine(top, host.host());
        LaterSubcommand ctl = new LaterSubcommand();
        commandLine.addSubcommand("ctl", ctl);
        List<String> canonical = new GetoptArgs(commandLine.getCommandSpec(), Set.of("--genhash"))
                .normalize(List.of("-Dnf", "/k.conf", "ctl", "--json", "status"));
        assertEquals(42, commandLine.execute(canonical.toArray(String[]::new)));
        assertTrue(ctl.json);
        assertEquals(List.of("status"), ctl.words);
        assertEquals(1, top.logDetail.length);
        assertEquals("/k.conf", top.configFile.toString());
    }

    @Test
    void defaultsAreKeepalivedsWhenNothingIsGiven() throws Exception {
        JkeepalivedCommand command = new JkeepalivedCommand(new TestHost().host(), List.of());
        Cli.commandLine(command, new TestHost().host()).parseArgs();
        assertEquals("/etc/keepalived/keepalived.conf", command.configFile.toString());
        assertEquals(null, command.configTest);
        assertEquals(null, command.configId);
        assertEquals(0, command.logDetail.length);
    }

    @Test
    void optionKindsAreTakenFromThePicocliArity() {
        // Guards the table above against drift: the ignored options keep keepalived's argument kinds too.
        for (KeepalivedOption option : KeepalivedOptionTable.ALL) {
            var spec = SPEC.findOption("--" + option.longName());
            Arg kind = spec.arity().max() == 0 ? Arg.NONE : spec.arity().min() == 0 ? Arg.OPTIONAL : Arg.REQUIRED;
            assertEquals(option.arg(), kind, option.toString());
            if (option.shortName() != 0) {
                assertTrue(List.of(spec.names()).contains("-" + option.shortName()), option.toString());
            }
        }
    }
}
