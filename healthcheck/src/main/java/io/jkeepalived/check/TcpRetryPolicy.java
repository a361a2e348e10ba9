package io.jkeepalived.check;

import io.jkeepalived.check.Step.Transition;

/**
 * TCP_CHECK's retries, as keepalived 2.2.7's tcp_epilog: a failure with retries left waits delay_before_retry;
 * a success, or the last failure, waits delay_loop and resets the counter. Because the counter also runs while
 * the server is down, a down server is probed alternately after delay_before_retry and delay_loop (keepalived
 * 2.4 changed that to delay_loop only; we follow 2.2.7, the version Debian ships and we test against).
 */
final class TcpRetryPolicy implements CheckerPolicy {
    private final long delayLoop;
    private final long delayBeforeRetry;
    private final int retry;
    private boolean up;
    private boolean hasRun;
    private int retryIt;

    TcpRetryPolicy(CheckTiming timing) {
        this.delayLoop = timing.delayLoop().toNanos();
        this.delayBeforeRetry = timing.delayBeforeRetry().toNanos();
        this.retry = timing.retry();
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
            return new Step(Transition.NONE, delayLoop, false, 0);
        }
        boolean success = result.kind() == ProbeResult.Kind.SUCCESS;
        Transition transition = Transition.NONE;
        long delay;
        if (success || retryIt >= retry) {
            delay = delayLoop;
            retryIt = 0;
            if (success && !up) {
                transition = Transition.UP;
                up = true;
            } else if (!success && up) {
                transition = Transition.DOWN;
                up = false;
            }
        } else {
            delay = delayBeforeRetry;
            retryIt++;
        }
        hasRun = true;
        return new Step(transition, delay, false, 0);
    }

    boolean hasRun() {
        return hasRun;
    }
}
