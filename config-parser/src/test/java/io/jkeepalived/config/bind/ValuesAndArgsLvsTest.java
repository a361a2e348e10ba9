package io.jkeepalived.config.bind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.config.Diagnostic;
import io.jkeepalived.config.Diagnostics;
import io.jkeepalived.config.SourceLocation;
import io.jkeepalived.config.Statement;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The helpers the LVS binder added to Values and Args. */
class ValuesAndArgsLvsTest {

    @Test
    void addressesAreWrittenInTheirShortForm() throws Exception {
        assertEquals("192.0.2.1", Values.formatAddress(InetAddress.getByName("192.0.2.1")));
        assertEquals("2001:db8::1", Values.formatAddress(InetAddress.getByName("2001:0db8:0:0:0:0:0:0001")));
        assertEquals("2001:db8:0:1::1", Values.formatAddress(InetAddress.getByName("2001:db8:0:1:0:0:0:1")));
        assertEquals("2001:db8::1:0:0:1", Values.formatAddress(InetAddress.getByName("2001:db8:0:0:1:0:0:1")),
                "the first of two equal zero runs is shortened");
        assertEquals("2001:db8:0:1:1:1:1:1", Values.formatAddress(InetAddress.getByName("2001:db8:0:1:1:1:1:1")),
                "a single zero group stays");
        assertEquals("::", Values.formatAddress(InetAddress.getByName("::")));
        assertEquals("::1", Values.formatAddress(InetAddress.getByName("::1")));
        assertEquals("fe80::", Values.formatAddress(InetAddress.getByName("fe80::")));
    }

    @Test
    void commandsAreSplitLikeKeepalivedScripts() {
        assertEquals(List.of("/bin/check", "--host", "a b", "it's", "x\\y"),
                Values.splitCommand("/bin/check  --host 'a b' \"it's\" x\\\\y"));
        assertEquals(List.of("a b"), Values.splitCommand("a\\ b"));
        assertEquals(List.of(""), Values.splitCommand("''"));
        assertEquals(List.of(), Values.splitCommand("   "));
    }

    private static Args args(Diagnostics d, String... words) {
        return new Args(Statement.line(new SourceLocation(Path.of("t.conf"), 3), List.of(words)), d);
    }

    @Test
    void portsAndOpenEndedTimes() {
        Diagnostics d = new Diagnostics();
        assertEquals(OptionalInt.of(65535), args(d, "connect_port", "65535").port(0));
        assertEquals(OptionalInt.empty(), args(d, "connect_port", "65536").port(0));
        assertEquals(Optional.of(Duration.ofDays(400)), args(d, "delay_loop", "34560000").secondsAtLeast(0, 0.000001));
        assertEquals(Optional.empty(), args(d, "delay_loop", "0").secondsAtLeast(0, 0.000001));
        assertEquals(Optional.of(Duration.ZERO), args(d, "warmup", "0").secondsAtLeast(0, 0));
        assertEquals(List.of(
                "t.conf:3: error: connect_port: expected a number from 1 to 65535, got '65536'",
                "t.conf:3: error: delay_loop: expected a time in seconds greater than 0, got '0'"),
                d.all().stream().map(Diagnostic::toString).toList());
    }

    @Test
    void aLineKeywordWithABlockIsReported() {
        Diagnostics d = new Diagnostics();
        SourceLocation at = new SourceLocation(Path.of("t.conf"), 4);
        new Args(new Statement(at, List.of("weight", "1"), List.of()), d).noBlock();
        new Args(Statement.line(at, List.of("weight", "1")), d).noBlock();
        assertEquals(1, d.all().size());
        assertTrue(d.all().get(0).toString().endsWith("weight takes no block; its block is skipped"));
    }
}
