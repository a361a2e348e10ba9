package io.jkeepalived.it.lab;

/** The lab itself broke (the VM did not boot or never ran the script): a bug or a broken machine, not a skip. */
public final class KernelLabFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KernelLabFailure(String message) {
        super(message);
    }

    public KernelLabFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
