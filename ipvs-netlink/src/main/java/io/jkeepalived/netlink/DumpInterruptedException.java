package io.jkeepalived.netlink;

/**
 * Every attempt at a dump was interrupted by concurrent changes (NLM_F_DUMP_INTR): the kernel could not
 * promise a consistent snapshot, so none is returned.
 */
public final class DumpInterruptedException extends NetlinkException {

    private static final long serialVersionUID = 1L;

    public DumpInterruptedException(String operation, int attempts) {
        super(operation + ": dump interrupted by concurrent changes " + attempts + " times in a row");
    }
}
