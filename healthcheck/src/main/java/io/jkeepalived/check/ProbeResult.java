package io.jkeepalived.check;

/**
 * The outcome of one attempt.
 *
 * @param kind       success, failure, or no verdict at all
 * @param exitStatus MISC_CHECK: the script's exit status when it exited by itself, else -1
 * @param detail     why, for the log
 */
record ProbeResult(Kind kind, int exitStatus, String detail) {
    enum Kind {
        SUCCESS,
        FAILURE,
        /**
         * Nothing was learnt about the server: the check could not even be attempted (no socket, a bind failure,
         * the script could not be started). keepalived reschedules after delay_loop without changing state.
         */
        INDETERMINATE
    }

    static ProbeResult success(String detail) {
        return new ProbeResult(Kind.SUCCESS, -1, detail);
    }

    static ProbeResult failure(String detail) {
        return new ProbeResult(Kind.FAILURE, -1, detail);
    }

    static ProbeResult indeterminate(String detail) {
        return new ProbeResult(Kind.INDETERMINATE, -1, detail);
    }

    /** A script that exited by itself; the MISC_CHECK policy decides what the status means. */
    static ProbeResult exited(int status, String detail) {
        return new ProbeResult(status == 0 ? Kind.SUCCESS : Kind.FAILURE, status, detail);
    }
}
