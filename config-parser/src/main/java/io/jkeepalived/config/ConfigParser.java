package io.jkeepalived.config;

import io.jkeepalived.config.bind.ConfigBinder;
import io.jkeepalived.config.model.KeepalivedConfig;
import io.jkeepalived.config.source.StatementReader;
import java.nio.file.Path;
import java.util.List;

/** Reads a keepalived.conf, with everything it includes, into the typed model and a list of problems. */
public final class ConfigParser {
    private final ParseOptions options;

    public ConfigParser(ParseOptions options) {
        this.options = options;
    }

    public ParseResult parse(Path file) {
        Diagnostics diagnostics = new Diagnostics();
        List<Statement> statements = new StatementReader(options, diagnostics).read(file);
        KeepalivedConfig config = new ConfigBinder(diagnostics).bind(statements);
        return new ParseResult(config, diagnostics.all());
    }
}
