package io.jkeepalived.vrrp.track;

/**
 * The rise/fall bookkeeping of one vrrp_script, as keepalived 2.2.7 keeps it: a counter from 0 to
 * rise + fall - 1, "up" from rise on. A new script (no {@code init_fail}) is unknown until its first
 * result, which decides at once (one success is enough, one failure too); with {@code init_fail} it
 * starts failed and needs {@code rise} successes. Once up, {@code fall} consecutive failures bring it
 * down; once down, {@code rise} consecutive successes bring it up. Pure.
 */
public final class ScriptHealth {
    /** What the script currently says. */
    public enum Status { UNKNOWN, UP, DOWN }

    private final int rise;
    private final int fall;
    private int result;
    private Status status;

    public ScriptHealth(int rise, int fall, boolean initFail) {
        if (rise < 1 || fall < 1) {
            throw new IllegalArgumentException("rise and fall must be at least 1");
        }
        this.rise = rise;
        this.fall = fall;
        this.result = initFail ? 0 : rise - 1;
        this.status = initFail ? Status.DOWN : Status.UNKNOWN;
    }

    /**
     * A script's health carried over a reload, as keepalived 2.2.7 does for a script that keeps its name: a script
     * that was up starts up (all the way: {@code fall} failures bring it down), one that was down starts down
     * ({@code rise} successes bring it up), one that had no result yet starts as a new script.
     */
    public static ScriptHealth carriedOver(int rise, int fall, boolean initFail, Status before) {
        ScriptHealth h = new ScriptHealth(rise, fall, initFail);
        switch (before) {
            case UP -> {
                h.result = rise + fall - 1;
                h.status = Status.UP;
            }
            case DOWN -> {
                h.result = 0;
                h.status = Status.DOWN;
            }
            case UNKNOWN -> {
                // as new
            }
        }
        return h;
    }

    public Status status() {
        return status;
    }

    /**
     * Records one run's outcome (a timeout or a signal counts as a failure).
     *
     * @return true when the status changed (from unknown too)
     */
    public boolean record(boolean success) {
        Status before = status;
        int top = rise + fall - 1;
        if (success) {
            if (status != Status.UNKNOWN && result < rise - 1) {
                result++;
            } else if (status == Status.UNKNOWN || result != top) {
                if (result < rise) {
                    status = Status.UP;
                }
                result = top;
            }
        } else {
            if (result > rise) {
                result--;
            } else {
                if (result == rise || status == Status.UNKNOWN) {
                    status = Status.DOWN;
                }
                result = 0;
            }
        }
        if (status == Status.UNKNOWN) {
            // Only reachable with rise + fall - 1 == rise - 1, which rise/fall >= 1 rules out; be safe.
            status = result >= rise ? Status.UP : Status.DOWN;
        }
        return status != before;
    }
}
