package io.jkeepalived.config.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScriptCommandTest {
    /** keepalived splits the configured word the way its alloc_strvec_quoted_escaped() does before exec. */
    @Test
    void argvSplitsLikeKeepalived() {
        assertEquals(List.of("killall", "-0", "sshd"), ScriptCommand.of("killall -0 sshd").argv());
        assertEquals(List.of("/bin/sh", "-c", "echo a  b"), ScriptCommand.of("/bin/sh -c 'echo a  b'").argv());
        assertEquals(List.of("x", "a\"b", "c d"), ScriptCommand.of("x 'a\"b' c\\ d").argv());
        assertEquals(List.of("tab\there", "A", "\u0001"), ScriptCommand.of("tab\\there \\x41 \\001").argv());
        assertEquals(List.of("/only"), ScriptCommand.of("  /only  ").argv());
        assertEquals(List.of("ab"), ScriptCommand.of("a''b").argv());
    }

    @Test
    void invalidCommands() {
        assertThrows(IllegalArgumentException.class, () -> ScriptCommand.of(" "));
        assertThrows(IllegalArgumentException.class,
                () -> new ScriptCommand("/x", Optional.empty(), Optional.of("wheel")));
    }
}
