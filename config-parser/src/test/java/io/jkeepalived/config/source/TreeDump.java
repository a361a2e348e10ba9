package io.jkeepalived.config.source;

import io.jkeepalived.config.Diagnostic;
import io.jkeepalived.config.Statement;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders a statement tree as compact text for golden tests: one statement per line, {@code LINE word word}, the
 * file name before the line when it is not the main file, a block as {@code {} ... {@code }} indented by two.
 * A word holding blanks, quotes, braces or nothing is shown in double quotes with Java escapes.
 */
final class TreeDump {
    private TreeDump() {
    }

    static String render(List<Statement> statements, Path mainFile) {
        StringBuilder out = new StringBuilder();
        render(statements, mainFile, 0, out);
        return out.toString();
    }

    private static void render(List<Statement> statements, Path mainFile, int depth, StringBuilder out) {
        for (Statement s : statements) {
            out.append("  ".repeat(depth));
            if (!s.location().file().equals(mainFile)) {
                out.append(s.location().file().getFileName()).append(':');
            }
            out.append(s.location().line()).append(' ');
            out.append(s.words().stream().map(TreeDump::word).collect(Collectors.joining(" ")));
            if (s.hasBlock()) {
                out.append(" {\n");
                render(s.children(), mainFile, depth + 1, out);
                out.append("  ".repeat(depth)).append("}\n");
            } else {
                out.append('\n');
            }
        }
    }

    static String word(String w) {
        boolean plain = !w.isEmpty();
        for (int i = 0; i < w.length() && plain; i++) {
            char c = w.charAt(i);
            plain = c > ' ' && c != '"' && c != '{' && c != '}' && c != '\\' && c != 127;
        }
        if (plain) {
            return w;
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : w.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < ' ' || c == 127) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Diagnostics as {@code SEVERITY name:line message}, one per line, file names only. */
    static String diagnostics(List<Diagnostic> diagnostics) {
        StringBuilder out = new StringBuilder();
        for (Diagnostic d : diagnostics) {
            Path file = d.location().file().getFileName();
            out.append(d.severity()).append(' ').append(file).append(':').append(d.location().line()).append(' ')
                    .append(d.message()).append('\n');
        }
        return out.toString();
    }
}
