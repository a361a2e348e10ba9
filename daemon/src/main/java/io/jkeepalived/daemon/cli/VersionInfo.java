package io.jkeepalived.daemon.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code -v}: our name and version (filtered in from the Maven project version), and what we are compatible with. */
public final class VersionInfo implements IVersionProvider {
    /** The keepalived release whose behaviour jkeepalived is checked against on the lab machines. */
    public static final String KEEPALIVED_REFERENCE = "2.2.7";

    public static String version() {
        try (InputStream in = VersionInfo.class.getResourceAsStream("/io/jkeepalived/daemon/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> lines() {
        return List.of(
                "jkeepalived " + version(),
                "keepalived compatibility: keepalived.conf, command line and VRRPv2 of keepalived "
                        + KEEPALIVED_REFERENCE + " (not every feature yet: see docs/cli.md)",
                "Running on Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor")
                        + "), " + System.getProperty("os.name") + " " + System.getProperty("os.version"));
    }

    @Override
    public String[] getVersion() {
        return lines().toArray(String[]::new);
    }
}
