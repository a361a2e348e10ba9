package io.jkeepalived.daemon.cli;

/** The command line cannot be understood (unknown option, missing argument); keepalived exits 1 for these. */
public final class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}
