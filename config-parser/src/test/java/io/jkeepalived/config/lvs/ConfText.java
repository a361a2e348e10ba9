package io.jkeepalived.config.lvs;

import io.jkeepalived.config.SourceLocation;
import io.jkeepalived.config.Statement;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A tiny test-only reader of keepalived.conf text into statements, until the real lexer lands: words split on
 * blanks, {@code "..."} is one word without its quotes, {@code #} and {@code !} start a comment outside quotes,
 * {@code {} opens the block of the statement on its line and {@code }} closes it. No includes, macros or
 * conditionals. Lines are numbered from 1 in {@link #FILE}.
 */
public final class ConfText {
    public static final Path FILE = Path.of("test.conf");

    private ConfText() {
    }

    public static List<Statement> parse(String text) {
        return parse(FILE, text);
    }

    private static final class Open {
        final SourceLocation location;
        final List<String> words;
        final List<Statement> children = new ArrayList<>();

        Open(SourceLocation location, List<String> words) {
            this.location = location;
            this.words = words;
        }
    }

    public static List<Statement> parse(Path file, String text) {
        Open root = new Open(null, List.of());
        Deque<Open> stack = new ArrayDeque<>();
        stack.push(root);
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            SourceLocation location = new SourceLocation(file, n + 1);
            List<String> words = new ArrayList<>();
            for (String token : tokens(lines[n])) {
                if (token.equals("{")) {
                    if (words.isEmpty()) {
                        throw new IllegalArgumentException(location + ": '{' without a keyword");
                    }
                    stack.push(new Open(location, words));
                    words = new ArrayList<>();
                } else if (token.equals("}")) {
                    if (!words.isEmpty()) {
                        stack.peek().children.add(Statement.line(location, words));
                        words = new ArrayList<>();
                    }
                    Open closed = stack.pop();
                    if (closed == root) {
                        throw new IllegalArgumentException(location + ": unbalanced '}'");
                    }
                    stack.peek().children.add(new Statement(closed.location, closed.words, closed.children));
                } else {
                    words.add(token);
                }
            }
            if (!words.isEmpty()) {
                stack.peek().children.add(Statement.line(location, words));
            }
        }
        if (stack.size() != 1) {
            throw new IllegalArgumentException("unclosed block opened at " + stack.peek().location);
        }
        return root.children;
    }

    /** Tokens marked as quoted keep a leading NUL so that a quoted "{" is not a brace. */
    private static List<String> tokens(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    quoted = false;
                } else {
                    word.append(c);
                }
                continue;
            }
            if (c == '"') {
                quoted = true;
                inWord = true;
            } else if (c == '#' || c == '!') {
                break;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else if ((c == '{' || c == '}') && !inWord) {
                out.add(String.valueOf(c));
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unclosed quote in: " + line);
        }
        if (inWord) {
            out.add(word.toString());
        }
        return out;
    }
}
