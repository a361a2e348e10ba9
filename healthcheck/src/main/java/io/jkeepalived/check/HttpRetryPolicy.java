package io.jkeepalived.check;

import io.jkeepalived.check.Step.Transition;

/**
 * HTTP_GET/SSL_GET's retries and url walk, as keepalived 2.2.7's http epilog (unchanged in 2.4.3).
 *
 * <ul>
 *   <li>Each attempt fetches one url. After a success the next url is fetched delay_loop later; when the last
 *       url passes, the checker is up. So with N urls a full round takes N x delay_loop.</li>
 *   <li>A failure retries the same url after delay_before_retry; once it failed 1 + retry times the checker is
 *       down and that url is remembered as the failed one. While down, it is retried every
 *       max(delay_before_retry, delay_loop).</li>
 *   <li>Recovery: when the failed url passes, the walk restarts from the first url, delay_loop later, and the
 *       checker comes up only when all urls pass again. With one url that means two successes, delay_loop
 *       apart (keepalived.conf(5): "when recovering from a failure, each URL is checked, with a delay of
 *       delay_loop between each check"). {@code fast_recovery} removes those delays.</li>
 * </ul>
 */
final class HttpRetryPolicy implements CheckerPolicy {
    private static final int NONE = -1;

    private final long delayLoop;
    private final long delayBeforeRetry;
    private final int retry;
    private final int urlCount;
    private final boolean fastRecovery;
    private boolean up;
    private boolean hasRun;
    private int retryIt;
    private int url;
    private int failedUrl = NONE;

    HttpRetryPolicy(CheckTiming timing, int urlCount, boolean fastRecovery) {
        this.delayLoop = timing.delayLoop().toNanos();
        this.delayBeforeRetry = timing.delayBeforeRetry().toNanos();
        this.retry = timing.retry();
        this.urlCount = urlCount;
        this.fastRecovery = fastRecovery;
        this.up = !timing.alpha();
        this.retryIt = retry;
    }

    @Override
    public boolean isUp() {
        return up;
    }

    @Override
    public int nextUrl() {
        return url;
    }

    @Override
    public Step onResult(ProbeResult result) {
        return switch (result.kind()) {
            case INDETERMINATE -> new Step(Transition.NONE, delayLoop, false, 0);
            case SUCCESS -> succeeded();
            case FAILURE -> {
                if (up || !hasRun) {
                    hasRun = true;
                    yield failedWithRetry();
                }
                // Already known down: no retry counting.
                yield new Step(Transition.NONE, failureDelay(), false, 0);
            }
        };
    }

    private Step succeeded() {
        Transition transition = Transition.NONE;
        url = url == urlCount - 1 ? NONE : url + 1;
        retryIt = 0;
        if (url == NONE && failedUrl == NONE) {
            if (!up) {
                transition = Transition.UP;
            }
            up = true;
            hasRun = true;
            url = 0;
        } else if (failedUrl != NONE) {
            // The failed url passes again: walk all urls from the first before declaring the server up.
            failedUrl = NONE;
            url = 0;
        }
        if (!hasRun) {
            retryIt = retry;
        }
        return new Step(transition, nextDelay(delayLoop), false, 0);
    }

    private Step failedWithRetry() {
        Transition transition = Transition.NONE;
        retryIt++;
        if (retryIt > retry) {
            if (up) {
                transition = Transition.DOWN;
                up = false;
            }
            failedUrl = url;
        }
        return new Step(transition, nextDelay(failureDelay()), false, 0);
    }

    private long failureDelay() {
        return failedUrl != NONE ? Math.max(delayBeforeRetry, delayLoop) : delayBeforeRetry;
    }

    private long nextDelay(long delay) {
        if (fastRecovery && (!hasRun || (!up && failedUrl == NONE))) {
            return 0;
        }
        return delay;
    }
}
