package io.jkeepalived.daemon.status;

import io.jkeepalived.daemon.lifecycle.PidFiles;
import java.nio.file.Path;

/**
 * Where the control socket is when {@code --control-socket} does not say: {@code /run/jkeepalived/control.sock}
 * for a daemon with the default pid file, else beside its pid file, named after it ({@code -p
 * /run/lb2.pid}: {@code /run/lb2.sock}). Two daemons must have two pid files, so they get two sockets, and
 * {@code jkeepalived -p FILE status} finds the one of the daemon started with {@code -p FILE}.
 */
public final class ControlSocketPath {
    public static final Path DEFAULT = Path.of("/run/jkeepalived/control.sock");

    private ControlSocketPath() {
    }

    public static Path forPidFile(Path pidFile) {
        if (pidFile == null || pidFile.equals(PidFiles.DEFAULT_MAIN)) {
            return DEFAULT;
        }
        String name = pidFile.getFileName().toString();
        String base = name.endsWith(".pid") && name.length() > 4 ? name.substring(0, name.length() - 4) : name;
        return pidFile.resolveSibling(base + ".sock");
    }
}
