package io.jkeepalived.daemon.log;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.time.ZoneId;

/**
 * logback's first configuration (found through META-INF/services), used until the command line has been read.
 * Without it logback would fall back to its own console appender on stdout at DEBUG.
 */
public final class DefaultLogConfigurator extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        Logging.configure(context, LogSettings.defaults(System.getenv()), System.err, ZoneId.systemDefault());
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
