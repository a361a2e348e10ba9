package io.jkeepalived.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.config.ConfigParser;
import io.jkeepalived.config.ParseOptions;
import io.jkeepalived.config.ParseResult;
import io.jkeepalived.config.model.KeepalivedConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** keepalived.conf text through the real parser. */
public final class Conf {
    private Conf() {
    }

    public static KeepalivedConfig parse(String text) {
        try {
            Path file = Files.createTempFile("jkv-vi-", ".conf");
            try {
                Files.writeString(file, text);
                ParseResult r = new ConfigParser(new ParseOptions("lab")).parse(file);
                assertTrue(r.runnable(), () -> "cannot run: " + r.diagnostics());
                return r.config();
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
