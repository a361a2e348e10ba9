package io.jkeepalived.it.lab;

/** A prerequisite of the kernel lab is missing: qemu, a static busybox, or the kernel package cannot be had. */
public final class KernelLabUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KernelLabUnavailable(String message) {
        super(message);
    }
}
