package io.jkeepalived.vrrp.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.vrrp.track.TrackedObjects.State;
import org.junit.jupiter.api.Test;

/** keepalived's weight rules (vrrp_track.c): sign, reverse, weight 0 and the not-yet-known state. */
class TrackedObjectsTest {

    private static int delta(int weight, boolean reverse, State state) {
        TrackedObjects t = new TrackedObjects();
        t.track("x", weight, reverse, state);
        return t.delta();
    }

    @Test
    void signRules() {
        assertEquals(10, delta(10, false, State.UP), "positive weight added while up");
        assertEquals(0, delta(10, false, State.DOWN));
        assertEquals(0, delta(-10, false, State.UP));
        assertEquals(-10, delta(-10, false, State.DOWN), "negative weight subtracted while down");
        assertEquals(-10, delta(10, true, State.UP), "reverse: positive weight subtracted while up");
        assertEquals(0, delta(10, true, State.DOWN));
        assertEquals(10, delta(-10, true, State.DOWN), "reverse: negative weight added while down");
        assertEquals(0, delta(-10, true, State.UP));
        assertEquals(0, delta(10, false, State.UNKNOWN), "a script that has not run counts for nothing");
        assertEquals(0, delta(-10, false, State.UNKNOWN));
    }

    @Test
    void weightZeroMeansFaultWhileDownOrWithReverseWhileUp() {
        TrackedObjects t = new TrackedObjects();
        t.track("interface eth0", 0, false, State.UP);
        t.track("script chk", 0, true, State.DOWN);
        assertFalse(t.fault());
        assertNull(t.faultCause());
        assertTrue(t.update("script chk", State.UP));
        assertTrue(t.fault());
        assertEquals("script chk", t.faultCause());
        t.update("script chk", State.DOWN);
        t.update("interface eth0", State.DOWN);
        assertEquals("interface eth0", t.faultCause());
        assertFalse(t.update("interface eth0", State.DOWN), "no change");
        assertFalse(t.update("interface nope", State.UP), "not tracked");
    }

    @Test
    void weightsAddUpAndAWeightZeroUnknownHoldsTheStart() {
        TrackedObjects t = new TrackedObjects();
        t.track("script a", 20, false, State.UNKNOWN);
        t.track("script b", -30, false, State.UNKNOWN);
        t.track("script c", 0, false, State.UNKNOWN);
        assertFalse(t.track("script a", 99, true, State.UP), "the first tracking wins");
        assertTrue(t.waiting());
        assertEquals(0, t.delta());
        t.update("script a", State.UP);
        t.update("script b", State.DOWN);
        assertEquals(-10, t.delta());
        assertTrue(t.waiting());
        t.update("script c", State.UP);
        assertFalse(t.waiting());
        assertFalse(t.fault());
    }
}
