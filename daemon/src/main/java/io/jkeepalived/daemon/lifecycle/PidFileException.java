package io.jkeepalived.daemon.lifecycle;

/** A pid file cannot be taken: another daemon holds it, or it cannot be written. */
public final class PidFileException extends Exception {
    public PidFileException(String message) {
        super(message);
    }
}
