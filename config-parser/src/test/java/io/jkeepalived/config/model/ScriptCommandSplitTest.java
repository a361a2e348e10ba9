package io.jkeepalived.config.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one script splitter (keepalived's second pass over a script keyword's first argument), with the cases the
 * health-check work verified on a running keepalived 2.2.7 whose scripts logged their arguments.
 */
class ScriptCommandSplitTest {
    @Test
    void splitsOnBlanksOutsideQuotes() {
        assertEquals(List.of("/bin/check", "a", "b"), ScriptCommand.split("  /bin/check\ta   b \n"));
    }

    @Test
    void matchesWhatKeepalived227HandedTheScript() {
        // keepalived 2.2.7, `script "/x.sh q1 'b c' d\ e \"f g\" h\x41"`: its config reader removed the outer
        // quotes and escapes, giving the string below; the script then received these six arguments.
        String afterFirstPass = "/x.sh q1 'b c' d e \"f g\" hA";
        assertEquals(List.of("/x.sh", "q1", "b c", "d", "e", "f g", "hA"), ScriptCommand.split(afterFirstPass));
    }

    @Test
    void quotesGroupAndMayJoinUnquotedParts() {
        assertEquals(List.of("ab c", "it's"), ScriptCommand.split("a'b c' \"it's\""));
        assertEquals(List.of("x", ""), ScriptCommand.split("x ''"));
    }

    @Test
    void escapesWorkInsideAndOutsideQuotes() {
        assertEquals(List.of("a b", "tab\there", "q'q", "A", "\u0001", "\u001b", "S"),
                ScriptCommand.split("a\\ b 'tab\\there' 'q\\'q' \\x41 \\cA \\E \\123"));
    }

    @Test
    void brokenStringsGiveNothingToRun() {
        assertTrue(ScriptCommand.split("/x 'open").isEmpty());
        assertTrue(ScriptCommand.split("/x \\").isEmpty());
        assertTrue(ScriptCommand.split("   ").isEmpty());
    }
}
