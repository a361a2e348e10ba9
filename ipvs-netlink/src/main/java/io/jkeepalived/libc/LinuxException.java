package io.jkeepalived.libc;

import java.io.IOException;

/**
 * A Linux call failed with an errno: a system call through {@link Libc}, or a kernel request answered with
 * an error (see the netlink subclasses). The message names the call and the errno, e.g.
 * {@code "setns(/run/netns/x, CLONE_NEWNET): EPERM (Operation not permitted)"}.
 */
public class LinuxException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Errno errno;
    private final String call;

    public LinuxException(String call, Errno errno) {
        this(call, errno, call + ": " + errno);
    }

    protected LinuxException(String call, Errno errno, String message) {
        super(message);
        this.call = call;
        this.errno = errno;
    }

    /** The errno the call failed with. */
    public Errno errno() {
        return errno;
    }

    /** The call that failed, with enough of its arguments to recognise it. */
    public String call() {
        return call;
    }

    /** Shorthand for {@code errno().is(e)}. */
    public boolean is(Errno e) {
        return errno.is(e);
    }
}
