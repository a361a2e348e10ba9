package io.jkeepalived.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** External programs the namespace tests use: missing under CI=true fails, elsewhere skips. */
final class Prereq {
    private Prereq() {
    }

    static String tcpdump() {
        return require("tcpdump");
    }

    static String require(String name) {
        for (String dir : new String[] {"/usr/sbin", "/usr/bin", "/sbin", "/bin"}) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        String message = name + " is not installed (apt-get install " + name + ")";
        if ("true".equals(System.getenv("CI"))) {
            fail(message + "; CI=true requires it");
        }
        Assumptions.abort(message + "; skipped outside CI");
        return null;
    }
}
