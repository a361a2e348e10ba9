package io.jkeepalived.daemon.lifecycle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * systemd's readiness protocol (sd_notify(3)) without libsystemd: each state is one datagram of
 * newline-separated {@code VARIABLE=value} lines sent to the AF_UNIX socket named by {@code NOTIFY_SOCKET} (a
 * path, or an abstract name written with a leading '@'). Without the variable (not started by systemd, or a
 * unit that is not Type=notify) every call does nothing. A failed send is logged once and never stops the
 * daemon: systemd then judges it by its own timeouts, which is all a lost datagram can cost.
 */
public final class SdNotify implements Notifier {
    private static final Logger log = LoggerFactory.getLogger(SdNotify.class);

    private final UnixSocketAddress target;
    private final String name;
    private final AtomicBoolean failureLogged = new AtomicBoolean();
    private UnixDatagramChannel channel;

    private SdNotify(UnixSocketAddress target, String name) {
        this.target = target;
        this.name = name;
    }

    /** The notifier {@code NOTIFY_SOCKET} asks for, or one that does nothing when it is unset or empty. */
    public static Notifier fromEnvironment(Map<String, String> env) {
        String socket = env.get("NOTIFY_SOCKET");
        if (socket == null || socket.isEmpty()) {
            return Notifier.NONE;
        }
        // sd_notify(3): '@' stands for the NUL byte that starts a name in the abstract namespace.
        String address = socket.charAt(0) == '@' ? "\0" + socket.substring(1) : socket;
        return new SdNotify(new UnixSocketAddress(address), socket);
    }

    @Override
    public synchronized void send(String state) {
        byte[] bytes = state.getBytes(StandardCharsets.UTF_8);
        try {
            if (channel == null) {
                channel = UnixDatagramChannel.open();
            }
            int sent = channel.send(ByteBuffer.wrap(bytes), target);
            if (sent != bytes.length) {
                throw new IOException("sent " + sent + " of " + bytes.length + " bytes");
            }
            log.debug("sd_notify {}: {}", name, state.replace('\n', ' '));
        } catch (IOException | RuntimeException e) {
            if (failureLogged.compareAndSet(false, true)) {
                log.warn("Cannot notify systemd through NOTIFY_SOCKET={} ({}); the daemon runs on, later failures"
                        + " are not logged", name, e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }
    }
}
