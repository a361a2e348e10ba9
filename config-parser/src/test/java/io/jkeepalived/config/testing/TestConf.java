package io.jkeepalived.config.testing;

import io.jkeepalived.config.Diagnostic;
import io.jkeepalived.config.Diagnostics;
import io.jkeepalived.config.Severity;
import io.jkeepalived.config.SourceLocation;
import io.jkeepalived.config.Statement;
import io.jkeepalived.config.bind.ConfigBinder;
import io.jkeepalived.config.model.KeepalivedConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Test-only stand-in for the lexer: turns keepalived.conf text into {@link Statement} trees (comments with
 * '#' or '!' outside quotes, double-quoted words, '{' at the end of a line or alone on the next one, '}' alone
 * or at the end of a line, one-line blocks). No includes, macros or conditionals: the real StatementReader
 * replaces this at merge.
 */
public final class TestConf {
    public static final Path FILE = Path.of("test.conf");

    private final List<Token> tokens = new ArrayList<>();
    private int pos;

    private TestConf(String text) {
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            tokenizeLine(lines[n], n + 1);
            tokens.add(new Token("\n", n + 1, false));
        }
    }

    /** The statements of {@code text}, as if read from {@link #FILE}. */
    public static List<Statement> statements(String text) {
        TestConf t = new TestConf(text);
        return t.block(false);
    }

    /** Binds {@code text}; the model and every diagnostic. */
    public static Bound bind(String text) {
        Diagnostics d = new Diagnostics();
        KeepalivedConfig config = new ConfigBinder(d).bind(statements(text));
        return new Bound(config, d.all());
    }

    /** Binds already built statements. */
    public static Bound bind(List<Statement> statements) {
        Diagnostics d = new Diagnostics();
        KeepalivedConfig config = new ConfigBinder(d).bind(statements);
        return new Bound(config, d.all());
    }

    public static SourceLocation at(int line) {
        return new SourceLocation(FILE, line);
    }

    /** A bound configuration and what was reported while binding it. */
    public record Bound(KeepalivedConfig config, List<Diagnostic> diagnostics) {
        public List<Diagnostic> errors() {
            return diagnostics.stream().filter(d -> d.severity() == Severity.ERROR).toList();
        }

        public List<Diagnostic> warnings() {
            return diagnostics.stream().filter(d -> d.severity() == Severity.WARNING).toList();
        }

        /** Every diagnostic as {@code LINE SEVERITY message}, one per line, for readable assertion failures. */
        public String report() {
            return diagnostics.stream().map(d -> d.location().line() + " " + d.severity() + " " + d.message())
                    .collect(Collectors.joining("\n"));
        }
    }

    private void tokenizeLine(String line, int n) {
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r') {
                i++;
            } else if (c == '#' || c == '!') {
                return;
            } else if (c == '"') {
                int end = line.indexOf('"', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("line " + n + ": unterminated quote");
                }
                tokens.add(new Token(line.substring(i + 1, end), n, true));
                i = end + 1;
            } else if (c == '{' || c == '}') {
                tokens.add(new Token(String.valueOf(c), n, false));
                i++;
            } else {
                int start = i;
                while (i < line.length() && " \t\r\"{}".indexOf(line.charAt(i)) < 0
                        && !(line.charAt(i) == '#' || line.charAt(i) == '!')) {
                    i++;
                }
                tokens.add(new Token(line.substring(start, i), n, false));
            }
        }
    }

    private List<Statement> block(boolean nested) {
        List<Statement> out = new ArrayList<>();
        while (pos < tokens.size()) {
            Token t = tokens.get(pos);
            if (t.is("\n")) {
                pos++;
                continue;
            }
            if (t.is("}")) {
                pos++;
                if (nested) {
                    return out;
                }
                throw new IllegalArgumentException("line " + t.line + ": unexpected }");
            }
            if (t.is("{")) {
                throw new IllegalArgumentException("line " + t.line + ": unexpected {");
            }
            List<String> words = new ArrayList<>();
            int line = t.line;
            while (pos < tokens.size() && !tokens.get(pos).is("\n") && !tokens.get(pos).is("{")
                    && !tokens.get(pos).is("}")) {
                words.add(tokens.get(pos).text);
                pos++;
            }
            int look = pos;
            while (look < tokens.size() && tokens.get(look).is("\n")) {
                look++;
            }
            List<Statement> children = null;
            if (look < tokens.size() && tokens.get(look).is("{")) {
                pos = look + 1;
                children = block(true);
            }
            out.add(new Statement(new SourceLocation(FILE, line), words, children));
        }
        if (nested) {
            throw new IllegalArgumentException("missing }");
        }
        return out;
    }

    private record Token(String text, int line, boolean quoted) {
        boolean is(String s) {
            return !quoted && text.equals(s);
        }
    }
}
