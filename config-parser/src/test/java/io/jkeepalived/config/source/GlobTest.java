package io.jkeepalived.config.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The include pattern matcher: glibc glob(3) with GLOB_BRACE semantics as keepalived uses it. */
class GlobTest {
    @TempDir
    Path dir;

    private static boolean match(String pattern, String name) {
        return Glob.Fnmatch.matches(pattern, name);
    }

    @Test
    void wildcards() {
        assertTrue(match("*.conf", "a.conf"));
        assertTrue(match("*.conf", ".conf"));
        assertFalse(match("*.conf", "a.conf.bak"));
        assertTrue(match("a?c", "abc"));
        assertFalse(match("a?c", "ac"));
        assertTrue(match("*", ""));
        assertTrue(match("**x*", "abxcd"));
        assertFalse(match("*x*y", "axbxc"));
        assertTrue(match("v[0-9][!a-z]", "v1B"));
        assertFalse(match("v[0-9][!a-z]", "v1b"));
        assertTrue(match("[^a]", "b"));
        assertTrue(match("[]a]", "]"));
        assertTrue(match("[[:digit:]][[:alpha:]]", "7q"));
        assertFalse(match("[[:digit:]]", "q"));
        assertTrue(match("a[", "a["));
        assertTrue(match("\\*", "*"));
        assertFalse(match("\\*", "x"));
        assertTrue(match("[\\]]", "]"));
    }

    @Test
    void matchingIsNotExponential() {
        String name = "a".repeat(5_000);
        assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertFalse(match("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", name)));
    }

    @Test
    void bracesExpandInTheOrderWritten() {
        List<String> out = new ArrayList<>();
        assertTrue(Glob.expandBraces("x{b,a,{c,d}e}{1,2}y", out, 100));
        assertEquals(List.of("xb1y", "xb2y", "xa1y", "xa2y", "xce1y", "xce2y", "xde1y", "xde2y"), out);
        out.clear();
        assertTrue(Glob.expandBraces("{a}{}\\{b,c}{unclosed", out, 100));
        assertEquals(List.of("a\\{b,c}{unclosed"), out);
        out.clear();
        assertFalse(Glob.expandBraces("{a,b}{a,b}{a,b}{a,b}{a,b}", out, 10));
    }

    @Test
    void expandReportsMissingNamesAndWildcards() throws IOException {
        Files.createDirectories(dir.resolve("d"));
        Files.writeString(dir.resolve("d/z.conf"), "");
        Files.writeString(dir.resolve("d/y.conf"), "");
        Glob.Result literal = Glob.expand(dir, "d/none.conf", 100);
        assertEquals(1, literal.missing());
        assertFalse(literal.wildcards());
        Glob.Result empty = Glob.expand(dir, "d/*.none", 100);
        assertEquals(0, empty.missing());
        assertTrue(empty.wildcards());
        assertTrue(empty.matches().isEmpty());
        Glob.Result noDirectory = Glob.expand(dir, "nodir/*.conf", 100);
        assertEquals(1, noDirectory.missing());
        Glob.Result braces = Glob.expand(dir, "d/{z,none,y}.conf", 100);
        assertTrue(braces.braces());
        assertEquals(1, braces.missing());
        assertEquals(List.of(dir.resolve("d/z.conf"), dir.resolve("d/y.conf")),
                braces.matches().stream().map(Glob.Match::path).toList());
        Glob.Result sorted = Glob.expand(dir, "d/*", 100);
        assertEquals(List.of(dir.resolve("d/y.conf"), dir.resolve("d/z.conf")),
                sorted.matches().stream().map(Glob.Match::path).toList());
        assertTrue(Glob.expand(dir, "d/*", 1).tooMany());
    }
}
