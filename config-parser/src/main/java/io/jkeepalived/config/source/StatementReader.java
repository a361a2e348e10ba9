package io.jkeepalived.config.source;

import io.jkeepalived.config.Diagnostics;
import io.jkeepalived.config.ParseOptions;
import io.jkeepalived.config.Statement;
import java.nio.file.Path;
import java.util.List;

/** Placeholder: reads keepalived.conf text into statements; replaced by the lexer work of the foundation issue. */
public final class StatementReader {
    private final ParseOptions options;
    private final Diagnostics diagnostics;

    public StatementReader(ParseOptions options, Diagnostics diagnostics) {
        this.options = options;
        this.diagnostics = diagnostics;
    }

    /** Reads {@code file} and everything it includes into the top-level statements, in order. */
    public List<Statement> read(Path file) {
        throw new UnsupportedOperationException("not written yet");
    }
}
