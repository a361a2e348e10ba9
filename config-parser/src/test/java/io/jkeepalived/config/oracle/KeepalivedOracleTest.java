package io.jkeepalived.config.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jkeepalived.config.ConfigParser;
import io.jkeepalived.config.Diagnostic;
import io.jkeepalived.config.ParseOptions;
import io.jkeepalived.config.ParseResult;
import io.jkeepalived.config.oracle.KeepalivedVerdict.Finding;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * jkeepalived's parser against keepalived 2.2.7's recorded verdicts (the golden files under
 * {@code src/test/resources/oracle} and {@code src/test/resources/seeds}; see the oracle README). For every config:
 * <ol>
 *   <li>parsing never throws;</li>
 *   <li>where keepalived exited 0 and said nothing, jkeepalived reports no diagnostic at all;</li>
 *   <li>every file:line keepalived flagged, jkeepalived flags too (any severity, any wording), except the
 *       host facts in {@link #HOST_DEPENDENT};</li>
 *   <li>jkeepalived flags no other file:line unless {@link #ALLOWED_EXTRA} lists it, with the reason;</li>
 *   <li>where keepalived reported anything (other than host facts), jkeepalived reports something - this is
 *       what catches problems keepalived only reports without a line.</li>
 * </ol>
 * Locations are compared as {@code LINE} for the config itself and {@code PATH:LINE} for included files, PATH
 * relative to the config's folder.
 */
public class KeepalivedOracleTest {

    /**
     * keepalived findings that are facts about the host keepalived ran on (its interfaces), not about the text.
     * The parser does not look at the host, so it is not expected to reproduce them. The recordings ran in a
     * namespace with only lo, eth0 and eth1, so these are the configs naming other interfaces.
     */
    private static final List<Pattern> HOST_DEPENDENT = List.of(
            Pattern.compile("^WARNING - interface \\S+ for vrrp_instance \\S+ doesn't exist$"),
            Pattern.compile("^WARNING - interface \\S+ for ip address \\S+ doesn't exist$"),
            Pattern.compile("^\\(\\S+\\) tracked interface \\S+ doesn't exist$"),
            Pattern.compile("^Non-existent interface specified in configuration$"));

    /**
     * Lines jkeepalived may flag although keepalived 2.2.7 did not, per config (file name without .conf), with
     * the reason. Three kinds only: keepalived reported the problem without a line (so we may pin it to the
     * line it concerns); keepalived stopped reading (exit 2 or a crash) before reaching the line; or one of our
     * deliberate differences documented in docs/config-language.md makes the line differ, and the entry names it.
     */
    private static final Map<String, Map<String, String>> ALLOWED_EXTRA = new TreeMap<>();

    private static void allow(String config, String why, String... locations) {
        Map<String, String> lines = ALLOWED_EXTRA.computeIfAbsent(config, c -> new TreeMap<>());
        for (String location : locations) {
            lines.put(location, why);
        }
    }

    static {
        // --- keepalived gave up (exit 2: a keyword without its value stops the parse) or crashed ---
        allow("p14-missing-parameter-global", "keepalived exits 2 at line 4; line 5 also lacks its value", "5");
        allow("p19-missing-parameter-vrrp", "keepalived exits 2 at line 3; priority and advert_int lack values too",
                "6", "7");
        allow("p25-missing-parameter-lvs", "keepalived exits 2 at line 3; weight and delay_loop lack values too",
                "7", "9");
        allow("p26-unterminated-quote-crash", "keepalived segfaults after line 3; the vrrp_script has no usable script"
                + " (reported at its closing '}', where keepalived's end-of-block check would report it)", "5");
        allow("p25-missing-parameter-lvs", "keepalived exits 2 at line 3 before its post-parse check, which reports"
                + " 'no scheduler set, setting default wlc' without a line", "2");

        // --- keepalived reported these without a line; the lines are the objects the messages name ---
        allow("p03-vrid-0", "unlocated '(VI_V0) the virtual router id must be set'; VI_V0, VI_V256 end up without"
                + " a VRID and VI_NONE never had one (keepalived stops at the first)", "2", "12", "22");
        allow("p05-word-for-number", "unlocated '(VI_WORD) the virtual router id must be set'", "2");
        allow("p08-missing-brace", "unlocated 'There are 2 missing '}'s': the unclosed blocks open at 2 and 7",
                "2", "7");
        allow("p10-bad-scheduler", "unlocated 'no scheduler set, setting default wlc' for each virtual server",
                "2", "10", "18");
        allow("p13-bad-method", "unlocated 'no forwarding method set' (port 80) and 'no protocol set' (port 84)",
                "2", "35");
        allow("p16-bad-auth", "unlocated '(VI_AUTH3) Authentication specified but no password given'", "30");
        allow("p17-bad-state", "unlocated '(VI_ST3) nopreempt will not work with initial state MASTER'", "22");
        allow("seed001-ds-backup-vrrp-only", "unlocated '(VI_1) Strict mode does not support authentication."
                + " Ignoring.': keepalived reports it when interface eno1 exists (checked in a namespace holding eno1);"
                + " in the recording namespace eno1 is missing and keepalived skips the instance's checks", "19");
        allow("p20-script-security", "unlocated 'SECURITY VIOLATION - scripts are being executed but"
                + " script_security not enabled': reported at the first script line", "3");
        allow("p21-brace-after-value", "unlocated 'There are 1 missing '}'s'; keepalived's checker counted the '{'"
                + " of line 9 and silently lost everything after it (the virtual_server at 15 with its '//vip' and"
                + " 'lvs_method DR //' problems)", "6", "10", "11", "15", "17", "22");
        allow("p22-include-problems", "unlocated 'no scheduler set' for the virtual server in web.conf",
                "p22-include-problems.d/web.conf:1");
        allow("p27-vsg-mixed-family", "unlocated 'fwmark virtual server FWM 31, real server ... has port specified'",
                "20");
        allow("p27-vsg-mixed-family", "documented difference (config-language.md, LVS 'Where we differ'): a virtual"
                + " server naming an unusable group is dropped with an error at its line; keepalived only logs it", "8");
        allow("p28-duplicate-tracking", "unlocated '(VI_DUP) Ignoring track_interface eth0 since own interface'",
                "19");
        allow("p29-lvs-defaults", "unlocated 'no protocol/scheduler/forwarding method set' (port 80) and"
                + " 'has no real servers' (port 81)", "3", "10");
        allow("p30-vrrp-unlocated", "unlocated 'VI_FRAC advertisement interval must be an integer', '(VI_NOVIP) No"
                + " VIP specified', 'VI_FRAC and VI_SAMEID both use VRID 103'", "3", "14", "21");
        allow("seed001-explained-vrrp-instance", "unlocated '(VI_1) nopreempt will not work with initial state"
                + " MASTER'", "1");
        allow("seed001-local-rs-fragment", "unlocated 'no protocol/scheduler/forwarding method set'", "1");
        allow("seed001-sorry-server-fragment", "unlocated 'There are 1 missing '}'s' and 'has no real servers':"
                + " the virtual_server opened at 1 is never closed", "1");
        allow("seed001-upyun-keepalived", "unlocated '(upyun_lb) the virtual router id must be set'", "13");
        allow("seed001-upyun-virserver", "unlocated 'has no real servers'", "2");
        // seed003-*: '(vi_1) the virtual router id must be set' belongs to line 3, which keepalived flags anyway.

        // --- documented deliberate differences (docs/config-language.md) ---
        // ';' and '//' comments: we warn on every line carrying one; keepalived reads the words and often ignores
        // them silently (extra words after a value), so it flags only some of these lines.
        String slashes = "documented difference: '//' starts a comment for us, with a warning on its line; keepalived"
                + " silently ignores the extra words on this line";
        allow("seed001-ds-backup-vrrp-only", slashes, "20", "23");
        allow("seed001-ds-master-vrrp-only", slashes, "5", "13", "21", "22", "23", "24");
        allow("seed001-lvs-master-vs-fragment", slashes, "3", "11");
        // A block where keepalived reads none is skipped whole; we warn at every line keepalived reads at another
        // level (SkippedBlockReport). keepalived is silent where that other level happens to know the keyword.
        String skipped = "documented difference: a block is skipped whole where keepalived reads its lines one level"
                + " further out; ";
        allow("p07-unknown-block", skipped + "keepalived silently applies 'preempt_delay 10' to VI_BLK", "16");
        allow("p08-missing-brace", skipped + "for keepalived this '}' closes virtual_ipaddress, silently", "16");
        allow("p21-brace-after-value", skipped + "keepalived's VRRP process reads 10-13 as the operator meant and"
                + " its checker process lost the virtual_server at 15 (see above), so it says nothing at these lines",
                "12", "16", "18", "19", "20", "21");
    }

    private static final List<String> CORPORA = List.of("oracle", "seeds");

    @TestFactory
    Stream<DynamicNode> jkeepalivedFlagsWhatKeepalivedFlags() {
        return CORPORA.stream().map(corpus -> DynamicContainer.dynamicContainer(corpus,
                configs(corpus).stream().map(config -> DynamicTest.dynamicTest(
                        config.getFileName().toString(), config.toUri(),
                        () -> check(config, (id, path) -> new ConfigParser(new ParseOptions(id)).parse(path))))));
    }

    /** Every config has its golden file, so a new config cannot silently escape the oracle. */
    @Test
    void everyConfigHasAGoldenFile() {
        List<String> missing = new ArrayList<>();
        for (String corpus : CORPORA) {
            for (Path config : configs(corpus)) {
                if (!Files.isRegularFile(golden(config))) {
                    missing.add(corpus + "/" + config.getFileName());
                }
            }
        }
        assertEquals(List.of(), missing, "configs without NAME" + KeepalivedVerdict.SUFFIX
                + " (run src/test/resources/oracle/record-oracle.sh as root)");
        assertTrue(configs("oracle").size() >= 40, "the oracle corpus shrank");
        assertEquals(20, configs("seeds").size(), "seed configs");
    }

    /** The allow-list names only existing configs and only lines keepalived did not flag already. */
    @Test
    void allowListIsNotStale() {
        Map<String, Path> byName = new LinkedHashMap<>();
        CORPORA.forEach(corpus -> configs(corpus).forEach(c -> byName.put(baseName(c), c)));
        for (var entry : ALLOWED_EXTRA.entrySet()) {
            Path config = byName.get(entry.getKey());
            assertTrue(config != null, "allow-list names an unknown config " + entry.getKey());
            Set<String> flagged = keepalivedLocations(config, KeepalivedVerdict.read(golden(config)));
            for (String location : entry.getValue().keySet()) {
                assertFalse(flagged.contains(location),
                        entry.getKey() + ": allow-listed " + location + " is flagged by keepalived already");
            }
        }
    }

    /** Every allow-listed line is one jkeepalived really flags: an entry that is no longer needed must go. */
    @Test
    void allowListIsUsed() {
        Map<String, Path> byName = new LinkedHashMap<>();
        CORPORA.forEach(corpus -> configs(corpus).forEach(c -> byName.put(baseName(c), c)));
        List<String> unused = new ArrayList<>();
        for (var entry : ALLOWED_EXTRA.entrySet()) {
            Path config = byName.get(entry.getKey());
            String id = KeepalivedVerdict.read(golden(config)).configId();
            Set<String> ours = new TreeSet<>();
            new ConfigParser(new ParseOptions(id)).parse(config).diagnostics()
                    .forEach(d -> ours.add(location(config, d)));
            for (String location : entry.getValue().keySet()) {
                if (!ours.contains(location)) {
                    unused.add(entry.getKey() + ":" + location);
                }
            }
        }
        assertEquals(List.of(), unused, "allow-list entries jkeepalived does not need");
    }

    /** Checks one config; {@code parser} is (config id, path) to result - jkeepalived's ConfigParser in the tests. */
    static void check(Path config, BiFunction<String, Path, ParseResult> parser) {
        KeepalivedVerdict verdict = KeepalivedVerdict.read(golden(config));
        String name = baseName(config);
        ParseResult result;
        try {
            result = parser.apply(verdict.configId(), config);
        } catch (RuntimeException | Error e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            fail(name + ": parsing threw instead of reporting diagnostics:\n" + trace);
            return;
        }
        List<Diagnostic> diagnostics = result.diagnostics();
        Map<String, List<Diagnostic>> ours = new TreeMap<>();
        for (Diagnostic d : diagnostics) {
            ours.computeIfAbsent(location(config, d), k -> new ArrayList<>()).add(d);
        }

        if (verdict.clean()) {
            assertEquals(List.of(), render(diagnostics),
                    name + ": keepalived 2.2.7 accepts this config without a word; jkeepalived must too");
            return;
        }

        List<String> problems = new ArrayList<>();
        Set<String> theirs = keepalivedLocations(config, verdict);
        Map<String, List<String>> theirMessages = new TreeMap<>();
        for (Finding f : verdict.findings()) {
            if (f.located() && !hostDependent(f)) {
                theirMessages.computeIfAbsent(keepalivedLocation(config, f), k -> new ArrayList<>()).add(f.message());
            }
        }
        for (var flagged : theirMessages.entrySet()) {
            if (!ours.containsKey(flagged.getKey())) {
                problems.add("keepalived flags " + flagged.getKey() + " " + flagged.getValue() + ", jkeepalived does not");
            }
        }
        Map<String, String> allowed = ALLOWED_EXTRA.getOrDefault(name, Map.of());
        for (var flagged : ours.entrySet()) {
            if (!theirs.contains(flagged.getKey()) && !allowed.containsKey(flagged.getKey())) {
                problems.add("jkeepalived flags " + flagged.getKey() + " " + render(flagged.getValue())
                        + ", keepalived does not (not in ALLOWED_EXTRA)");
            }
        }
        boolean keepalivedObjected = verdict.findings().stream().anyMatch(f -> !hostDependent(f));
        if (keepalivedObjected && diagnostics.isEmpty()) {
            problems.add("keepalived reports problems (exit " + verdict.exitCode() + "), jkeepalived reports none");
        }
        if (!problems.isEmpty()) {
            fail(name + " (keepalived 2.2.7 exit " + verdict.exitCode() + "):\n  "
                    + String.join("\n  ", problems)
                    + "\n keepalived said:\n  " + verdict.findings().stream()
                            .map(f -> (f.located() ? (f.file().isEmpty() ? "" : f.file() + ":") + f.line() : "-")
                                    + "\t" + f.message())
                            .collect(Collectors.joining("\n  "))
                    + "\n jkeepalived said:\n  " + String.join("\n  ", render(diagnostics)));
        }
    }

    private static boolean hostDependent(Finding f) {
        return HOST_DEPENDENT.stream().anyMatch(p -> p.matcher(f.message()).matches());
    }

    /** The located, non-host-dependent findings as comparable locations. */
    private static Set<String> keepalivedLocations(Path config, KeepalivedVerdict verdict) {
        Set<String> locations = new TreeSet<>();
        for (Finding f : verdict.findings()) {
            if (f.located() && !hostDependent(f)) {
                locations.add(keepalivedLocation(config, f));
            }
        }
        return locations;
    }

    /**
     * keepalived names an included file relative to the file that included it, so a nested include shows only
     * its tail; find the one file under the config's folder with that tail.
     */
    private static String keepalivedLocation(Path config, Finding f) {
        if (f.file().isEmpty()) {
            return Integer.toString(f.line());
        }
        Path folder = config.getParent();
        Path named = Path.of(f.file());
        Path file;
        if (named.isAbsolute()) {
            file = named;
        } else {
            try (Stream<Path> walk = Files.walk(folder)) {
                List<Path> matches = walk.filter(p -> p.endsWith(named) && Files.isRegularFile(p)).toList();
                if (matches.size() != 1) {
                    throw new IllegalStateException(config + ": keepalived's file name " + named
                            + " matches " + matches + "; make included file names unique");
                }
                file = matches.get(0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return relative(folder, file) + ":" + f.line();
    }

    private static String location(Path config, Diagnostic d) {
        Path file = d.location().file().toAbsolutePath().normalize();
        if (file.equals(config.toAbsolutePath().normalize())) {
            return Integer.toString(d.location().line());
        }
        return relative(config.getParent(), file) + ":" + d.location().line();
    }

    private static String relative(Path folder, Path file) {
        Path rel = folder.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize());
        return rel.toString().replace('\\', '/');
    }

    private static List<String> render(List<Diagnostic> diagnostics) {
        return diagnostics.stream().map(Diagnostic::toString).toList();
    }

    private static Path golden(Path config) {
        return config.resolveSibling(baseName(config) + KeepalivedVerdict.SUFFIX);
    }

    private static String baseName(Path config) {
        String file = config.getFileName().toString();
        return file.substring(0, file.length() - ".conf".length());
    }

    /** The configs of one corpus: the folder's own *.conf files (included files live in sub-folders). */
    public static List<Path> configs(String corpus) {
        Path folder;
        try {
            var url = KeepalivedOracleTest.class.getResource("/" + corpus);
            if (url == null) {
                throw new IllegalStateException("test resource folder /" + corpus + " is missing");
            }
            folder = Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(p -> p.getFileName().toString().endsWith(".conf") && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
