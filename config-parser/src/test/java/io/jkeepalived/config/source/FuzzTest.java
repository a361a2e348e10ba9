package io.jkeepalived.config.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.config.Diagnostic;
import io.jkeepalived.config.Diagnostics;
import io.jkeepalived.config.ParseOptions;
import io.jkeepalived.config.Severity;
import io.jkeepalived.config.SourceLocation;
import io.jkeepalived.config.Statement;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random and mutated inputs made of keepalived-like pieces, with files that include each other: the reader must
 * return (quickly), never fail internally, and put every statement and every problem at a line that exists in a
 * file that was read.
 */
class FuzzTest {
    private static final String[] PIECES = {
        "global_defs", "vrrp_instance VI_1", "virtual_server 10.0.0.1 80", "real_server 10.0.0.2 80", "state MASTER",
        "priority 100", "virtual_ipaddress", "192.168.1.1/24", "script \"/bin/true 'a b'\"", "notify_master '/x y'",
        "{", "}", "{", "}", "{ a }", "x{", "}y", "\"", "'", "\\", "\\#", "#", "!", ";", "//", "; 注释", "// 注释",
        "$A", "${A}", "$A=", "$A=value", "$A=$A", "$B=${A}x", "$M=line1 \\", "$M", "${_RANDOM 1 9}", "$_PWD",
        "$_HASH", "${UNDEF}", "@node1", "@^node1", "@other", "~SEQ(i,1,3)", "~SEQ(i,", "~SEQx(h,0,0x10)",
        "~SEQ(i,1,0,5)", "~SEQ(n,1,1000000000)", "~LST(v,a,b)", "~LST({a,b},{1,2},{3})", "~LST(", "$i", "${v}",
        "include f1.conf", "include f*.conf", "include {f2,f3,missing}.conf", "includea f4.conf",
        "include sub/../f0.conf", "include \"f1.conf\"", "include_check", "10", "0x1F", "-5", "节点名",
        "\u00a0", "\t", "\r", "\u000b", "\0", "\uFEFF", "a".repeat(300), "\"quoted {brace}\"", "x\"y\"z",
    };

    @TempDir
    Path dir;

    @Test
    void randomAndMutatedInputsNeverBreakTheReader() throws IOException {
        Random random = new Random(20240611L);
        ReaderLimits limits = new ReaderLimits(16, 6, 40, 1 << 20, 1 << 22, 3_000, 8, 300, 1 << 24, 8_192, 50, 4096);
        List<String> seeds = List.of(read("seed000-semicolon.conf"), read("seed001-slashes.conf"),
                read("seed003-mangled.conf"));
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int round = 0; round < 2_000; round++) {
                Map<Path, String> files = new HashMap<>();
                for (int f = 0; f < 5; f++) {
                    String text = random.nextInt(4) == 0
                            ? mutate(seeds.get(random.nextInt(seeds.size())), random)
                            : randomText(random);
                    Path file = dir.resolve("f" + f + ".conf");
                    Files.write(file, text.getBytes(StandardCharsets.UTF_8));
                    files.put(file, text);
                }
                Path main = dir.resolve("f0.conf");
                String mainText = files.get(main);
                if (random.nextBoolean()) {
                    check(main, files, readFile(main, limits, random.nextLong()), round);
                } else {
                    Path pretend = dir.resolve("pretend.conf");
                    files.put(pretend, mainText);
                    check(pretend, files, readText(mainText, pretend, limits, random.nextLong()), round);
                }
            }
        });
    }

    @Test
    void pathologicalShapesReturn() {
        ReaderLimits limits = ReaderLimits.DEFAULT;
        List<String> inputs = List.of(
                "{".repeat(100_000),
                "}".repeat(100_000),
                "\"".repeat(100_001),
                "$A=$A$A\n$A\n",
                "$A=${A}${A}\n${A} x\n",
                "~SEQ(a,1,1000) ~SEQ(b,1,1000) ~SEQ(c,1,1000) x\n",
                "$M=~SEQ(i,1,100000) $M\n$M\n",
                "include {a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}{o,p}{q,r}{s,t}{u,v}{w,x}{y,z}{1,2}.conf\n",
                "include " + "{a,".repeat(2000) + "}".repeat(2000) + "\n",
                "x ".repeat(200_000) + "\n",
                "@".repeat(10_000) + " x\n",
                "a {\n".repeat(10_000) + "}\n".repeat(10_000));
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (String input : inputs) {
                Path pretend = dir.resolve("p.conf");
                Harness h = Harness.text(input, pretend, "node1", limits);
                check(pretend, Map.of(pretend, input), new Outcome(h.statements, h.diagnostics), -1);
            }
        });
    }

    private record Outcome(List<Statement> statements, List<Diagnostic> diagnostics) {
    }

    private static Outcome readFile(Path main, ReaderLimits limits, long seed) {
        Diagnostics diagnostics = new Diagnostics();
        List<Statement> statements = new StatementReader(new ParseOptions("node1"), diagnostics, limits,
                new SplittableRandom(seed)).read(main);
        return new Outcome(statements, diagnostics.all());
    }

    private static Outcome readText(String text, Path pretend, ReaderLimits limits, long seed) {
        Diagnostics diagnostics = new Diagnostics();
        List<Statement> statements = new StatementReader(new ParseOptions("node1"), diagnostics, limits,
                new SplittableRandom(seed)).readText(text, pretend);
        return new Outcome(statements, diagnostics.all());
    }

    private static void check(Path main, Map<Path, String> texts, Outcome outcome, int round) {
        Map<Path, Integer> files = new HashMap<>();
        texts.forEach((file, text) -> files.put(file,
                (int) text.chars().filter(c -> c == '\n').count() + (text.endsWith("\n") ? 0 : 1)));
        String context = "round " + round + " " + (outcome.diagnostics.size() > 20
                ? outcome.diagnostics.subList(0, 20) + "..." : outcome.diagnostics);
        assertNotNull(outcome.statements, context);
        for (Diagnostic d : outcome.diagnostics) {
            assertFalse(d.message().startsWith("internal error"), context);
            assertLocationInside(d.location(), files, d.severity() == Severity.FATAL, context);
        }
        ArrayDeque<Statement> pending = new ArrayDeque<>(outcome.statements);
        int depthGuard = 0;
        while (!pending.isEmpty()) {
            Statement s = pending.pop();
            assertFalse(s.words().isEmpty(), context);
            assertLocationInside(s.location(), files, false, context);
            pending.addAll(s.children());
            assertTrue(++depthGuard < 10_000_000, context);
        }
        assertTrue(files.containsKey(main), context);
    }

    private static void assertLocationInside(SourceLocation at, Map<Path, Integer> files, boolean mayBeZero,
            String context) {
        Integer lines = files.get(at.file());
        if (lines == null) {
            throw new AssertionError("location in a file that was not given: " + at + " " + context);
        }
        if (at.line() < (mayBeZero ? 0 : 1) || at.line() > Math.max(lines, 1)) {
            throw new AssertionError("line outside the file: " + at + " of " + lines + " lines; " + context);
        }
    }

    private static String randomText(Random random) {
        StringBuilder out = new StringBuilder();
        int lines = 1 + random.nextInt(30);
        for (int l = 0; l < lines; l++) {
            int words = random.nextInt(6);
            for (int w = 0; w < words; w++) {
                out.append(PIECES[random.nextInt(PIECES.length)]);
                out.append(random.nextInt(5) == 0 ? "" : " ");
            }
            if (random.nextInt(8) == 0) {
                out.append(" \\");
            }
            out.append(random.nextInt(10) == 0 ? "\r\n" : "\n");
        }
        if (random.nextInt(20) == 0) {
            out.append("deep {".repeat(40));
        }
        if (random.nextBoolean()) {
            out.setLength(Math.max(0, out.length() - random.nextInt(3)));
        }
        return out.toString();
    }

    private static String mutate(String seed, Random random) {
        StringBuilder out = new StringBuilder(seed);
        int edits = 1 + random.nextInt(10);
        for (int e = 0; e < edits && out.length() > 0; e++) {
            int at = random.nextInt(out.length());
            switch (random.nextInt(4)) {
                case 0 -> out.delete(at, Math.min(out.length(), at + random.nextInt(20)));
                case 1 -> out.insert(at, PIECES[random.nextInt(PIECES.length)]);
                case 2 -> out.insert(at, out.substring(at, Math.min(out.length(), at + random.nextInt(200))));
                default -> {
                    String special = "{}\"'\\#!;$@~\n ";
                    out.setCharAt(at, special.charAt(random.nextInt(special.length())));
                }
            }
        }
        return out.toString();
    }

    private static String read(String resource) {
        try {
            return Files.readString(Path.of(Objects.requireNonNull(
                    FuzzTest.class.getResource("/lexer/" + resource)).toURI()));
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void unreadableMainFileIsFatalAtLineZero() {
        Outcome outcome = readFile(dir.resolve("absent.conf"), ReaderLimits.DEFAULT, 1);
        assertEquals(1, outcome.diagnostics.size());
        assertEquals(0, outcome.diagnostics.get(0).location().line());
        assertTrue(outcome.statements.isEmpty());
    }
}
