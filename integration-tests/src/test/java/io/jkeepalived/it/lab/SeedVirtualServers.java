package io.jkeepalived.it.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code virtual_server} blocks of a seed config, cut out of the verbatim seed file
 * (config-parser/src/test/resources/seeds/), so a lab test runs the article's own text and not a retyped copy.
 * Only the timing values a test names are changed, each by {@link #retime}, which fails when the value it
 * should replace is not there (so a changed seed cannot silently run with other timings).
 */
final class SeedVirtualServers {
    private SeedVirtualServers() {
    }

    /** The seeds folder of the config-parser module, from the lab's own location. */
    static Path seedsFolder(KernelLab lab) {
        return lab.labDir().getParent().getParent().resolve("config-parser/src/test/resources/seeds");
    }

    /** Every top-level {@code virtual_server} block of the file, in order, each as its own lines. */
    static List<String> blocks(Path seedFile) {
        try {
            return blocks(Files.readString(seedFile, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read seed " + seedFile, e);
        }
    }

    static List<String> blocks(String text) {
        List<String> blocks = new ArrayList<>();
        StringBuilder current = null;
        int depth = 0;
        for (String line : text.split("\n", -1)) {
            String code = withoutComment(line);
            if (current == null) {
                if (depth == 0 && code.strip().startsWith("virtual_server ")) {
                    current = new StringBuilder();
                } else {
                    depth += braces(code);
                    continue;
                }
            }
            current.append(line).append('\n');
            depth += braces(code);
            if (depth == 0) {
                blocks.add(current.toString());
                current = null;
            }
        }
        if (current != null) {
            throw new IllegalArgumentException("unterminated virtual_server block:\n" + current);
        }
        return blocks;
    }

    /**
     * Replaces the value of every {@code keyword} line whose value is {@code from} by {@code to}; fails
     * unless exactly {@code expected} lines changed.
     */
    static String retime(String block, String keyword, String from, String to, int expected) {
        Matcher m = Pattern.compile("(?m)^(\\s*" + Pattern.quote(keyword) + "\\s+)" + Pattern.quote(from) + "(?=\\s|$)")
                .matcher(block);
        StringBuilder out = new StringBuilder();
        int count = 0;
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + to));
            count++;
        }
        m.appendTail(out);
        if (count != expected) {
            throw new IllegalArgumentException("expected " + expected + " '" + keyword + " " + from + "' lines, found "
                    + count + " in:\n" + block);
        }
        return out.toString();
    }

    /** keepalived's comments: {@code #} or {@code !} anywhere on a line. */
    private static String withoutComment(String line) {
        int cut = line.length();
        for (char c : new char[] {'#', '!'}) {
            int at = line.indexOf(c);
            if (at >= 0 && at < cut) {
                cut = at;
            }
        }
        return line.substring(0, cut);
    }

    private static int braces(String code) {
        int n = 0;
        for (char c : code.toCharArray()) {
            if (c == '{') {
                n++;
            } else if (c == '}') {
                n--;
            }
        }
        return n;
    }
}
