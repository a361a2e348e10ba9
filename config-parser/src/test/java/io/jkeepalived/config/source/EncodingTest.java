package io.jkeepalived.config.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files are UTF-8; bytes that are not are read as U+FFFD, one per malformed sequence, never as an error. */
class EncodingTest {
    @TempDir
    Path dir;

    @Test
    void malformedUtf8BecomesReplacementCharacters() throws IOException {
        byte[] line = {'r', 'o', 'u', 't', 'e', 'r', '_', 'i', 'd', ' ', 'a', (byte) 0xC3, 'b', (byte) 0xE2, (byte) 0x82,
            ' ', (byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80, (byte) 0xFF, (byte) 0xC3, (byte) 0xA9, '\n'};
        Path file = dir.resolve("k.conf");
        Files.write(file, line);
        Harness h = Harness.file(file);
        // What a CharsetDecoder that replaces bad input makes of the same bytes.
        String decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(line)).toString();
        assertEquals(List.of(decoded.strip().split(" ")), h.statements.get(0).words());
        assertEquals(List.of("router_id", "a\uFFFDb\uFFFD", "\uD83D\uDE00\uFFFD\u00E9"), h.statements.get(0).words());
        assertEquals(List.of(), h.diagnostics);
    }
}
