package io.jkeepalived.check;

import io.jkeepalived.check.Step.Transition;

/**
 * MISC_CHECK's retries and dynamic weight, as keepalived 2.2.7's misc_check_child_thread.
 *
 * <ul>
 *   <li>Success: exit 0, or with misc_dynamic an exit status 2-255. The weight delta becomes
 *       {@code status - 2 - configured weight} for a dynamic status, 0 for exit 0.</li>
 *   <li>A failure (exit 1 or any other status without misc_dynamic, a signal, the timeout) of a live checker
 *       uses up a retry; with none left the checker goes down and its weight delta is reset. A down checker's
 *       failures change nothing.</li>
 *   <li>The next run starts delay_loop (delay_before_retry while retrying) after the <em>start</em> of the
 *       previous one, at once if that time has passed.</li>
 * </ul>
 * Two 2.2.7 slips are not copied: after a failure by signal or timeout keepalived leaves the dynamic weight it had
 * set in place, and after any down it may not re-apply the same dynamic status when the script recovers with it.
 */
final class MiscRetryPolicy implements CheckerPolicy {
    private final long delayLoop;
    private final long delayBeforeRetry;
    private final int retry;
    private final boolean dynamic;
    private final int configuredWeight;
    private boolean up;
    private boolean hasRun;
    private int retryIt;
    private int delta;

    MiscRetryPolicy(CheckTiming timing, boolean dynamic, int configuredWeight) {
        this.delayLoop = timing.delayLoop().toNanos();
        this.delayBeforeRetry = timing.delayBeforeRetry().toNanos();
        this.retry = timing.retry();
        this.dynamic = dynamic;
        this.configuredWeight = configuredWeight;
        this.up = !timing.alpha();
        this.retryIt = retry;
    }

    @Override
    public boolean isUp() {
        return up;
    }

    @Override
    public Step onResult(ProbeResult result) {
        if (result.kind() == ProbeResult.Kind.INDETERMINATE) {
            return new Step(Transition.NONE, delayLoop, true, delta);
        }
        int status = result.exitStatus();
        boolean success = status == 0 || (dynamic && status >= 2 && status <= 255);
        Transition transition = Transition.NONE;
        if (success) {
            delta = status == 0 ? 0 : status - 2 - configuredWeight;
            if (!up) {
                transition = Transition.UP;
                up = true;
            }
            retryIt = 0;
        } else if (up || !hasRun) {
            if (retryIt < retry) {
                retryIt++;
            } else {
                retryIt = 0;
                delta = 0;
                if (up) {
                    transition = Transition.DOWN;
                    up = false;
                }
            }
        }
        hasRun = true;
        return new Step(transition, retryIt > 0 ? delayBeforeRetry : delayLoop, true, delta);
    }
}
