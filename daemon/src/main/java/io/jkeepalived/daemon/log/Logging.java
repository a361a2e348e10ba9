package io.jkeepalived.daemon.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import org.slf4j.LoggerFactory;

/**
 * Configures logback in code: one appender writing {@link LineLayout} lines to stderr. In code rather than in a
 * logback.xml because the format depends on facts only known at run time (is stderr the journal, how many -D).
 *
 * <p>Everything goes to stderr: jkeepalived never forks, so its stderr always belongs to whoever started it
 * (systemd's journal, a supervisor, a terminal). There is no syslog output; see docs/cli.md.
 */
public final class Logging {
    private static final String OUR_LOGGERS = "io.jkeepalived";

    private Logging() {
    }

    /** Reconfigures the process-wide logback context (the one slf4j hands out) to write to {@code stream}. */
    public static void configure(LogSettings settings, OutputStream stream) {
        configure((LoggerContext) LoggerFactory.getILoggerFactory(), settings, stream, ZoneId.systemDefault());
    }

    public static void configure(LoggerContext context, LogSettings settings, OutputStream stream, ZoneId zone) {
        context.reset();

        LineLayout layout = new LineLayout(settings.journal(), settings.detailed(), zone);
        layout.setContext(context);
        layout.start();

        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.setLayout(layout);
        encoder.start();

        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setName("stderr");
        appender.setEncoder(encoder);
        appender.setImmediateFlush(true);
        appender.setOutputStream(new KeepOpen(stream));
        appender.start();

        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        root.setLevel(settings.detail() >= 2 ? Level.DEBUG : Level.INFO);
        context.getLogger(OUR_LOGGERS).setLevel(switch (settings.detail()) {
            case 0 -> Level.INFO;
            case 1 -> Level.DEBUG;
            default -> Level.TRACE;
        });
    }

    /** Logback closes its appender's stream on reset; stderr must outlive that. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
