package io.jkeepalived.daemon.cli;

import io.jkeepalived.daemon.ExitCodes;
import io.jkeepalived.daemon.Host;
import io.jkeepalived.daemon.IoErrors;
import io.jkeepalived.daemon.status.ControlClient;
import io.jkeepalived.daemon.status.ControlSocketPath;
import io.jkeepalived.daemon.status.JsonReader;
import io.jkeepalived.daemon.status.StatusTable;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jkeepalived status}: asks the running daemon over its control socket and prints its answer, as a table
 * or ({@code --json}) as the JSON document received. The socket is {@code --control-socket} (here or before
 * {@code status}), else the one that goes with {@code -p} (see {@link ControlSocketPath}).
 */
@Command(name = "status", description = "Show the running daemon's state: VRRP instances, virtual servers.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the daemon answered", "1:bad command line", "3:no daemon answers on the control socket",
            "4:the daemon's answer was incomplete or not understood"})
public final class StatusCommand implements Callable<Integer> {
    /** No daemon listens (or it did not answer): systemctl's "not running" number. */
    public static final int NOT_RUNNING = 3;
    /** The answer came but cannot be used. */
    public static final int BAD_ANSWER = 4;
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    @ParentCommand
    private JkeepalivedCommand parent;

    @Option(names = "--json", description = "Print the daemon's JSON document as received.")
    boolean json;

    @Option(names = {"-s", "--control-socket"}, paramLabel = "PATH",
            description = "The daemon's control socket (default: from -p, else /run/jkeepalived/control.sock).")
    Path socket;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print this help and exit.")
    boolean help;

    private final Host host;

    public StatusCommand(Host host) {
        this.host = Objects.requireNonNull(host, "host");
    }

    Path socketPath() {
        if (socket != null) {
            return socket;
        }
        if (parent != null && parent.controlSocket != null) {
            return parent.controlSocket;
        }
        return ControlSocketPath.forPidFile(parent == null ? null : parent.pidFile);
    }

    /** The socket layer's reason in the words of connect(2) ("no such file or directory", "connection refused"). */
    private static String why(IOException e) {
        if (e instanceof java.net.SocketException && e.getMessage() != null) {
            String m = e.getMessage();
            return m.isEmpty() ? m : Character.toLowerCase(m.charAt(0)) + m.substring(1);
        }
        return IoErrors.describe(e);
    }

    @Override
    public Integer call() {
        Path path = socketPath();
        String answer;
        try {
            answer = ControlClient.request(path, "status", TIMEOUT);
        } catch (SocketTimeoutException e) {
            host.err().println("jkeepalived: the daemon on " + path + " did not answer within "
                    + TIMEOUT.toSeconds() + " s");
            return NOT_RUNNING;
        } catch (IOException e) {
            host.err().println("jkeepalived: no daemon is listening on " + path + " (" + why(e)
                    + "); is jkeepalived running, with this pid file or --control-socket?");
            return NOT_RUNNING;
        }
        Object document;
        try {
            document = JsonReader.parse(answer);
        } catch (IllegalArgumentException e) {
            host.err().println("jkeepalived: the daemon on " + path + " answered something that is not JSON ("
                    + e.getMessage() + ")");
            return BAD_ANSWER;
        }
        if (!(document instanceof Map<?, ?> map) || map.containsKey("error")) {
            host.err().println("jkeepalived: the daemon on " + path + " answered: "
                    + (document instanceof Map<?, ?> m ? m.get("error") : answer.strip()));
            return BAD_ANSWER;
        }
        if (json) {
            host.out().print(answer);
        } else {
            try {
                host.out().print(StatusTable.render(map));
            } catch (RuntimeException e) {
                host.err().println("jkeepalived: the daemon's answer lacks what the table needs (" + e
                        + "); try --json");
                return BAD_ANSWER;
            }
        }
        host.out().flush();
        return ExitCodes.OK;
    }
}
