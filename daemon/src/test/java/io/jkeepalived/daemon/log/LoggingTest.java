package io.jkeepalived.daemon.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The levels -D selects, on a private logback context so the real one is left alone. */
class LoggingTest {
    private final LoggerContext context = new LoggerContext();
    private final ByteArrayOutputStream sink = new ByteArrayOutputStream();

    @BeforeEach
    void standalone() {
        // slf4j's binding gives the real context its MDC adapter; a context of our own needs one too.
        context.setMDCAdapter(new LogbackMDCAdapter());
    }

    private String logEverything(int detail) {
        Logging.configure(context, new LogSettings(true, detail), sink, ZoneOffset.UTC);
        Logger ours = context.getLogger("io.jkeepalived.vrrp.Instance");
        Logger library = context.getLogger("io.netty.channel.Epoll");
        ours.trace("our trace");
        ours.debug("our debug");
        ours.info("our info");
        library.debug("library debug");
        library.info("library info");
        return sink.toString(StandardCharsets.UTF_8).replaceAll("\\[main] [^:]+: ", "");
    }

    @Test
    void byDefaultInfoAndUp() {
        assertEquals("<6>our info\n<6>library info\n", logEverything(0));
    }

    @Test
    void oneDashDAddsOurDebug() {
        assertEquals("<7>our debug\n<6>our info\n<6>library info\n", logEverything(1));
    }

    @Test
    void twoDashDAddOurTraceAndLibraryDebug() {
        assertEquals("<7>our trace\n<7>our debug\n<6>our info\n<7>library debug\n<6>library info\n",
                logEverything(2));
    }

    @Test
    void reconfiguringReplacesTheOutputAndDoesNotCloseTheStream() {
        Logging.configure(context, new LogSettings(false, 0), sink, ZoneOffset.UTC);
        Logging.configure(context, new LogSettings(true, 0), sink, ZoneOffset.UTC);
        context.getLogger("io.jkeepalived.x").warn("once");
        assertEquals("<4>once\n", sink.toString(StandardCharsets.UTF_8));
    }
}
