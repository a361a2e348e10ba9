package io.jkeepalived.config.testing;

import io.jkeepalived.config.Diagnostic;
import io.jkeepalived.config.Diagnostics;
import io.jkeepalived.config.ParseOptions;
import io.jkeepalived.config.Severity;
import io.jkeepalived.config.SourceLocation;
import io.jkeepalived.config.Statement;
import io.jkeepalived.config.bind.ConfigBinder;
import io.jkeepalived.config.model.KeepalivedConfig;
import io.jkeepalived.config.source.StatementReader;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns keepalived.conf text into {@link Statement} trees with the real {@link StatementReader}, as if read from
 * {@link #FILE} with config id {@code test}, and binds them. Once a stand-in for the lexer; kept as the tests'
 * entry point.
 */
public final class TestConf {
    public static final Path FILE = Path.of("test.conf");

    private TestConf() {
    }

    /** The statements of {@code text}, as if read from {@link #FILE}; a reader error fails the test. */
    public static List<Statement> statements(String text) {
        Diagnostics d = new Diagnostics();
        List<Statement> statements = new StatementReader(new ParseOptions("test"), d).readText(text, FILE);
        if (d.hasAtLeast(Severity.ERROR)) {
            throw new IllegalArgumentException("the reader reported " + d.all());
        }
        return statements;
    }

    /** Reads and binds {@code text} with one collector, as ConfigParser does; the model and every diagnostic. */
    public static Bound bind(String text) {
        Diagnostics d = new Diagnostics();
        List<Statement> statements = new StatementReader(new ParseOptions("test"), d).readText(text, FILE);
        KeepalivedConfig config = new ConfigBinder(d).bind(statements);
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
}
