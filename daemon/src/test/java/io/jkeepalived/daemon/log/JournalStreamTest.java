package io.jkeepalived.daemon.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.daemon.log.JournalStream.FileId;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JournalStreamTest {
    private static final Optional<FileId> STDERR = Optional.of(new FileId(8, 123456));

    @Test
    void unsetMeansNotTheJournal() {
        assertFalse(JournalStream.matches(null, STDERR));
    }

    @Test
    void theJournalWhenDeviceAndInodeAreStderrs() {
        assertTrue(JournalStream.matches("8:123456", STDERR));
    }

    @Test
    void anInheritedVariableWithStderrRedirectedIsNotTheJournal() {
        assertFalse(JournalStream.matches("8:999", STDERR));
        assertFalse(JournalStream.matches("9:123456", STDERR));
    }

    @Test
    void whenStderrCannotBeIdentifiedTheVariableDecides() {
        assertTrue(JournalStream.matches("8:123456", Optional.empty()));
    }

    @Test
    void garbageIsNotTheJournal() {
        assertFalse(JournalStream.matches("", STDERR));
        assertFalse(JournalStream.matches("8", STDERR));
        assertFalse(JournalStream.matches(":123456", STDERR));
        assertFalse(JournalStream.matches("a:b", STDERR));
    }

    @Test
    void parsesSystemdsFormat() {
        assertEquals(Optional.of(new FileId(8, 123456)), JournalStream.parse("8:123456"));
    }

    @Test
    void thisProcesssStderrCanBeIdentified() {
        assertTrue(JournalStream.stderrId().isPresent());
        // The test JVM's stderr is not the announced stream, so the real check says no.
        assertFalse(JournalStream.isStderrJournal(Map.of("JOURNAL_STREAM", "1:1")));
        assertFalse(JournalStream.isStderrJournal(Map.of()));
    }
}
