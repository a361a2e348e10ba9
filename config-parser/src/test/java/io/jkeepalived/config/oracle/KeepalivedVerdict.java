package io.jkeepalived.config.oracle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What keepalived 2.2.7 said about one config in config-test mode, as recorded by
 * {@code src/test/resources/oracle/record-oracle.sh} in {@code NAME.keepalived-2.2.7} (format in the
 * oracle README).
 *
 * @param configId the {@code -i} id keepalived ran with; parse with the same id
 * @param exitCode keepalived's exit code (0 clean, 5 problems, 2 gave up, 6 script security, 139 crashed)
 * @param findings every distinct problem it printed
 */
public record KeepalivedVerdict(String configId, int exitCode, List<Finding> findings) {
    public static final String SUFFIX = ".keepalived-2.2.7";

    public KeepalivedVerdict {
        Objects.requireNonNull(configId, "configId");
        findings = List.copyOf(findings);
    }

    /**
     * One reported problem.
     *
     * @param file    empty for the config itself, else the included file as keepalived names it (relative to
     *                the directory of the file that included it)
     * @param line    1-based line, or 0 when keepalived gave none
     * @param message keepalived's text
     */
    public record Finding(String file, int line, String message) {
        public boolean located() {
            return line > 0;
        }
    }

    /** True when keepalived accepted the config without a word. */
    public boolean clean() {
        return exitCode == 0 && findings.isEmpty();
    }

    public static KeepalivedVerdict read(Path golden) {
        List<String> lines;
        try {
            lines = Files.readAllLines(golden, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String configId = null;
        Integer exitCode = null;
        List<Finding> findings = new ArrayList<>();
        int number = 0;
        for (String text : lines) {
            number++;
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            int tab = text.indexOf('\t');
            if (tab < 0) {
                throw new IllegalArgumentException(golden + ":" + number + ": no tab in '" + text + "'");
            }
            String key = text.substring(0, tab);
            String value = text.substring(tab + 1);
            if (key.equals("config-id")) {
                configId = value;
            } else if (key.equals("exit")) {
                exitCode = Integer.parseInt(value);
            } else if (key.equals("-")) {
                findings.add(new Finding("", 0, value));
            } else {
                // FILE:LINE for an included file, LINE for the config itself; file names never end in ":digits".
                int colon = key.lastIndexOf(':');
                String file = colon < 0 ? "" : key.substring(0, colon);
                int line = Integer.parseInt(key.substring(colon + 1));
                findings.add(new Finding(file, line, value));
            }
        }
        if (configId == null || exitCode == null) {
            throw new IllegalArgumentException(golden + ": missing config-id or exit line");
        }
        return new KeepalivedVerdict(configId, exitCode, findings);
    }
}
