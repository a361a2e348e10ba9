package io.jkeepalived.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptCommandTest {
    @Test
    void splitsOnBlanksOutsideQuotes() {
        assertEquals(List.of("/bin/check", "a", "b"), ScriptCommand.parse("  /bin/check\ta   b \n").args());
    }

    @Test
    void matchesWhatKeepalived227HandedTheScriptInTheLab() {
        // keepalived 2.2.7, `script "/x.sh q1 'b c' d\ e \"f g\" h\x41"`: its config reader removed the outer quotes
        // and escapes, giving the string below; the script then received these six arguments (run on this machine).
        String afterFirstPass = "/x.sh q1 'b c' d e \"f g\" hA";
        assertEquals(List.of("/x.sh", "q1", "b c", "d", "e", "f g", "hA"), ScriptCommand.parse(afterFirstPass).args());
        // And the first pass itself, over the raw argument as written in the file:
        String raw = "\"/x.sh q1 'b c' d\\ e \\\"f g\\\" h\\x41\"";
        assertEquals(List.of(afterFirstPass), ScriptCommand.parse(raw).args());
    }

    @Test
    void quotesGroupAndMayJoinUnquotedParts() {
        assertEquals(List.of("ab c", "it's"), ScriptCommand.parse("a'b c' \"it's\"").args());
        assertEquals(List.of("x", ""), ScriptCommand.parse("x ''").args());
    }

    @Test
    void escapesWorkInsideAndOutsideQuotes() {
        assertEquals(List.of("a b", "tab\there", "q'q", "A", "\u0001", "\u001b", "S"),
                ScriptCommand.parse("a\\ b 'tab\\there' 'q\\'q' \\x41 \\cA \\E \\123").args());
    }

    @Test
    void onlyTheFirstConfigArgumentCounts() {
        assertEquals(List.of("/x.sh"), ScriptCommand.fromConfigArguments(List.of("/x.sh", "u1", "u2")).args());
        assertEquals(List.of("/x.sh", "u1"), ScriptCommand.fromConfigArguments(List.of("/x.sh u1")).args());
    }

    @Test
    void rejectsBrokenStrings() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ScriptCommand.parse("/x 'open"))
                .getMessage().contains("missing terminating '"));
        assertThrows(IllegalArgumentException.class, () -> ScriptCommand.parse("/x \\"));
        assertThrows(IllegalArgumentException.class, () -> ScriptCommand.parse("   "));
        assertThrows(IllegalArgumentException.class, () -> ScriptCommand.fromConfigArguments(List.of()));
    }

    @Test
    void shellLineQuotesEveryWordButALeadingRedirection() {
        assertEquals("'/bin/x' 'a b' 'it'\\''s'", ScriptCommand.of("/bin/x", "a b", "it's").shellLine());
        assertEquals("</dev/tcp/127.0.0.1/80", ScriptCommand.parse("</dev/tcp/127.0.0.1/80").shellLine());
        assertTrue(ScriptCommand.parse("</dev/tcp/127.0.0.1/80").isRedirection());
    }
}
