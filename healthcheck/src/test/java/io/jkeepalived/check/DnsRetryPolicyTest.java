package io.jkeepalived.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkeepalived.check.Step.Transition;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** DNS_CHECK's retries, step by step as keepalived 2.2.7's dns_final takes them. */
class DnsRetryPolicyTest {
    private static final long LOOP = Duration.ofSeconds(10).toNanos();
    private static final long RETRY = Duration.ofSeconds(2).toNanos();

    private static DnsRetryPolicy policy(int retry, boolean alpha) {
        return new DnsRetryPolicy(new CheckTiming(Duration.ofSeconds(10), Duration.ofSeconds(2), retry,
                Duration.ZERO, alpha));
    }

    private static void step(DnsRetryPolicy p, ProbeResult r, Transition t, long delay) {
        Step s = p.onResult(r);
        assertEquals(t, s.transition(), r.toString());
        assertEquals(delay, s.delayNanos(), r.toString());
    }

    private static final ProbeResult OK = ProbeResult.success("ok");
    private static final ProbeResult FAIL = ProbeResult.failure("fail");

    @Test
    void oneFailureAtStartTakesTheServerDownThenItNeedsOneSuccess() {
        DnsRetryPolicy p = policy(3, false);
        step(p, FAIL, Transition.DOWN, LOOP);
        // Down: no retries, delay_loop each time (2.2.7's TCP_CHECK would alternate here).
        step(p, FAIL, Transition.NONE, LOOP);
        step(p, FAIL, Transition.NONE, LOOP);
        step(p, OK, Transition.UP, LOOP);
    }

    @Test
    void aLiveServerGoesDownAfterOnePlusRetryFailuresSpacedDelayBeforeRetry() {
        DnsRetryPolicy p = policy(3, false);
        step(p, OK, Transition.NONE, LOOP);
        step(p, FAIL, Transition.NONE, RETRY);
        step(p, FAIL, Transition.NONE, RETRY);
        step(p, FAIL, Transition.NONE, RETRY);
        step(p, FAIL, Transition.DOWN, LOOP);
        step(p, OK, Transition.UP, LOOP);
        // A success in the middle of the retries resets the count.
        step(p, FAIL, Transition.NONE, RETRY);
        step(p, OK, Transition.NONE, LOOP);
        step(p, FAIL, Transition.NONE, RETRY);
        step(p, FAIL, Transition.NONE, RETRY);
        step(p, FAIL, Transition.NONE, RETRY);
        step(p, FAIL, Transition.DOWN, LOOP);
    }

    @Test
    void alphaStartsDownAndComesUpOnTheFirstSuccess() {
        DnsRetryPolicy p = policy(3, true);
        assertEquals(false, p.isUp());
        step(p, FAIL, Transition.NONE, LOOP);
        step(p, OK, Transition.UP, LOOP);
        assertEquals(true, p.isUp());
    }

    @Test
    void noVerdictChangesNothing() {
        DnsRetryPolicy p = policy(0, false);
        step(p, ProbeResult.indeterminate("bind failed"), Transition.NONE, LOOP);
        step(p, FAIL, Transition.DOWN, LOOP);
    }

    @Test
    void keepalivedsDnsDefaultsAreThreeRetriesDelayLoopApart() {
        CheckTiming t = CheckTiming.keepalivedDefaults(CheckerKind.DNS_CHECK, Duration.ofSeconds(6));
        assertEquals(3, t.retry());
        assertEquals(Duration.ofSeconds(6), t.delayBeforeRetry());
    }
}
