package io.jkeepalived.daemon;

import ch.qos.logback.classic.LoggerContext;
import io.jkeepalived.config.Diagnostic;
import io.jkeepalived.config.Diagnostics;
import io.jkeepalived.config.ParseOptions;
import io.jkeepalived.config.ParseResult;
import io.jkeepalived.config.bind.ConfigBinder;
import io.jkeepalived.config.model.KeepalivedConfig;
import io.jkeepalived.daemon.cli.Cli;
import io.jkeepalived.daemon.lifecycle.Lifecycle;
import io.jkeepalived.daemon.lifecycle.SignalSource;
import io.jkeepalived.daemon.log.LogSettings;
import io.jkeepalived.daemon.log.Logging;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/** A {@link Host} made of fakes and in-memory streams, so that the command line runs in-process. */
public final class TestHost {
    public final ByteArrayOutputStream out = new ByteArrayOutputStream();
    public final ByteArrayOutputStream err = new ByteArrayOutputStream();
    public final FakeSignals signals = new FakeSignals();
    public final List<LogSettings> logSettings = new CopyOnWriteArrayList<>();
    public final List<Path> parsedFiles = new CopyOnWriteArrayList<>();
    public final List<ParseOptions> parsedWith = new CopyOnWriteArrayList<>();

    public Map<String, String> env = Map.of();
    public String nodeName = "lb1.example.net";
    public long pid = 4242;
    public LongPredicate processExists = other -> false;
    public ConfigLoader loader = (file, options) -> result(List.of());
    public Predicate<KeepalivedConfig> scriptsWithoutSecurity = config -> false;
    public Function<KeepalivedConfig, String> dumper = config -> "global_defs {\n}\n";
    /** The VRRP part the daemon would run; by default one that records its start and stop. */
    public final List<String> vrrpEvents = new CopyOnWriteArrayList<>();
    public Function<KeepalivedConfig, Lifecycle.Part> vrrp = config -> new Lifecycle.Part() {
        @Override
        public String name() {
            return "VRRP";
        }

        @Override
        public void start() {
            vrrpEvents.add("start " + config.vrrp().instances().size());
        }

        @Override
        public void stop() {
            vrrpEvents.add("stop");
        }
    };

    private final PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
    private final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

    /** A parse result with an empty model (built by the real binder, so it follows the model as it grows). */
    public static ParseResult result(List<Diagnostic> diagnostics) {
        return new ParseResult(emptyConfig(), diagnostics);
    }

    public static KeepalivedConfig emptyConfig() {
        return new ConfigBinder(new Diagnostics()).bind(List.of());
    }

    public Host host() {
        ConfigLoader recording = (file, options) -> {
            parsedFiles.add(file);
            parsedWith.add(options);
            return loader.parse(file, options);
        };
        return new Host(env, outStream, errStream, nodeName, pid, processExists, signals, recording,
                scriptsWithoutSecurity, dumper, settings -> {
                    logSettings.add(settings);
                    Logging.configure((LoggerContext) LoggerFactory.getILoggerFactory(), settings, errStream,
                            ZoneOffset.UTC);
                }, vrrp);
    }

    public int run(String... args) {
        return new Cli(host()).run(args);
    }

    public String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    public String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Signals delivered by the test: {@link #fire} runs the handler the code installed. */
    public static final class FakeSignals implements SignalSource {
        private final Map<String, Runnable> handlers = new ConcurrentHashMap<>();

        @Override
        public boolean handle(String name, Runnable action) {
            handlers.put(name, action);
            return true;
        }

        public boolean handles(String name) {
            return handlers.containsKey(name);
        }

        public void fire(String name) {
            Runnable handler = handlers.get(name);
            if (handler == null) {
                throw new AssertionError("no handler installed for SIG" + name);
            }
            handler.run();
        }
    }
}
