package io.jkeepalived.check;

import io.jkeepalived.check.Step.Transition;

/**
 * DNS_CHECK's and UDP_CHECK's retries, as keepalived 2.2.7's dns_final (check_dns.c) and udp_epilog
 * (check_udp.c): written differently there, they decide the same steps.
 *
 * <ul>
 *   <li>A failure of a live checker (or of one that has not run yet) with retries left waits delay_before_retry
 *       (whose DNS_CHECK default is delay_loop) and uses one up; with none left the checker goes down.</li>
 *   <li>A failure of a down checker changes nothing and waits delay_loop: unlike TCP_CHECK in 2.2.7, a down
 *       DNS_CHECK or UDP_CHECK does not alternate delay_before_retry and delay_loop.</li>
 *   <li>A success brings the checker up; any verdict resets the counter and waits delay_loop.</li>
 * </ul>
 * The counter starts full (check_data.c), so at start-up one failure takes the server down.
 */
final class DnsRetryPolicy implements CheckerPolicy {
    private final long delayLoop;
    private final long delayBeforeRetry;
    private final int retry;
    private boolean up;
    private boolean hasRun;
    private int retryIt;

    DnsRetryPolicy(CheckTiming timing) {
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
            // keepalived: "failed to create socket. Rescheduling." / "UDP socket bind failed. Rescheduling."
            return new Step(Transition.NONE, delayLoop, false, 0);
        }
        Transition transition = Transition.NONE;
        if (result.kind() == ProbeResult.Kind.SUCCESS) {
            if (!up) {
                transition = Transition.UP;
                up = true;
            }
        } else if (up || !hasRun) {
            if (retryIt < retry) {
                retryIt++;
                hasRun = true;
                return new Step(Transition.NONE, delayBeforeRetry, false, 0);
            }
            if (up) {
                transition = Transition.DOWN;
                up = false;
            }
        }
        hasRun = true;
        retryIt = 0;
        return new Step(transition, delayLoop, false, 0);
    }
}
