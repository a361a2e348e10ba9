package io.jkeepalived.ipvs.reconcile;

import java.time.Duration;
import java.util.List;

import io.jkeepalived.ipvs.IpvsChange;

/**
 * What one reconcile did.
 *
 * @param applied  the changes the kernel accepted, in order
 * @param restored of those, the adds of entries that were in place after an earlier reconcile and had gone
 *                 (deleted behind jkeepalived's back)
 * @param failures what did not happen, one line each naming the object
 * @param skipped  destination changes not sent because their service could not be added
 * @param elapsed  how long the reconcile took, reading included
 */
public record ReconcileReport(List<IpvsChange> applied, List<IpvsChange> restored, List<ReconcileFailure> failures,
        int skipped, Duration elapsed) {

    /** True when the kernel's owned part of the table is now what was desired. */
    public boolean converged() {
        return failures.isEmpty() && skipped == 0;
    }

    /** True when the table already matched: nothing was sent. */
    public boolean unchanged() {
        return applied.isEmpty() && failures.isEmpty() && skipped == 0;
    }

    @Override
    public String toString() {
        return applied.size() + " change(s) applied (" + restored.size() + " restored), " + failures.size()
                + " failed, " + skipped + " skipped, in " + elapsed.toMillis() + " ms";
    }
}
