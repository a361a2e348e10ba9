package io.jkeepalived.config;

import java.util.Objects;

/** One problem found in a configuration, pinned to the file and line it came from. */
public record Diagnostic(Severity severity, SourceLocation location, String message) {
    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(message, "message");
    }

    /** {@code FILE:LINE: message}, with the severity spelled out unless it is a plain warning. */
    @Override
    public String toString() {
        String prefix = severity == Severity.WARNING ? "" : severity.name().toLowerCase(java.util.Locale.ROOT) + ": ";
        return location + ": " + prefix + message;
    }
}
