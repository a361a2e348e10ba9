package io.jkeepalived.daemon.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The default of {@code -i}: keepalived takes uname's node name up to the first dot, so that {@code @lb1} lines
 * match on host {@code lb1.example.net}.
 */
public final class ConfigId {
    /** The kernel's node name for this UTS namespace: the same string uname(2) returns. */
    private static final Path KERNEL_HOSTNAME = Path.of("/proc/sys/kernel/hostname");

    private ConfigId() {
    }

    public static String fromNodeName(String nodeName) {
        int dot = nodeName.indexOf('.');
        return dot < 0 ? nodeName : nodeName.substring(0, dot);
    }

    /**
     * This host's node name. Not InetAddress.getLocalHost(): that may ask DNS, and keepalived does not either.
     * The environment is only a fallback for systems without /proc.
     */
    public static String currentNodeName(Map<String, String> env) {
        try {
            return Files.readString(KERNEL_HOSTNAME, StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            return env.getOrDefault("HOSTNAME", "localhost");
        }
    }
}
