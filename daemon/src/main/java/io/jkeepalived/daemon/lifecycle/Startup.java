package io.jkeepalived.daemon.lifecycle;

import io.jkeepalived.config.Diagnostic;
import io.jkeepalived.config.ParseOptions;
import io.jkeepalived.config.ParseResult;
import io.jkeepalived.check.HealthChecker;
import io.jkeepalived.config.Severity;
import io.jkeepalived.config.model.KeepalivedConfig;
import io.jkeepalived.daemon.check.CheckerService;
import io.jkeepalived.daemon.ExitCodes;
import io.jkeepalived.daemon.Host;
import io.jkeepalived.daemon.LoadedConfig;
import io.jkeepalived.daemon.status.ControlServer;
import io.jkeepalived.daemon.status.ControlSocketPath;
import io.jkeepalived.daemon.status.SignalDumps;
import io.jkeepalived.daemon.status.StatusJson;
import io.jkeepalived.daemon.status.StatusReport;
import io.jkeepalived.daemon.status.StatusService;
import io.jkeepalived.daemon.status.StatusSources;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A daemon run (no {@code -t}): read the configuration, log what is wrong with it, refuse or run. */
public final class Startup {
    private static final Logger log = LoggerFactory.getLogger(Startup.class);

    /**
     * What the command line asked for.
     *
     * @param vrrp    run the VRRP part (not {@code -C})
     * @param checker run the checkers and IPVS (not {@code -P})
     */
    public record Options(Path configFile, String configId, boolean dump, boolean vrrp, boolean checker,
                          Path pidFile, Path vrrpPidFile, Path checkersPidFile, Optional<Path> controlSocket) {
        public Options {
            java.util.Objects.requireNonNull(controlSocket, "controlSocket");
        }

        /** Without {@code --control-socket}: the socket's place follows from the pid file. */
        public Options(Path configFile, String configId, boolean dump, boolean vrrp, boolean checker,
                       Path pidFile, Path vrrpPidFile, Path checkersPidFile) {
            this(configFile, configId, dump, vrrp, checker, pidFile, vrrpPidFile, checkersPidFile, Optional.empty());
        }

        /** {@code --control-socket}, else the place {@link ControlSocketPath} derives from the pid file. */
        public Path controlSocketPath() {
            return controlSocket.orElseGet(() -> ControlSocketPath.forPidFile(pidFile));
        }
    }

    private final Host host;
    private final String version;
    private final CheckerService.IpvsOpener ipvs;

    public Startup(Host host, String version) {
        this(host, version, CheckerService::openKernel);
    }

    /** @param ipvs how the checker side opens the kernel's IPVS table (a fake in tests) */
    public Startup(Host host, String version, CheckerService.IpvsOpener ipvs) {
        this(host, version, ipvs, SignalDumps.DEFAULT_DIRECTORY);
    }

    /** @param dumpDirectory where SIGUSR1 and SIGUSR2 write their files (/tmp, as keepalived; a test's own) */
    public Startup(Host host, String version, CheckerService.IpvsOpener ipvs, Path dumpDirectory) {
        this.host = host;
        this.version = version;
        this.ipvs = ipvs;
        this.dumpDirectory = dumpDirectory;
    }

    private final Path dumpDirectory;
    /** The configuration last read that could run: the start's, then each accepted reload's. */
    private final java.util.concurrent.atomic.AtomicReference<KeepalivedConfig> inForce =
            new java.util.concurrent.atomic.AtomicReference<>();

    public int run(Options options, List<String> commandLine) {
        log.info("Starting jkeepalived {} (pid {})", version, host.pid());
        log.info("Command line: 'jkeepalived' {}",
                commandLine.stream().map(arg -> "'" + arg + "'").collect(Collectors.joining(" ")));
        log.info("Configuration file {} (config id {})", options.configFile(), options.configId());

        Optional<ParseResult> read = read(options, "not starting");
        if (read.isEmpty()) {
            return refusal;
        }
        ParseResult result = read.get();
        inForce.set(result.config());
        if (options.dump()) {
            dump(result);
        }
        announceMissingParts(options);
        if (result.config().globalDefs().maxAutoPriority() == 0) {
            // keepalived 2.2.7 says the same when max_auto_priority is not set (-1 silences it).
            log.info("NOTICE: max_auto_priority is not set: with it, jkeepalived raises its own real-time "
                    + "priority when its timers run late on a loaded machine");
        }
        // Checkers first (services are programmed before VIPs bring traffic), VRRP last: stopped in reverse,
        // the VIPs go before the services.
        List<Lifecycle.Part> parts = new ArrayList<>();
        Optional<StatusSources.Checkers> checkers = Optional.empty();
        Optional<StatusSources.Vrrp> vrrp = Optional.empty();
        if (options.checker()) {
            CheckerPart part = new CheckerPart(result.config(), ipvs, HealthChecker.Options.DEFAULT);
            parts.add(part);
            checkers = Optional.of(part);
        }
        if (options.vrrp()) {
            // Always there: a reload may bring the first vrrp_instance; it runs nothing while there is none.
            VrrpOnDemand part = new VrrpOnDemand(result.config(), host.vrrp());
            parts.add(part);
            vrrp = Optional.of(part);
        }
        Lifecycle lifecycle = new Lifecycle(new PidFiles(pidFiles(options), host.pid(), host.processExists()),
                host.signals(), SdNotify.fromEnvironment(host.env()), () -> reread(options), parts);
        Path socket = options.controlSocketPath();
        Instant startedAt = clock.instant();
        StatusService status = new StatusService(() -> new StatusReport.Daemon(version, host.pid(),
                options.configFile(), options.configId(), startedAt, control.opened() ? Optional.of(socket)
                        : Optional.empty(), lifecycle.lastReload().map(r -> new StatusReport.Reload(r.at(),
                        r.result(), r.message()))), vrrp, checkers, clock, StatusService.PART_TIMEOUT);
        control.serve(new ControlServer(socket, command -> command.equals("status")
                ? StatusJson.write(status.report()) : null));
        SignalDumps dumps = new SignalDumps(dumpDirectory, status, () -> host.dumper().apply(inForce.get()));
        return lifecycle.with(control).withDumps(new Lifecycle.Dumps() {
            @Override
            public void data() {
                dumps.data();
            }

            @Override
            public void stats() {
                dumps.stats();
            }
        }).run();
    }

    private final Clock clock = Clock.systemUTC();
    private final ControlCompanion control = new ControlCompanion();

    /** The control socket beside the parts: a daemon that cannot open it runs on without it (logged). */
    private static final class ControlCompanion implements Lifecycle.Companion {
        private ControlServer server;
        private volatile boolean opened;

        void serve(ControlServer s) {
            server = s;
        }

        boolean opened() {
            return opened;
        }

        @Override
        public void open() {
            try {
                server.open();
                opened = true;
            } catch (IOException e) {
                log.error("No control socket, jkeepalived status will not answer: {}", e.getMessage());
            }
        }

        @Override
        public void close() {
            server.close();
        }

        @Override
        public String toString() {
            return "the control socket " + server.path();
        }
    }

    /** The exit code of the last refused {@link #read} at start. */
    private int refusal;

    /**
     * Reads and judges the configuration as at start, logging every problem with its file and line; empty when
     * it cannot be run, {@code consequence} ending the error line ("not starting", or that the running
     * configuration is kept).
     */
    private Optional<ParseResult> read(Options options, String consequence) {
        LoadedConfig loaded = LoadedConfig.load(host.loader(), options.configFile(), new ParseOptions(options.configId()));
        if (loaded instanceof LoadedConfig.Unreadable unreadable) {
            log.error("Cannot read configuration file {}: {}; {}", unreadable.file(), unreadable.reason(), consequence);
            refusal = ExitCodes.NO_CONFIG;
            return Optional.empty();
        }
        if (loaded instanceof LoadedConfig.Failed failed) {
            // The layout prints the exception as one line, or as a stack trace with -D.
            log.error("Cannot parse configuration file {}; {}", failed.file(), consequence, failed.error());
            refusal = ExitCodes.CONFIG;
            return Optional.empty();
        }
        ParseResult result = ((LoadedConfig.Parsed) loaded).result();
        result.diagnostics().forEach(Startup::logDiagnostic);
        if (!result.runnable()) {
            long fatal = result.diagnostics().stream().filter(d -> d.severity() == Severity.FATAL).count();
            log.error("Configuration file {} cannot be run ({} fatal problem{}); {}",
                    options.configFile(), fatal, fatal == 1 ? "" : "s", consequence);
            refusal = ExitCodes.CONFIG;
            return Optional.empty();
        }
        // keepalived logs this when its VRRP process starts; its -t stops before that check, so the parser is silent
        result.config().vrrp().untrackedScripts().forEach(s -> log.warn(
                "vrrp_script {} is not used by any vrrp_instance or vrrp_sync_group; it will not run", s.name()));
        return Optional.of(result);
    }

    /** SIGHUP: the same file with the same config id, judged as at start. */
    private Optional<KeepalivedConfig> reread(Options options) {
        log.info("Received SIGHUP: reloading configuration file {} (config id {})", options.configFile(),
                options.configId());
        Optional<ParseResult> read = read(options, "the running configuration is kept");
        read.ifPresent(result -> {
            inForce.set(result.config());
            if (options.dump()) {
                dump(result);
            }
        });
        return read.map(ParseResult::config);
    }

    private static void logDiagnostic(Diagnostic diagnostic) {
        if (diagnostic.severity() == Severity.WARNING) {
            log.warn("{}", diagnostic);
        } else {
            log.error("{}", diagnostic);
        }
    }

    private void dump(ParseResult result) {
        try {
            log.info("Configuration dump:\n{}", host.dumper().apply(result.config()));
        } catch (RuntimeException e) {
            log.error("Cannot dump the configuration", e);
        }
    }

    /** Says when the command line leaves nothing to run. */
    private static void announceMissingParts(Options options) {
        if (!options.vrrp() && !options.checker()) {
            log.warn("Both -P (VRRP only) and -C (checkers only) were given: neither part runs");
        }
    }

    /**
     * As keepalived: the main file always; the VRRP and checkers files only for the parts that run. The main file
     * comes last, so that once it exists every file of this start exists (scripts and tests wait on it).
     */
    static List<Path> pidFiles(Options options) {
        List<Path> files = new ArrayList<>();
        if (options.vrrp()) {
            files.add(options.vrrpPidFile());
        }
        if (options.checker()) {
            files.add(options.checkersPidFile());
        }
        files.add(options.pidFile());
        return files;
    }
}
