package io.jkeepalived.daemon.lifecycle;

import sun.misc.Signal;

/**
 * Real signals through {@code sun.misc.Signal} (module jdk.unsupported, in every JDK 17). The supported API,
 * shutdown hooks, cannot tell SIGTERM from SIGHUP, and the JVM exits on SIGHUP by default, which would make a
 * unit's {@code ExecReload=kill -HUP} kill the daemon. Handlers run on the JVM's signal dispatcher thread.
 */
public final class JvmSignals implements SignalSource {
    @Override
    public boolean handle(String name, Runnable action) {
        try {
            Signal.handle(new Signal(name), signal -> action.run());
            return true;
        } catch (IllegalArgumentException e) {
            // Unknown on this platform, or reserved by the VM (the message says which).
            return false;
        }
    }
}
