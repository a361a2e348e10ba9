package io.jkeepalived.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The house rule for tests that need root and network namespaces: in CI (env CI=true) a missing
 * prerequisite is a failure; elsewhere the test is skipped with a message saying what is missing.
 */
public final class RootRequired {

    private RootRequired() {
    }

    /** Call first in a test (or @BeforeAll) that needs root, `ip` and network namespaces. */
    public static void check() {
        String missing = missing();
        if (missing == null) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true and this test's prerequisite is missing: " + missing);
        }
        abort("skipped: " + missing + " (set CI=true to make this a failure)");
    }

    private static String missing() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    String[] f = line.substring(4).trim().split("\\s+");
                    if (!f[1].equals("0")) {
                        return "root (effective uid is " + f[1] + ")";
                    }
                }
            }
        } catch (IOException e) {
            return "Linux /proc (" + e.getMessage() + ")";
        }
        if (!Files.isExecutable(Path.of("/usr/sbin/ip")) && !Files.isExecutable(Path.of("/sbin/ip"))
                && !Files.isExecutable(Path.of("/usr/bin/ip"))) {
            return "iproute2's ip(8)";
        }
        return null;
    }
}
