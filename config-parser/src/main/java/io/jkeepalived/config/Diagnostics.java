package io.jkeepalived.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the problems found while reading one configuration. Not thread-safe: one parse, one collector.
 */
public final class Diagnostics {
    private final List<Diagnostic> reported = new ArrayList<>();
    private final List<Statement> skippedBlocks = new ArrayList<>();

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

    /**
     * Notes that a binder skipped {@code statement}'s block whole (an unknown keyword, or a keyword that takes no
     * block) where keepalived 2.2.7 reads the block's lines one level further out; the binders report afterwards
     * every line keepalived reads differently because of it (the caller reports the statement itself).
     */
    public void blockSkipped(Statement statement) {
        if (statement.hasBlock()) {
            skippedBlocks.add(statement);
        }
    }

    /** The statements passed to {@link #blockSkipped}, in the order they were skipped. */
    public List<Statement> skippedBlocks() {
        return List.copyOf(skippedBlocks);
    }

    public List<Diagnostic> all() {
        return List.copyOf(reported);
    }

    public boolean hasAtLeast(Severity severity) {
        return reported.stream().anyMatch(d -> d.severity().compareTo(severity) >= 0);
    }
}
