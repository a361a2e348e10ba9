package io.jkeepalived.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Splitting is the config model's job (config-parser's ScriptCommandSplitTest); this is what exec adds. */
class ScriptCommandTest {
    @Test
    void needsAProgram() {
        assertThrows(IllegalArgumentException.class, () -> new ScriptCommand(List.of()));
        assertThrows(IllegalArgumentException.class, () -> ScriptCommand.of(""));
    }

    @Test
    void shellLineQuotesEveryWordButALeadingRedirection() {
        assertEquals("'/bin/x' 'a b' 'it'\\''s'", ScriptCommand.of("/bin/x", "a b", "it's").shellLine());
        assertEquals("</dev/tcp/127.0.0.1/80", ScriptCommand.of("</dev/tcp/127.0.0.1/80").shellLine());
        assertTrue(ScriptCommand.of("</dev/tcp/127.0.0.1/80").isRedirection());
        assertFalse(ScriptCommand.of("/bin/x").isRedirection());
    }
}
