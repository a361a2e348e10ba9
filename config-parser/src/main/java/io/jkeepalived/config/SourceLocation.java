package io.jkeepalived.config;

import java.nio.file.Path;
import java.util.Objects;

/** Where a piece of configuration came from: a file and a 1-based line number. */
public record SourceLocation(Path file, int line) {
    public SourceLocation {
        Objects.requireNonNull(file, "file");
    }

    /** Rendered the way compilers and editors expect, so an operator can jump to it: {@code FILE:LINE}. */
    @Override
    public String toString() {
        return file + ":" + line;
    }
}
