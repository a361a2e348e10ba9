package io.jkeepalived.daemon.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One log event as text lines, each line carrying the full prefix.
 *
 * <p>For the journal the prefix is the sd-daemon(3) priority {@code <N>} and nothing else: the journal stamps
 * time itself, and it reads the prefix per line, so a continuation line without it would be stored at the
 * default priority, detached from its event. On a terminal the prefix is a local timestamp and the level.
 * With detail, the thread and logger name follow. A throwable is printed as a stack trace only with detail;
 * otherwise its type and message are appended to the message, one line, as the house rules ask.
 */
public final class LineLayout extends LayoutBase<ILoggingEvent> {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final boolean journal;
    private final boolean detail;
    private final DateTimeFormatter timestamp;

    public LineLayout(boolean journal, boolean detail, ZoneId zone) {
        this.journal = journal;
        this.detail = detail;
        this.timestamp = TIMESTAMP.withZone(Objects.requireNonNull(zone, "zone"));
    }

    /** sd-daemon(3) priorities: LOG_ERR 3, LOG_WARNING 4, LOG_INFO 6, LOG_DEBUG 7. */
    public static int priority(Level level) {
        return switch (level.toInt()) {
            case Level.ERROR_INT -> 3;
            case Level.WARN_INT -> 4;
            case Level.INFO_INT -> 6;
            default -> 7;
        };
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        String prefix = prefix(event);
        List<String> lines = new ArrayList<>(splitLines(String.valueOf(event.getFormattedMessage())));
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            if (detail) {
                lines.addAll(splitLines(ThrowableProxyUtil.asString(thrown)));
            } else {
                int last = lines.size() - 1;
                lines.set(last, lines.get(last) + " (" + thrown.getClassName()
                        + (thrown.getMessage() == null ? "" : ": " + thrown.getMessage()) + ")");
            }
        }
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append(prefix).append(line).append('\n');
        }
        return out.toString();
    }

    /*
     * Plain code (no String.format, no regex, the timestamp's seconds formatted once per second): this runs
     * for every line, on threads such as the VRRP loop's where a line written during a takeover must not
     * cost a millisecond of interpreted formatting.
     */
    private long cachedSecond = Long.MIN_VALUE;
    private String cachedSecondText;

    private String prefix(ILoggingEvent event) {
        StringBuilder prefix = new StringBuilder(64);
        if (journal) {
            prefix.append('<').append(priority(event.getLevel())).append('>');
        } else {
            long millis = event.getTimeStamp();
            long second = Math.floorDiv(millis, 1000);
            String secondText;
            synchronized (this) {
                if (second != cachedSecond) {
                    cachedSecondText = SECONDS.format(Instant.ofEpochSecond(second).atZone(timestamp.getZone()));
                    cachedSecond = second;
                }
                secondText = cachedSecondText;
            }
            int ms = (int) Math.floorMod(millis, 1000);
            prefix.append(secondText).append('.').append((char) ('0' + ms / 100)).append((char) ('0' + ms / 10 % 10))
                    .append((char) ('0' + ms % 10)).append(' ');
            String level = event.getLevel().toString();
            prefix.append(level);
            for (int pad = level.length(); pad < 5; pad++) {
                prefix.append(' ');
            }
            prefix.append(' ');
        }
        if (detail) {
            prefix.append('[').append(event.getThreadName()).append("] ").append(event.getLoggerName()).append(": ");
        }
        return prefix.toString();
    }

    /** Lines of a text, whatever its line ends; a trailing line end does not make an empty last line. */
    static List<String> splitLines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(text.substring(start, i));
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        lines.add(text.substring(start));
        if (lines.size() > 1 && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }
}
