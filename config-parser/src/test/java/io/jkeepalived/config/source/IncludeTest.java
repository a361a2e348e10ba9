package io.jkeepalived.config.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.config.Diagnostic;
import io.jkeepalived.config.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * include, includer/m/w/b/a and include_check. "Verified" means the same layout was given to keepalived 2.2.7 as
 * {@code keepalived -t -l -P -f main.conf} and its messages match: which files it read in which order (from
 * {@code (FILE: Line N) Unknown keyword 'W'}), the message for a missing file, and the exit code.
 */
class IncludeTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    /**
     * Verified: sub/a.conf's {@code include c.conf} reads sub/c.conf, not c.conf next to main.conf;
     * {@code include sub/{b,a,zz}.conf} reads b then a (the order written) and says "Some config files missing";
     * a missing file gives "Config files missing 'missing.conf'." and exit code 0 (no error).
     */
    @Test
    void includesAreRelativeToTheIncludingFileAndBracesKeepTheirOrder() throws IOException {
        Path main = write("main.conf", """
                A_main
                include missing.conf
                include nomatch*.conf
                include sub/{b,a,zz}.conf
                B_main
                """);
        write("sub/a.conf", "in_a\ninclude c.conf\n");
        write("sub/b.conf", "in_b\n");
        write("sub/c.conf", "in_c_from_sub\n");
        write("c.conf", "in_c_top\n");
        Harness h = Harness.file(main);
        assertEquals("""
                1 A_main
                b.conf:1 in_b
                a.conf:1 in_a
                c.conf:1 in_c_from_sub
                5 B_main
                """, h.tree());
        assertEquals(dir.resolve("sub/c.conf"), h.statements.get(3).location().file());
        assertEquals("""
                WARNING main.conf:2 Config files missing 'missing.conf' (relative to %s).
                WARNING main.conf:4 Some config files missing: "sub/{b,a,zz}.conf" (relative to %s).
                """.formatted(dir, dir), h.problems());
        assertEquals(0, h.count(Severity.ERROR));
    }

    /**
     * Verified: {@code include g/*} reads g/B.conf, g/_x.conf, g/a.conf (byte order), skips g/.h.conf, and says
     * "Configuration file 'g/d.conf/' is a directory - skipping" and "... 'g/e.conf' is not a regular
     * non-executable file - skipping" (e.conf is chmod +x).
     */
    @Test
    void globsAreSortedSkipHiddenFilesDirectoriesAndExecutables() throws IOException {
        write("g/B.conf", "gB\n");
        write("g/a.conf", "ga\n");
        write("g/_x.conf", "g_\n");
        write("g/.h.conf", "gdot\n");
        Path exe = write("g/e.conf", "gexe\n");
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(dir.resolve("g/d.conf"));
        Path main = write("main.conf", "include g/*\ninclude g/.h*\ninclude g/[ab_]*.conf\ninclude g/?.conf\n");
        Harness h = Harness.file(main);
        assertEquals("""
                B.conf:1 gB
                _x.conf:1 g_
                a.conf:1 ga
                .h.conf:1 gdot
                _x.conf:1 g_
                a.conf:1 ga
                B.conf:1 gB
                a.conf:1 ga
                """, h.tree());
        assertEquals("""
                WARNING main.conf:1 Configuration file '%1$s/g/d.conf' is a directory - skipping
                WARNING main.conf:1 Configuration file '%1$s/g/e.conf' is not a regular non-executable file - skipping
                WARNING main.conf:4 Configuration file '%1$s/g/d.conf' is a directory - skipping
                WARNING main.conf:4 Configuration file '%1$s/g/e.conf' is not a regular non-executable file - skipping
                """.formatted(dir), h.problems());
    }

    @Test
    void wildcardsInDirectoriesAndAbsolutePatterns() throws IOException {
        write("conf.d/vs1/rs.conf", "rs1\n");
        write("conf.d/vs2/rs.conf", "rs2\n");
        write("conf.d/file", "not a directory\n");
        Path main = write("main.conf", "include conf.d/*/rs.conf\ninclude " + dir + "/conf.d/vs{2,1}/*.conf\n");
        Harness h = Harness.file(main);
        assertEquals("""
                rs.conf:1 rs1
                rs.conf:1 rs2
                rs.conf:1 rs2
                rs.conf:1 rs1
                """, h.tree());
        assertTrue(h.clean(), h.problems());
    }

    /**
     * Verified: 'includer missing.conf' -> "Config files missing" and exit 0; 'includew nomatch*.conf' -> "No
     * config files matched 'nomatch*.conf'." and exit 6; a quoted name is taken literally, quotes included
     * ("Config files missing '"sub/a.conf"'.").
     */
    @Test
    void includeVariantsDecideWhatIsAnError() throws IOException {
        write("present.conf", "present\n");
        Path main = write("main.conf", """
                includer missing.conf
                includem missing.conf
                includew nomatch*.conf
                include nomatch*.conf
                includeb {present,absent}.conf
                includea present.conf
                include "present.conf"
                includex present.conf
                """);
        Harness h = Harness.file(main);
        assertEquals("""
                present.conf:1 present
                8 includex present.conf
                """, h.tree());
        String rel = " (relative to " + dir + ")";
        assertEquals("""
                WARNING main.conf:1 Config files missing 'missing.conf'%1$s.
                ERROR main.conf:2 Config files missing 'missing.conf'%1$s.
                ERROR main.conf:3 No config files matched 'nomatch*.conf'%1$s.
                ERROR main.conf:5 Some config files missing: "{present,absent}.conf"%1$s.
                WARNING main.conf:7 Config files missing '"present.conf"'%1$s.
                """.formatted(rel), h.problems());
    }

    @Test
    void includeCheckInGlobalDefsAppliesToLaterIncludesUntilTheFileEnds() throws IOException {
        write("strict.conf", "global_defs {\n  include_check +match\n}\ninclude missing1.conf\n");
        Path main = write("main.conf", """
                include missing0.conf
                include strict.conf
                include missing2.conf
                global_defs {
                  include_check
                }
                include missing3.conf
                global_defs {
                  include_check -match bogus +nothing +read
                }
                include missing4.conf
                """);
        Harness h = Harness.file(main);
        List<Diagnostic> d = h.diagnostics;
        assertEquals(List.of(Severity.WARNING, Severity.ERROR, Severity.WARNING, Severity.ERROR, Severity.ERROR,
                Severity.ERROR, Severity.WARNING), d.stream().map(Diagnostic::severity).toList(), h.problems());
        assertTrue(d.get(1).message().contains("missing1.conf"), h.problems());
        assertEquals("Duplicate include_check 'bogus' specified - ignoring", d.get(4).message());
        assertEquals("Unknown include_check type 'nothing' - ignoring", d.get(5).message());
        assertEquals("include_check", h.statements.get(1).children().get(0).keyword());
    }

    /** keepalived has no cycle check: it recurses until "open problem (Too many open files)". */
    @Test
    void includeCyclesAreReportedAndBroken() throws IOException {
        write("a.conf", "in_a\ninclude b.conf\nafter_b\n");
        write("b.conf", "in_b\ninclude a.conf\ninclude self.conf\n");
        write("self.conf", "in_self\ninclude self.conf\n");
        Path main = write("main.conf", "include a.conf\nlast\n");
        Harness h = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Harness.file(main));
        assertEquals("""
                a.conf:1 in_a
                b.conf:1 in_b
                self.conf:1 in_self
                a.conf:3 after_b
                2 last
                """, h.tree());
        assertEquals(2, h.count(Severity.ERROR), h.problems());
        Diagnostic first = h.diagnostics.get(0);
        assertEquals(new io.jkeepalived.config.SourceLocation(dir.resolve("b.conf"), 2), first.location());
        assertTrue(first.message().startsWith("include cycle: " + dir.resolve("a.conf") + " is already being read"),
                first.message());
        assertEquals(new io.jkeepalived.config.SourceLocation(dir.resolve("self.conf"), 2),
                h.diagnostics.get(1).location());
    }

    @Test
    void deepIncludeChainsStopAtTheLimit() throws IOException {
        for (int i = 0; i < 50; i++) {
            write("chain" + i + ".conf", "depth" + i + "\ninclude chain" + (i + 1) + ".conf\n");
        }
        Path main = write("main.conf", "include chain0.conf\nlast\n");
        Harness h = Harness.file(main);
        assertEquals(ReaderLimits.DEFAULT.maxIncludeDepth(), h.statements.size());
        assertEquals("last", h.statements.get(h.statements.size() - 1).keyword());
        assertEquals(1, h.count(Severity.ERROR), h.problems());
        assertTrue(h.problems().contains("nested more than 32 files deep"), h.problems());
    }

    @Test
    void exponentialIncludeFanOutIsBounded() throws IOException {
        for (int i = 0; i < 30; i++) {
            write("f" + i + ".conf", "x" + i + "\ninclude f" + (i + 1) + ".conf\ninclude f" + (i + 1) + ".conf\n");
        }
        Path main = write("main.conf", "include f0.conf\n");
        ReaderLimits small = ReaderLimits.DEFAULT.withMaxFilesOpened(500);
        Harness h = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> Harness.text(Files.readString(main), main, "node1", small));
        assertEquals(499, h.statements.size());
        assertTrue(h.problems().contains("more than 500 files included in all"), h.problems());
    }

    /** As in keepalived the include is part of the stream: a block may be completed by an included file. */
    @Test
    void includesInsideBlocksAndBlocksAcrossFiles() throws IOException {
        write("rs.conf", "real_server 10.0.0.1 80 {\n  weight 1\n}\n");
        write("opens.conf", "virtual_server 10.0.0.2 80 {\n  delay_loop 3\n");
        write("closes.conf", "  lb_algo rr\n}\n");
        Path main = write("main.conf", """
                virtual_server 10.0.0.1 80 {
                  include rs.conf
                }
                include opens.conf
                  lb_kind DR
                include closes.conf
                """);
        Harness h = Harness.file(main);
        assertEquals("""
                1 virtual_server 10.0.0.1 80 {
                  rs.conf:1 real_server 10.0.0.1 80 {
                    rs.conf:2 weight 1
                  }
                }
                opens.conf:1 virtual_server 10.0.0.2 80 {
                  opens.conf:2 delay_loop 3
                  5 lb_kind DR
                  closes.conf:1 lb_algo rr
                }
                """, h.tree());
        assertEquals("""
                WARNING opens.conf:1 the block of 'virtual_server' opened here is still open at the end of %s; it continues in the file that included it
                WARNING closes.conf:2 this '}' closes the block of 'virtual_server' opened at %s:1, outside this file
                """.formatted(dir.resolve("opens.conf"), dir.resolve("opens.conf")), h.problems());
    }

    /**
     * Deliberate difference. Verified: keepalived 2.2.7 reads the files of {@code ~SEQ(i,1,3) include
     * vs${i}.conf} as vs3, vs2, vs1 (and reads them twice in its VRRP/checker processes), and resolves the 2nd
     * name relative to the directory of the 1st ("Config files missing 'sub/x2.conf'"). We read each file when
     * its line comes, relative to the file holding the loop.
     */
    @Test
    void includesProducedByALoopAreReadInOrder() throws IOException {
        for (int i = 1; i <= 3; i++) {
            write("sub/vs" + i + ".conf", "file" + i + "\n");
        }
        Path main = write("main.conf", "before\n~SEQ(i,1,3) include sub/vs${i}.conf\n$_PWD\nafter\n");
        Harness h = Harness.file(main);
        assertEquals("""
                1 before
                vs1.conf:1 file1
                vs2.conf:1 file2
                vs3.conf:1 file3
                3 %s
                4 after
                """.formatted(dir), h.tree());
        assertTrue(h.clean(), h.problems());
    }

    @Test
    void pwdIsTheDirectoryOfTheFileBeingRead() throws IOException {
        write("sub/inner.conf", "inner $_PWD\n");
        Path main = write("main.conf", "outer $_PWD\ninclude sub/inner.conf\nback ${_PWD}\n");
        assertEquals("""
                1 outer %1$s
                inner.conf:1 inner %1$s/sub
                3 back %1$s
                """.formatted(dir), Harness.file(main).tree());
    }

    @Test
    void conditionalsAndDefinitionsApplyToIncludeLines() throws IOException {
        write("node1.conf", "for_node1\n");
        write("node2.conf", "for_node2\n");
        Path main = write("main.conf", "$NODE=node2\n@node1 include node1.conf\n@node2 include node2.conf\n"
                + "include ${NODE}.conf\n} include node1.conf\n");
        Harness h = Harness.file(main, "node1");
        assertEquals("node1.conf:1 for_node1\nnode2.conf:1 for_node2\nnode1.conf:1 for_node1\n", h.tree());
        assertEquals("ERROR main.conf:5 Extra '}' found\n", h.problems());
    }

    @Test
    void theMainFileMustBeReadable() throws IOException {
        Path missing = dir.resolve("nope.conf");
        Harness h = Harness.file(missing);
        assertTrue(h.statements.isEmpty());
        assertEquals(1, h.diagnostics.size());
        assertEquals(Severity.FATAL, h.diagnostics.get(0).severity());
        assertEquals(new io.jkeepalived.config.SourceLocation(missing, 0), h.diagnostics.get(0).location());

        Harness onDirectory = Harness.file(dir);
        assertEquals(Severity.FATAL, onDirectory.diagnostics.get(0).severity());
        assertTrue(onDirectory.diagnostics.get(0).message().contains("is a directory"));
    }

    /**
     * Deliberate difference. Verified: keepalived 2.2.7 says "Configuration file 'exe.conf' is not a regular
     * non-executable file - skipping" and goes on with no configuration (exit 0). We read it and warn.
     */
    @Test
    void anExecutableMainFileIsReadWithAWarning() throws IOException {
        Path main = write("exe.conf", "global_defs {\n}\n");
        Files.setPosixFilePermissions(main, PosixFilePermissions.fromString("rwxr--r--"));
        Harness h = Harness.file(main);
        assertEquals("1 global_defs {\n}\n", h.tree());
        assertEquals(1, h.count(Severity.WARNING));
        assertEquals(0, h.diagnostics.get(0).location().line());
    }

    @Test
    void readTextResolvesIncludesFromThePretendFilesDirectory() throws IOException {
        write("inc.conf", "included\n");
        Harness h = Harness.text("include inc.conf\n$_PWD\n", dir.resolve("virtual.conf"), "node1",
                ReaderLimits.DEFAULT);
        assertEquals("inc.conf:1 included\n2 " + dir + "\n", h.tree());
    }

    /** The whole parse: include_check is the reader's, so the global_defs binder accepts it without a word. */
    @Test
    void includeCheckThroughTheWholeParser() throws IOException {
        Path main = write("main.conf", "global_defs {\n  include_check\n  router_id lb1\n}\ninclude gone.conf\n");
        var result = new io.jkeepalived.config.ConfigParser(new io.jkeepalived.config.ParseOptions("lb1")).parse(main);
        assertEquals(1, result.diagnostics().size(), result.diagnostics().toString());
        assertEquals(Severity.ERROR, result.diagnostics().get(0).severity());
        assertTrue(result.diagnostics().get(0).message().startsWith("Config files missing 'gone.conf'"));
        assertEquals(java.util.Optional.of("lb1"), result.config().globalDefs().routerId());
    }
}
