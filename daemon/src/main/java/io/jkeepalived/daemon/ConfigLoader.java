package io.jkeepalived.daemon;

import io.jkeepalived.config.ConfigParser;
import io.jkeepalived.config.ParseOptions;
import io.jkeepalived.config.ParseResult;
import java.nio.file.Path;

/** Turns a keepalived.conf into a model and diagnostics; the seam between the command line and the parser. */
@FunctionalInterface
public interface ConfigLoader {
    ParseResult parse(Path file, ParseOptions options);

    /** The real parser of the config-parser module. */
    static ConfigLoader configParser() {
        return (file, options) -> new ConfigParser(options).parse(file);
    }
}
