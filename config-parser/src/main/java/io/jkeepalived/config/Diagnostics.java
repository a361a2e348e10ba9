package io.jkeepalived.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the problems found while reading one configuration. Not thread-safe: one parse, one collector.
 */
public final class Diagnostics {
    private final List<Diagnostic> reported = new ArrayList<>();

    public void warn(SourceLocation where, String message) {
        reported.add(new Diagnostic(Severity.WARNING, where, message));
    }

    public void error(SourceLocation where, String message) {
        reported.add(new Diagnostic(Severity.ERROR, where, message));
    }

    public void fatal(SourceLocation where, String message) {
        reported.add(new Diagnostic(Severity.FATAL, where, message));
    }

    public void add(Diagnostic diagnostic) {
        reported.add(diagnostic);
    }

    public List<Diagnostic> all() {
        return List.copyOf(reported);
    }

    public boolean hasAtLeast(Severity severity) {
        return reported.stream().anyMatch(d -> d.severity().compareTo(severity) >= 0);
    }
}
