package io.jkeepalived.daemon.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LineLayoutTest {
    private final LoggerContext context = new LoggerContext();
    private final Logger logger = context.getLogger("io.jkeepalived.vrrp.Instance");

    /** 2026-11-21 13:07:35.123 UTC */
    private static final long WHEN = 1_795_266_455_123L;

    private LoggingEvent event(Level level, String message, Throwable thrown) {
        LoggingEvent event = new LoggingEvent("fqcn", logger, level, message, thrown, null);
        event.setTimeStamp(WHEN);
        event.setThreadName("main");
        return event;
    }

    private static String layout(boolean journal, boolean detail, LoggingEvent event) {
        return new LineLayout(journal, detail, ZoneOffset.UTC).doLayout(event);
    }

    @Test
    void journalPrioritiesFollowSdDaemon() {
        assertEquals(3, LineLayout.priority(Level.ERROR));
        assertEquals(4, LineLayout.priority(Level.WARN));
        assertEquals(6, LineLayout.priority(Level.INFO));
        assertEquals(7, LineLayout.priority(Level.DEBUG));
        assertEquals(7, LineLayout.priority(Level.TRACE));
    }

    @Test
    void journalLinesCarryThePriorityAndNoTimestamp() {
        assertEquals("<3>(VI_1) lost\n", layout(true, false, event(Level.ERROR, "(VI_1) lost", null)));
        assertEquals("<4>careful\n", layout(true, false, event(Level.WARN, "careful", null)));
        assertEquals("<6>Entering MASTER STATE\n", layout(true, false, event(Level.INFO, "Entering MASTER STATE", null)));
        assertEquals("<7>packet\n", layout(true, false, event(Level.DEBUG, "packet", null)));
        assertEquals("<7>bytes\n", layout(true, false, event(Level.TRACE, "bytes", null)));
    }

    @Test
    void everyLineOfAMultiLineMessageKeepsThePrefix() {
        assertEquals("<6>Configuration dump:\n<6>global_defs {\n<6>    router_id lb1\n<6>}\n",
                layout(true, false, event(Level.INFO, "Configuration dump:\nglobal_defs {\n    router_id lb1\n}\n", null)));
        assertEquals("<4>a\n<4>b\n<4>\n<4>c\n", layout(true, false, event(Level.WARN, "a\r\nb\r\rc", null)));
    }

    @Test
    void onATerminalLinesCarryATimestampAndTheLevel() {
        assertEquals("2026-11-21 13:07:35.123 INFO  started\n", layout(false, false, event(Level.INFO, "started", null)));
        assertEquals("2026-11-21 13:07:35.123 ERROR one\n2026-11-21 13:07:35.123 ERROR two\n",
                layout(false, false, event(Level.ERROR, "one\ntwo", null)));
    }

    @Test
    void theTimestampIsLocalTime() {
        String line = new LineLayout(false, false, ZoneId.of("Europe/Paris")).doLayout(event(Level.INFO, "x", null));
        assertEquals("2026-11-21 14:07:35.123 INFO  x\n", line);
    }

    @Test
    void detailAddsThreadAndLoggerName() {
        assertEquals("<7>[main] io.jkeepalived.vrrp.Instance: packet\n",
                layout(true, true, event(Level.DEBUG, "packet", null)));
        assertEquals("2026-11-21 13:07:35.123 WARN  [main] io.jkeepalived.vrrp.Instance: careful\n",
                layout(false, true, event(Level.WARN, "careful", null)));
    }

    @Test
    void withoutDetailAnExceptionIsOneLineNeverAStackTrace() {
        String text = layout(true, false, event(Level.ERROR, "Cannot parse k.conf",
                new UnsupportedOperationException("not written yet")));
        assertEquals("<3>Cannot parse k.conf (java.lang.UnsupportedOperationException: not written yet)\n", text);
    }

    @Test
    void withDetailAnExceptionIsAStackTraceWithThePrefixOnEveryLine() {
        String text = layout(true, true, event(Level.ERROR, "failed", new IllegalStateException("boom")));
        String[] lines = text.split("\n");
        assertEquals("<3>[main] io.jkeepalived.vrrp.Instance: failed", lines[0]);
        assertEquals("<3>[main] io.jkeepalived.vrrp.Instance: java.lang.IllegalStateException: boom", lines[1]);
        assertTrue(lines.length > 3);
        for (String line : lines) {
            assertTrue(line.startsWith("<3>[main] io.jkeepalived.vrrp.Instance: "), line);
        }
        assertTrue(lines[2].contains("\tat io.jkeepalived.daemon.log.LineLayoutTest"), lines[2]);
    }
}
