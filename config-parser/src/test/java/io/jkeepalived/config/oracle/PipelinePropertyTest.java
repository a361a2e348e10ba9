package io.jkeepalived.config.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jkeepalived.config.ConfigParser;
import io.jkeepalived.config.Diagnostic;
import io.jkeepalived.config.ParseOptions;
import io.jkeepalived.config.ParseResult;
import io.jkeepalived.config.Severity;
import io.jkeepalived.config.dump.CanonicalWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline (reader, binders, canonical writer) on a few thousand seeded mutations of the oracle and
 * seed configs: lines dropped, duplicated or swapped, numbers replaced by out-of-range values or garbage words,
 * braces inserted, the text truncated. For every mutant: parsing never throws; every diagnostic points inside
 * the files that were read (line 1 to the file's last line; line 0 only for a FATAL about a whole file); and
 * when the result can run, the canonical dump parses back to an equal model. A failure names the seed, so it
 * can be replayed with {@link #mutate}.
 */
class PipelinePropertyTest {
    private static final int MUTANTS = 3000;
    private static final long BASE_SEED = 0x6a6b7620L;
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.:/-])-?\\d+(\\.\\d+)?(?![\\w.:/])");
    private static final List<String> REPLACEMENTS = List.of("0", "-1", "256", "65536", "4294967296",
            "99999999999999999999", "0.0000001", "1e3", "0x10", "abc", "-", "\"\"", "MASTER", "1.5.5", "300s", "{",
            "}", "#", "!", "$X", "${X}", "~SEQ(i,3)");

    @TempDir
    Path dir;

    private record Origin(Path config, String id, List<String> lines, Path workdir) {
    }

    @Test
    void mutatedCorpusConfigsNeverThrowPointInsideTheirFilesAndRoundTrip() throws IOException {
        List<Origin> origins = origins();
        CanonicalWriter writer = new CanonicalWriter();
        int runnable = 0;
        int withProblems = 0;
        for (int n = 0; n < MUTANTS; n++) {
            long seed = BASE_SEED + n;
            Random random = new Random(seed);
            Origin origin = origins.get(random.nextInt(origins.size()));
            String text = mutate(origin.lines(), random);
            Path file = origin.workdir().resolve(origin.config().getFileName());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            String context = "seed " + seed + " (mutant of " + origin.config().getFileName() + "):\n" + text;
            ParseResult result;
            try {
                result = new ConfigParser(new ParseOptions(origin.id())).parse(file);
            } catch (RuntimeException | Error e) {
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                fail("parsing threw: " + context + "\n" + trace);
                return;
            }
            for (Diagnostic d : result.diagnostics()) {
                assertInside(d, origin.workdir(), context);
            }
            if (!result.diagnostics().isEmpty()) {
                withProblems++;
            }
            if (result.runnable()) {
                runnable++;
                String canonical = writer.write(result.config());
                Path again = dir.resolve("canonical.conf");
                Files.writeString(again, canonical, StandardCharsets.UTF_8);
                ParseResult second = new ConfigParser(new ParseOptions(origin.id())).parse(again);
                assertEquals(result.config(), second.config(), "model changed through the canonical dump: "
                        + context + "\ncanonical:\n" + canonical + "\nreparse said: " + second.diagnostics());
            }
        }
        // the mutations must exercise both sides, or the property says little
        assertTrue(runnable > MUTANTS / 2, "runnable mutants: " + runnable);
        assertTrue(withProblems > MUTANTS / 2, "mutants with problems: " + withProblems);
    }

    /** One to four mutations of {@code lines}, chosen by {@code random}; the result is the file's text. */
    static String mutate(List<String> original, Random random) {
        List<String> lines = new ArrayList<>(original);
        int count = 1 + random.nextInt(4);
        for (int k = 0; k < count && !lines.isEmpty(); k++) {
            int i = random.nextInt(lines.size());
            switch (random.nextInt(7)) {
                case 0 -> lines.remove(i);
                case 1 -> lines.add(i, lines.get(i));
                case 2 -> {
                    int j = random.nextInt(lines.size());
                    String t = lines.get(i);
                    lines.set(i, lines.get(j));
                    lines.set(j, t);
                }
                case 3, 4 -> lines.set(i, replaceNumber(lines.get(i), random));
                case 5 -> {
                    String line = lines.get(i);
                    int at = random.nextInt(line.length() + 1);
                    lines.set(i, line.substring(0, at) + (random.nextBoolean() ? " { " : " } ") + line.substring(at));
                }
                default -> {
                    String text = String.join("\n", lines);
                    int cut = random.nextInt(text.length() + 1);
                    return text.substring(0, cut);
                }
            }
        }
        return String.join("\n", lines) + (random.nextInt(4) == 0 ? "" : "\n");
    }

    private static String replaceNumber(String line, Random random) {
        Matcher m = NUMBER.matcher(line);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
        }
        String replacement = REPLACEMENTS.get(random.nextInt(REPLACEMENTS.size()));
        if (spans.isEmpty()) {
            // no number: put the garbage after the keyword
            return line + " " + replacement;
        }
        int[] span = spans.get(random.nextInt(spans.size()));
        return line.substring(0, span[0]) + replacement + line.substring(span[1]);
    }

    private void assertInside(Diagnostic d, Path workdir, String context) {
        Path file = d.location().file().toAbsolutePath().normalize();
        int line = d.location().line();
        if (line == 0) {
            assertEquals(Severity.FATAL, d.severity(), "line 0 is only for a FATAL about a whole file: " + d
                    + "\n" + context);
            return;
        }
        assertTrue(file.startsWith(workdir.toAbsolutePath().normalize()), "outside the input: " + d + "\n" + context);
        assertTrue(Files.isRegularFile(file), "names no file that was read: " + d + "\n" + context);
        int lines = lineCount(file);
        assertTrue(line >= 1 && line <= lines, "line outside " + file + " (" + lines + " lines): " + d + "\n"
                + context);
    }

    private static int lineCount(Path file) {
        return count(file);
    }

    private static int count(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.ISO_8859_1);
            int lines = (int) text.chars().filter(c -> c == '\n').count();
            return text.isEmpty() || text.endsWith("\n") ? lines : lines + 1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every corpus config, copied with its NAME.d folder into a work folder of its own. */
    private List<Origin> origins() throws IOException {
        List<Origin> origins = new ArrayList<>();
        int k = 0;
        for (String corpus : List.of("oracle", "seeds")) {
            for (Path config : KeepalivedOracleTest.configs(corpus)) {
                String name = config.getFileName().toString().replaceFirst("\\.conf$", "");
                String id = KeepalivedVerdict.read(config.resolveSibling(name + KeepalivedVerdict.SUFFIX)).configId();
                Path workdir = Files.createDirectories(dir.resolve("w" + k++));
                Path includes = config.resolveSibling(name + ".d");
                if (Files.isDirectory(includes)) {
                    copyTree(includes, workdir.resolve(name + ".d"));
                }
                origins.add(new Origin(config, id, Files.readAllLines(config, StandardCharsets.UTF_8), workdir));
            }
        }
        return origins;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
