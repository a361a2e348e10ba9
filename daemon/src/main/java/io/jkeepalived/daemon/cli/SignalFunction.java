package io.jkeepalived.daemon.cli;

import java.util.Locale;
import java.util.Optional;

/**
 * {@code --signum=SIGFUNC}: the signal to send for a keepalived function, used as
 * {@code kill -s $(keepalived --signum=RELOAD) $(cat /run/keepalived.pid)}. Numbers are Linux's on x86 and arm,
 * the same as keepalived 2.2.7 prints here. Only the functions the daemon answers are listed: printing the
 * number of a real-time signal nobody handles would have the JVM terminate on it.
 */
public enum SignalFunction {
    STOP(15, "TERM"),
    RELOAD(1, "HUP"),
    DATA(10, "USR1"),
    STATS(12, "USR2");

    private final int number;
    private final String signalName;

    SignalFunction(int number, String signalName) {
        this.number = number;
        this.signalName = signalName;
    }

    public int number() {
        return number;
    }

    /** The name without "SIG", as sun.misc.Signal and kill(1) spell it. */
    public String signalName() {
        return signalName;
    }

    /** keepalived matches the name exactly (upper case); so do we. */
    public static Optional<SignalFunction> named(String name) {
        for (SignalFunction f : values()) {
            if (f.name().equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** keepalived's functions we do not answer yet, so that the error can say so instead of "unknown". */
    public static boolean isKeepalivedOnly(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return name.equals(upper) && (name.equals("STATS_CLEAR") || name.equals("JSON") || name.equals("TDUMP"));
    }
}
