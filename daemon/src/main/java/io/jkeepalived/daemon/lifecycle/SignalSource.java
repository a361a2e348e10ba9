package io.jkeepalived.daemon.lifecycle;

/** Where POSIX signals come from; a seam so that the lifecycle is tested without sending real signals. */
public interface SignalSource {
    /**
     * Runs {@code action} each time the signal arrives, on a thread of the source's choosing.
     *
     * @param name the signal's name without "SIG" ({@code TERM}, {@code HUP})
     * @return false when the signal cannot be handled on this platform
     */
    boolean handle(String name, Runnable action);
}
