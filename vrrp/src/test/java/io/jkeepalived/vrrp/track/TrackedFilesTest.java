package io.jkeepalived.vrrp.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.vrrp.track.TrackedObjects.State;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * track_files among an instance's tracked objects: the priority change and FAULT as keepalived 2.2.7 works them
 * out, first by hand for the cases its documentation names, then against a model of its incremental bookkeeping
 * (a running total_priority that each change adjusts by new - previous, with a file's share taken out while the
 * file holds the instance in FAULT) over random sequences of values.
 */
class TrackedFilesTest {

    @Test
    void valueTimesWeightAddsToTheOtherTrackedObjects() {
        TrackedObjects t = new TrackedObjects();
        t.track("script chk", 20, false, State.UP);
        t.trackFile("file f", 10, false, 3);
        assertEquals(50, t.delta());
        assertTrue(t.updateFile("file f", -2));
        assertEquals(0, t.delta());
        assertFalse(t.updateFile("file f", -2), "the same value again changes nothing");
        assertFalse(t.update("file f", State.DOWN), "a file has no up/down state");
        assertFalse(t.fault());
        assertFalse(t.waiting(), "a file's value is always known: it never holds an instance back");
    }

    @Test
    void reachingMinus254IsFaultAndTheFileStopsCounting() {
        TrackedObjects t = new TrackedObjects();
        t.track("script chk", -30, false, State.DOWN);
        t.trackFile("file f", 10, false, -30);
        assertTrue(t.fault());
        assertEquals("file f", t.faultCause());
        assertEquals(-30, t.delta(), "only the script counts while the file is at -300");
        t.updateFile("file f", -25);
        assertFalse(t.fault());
        assertEquals(-280, t.delta(), "-250 and -30: the instance runs at priority 1 (clamped)");
    }

    @Test
    void weightZeroFileFaultsOnAnyNonZeroValue() {
        TrackedObjects t = new TrackedObjects();
        t.trackFile("file f", 0, false, 0);
        t.trackFile("file r", 0, true, 1);
        assertFalse(t.fault());
        assertEquals(0, t.delta());
        t.updateFile("file f", -1);
        assertTrue(t.fault());
        t.updateFile("file f", 0);
        t.updateFile("file r", 0);
        assertTrue(t.fault(), "reverse: 0 is the fault");
        assertEquals("file r", t.faultCause());
    }

    @Test
    void itemsShowTheValue() {
        TrackedObjects t = new TrackedObjects();
        t.track("interface eth0", 0, false, State.UP);
        t.trackFile("file f", 5, true, 7);
        assertEquals(OptionalLong.empty(), t.items().get(0).value());
        assertEquals(OptionalLong.of(7), t.items().get(1).value());
        assertEquals(5, t.items().get(1).weight());
    }

    /** keepalived's way: a running total adjusted on each change, FAULT entered and left at -254. */
    private static final class KeepalivedModel {
        final int[] weights;
        final boolean[] reverse;
        final long[] last;
        int total;
        int faults;

        KeepalivedModel(int[] weights, boolean[] reverse, long[] initial) {
            this.weights = weights;
            this.reverse = reverse;
            this.last = initial.clone();
            for (int i = 0; i < weights.length; i++) {
                int s = raw(i, last[i]);
                if (s <= -254) {
                    faults++;
                } else {
                    total += Math.min(s, 253);
                }
            }
        }

        int raw(int i, long value) {
            if (weights[i] == 0) {
                return (value != 0) != reverse[i] ? -254 : 0;
            }
            long s = value * weights[i] * (reverse[i] ? -1 : 1);
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, s));
        }

        static int clamp(int s) {
            return Math.max(-254, Math.min(253, s));
        }

        void set(int i, long value) {
            if (value == last[i]) {
                return;
            }
            int next = clamp(raw(i, value));
            int previous = clamp(raw(i, last[i]));
            last[i] = value;
            if (next == previous) {
                return;
            }
            if (next == -254) {
                if (weights[i] != 0) {
                    total -= previous;
                }
                faults++;
            } else if (previous == -254) {
                if (weights[i] != 0) {
                    total += next;
                }
                faults--;
            } else {
                total += next - previous;
            }
        }
    }

    @Test
    void agreesWithKeepalivedsIncrementalBookkeeping() {
        Random random = new Random(20261122L);
        // Products beyond 32 bits are left out: keepalived wraps them in places (a C int assignment) and
        // saturates them in others; we saturate (see docs/vrrp.md).
        long[] interesting = {0, 1, -1, 2, -2, 25, -25, 26, -26, 100, -100, 253, -253, 254, -254, 255,
            8_000_000, -8_000_000};
        for (int round = 0; round < 2000; round++) {
            int n = 1 + random.nextInt(3);
            int[] weights = new int[n];
            boolean[] reverse = new boolean[n];
            long[] initial = new long[n];
            TrackedObjects t = new TrackedObjects();
            for (int i = 0; i < n; i++) {
                weights[i] = random.nextInt(5) == 0 ? 0 : random.nextInt(509) - 254;
                reverse[i] = random.nextBoolean();
                initial[i] = interesting[random.nextInt(interesting.length)];
                t.trackFile("file f" + i, weights[i], reverse[i], initial[i]);
            }
            KeepalivedModel k = new KeepalivedModel(weights, reverse, initial);
            for (int step = 0; step < 30; step++) {
                assertEquals(k.faults > 0, t.fault(), "fault, round " + round + " step " + step);
                assertEquals(k.total, t.delta(), "priority change, round " + round + " step " + step);
                int i = random.nextInt(n);
                long v = random.nextBoolean() ? interesting[random.nextInt(interesting.length)]
                        : random.nextInt(61) - 30;
                k.set(i, v);
                t.updateFile("file f" + i, v);
            }
        }
    }
}
