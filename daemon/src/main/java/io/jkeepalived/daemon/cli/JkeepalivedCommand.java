package io.jkeepalived.daemon.cli;

import io.jkeepalived.daemon.ExitCodes;
import io.jkeepalived.daemon.Host;
import io.jkeepalived.daemon.IoErrors;
import io.jkeepalived.daemon.lifecycle.PidFiles;
import io.jkeepalived.daemon.lifecycle.Startup;
import io.jkeepalived.daemon.log.JournalStream;
import io.jkeepalived.daemon.log.LogSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The top-level command: keepalived's command line. Later tools ({@code ctl}, {@code genhash}, {@code demo})
 * become picocli subcommands of this one; {@link GetoptArgs} stops at the first word that is not an option, so
 * a subcommand's arguments reach picocli untouched while the keepalived flags before it keep getopt's syntax.
 */
@Command(name = "jkeepalived",
        sortOptions = false,
        versionProvider = VersionInfo.class,
        exitCodeOnInvalidInput = ExitCodes.FAILURE,
        exitCodeOnExecutionException = ExitCodes.SOFTWARE,
        description = {
            "A keepalived replacement for Linux LVS directors: reads keepalived.conf unchanged.",
            "Options take keepalived's forms: -Dl, -fFILE, -f FILE, --use-file=FILE, --use=FILE."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:stopped by SIGTERM/SIGINT; -t: configuration clean",
            "1:bad command line, already running, pid file not writable",
            "2:configuration cannot be run (not starting)",
            "4:-t: configuration cannot be run",
            "5:-t: problems reported, but it would run",
            "6:-t: scripts without enable_script_security; else: configuration file missing or unreadable",
            "70:internal error"})
public final class JkeepalivedCommand implements Callable<Integer> {
    public static final Path DEFAULT_CONFIG = Path.of("/etc/keepalived/keepalived.conf");

    private static final Logger log = LoggerFactory.getLogger(JkeepalivedCommand.class);

    @Spec
    private CommandSpec spec;

    @Option(names = {"-f", "--use-file"}, paramLabel = "FILE",
            description = "Configuration file (default /etc/keepalived/keepalived.conf).")
    Path configFile = DEFAULT_CONFIG;

    @Option(names = {"-P", "--vrrp"}, description = "Only run the VRRP part.")
    boolean vrrpOnly;

    @Option(names = {"-C", "--check"}, description = "Only run the health checkers and IPVS.")
    boolean checkOnly;

    @Option(names = {"-l", "--log-console"},
            description = "Log to the console. jkeepalived always logs to stderr; accepted for keepalived.")
    boolean logConsole;

    @Option(names = {"-D", "--log-detail"},
            description = "Detailed log: DEBUG level, thread and logger names; twice: TRACE.")
    boolean[] logDetail = new boolean[0];

    @Option(names = {"-n", "--dont-fork"}, description = "Don't fork. Accepted; jkeepalived never forks.")
    boolean dontFork;

    @Option(names = {"-d", "--dump-conf"},
            description = "Dump the configuration in canonical form: to the log, or with -t to stdout.")
    boolean dumpConf;

    @Option(names = {"-p", "--pid"}, paramLabel = "FILE", description = "Pid file (default /run/keepalived.pid).")
    Path pidFile;

    @Option(names = {"-r", "--vrrp_pid"}, paramLabel = "FILE",
            description = "VRRP pid file (default /run/keepalived_vrrp.pid); holds the same pid.")
    Path vrrpPidFile;

    @Option(names = {"-c", "--checkers_pid"}, paramLabel = "FILE",
            description = "Checkers pid file (default /run/keepalived_checkers.pid); holds the same pid.")
    Path checkersPidFile;

    @Option(names = {"-i", "--config-id"}, paramLabel = "ID",
            description = "Keep '@ID' lines for this id only (default: the host name up to its first dot).")
    String configId;

    @Option(names = {"-t", "--config-test"}, arity = "0..1", paramLabel = "FILE",
            description = "Check the configuration, report each problem to stderr (or append to FILE), exit.")
    String configTest;

    @Option(names = "--control-socket", paramLabel = "PATH",
            description = "jkeepalived's own: the control socket for 'jkeepalived status' (default: beside a -p pid"
                    + " file, else /run/jkeepalived/control.sock).")
    Path controlSocket;

    @Option(names = "--signum", paramLabel = "SIGFUNC",
            description = "Print the signal number for STOP, RELOAD, DATA or STATS and exit.")
    String signum;

    @Option(names = {"-T", "--genhash"}, hidden = true)
    boolean genhash;

    @Option(names = {"-v", "--version"}, versionHelp = true, description = "Print the version and exit.")
    boolean versionRequested;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print this help and exit.")
    boolean helpRequested;

    @Mixin(name = "ignored")
    private IgnoredKeepalivedOptions ignored = new IgnoredKeepalivedOptions();

    private final Host host;
    private final List<String> commandLine;

    public JkeepalivedCommand(Host host, List<String> commandLine) {
        this.host = Objects.requireNonNull(host, "host");
        this.commandLine = List.copyOf(commandLine);
    }

    @Override
    public Integer call() {
        if (genhash) {
            return genhashMode();
        }
        if (signum != null) {
            return printSignalNumber();
        }
        host.logging().accept(new LogSettings(JournalStream.isStderrJournal(host.env()), logDetail.length));
        for (String option : ignoredOptionsUsed()) {
            log.warn("Option {} is not supported by jkeepalived yet; ignored", option);
        }
        String id = configId != null ? configId : ConfigId.fromNodeName(host.nodeName());
        if (configTest != null) {
            return configTest(id);
        }
        Startup.Options options = new Startup.Options(configFile, id, dumpConf, !checkOnly, !vrrpOnly,
                pidFile != null ? pidFile : PidFiles.DEFAULT_MAIN,
                vrrpPidFile != null ? vrrpPidFile : PidFiles.DEFAULT_VRRP,
                checkersPidFile != null ? checkersPidFile : PidFiles.DEFAULT_CHECKERS,
                java.util.Optional.ofNullable(controlSocket));
        return new Startup(host, VersionInfo.version()).run(options, commandLine);
    }

    /** {@code -T}/{@code --genhash}: keepalived hands every word after it to genhash, and so do we. */
    private int genhashMode() {
        List<String> rest;
        try {
            rest = new GetoptArgs(spec, Set.of("--genhash")).afterModeSwitch(commandLine).orElse(List.of());
        } catch (UsageException e) {
            rest = List.of();
        }
        String first = commandLine.isEmpty() ? "" : commandLine.get(0);
        if (!first.equals("-T") && !first.equals("--genhash")) {
            host.err().println("Warning -- `-T` not used as first option, previous options ignored");
        }
        // keepalived counts "-T" among genhash's words: one word after it is enough to go on.
        return new GenhashCommand(host).run(rest, "jkeepalived --genhash", 1);
    }

    /** The keepalived options given that jkeepalived ignores, named as "-S/--log-facility", in command line order. */
    List<String> ignoredOptionsUsed() {
        Set<OptionSpec> ignoredSpecs = Set.copyOf(spec.mixins().get("ignored").options());
        return spec.commandLine().getParseResult().matchedOptions().stream()
                .filter(ignoredSpecs::contains)
                .distinct()
                .map(option -> String.join("/", option.names()))
                .collect(Collectors.toList());
    }

    private int printSignalNumber() {
        var function = SignalFunction.named(signum);
        if (function.isPresent()) {
            host.out().println(function.get().number());
            return ExitCodes.OK;
        }
        host.err().println(SignalFunction.isKeepalivedOnly(signum)
                ? "jkeepalived: sigfunc " + signum + " is not supported by jkeepalived yet"
                : "jkeepalived: unknown sigfunc " + signum);
        return ExitCodes.FAILURE;
    }

    private int configTest(String id) {
        boolean detail = logDetail.length > 0;
        if (configTest.isEmpty()) {
            return new ConfigTest(host).run(configFile, id, dumpConf, detail, host.err());
        }
        // keepalived appends to the file, creating it, and refuses a symlink.
        Path logFile = Path.of(configTest);
        try (OutputStream stream = Channels.newOutputStream(Files.newByteChannel(logFile,
                Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND, StandardOpenOption.CREATE,
                        LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--"))));
             PrintStream report = new PrintStream(stream, true, StandardCharsets.UTF_8)) {
            return new ConfigTest(host).run(configFile, id, dumpConf, detail, report);
        } catch (IOException e) {
            host.err().println("jkeepalived: cannot open config-test log file " + configTest + ": "
                    + IoErrors.describe(e));
            return ExitCodes.FAILURE;
        }
    }
}
