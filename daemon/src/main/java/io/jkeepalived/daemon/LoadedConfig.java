package io.jkeepalived.daemon;

import io.jkeepalived.config.ParseOptions;
import io.jkeepalived.config.ParseResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** What came of trying to read the configuration: the three cases the command line reports differently. */
public sealed interface LoadedConfig {
    Path file();

    /** The main file does not exist, is not a regular file, or cannot be read. */
    record Unreadable(Path file, String reason) implements LoadedConfig {
    }

    /** The parser threw: a bug or a missing piece in jkeepalived, never the operator's fault. */
    record Failed(Path file, Throwable error) implements LoadedConfig {
        /** One line for the operator: the exception's type and message, no stack trace. */
        public String summary() {
            String message = error.getMessage();
            return error.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
        }
    }

    /** The parser ran; the result may still carry FATAL diagnostics. */
    record Parsed(Path file, ParseResult result) implements LoadedConfig {
    }

    /**
     * Checks the main file first, as keepalived does before parsing, so that "no such file" is reported as
     * such rather than as whatever the parser makes of it.
     */
    static LoadedConfig load(ConfigLoader loader, Path file, ParseOptions options) {
        Objects.requireNonNull(file, "file");
        if (!Files.exists(file)) {
            return new Unreadable(file, "no such file");
        }
        if (!Files.isRegularFile(file)) {
            return new Unreadable(file, "not a regular file");
        }
        if (!Files.isReadable(file)) {
            return new Unreadable(file, "permission denied");
        }
        try {
            return new Parsed(file, loader.parse(file, options));
        } catch (RuntimeException | StackOverflowError e) {
            // StackOverflowError: a runaway recursion (an include loop the parser missed) is still a parse failure.
            return new Failed(file, e);
        }
    }
}
