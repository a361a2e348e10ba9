package io.jkeepalived.check;

import io.jkeepalived.check.Step.Transition;
import io.jkeepalived.track.TrackFileValue;

/**
 * A FILE_CHECK's verdict, as keepalived 2.2.7 keeps it (track_file.c, process_update_checker_track_file_status):
 * the status of the file's last value decides at once, with no retry, no delay and no alpha (keepalived clears
 * alpha for file checkers: their state is known from the start). FAULT is down and adds nothing to the weight;
 * any other status is up and adds itself to the real server's weight.
 *
 * <p>A track_file that is not followed (its directory was missing at start) never moves its checker: up, adding
 * nothing, as keepalived leaves a checker whose file it dropped.
 */
final class FileCheckPolicy implements CheckerPolicy {
    private final FileCheck spec;
    private int status;
    private Long value;

    /** @param value the file's value now, null when the file is not followed */
    FileCheckPolicy(FileCheck spec, Long value) {
        this.spec = spec;
        this.value = value;
        this.status = value == null ? 0 : TrackFileValue.checkerStatus(value, spec.weight(), spec.reverse());
    }

    @Override
    public boolean isUp() {
        return status != TrackFileValue.CHECKER_FAULT;
    }

    /** What this checker adds to its real server's weight now. */
    int weightDelta() {
        return isUp() ? status : 0;
    }

    /** The last value read, null when the file is not followed. */
    Long value() {
        return value;
    }

    int status() {
        return status;
    }

    /**
     * A new value of the file (null: it is no longer followed, e.g. after a reload dropped it): the transition,
     * and the weight delta in the returned step. The delay of the step means nothing.
     */
    Step onValue(Long next) {
        boolean wasUp = isUp();
        value = next;
        status = next == null ? 0 : TrackFileValue.checkerStatus(next, spec.weight(), spec.reverse());
        Transition t = wasUp == isUp() ? Transition.NONE : isUp() ? Transition.UP : Transition.DOWN;
        return new Step(t, 0, false, weightDelta());
    }

    @Override
    public Step onResult(ProbeResult result) {
        throw new IllegalStateException("a FILE_CHECK is never probed");
    }
}
