package io.jkeepalived.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.check.Step.Transition;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** SMTP_CHECK's retries, step by step as keepalived 2.2.7's smtp_final and smtp_start_check_thread take them. */
class SmtpRetryPolicyTest {
    private static final long LOOP = Duration.ofSeconds(10).toNanos();
    private static final long RETRY = Duration.ofSeconds(2).toNanos();
    private static final ProbeResult OK = ProbeResult.success("ok");
    private static final ProbeResult FAIL = ProbeResult.failure("fail");

    private static SmtpRetryPolicy policy(int retry, boolean alpha) {
        return new SmtpRetryPolicy(new CheckTiming(Duration.ofSeconds(10), Duration.ofSeconds(2), retry,
                Duration.ZERO, alpha));
    }

    private static void step(SmtpRetryPolicy p, ProbeResult r, Transition t, long delay) {
        Step s = p.onResult(r);
        assertEquals(t, s.transition(), r.toString());
        assertEquals(delay, s.delayNanos(), r.toString());
    }

    @Test
    void atStartUpItTakesOnePlusRetryFailuresNotOne() {
        // smtp_start_check_thread zeroes the counter check_data.c filled, so the first attempt has its retries.
        SmtpRetryPolicy p = policy(2, false);
        step(p, FAIL, Transition.NONE, RETRY);
        step(p, FAIL, Transition.NONE, RETRY);
        step(p, FAIL, Transition.DOWN, LOOP);
        assertFalse(p.isUp());
    }

    @Test
    void aDownCheckerGoesThroughItsRetriesToo() {
        SmtpRetryPolicy p = policy(1, false);
        step(p, FAIL, Transition.NONE, RETRY);
        step(p, FAIL, Transition.DOWN, LOOP);
        // Down: delay_before_retry and delay_loop alternate, as keepalived's counter runs whatever the state.
        step(p, FAIL, Transition.NONE, RETRY);
        step(p, FAIL, Transition.NONE, LOOP);
        step(p, FAIL, Transition.NONE, RETRY);
        // A success in a retry brings it up at once.
        step(p, OK, Transition.UP, LOOP);
        assertTrue(p.isUp());
    }

    @Test
    void aSuccessInTheMiddleOfRetriesStartsTheCountAgain() {
        SmtpRetryPolicy p = policy(2, false);
        step(p, OK, Transition.NONE, LOOP);
        step(p, FAIL, Transition.NONE, RETRY);
        step(p, FAIL, Transition.NONE, RETRY);
        step(p, OK, Transition.NONE, LOOP);
        step(p, FAIL, Transition.NONE, RETRY);
        step(p, FAIL, Transition.NONE, RETRY);
        step(p, FAIL, Transition.DOWN, LOOP);
    }

    @Test
    void retryZeroGoesDownOnTheFirstFailure() {
        SmtpRetryPolicy p = policy(0, false);
        step(p, FAIL, Transition.DOWN, LOOP);
        step(p, FAIL, Transition.NONE, LOOP);
        step(p, OK, Transition.UP, LOOP);
    }

    @Test
    void alphaStartsDownAndComesUpOnTheFirstSuccess() {
        SmtpRetryPolicy p = policy(1, true);
        assertFalse(p.isUp());
        step(p, FAIL, Transition.NONE, RETRY);
        step(p, FAIL, Transition.NONE, LOOP);
        step(p, OK, Transition.UP, LOOP);
    }

    @Test
    void noVerdictWaitsDelayLoopAndStartsTheCountAgain() {
        SmtpRetryPolicy p = policy(1, false);
        step(p, FAIL, Transition.NONE, RETRY);
        step(p, ProbeResult.indeterminate("bind failed"), Transition.NONE, LOOP);
        step(p, FAIL, Transition.NONE, RETRY);
        step(p, FAIL, Transition.DOWN, LOOP);
    }

    @Test
    void keepalivedsSmtpDefaultsAreTheCommonOnes() {
        CheckTiming t = CheckTiming.keepalivedDefaults(CheckerKind.SMTP_CHECK, Duration.ofSeconds(6));
        assertEquals(1, t.retry());
        assertEquals(Duration.ofSeconds(1), t.delayBeforeRetry());
    }
}
