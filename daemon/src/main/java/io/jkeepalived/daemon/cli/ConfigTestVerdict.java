package io.jkeepalived.daemon.cli;

import io.jkeepalived.config.Diagnostic;
import io.jkeepalived.config.Severity;
import java.util.List;

/**
 * The outcome of {@code -t}, with the exit codes keepalived really returns. keepalived's man page lists 3/4/5,
 * but its code (KEEPALIVED_CHK_EXIT_* in lib/scheduler.h, unchanged from 2.2.7 to 2.4.3) returns 4/5/6, and
 * 2.2.7 measured here returns 5 and 6; scripts test the codes they see, so we return the same.
 */
public enum ConfigTestVerdict {
    /** Nothing to report. */
    CLEAN(0),
    /** The daemon would refuse to start: a FATAL problem, the file cannot be read, or the parser failed. */
    CANNOT_RUN(4),
    /** Warnings or errors; the daemon would run, skipping what it could not understand. */
    PROBLEMS(5),
    /** Scripts (vrrp_script, notify, MISC_CHECK ...) are configured without enable_script_security. */
    SCRIPTS_WITHOUT_SECURITY(6);

    private final int exitCode;

    ConfigTestVerdict(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /**
     * Cannot-run wins over everything; the security finding wins over ordinary problems, as in keepalived (it
     * keeps the numerically highest config_err, and the security error is the highest). keepalived lets any
     * later warning outrank a fatal problem, and 2.2.7 exits 0 for a missing main file; we do not copy either.
     */
    public static ConfigTestVerdict of(List<Diagnostic> diagnostics, boolean scriptsWithoutSecurity) {
        if (diagnostics.stream().anyMatch(d -> d.severity() == Severity.FATAL)) {
            return CANNOT_RUN;
        }
        if (scriptsWithoutSecurity) {
            return SCRIPTS_WITHOUT_SECURITY;
        }
        return diagnostics.isEmpty() ? CLEAN : PROBLEMS;
    }
}
