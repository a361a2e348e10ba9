package io.jkeepalived.config;

/**
 * How bad a reported problem is. The order matters: later constants are worse.
 */
public enum Severity {
    /** Suspicious but harmless, e.g. a deprecated alias or an unknown keyword that is skipped. */
    WARNING,
    /** A value or line was rejected and dropped; the rest of the configuration still runs. */
    ERROR,
    /** The configuration cannot be run at all (e.g. the main file cannot be read). */
    FATAL
}
