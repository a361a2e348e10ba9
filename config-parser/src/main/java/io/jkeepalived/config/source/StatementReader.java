package io.jkeepalived.config.source;

import io.jkeepalived.config.Diagnostics;
import io.jkeepalived.config.ParseOptions;
import io.jkeepalived.config.SourceLocation;
import io.jkeepalived.config.Statement;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Reads a keepalived.conf and everything it includes into the statement tree, reporting every problem with its
 * file and line. The language, and where it deliberately differs from keepalived 2.2.7, is described in
 * docs/config-language.md.
 *
 * <p>It never throws: a main file that cannot be read is a FATAL diagnostic at {@code FILE:0} and an empty
 * result; everything else is reported and read past. Nesting, include depth, loop output and substitution are
 * bounded (see {@link ReaderLimits}), so no input can exhaust the stack or run forever.
 *
 * <p>One reader may be used for several reads; each starts afresh (definitions do not carry over). Not
 * thread-safe, like the {@link Diagnostics} it reports to.
 */
public final class StatementReader {
    private final ParseOptions options;
    private final Diagnostics diagnostics;
    private final ReaderLimits limits;
    private final RandomGenerator random;

    public StatementReader(ParseOptions options, Diagnostics diagnostics) {
        this(options, diagnostics, ReaderLimits.DEFAULT, new SplittableRandom());
    }

    StatementReader(ParseOptions options, Diagnostics diagnostics, ReaderLimits limits, RandomGenerator random) {
        this.options = Objects.requireNonNull(options, "options");
        this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Reads {@code file} and everything it includes into the top-level statements, in order. */
    public List<Statement> read(Path file) {
        Objects.requireNonNull(file, "file");
        return run(file, null);
    }

    /**
     * Reads {@code text} as though it were the content of {@code pretendFile}: locations name that file, and
     * relative includes and {@code $_PWD} use its directory. The file itself need not exist.
     */
    public List<Statement> readText(String text, Path pretendFile) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(pretendFile, "pretendFile");
        return run(pretendFile, text);
    }

    private List<Statement> run(Path file, String text) {
        BlockBuilder builder = new BlockBuilder(diagnostics, limits.maxBlockDepth());
        Preprocessor preprocessor = new Preprocessor(options.configId(), diagnostics, limits, random);
        try {
            if (text == null) {
                preprocessor.readFile(file, builder);
            } else {
                preprocessor.readText(text, file, builder);
            }
        } catch (RuntimeException | StackOverflowError e) {
            // A bug of ours must not become a stack trace for the operator; the tests assert this never happens.
            diagnostics.fatal(new SourceLocation(file, 0), "internal error while reading the configuration: " + e);
        }
        return List.copyOf(builder.finish());
    }
}
