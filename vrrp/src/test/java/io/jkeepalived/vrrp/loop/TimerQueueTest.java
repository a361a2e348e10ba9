package io.jkeepalived.vrrp.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkeepalived.vrrp.VrrpScheduler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimerQueueTest {
    private final List<String> ran = new ArrayList<>();
    private final List<RuntimeException> failures = new ArrayList<>();

    @Test
    void runsDueTimersInDeadlineOrderAndTiesInSchedulingOrder() {
        TimerQueue q = new TimerQueue();
        q.add(30, () -> ran.add("c"));
        q.add(10, () -> ran.add("a1"));
        q.add(10, () -> ran.add("a2"));
        q.add(20, () -> ran.add("b"));
        assertEquals(10, q.nextDeadline());
        assertEquals(0, q.runDue(9, failures::add));
        assertEquals(3, q.runDue(20, failures::add));
        assertEquals(List.of("a1", "a2", "b"), ran);
        assertEquals(30, q.nextDeadline());
        assertEquals(1, q.size());
    }

    @Test
    void cancelledTimersNeverRunAndDoNotCountAsNext() {
        TimerQueue q = new TimerQueue();
        VrrpScheduler.Timer t = q.add(5, () -> ran.add("cancelled"));
        q.add(8, () -> ran.add("kept"));
        t.cancel();
        t.cancel();
        assertEquals(1, q.size());
        assertEquals(8, q.nextDeadline());
        q.runDue(100, failures::add);
        assertEquals(List.of("kept"), ran);
        assertEquals(Long.MAX_VALUE, q.nextDeadline());
        assertEquals(0, q.size());
    }

    @Test
    void aTimerAddedForThePastByATaskRunsInTheSamePassAndAFailureDoesNotStopTheOthers() {
        TimerQueue q = new TimerQueue();
        q.add(1, () -> {
            ran.add("first");
            q.add(0, () -> ran.add("added"));
        });
        q.add(2, () -> {
            throw new IllegalStateException("boom");
        });
        q.add(3, () -> ran.add("third"));
        q.runDue(3, failures::add);
        assertEquals(List.of("first", "added", "third"), ran);
        assertEquals(1, failures.size());
    }

    @Test
    void deadlinesCompareAcrossTheNanoTimeWrap() {
        TimerQueue q = new TimerQueue();
        long near = Long.MAX_VALUE - 10;
        q.add(near, () -> ran.add("before"));
        q.runDue(near + 20, failures::add); // wrapped: near + 20 is negative, yet later
        assertEquals(List.of("before"), ran);
    }
}
