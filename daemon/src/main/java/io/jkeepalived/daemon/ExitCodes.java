package io.jkeepalived.daemon;

/**
 * Exit codes of a daemon run (without {@code -t}); {@code -t} uses {@link ConfigTestVerdict}. The values are
 * keepalived's (lib/scheduler.h, both 2.2.7 and 2.4.3), which follow the LSB / systemd.exec(5) meanings, so a
 * unit's {@code RestartPreventExitStatus=} or a monitoring check written for keepalived reads them the same way.
 */
public final class ExitCodes {
    /** Stopped cleanly (SIGTERM or SIGINT), or -h/-v/--signum. */
    public static final int OK = 0;
    /** Bad command line, another instance is running, a pid file cannot be written (EXIT_FAILURE). */
    public static final int FAILURE = 1;
    /** The configuration cannot be run: a FATAL problem, or the parser failed (EXIT_INVALIDARGUMENT). */
    public static final int CONFIG = 2;
    /** The configuration file is missing or unreadable (EXIT_NOTCONFIGURED); measured with keepalived 2.2.7. */
    public static final int NO_CONFIG = 6;
    /** A bug in jkeepalived: an exception nobody expected (EX_SOFTWARE). */
    public static final int SOFTWARE = 70;

    private ExitCodes() {
    }
}
