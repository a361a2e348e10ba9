package io.jkeepalived.vrrp.track;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkeepalived.vrrp.track.ScriptHealth.Status;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** keepalived 2.2.7's rise/fall counter (vrrp_script_child_thread), result by result. */
class ScriptHealthTest {
    /** Feeds "+" (success) and "-" (failure); returns the status after each, lower case when unchanged. */
    private static String run(ScriptHealth h, String results) {
        List<String> out = new ArrayList<>();
        for (char c : results.toCharArray()) {
            boolean changed = h.record(c == '+');
            String s = h.status().name();
            out.add(changed ? s : s.toLowerCase());
        }
        return String.join(" ", out);
    }

    @Test
    void theFirstResultDecidesAtOnceWhateverRiseAndFall() {
        assertEquals(Status.UNKNOWN, new ScriptHealth(3, 3, false).status());
        assertEquals("UP up", run(new ScriptHealth(3, 3, false), "++"));
        assertEquals("DOWN down down down UP", run(new ScriptHealth(3, 1, false), "--+++"),
                "after a first failure, rise successes are needed");
    }

    @Test
    void fallFailuresInARowBringItDownAndRiseSuccessesBringItUp() {
        ScriptHealth h = new ScriptHealth(2, 3, false);
        assertEquals("UP up up DOWN", run(h, "+--" + "-"));
        assertEquals("down UP", run(h, "++"));
        assertEquals("up up up up", run(h, "-+--"), "a success in between resets the count");
        assertEquals("DOWN", run(h, "-"));
    }

    @Test
    void initFailStartsDownAndNeedsRiseSuccesses() {
        ScriptHealth h = new ScriptHealth(2, 1, true);
        assertEquals(Status.DOWN, h.status());
        assertEquals("down down down UP", run(h, "+-++"),
                "rise 2: a failure between successes starts the count again");
    }

    @Test
    void riseAndFallOfOneFollowEveryResult() {
        assertEquals("UP DOWN UP up DOWN", run(new ScriptHealth(1, 1, false), "+-++-"));
    }
}
