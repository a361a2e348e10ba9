package io.jkeepalived.alert;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * keepalived's "local name", the default router_id, smtp_helo_name and the host part of notification_email_from:
 * getaddrinfo(uname's node name, AI_CANONNAME). With the hosts file that is the first name of the line that lists
 * the node name; we read the file the same way. A name only DNS knows keeps the node name (keepalived would take
 * DNS's canonical name; see docs/alerts.md). Reads files: call it off the event loops.
 */
public final class LocalName {
    private LocalName() {
    }

    public static String resolve() {
        return resolve(Path.of("/proc/sys/kernel/hostname"), Path.of("/etc/hosts"));
    }

    static String resolve(Path hostnameFile, Path hostsFile) {
        String node;
        try {
            node = Files.readString(hostnameFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "localhost";
        }
        if (node.isEmpty()) {
            return "localhost";
        }
        return canonical(node, hostsFile).orElse(node);
    }

    static Optional<String> canonical(String node, Path hostsFile) {
        List<String> lines;
        try {
            lines = Files.readAllLines(hostsFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.empty();
        }
        for (String line : lines) {
            int hash = line.indexOf('#');
            String[] f = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
            for (int i = 1; i < f.length; i++) {
                if (f[i].equalsIgnoreCase(node)) {
                    return Optional.of(f[1]);
                }
            }
        }
        return Optional.empty();
    }
}
