package io.jkeepalived.config;

import io.jkeepalived.config.model.KeepalivedConfig;
import java.util.List;

/**
 * The outcome of reading a configuration: the model built from everything that could be understood,
 * and every problem found on the way.
 */
public record ParseResult(KeepalivedConfig config, List<Diagnostic> diagnostics) {
    public ParseResult {
        diagnostics = List.copyOf(diagnostics);
    }

    /** False when a {@link Severity#FATAL} problem means the daemon must not start on this configuration. */
    public boolean runnable() {
        return diagnostics.stream().noneMatch(d -> d.severity() == Severity.FATAL);
    }

    public boolean clean() {
        return diagnostics.isEmpty();
    }
}
