package io.jkeepalived.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class AutoPriorityTest {
    private static final long MS = 1_000_000L;

    @Test
    void lateMeansStrictlyMoreThanTheMinimumDelay() {
        AutoPriority p = new AutoPriority(10, 1000 * MS, 0);
        assertFalse(p.isLate(5_000 * MS, 6_000 * MS), "exactly the delay is not late (keepalived compares with >)");
        assertTrue(p.isLate(5_000 * MS, 6_000 * MS + 1));
        assertFalse(p.isLate(5_000 * MS, 4_000 * MS), "early is not late");
    }

    @Test
    void fromOrdinarySchedulingTheFirstRaiseIsRoundRobinPriorityOneThenOneStepEachUpToTheMaximum() {
        AutoPriority p = new AutoPriority(3, MS, 0);
        assertEquals(OptionalInt.of(1), p.onLateTimer());
        assertEquals(OptionalInt.of(2), p.onLateTimer());
        assertEquals(OptionalInt.of(3), p.onLateTimer());
        assertEquals(OptionalInt.empty(), p.onLateTimer());
        assertEquals(3, p.current());
    }

    @Test
    void aConfiguredPriorityIsTheStartAndOneAboveTheMaximumStaysWhereItIs() {
        AutoPriority raised = new AutoPriority(30, MS, 20);
        assertEquals(OptionalInt.of(21), raised.onLateTimer());
        AutoPriority above = new AutoPriority(10, MS, 50);
        assertEquals(OptionalInt.empty(), above.onLateTimer());
        assertEquals(50, above.current());
    }

    @Test
    void zeroAndMinusOneNeverRaise() {
        assertEquals(OptionalInt.empty(), new AutoPriority(0, MS, 0).onLateTimer());
        assertEquals(OptionalInt.empty(), new AutoPriority(-1, MS, 5).onLateTimer());
    }

    @Test
    void aRaiseTheKernelRefusedIsForgotten() {
        AutoPriority p = new AutoPriority(5, MS, 0);
        assertEquals(OptionalInt.of(1), p.onLateTimer());
        p.failed(0);
        assertEquals(0, p.current());
        assertEquals(OptionalInt.of(1), p.onLateTimer(), "tried again on the next late timer");
    }

    @Test
    void settingsStartTheRaiseFromTheirRealtimePriorityAndCheckTheirRanges() {
        PrioritySettings s = new PrioritySettings(40, 0, 10_000, false, 42, Duration.ofMillis(5), java.util.List.of());
        AutoPriority p = s.autoPriority();
        assertTrue(p.isLate(0, 5 * MS + 1));
        assertEquals(OptionalInt.of(41), p.onLateTimer());
        assertTrue(s.changesThreads());
        assertFalse(PrioritySettings.NONE.changesThreads());
        assertTrue(new PrioritySettings(0, 5, 0, false, 0, Duration.ofSeconds(1), java.util.List.of()).changesThreads());
        assertTrue(new PrioritySettings(0, 0, 0, false, 0, Duration.ofSeconds(1), java.util.List.of(1)).changesThreads(),
                "a CPU affinity alone touches the threads");
        assertThrows(IllegalArgumentException.class, () -> new PrioritySettings(100, 0, 0, false, 0, Duration.ZERO, java.util.List.of()));
        assertThrows(IllegalArgumentException.class, () -> new PrioritySettings(0, -21, 0, false, 0, Duration.ZERO, java.util.List.of()));
        assertThrows(IllegalArgumentException.class, () -> new PrioritySettings(0, 0, 0, false, 100, Duration.ZERO, java.util.List.of()));
    }
}
