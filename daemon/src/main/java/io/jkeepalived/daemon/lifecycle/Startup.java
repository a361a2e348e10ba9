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
import java.nio.file.Path;
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
                          Path pidFile, Path vrrpPidFile, Path checkersPidFile) {
    }

    private final Host host;
    private final String version;
    private final CheckerService.IpvsOpener ipvs;

    public Startup(Host host, String version) {
        this(host, version, CheckerService::openKernel);
    }

    /** @param ipvs how the checker side opens the kernel's IPVS table (a fake in tests) */
    public Startup(Host host, String version, CheckerService.IpvsOpener ipvs) {
        this.host = host;
        this.version = version;
        this.ipvs = ipvs;
    }

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
        if (options.checker()) {
            parts.add(new CheckerPart(result.config(), ipvs, HealthChecker.Options.DEFAULT));
        }
        if (options.vrrp()) {
            // Always there: a reload may bring the first vrrp_instance; it runs nothing while there is none.
            parts.add(new VrrpOnDemand(result.config(), host.vrrp()));
        }
        return new Lifecycle(new PidFiles(pidFiles(options), host.pid(), host.processExists()), host.signals(),
                SdNotify.fromEnvironment(host.env()), () -> reread(options), parts).run();
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
