package io.jkeepalived.config.lvs;

import io.jkeepalived.config.Diagnostics;
import io.jkeepalived.config.ParseOptions;
import io.jkeepalived.config.Severity;
import io.jkeepalived.config.Statement;
import io.jkeepalived.config.source.StatementReader;
import java.nio.file.Path;
import java.util.List;

/**
 * keepalived.conf text to statements with the real {@link StatementReader} (config id {@code test}); lines are
 * numbered from 1 in {@link #FILE}. Once a stand-in for the lexer; a reader error fails the test.
 */
public final class ConfText {
    public static final Path FILE = Path.of("test.conf");

    private ConfText() {
    }

    public static List<Statement> parse(String text) {
        return parse(FILE, text);
    }

    public static List<Statement> parse(Path file, String text) {
        Diagnostics d = new Diagnostics();
        List<Statement> statements = new StatementReader(new ParseOptions("test"), d).readText(text, file);
        if (d.hasAtLeast(Severity.ERROR)) {
            throw new IllegalArgumentException("the reader reported " + d.all());
        }
        return statements;
    }
}
