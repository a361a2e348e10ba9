package io.jkeepalived.check;

import io.jkeepalived.check.Step.Transition;

/**
 * SMTP_CHECK's retries, as keepalived 2.2.7's smtp_final and smtp_start_check_thread (check_smtp.c):
 * <ul>
 *   <li>every attempt started after delay_loop (the first one included) starts with the retry counter at 0. So,
 *       unlike the other checkers, one failure does not take a server down at start-up: it takes 1 + retry
 *       failures, spaced delay_before_retry, as at any other time;</li>
 *   <li>a failure with retries left waits delay_before_retry, whether the checker is up or down; with none left
 *       the checker goes down (if it was up) and the next attempt is after delay_loop;</li>
 *   <li>a success brings the checker up and waits delay_loop;</li>
 *   <li>no verdict (no socket, a bind failure) waits delay_loop and starts the counter again.</li>
 * </ul>
 * A down SMTP_CHECK therefore alternates delay_before_retry and delay_loop (retry 1), as TCP_CHECK in 2.2.7.
 */
final class SmtpRetryPolicy implements CheckerPolicy {
    private final long delayLoop;
    private final long delayBeforeRetry;
    private final int retry;
    private boolean up;
    private int retryIt;

    SmtpRetryPolicy(CheckTiming timing) {
        this.delayLoop = timing.delayLoop().toNanos();
        this.delayBeforeRetry = timing.delayBeforeRetry().toNanos();
        this.retry = timing.retry();
        this.up = !timing.alpha();
    }

    @Override
    public boolean isUp() {
        return up;
    }

    @Override
    public Step onResult(ProbeResult result) {
        if (result.kind() == ProbeResult.Kind.INDETERMINATE) {
            retryIt = 0;
            return new Step(Transition.NONE, delayLoop, false, 0);
        }
        Transition transition = Transition.NONE;
        if (result.kind() == ProbeResult.Kind.FAILURE) {
            if (retryIt < retry) {
                retryIt++;
                return new Step(Transition.NONE, delayBeforeRetry, false, 0);
            }
            if (up) {
                transition = Transition.DOWN;
                up = false;
            }
        } else if (!up) {
            transition = Transition.UP;
            up = true;
        }
        retryIt = 0;
        return new Step(transition, delayLoop, false, 0);
    }
}
