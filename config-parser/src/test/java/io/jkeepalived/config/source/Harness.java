package io.jkeepalived.config.source;

import io.jkeepalived.config.Diagnostic;
import io.jkeepalived.config.Diagnostics;
import io.jkeepalived.config.ParseOptions;
import io.jkeepalived.config.Severity;
import io.jkeepalived.config.Statement;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/** One read through {@link StatementReader}, with its tree and problems rendered for golden comparisons. */
final class Harness {
    /** The pretend file of text-based tests; it does not exist. */
    static final Path MAIN = Path.of("/virtual/keepalived.conf");

    final Path main;
    final List<Statement> statements;
    final List<Diagnostic> diagnostics;

    private Harness(Path main, List<Statement> statements, List<Diagnostic> diagnostics) {
        this.main = main;
        this.statements = statements;
        this.diagnostics = diagnostics;
    }

    static Harness text(String text) {
        return text(text, "node1");
    }

    static Harness text(String text, String configId) {
        return text(text, MAIN, configId, ReaderLimits.DEFAULT);
    }

    static Harness text(String text, Path pretendFile, String configId, ReaderLimits limits) {
        Diagnostics diagnostics = new Diagnostics();
        StatementReader reader = new StatementReader(new ParseOptions(configId), diagnostics, limits,
                new SplittableRandom(42));
        List<Statement> statements = reader.readText(text, pretendFile);
        return new Harness(pretendFile, statements, diagnostics.all());
    }

    static Harness file(Path file) {
        return file(file, "node1");
    }

    static Harness file(Path file, String configId) {
        Diagnostics diagnostics = new Diagnostics();
        List<Statement> statements = new StatementReader(new ParseOptions(configId), diagnostics).read(file);
        return new Harness(file, statements, diagnostics.all());
    }

    String tree() {
        return TreeDump.render(statements, main);
    }

    String problems() {
        return TreeDump.diagnostics(diagnostics);
    }

    boolean clean() {
        return diagnostics.isEmpty();
    }

    long count(Severity severity) {
        return diagnostics.stream().filter(d -> d.severity() == severity).count();
    }
}
