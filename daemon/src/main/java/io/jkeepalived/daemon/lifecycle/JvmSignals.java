package io.jkeepalived.daemon.lifecycle;

import io.jkeepalived.libc.Libc;
import io.jkeepalived.libc.LinuxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Real signals through {@code sun.misc.Signal} (module jdk.unsupported, in every JDK 17). The supported API,
 * shutdown hooks, cannot tell SIGTERM from SIGHUP, and the JVM exits on SIGHUP by default, which would make a
 * unit's {@code ExecReload=kill -HUP} kill the daemon. Handlers run on the JVM's signal dispatcher thread.
 */
public final class JvmSignals implements SignalSource {
    private static final Logger log = LoggerFactory.getLogger(JvmSignals.class);

    @Override
    public boolean handle(String name, Runnable action) {
        try {
            Signal signal = new Signal(name);
            SignalHandler handler = s -> action.run();
            // The JVM leaves SIGHUP, SIGINT and SIGTERM alone when they were ignored at start (nohup, a parent
            // that ignores them) and says so only by answering SIG_IGN: the handler would never run, and
            // `systemctl reload` or `kill -HUP` would do nothing. keepalived takes its signals whatever it
            // inherited; so do we, by putting the default back and asking again.
            if (Signal.handle(signal, handler) == SignalHandler.SIG_IGN) {
                try {
                    Libc.get().resetSignalToDefault(signal.getNumber());
                } catch (LinuxException | RuntimeException e) {
                    log.warn("SIG{} was ignored when jkeepalived started and cannot be taken back ({}); it will "
                            + "do nothing", name, e.getMessage());
                    return false;
                }
                if (Signal.handle(signal, handler) == SignalHandler.SIG_IGN) {
                    log.warn("SIG{} was ignored when jkeepalived started and the JVM still ignores it", name);
                    return false;
                }
                log.info("SIG{} was ignored when jkeepalived started (nohup?); answering it anyway", name);
            }
            return true;
        } catch (IllegalArgumentException e) {
            // Unknown on this platform, or reserved by the VM (the message says which).
            return false;
        }
    }
}
