package io.jkeepalived.daemon.cli;

import io.jkeepalived.daemon.ExitCodes;
import io.jkeepalived.daemon.Host;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Runs one command line: keepalived syntax in, exit code out. Main only adds the real {@link Host}. */
public final class Cli {
    /** Options after which keepalived hands the rest of the command line to another program. */
    private static final Set<String> MODE_SWITCHES = Set.of("--genhash");

    private final Host host;

    public Cli(Host host) {
        this.host = host;
    }

    public int run(String... args) {
        List<String> argv = List.of(args);
        CommandLine commandLine = commandLine(new JkeepalivedCommand(host, argv), host);
        List<String> canonical;
        try {
            canonical = new GetoptArgs(commandLine.getCommandSpec(), MODE_SWITCHES).normalize(argv);
        } catch (UsageException e) {
            usageError(host, e.getMessage());
            return ExitCodes.FAILURE;
        }
        return commandLine.execute(canonical.toArray(String[]::new));
    }

    /** The picocli command line with keepalived's habits: help and version on stderr, repeated options allowed. */
    static CommandLine commandLine(JkeepalivedCommand command, Host host) {
        PrintWriter err = new PrintWriter(host.err(), true, StandardCharsets.UTF_8);
        CommandLine commandLine = new CommandLine(command)
                .setOverwrittenOptionsAllowed(true)
                // Needed for "-f -n" (file "-n"): GetoptArgs passes it as --use-file=-n.
                .setAllowOptionsAsOptionParameters(true)
                .setOut(err)
                .setErr(err)
                .setParameterExceptionHandler((e, args) -> {
                    usageError(host, e.getMessage());
                    return ExitCodes.FAILURE;
                })
                .setExecutionExceptionHandler((e, cl, parsed) -> {
                    host.err().println("jkeepalived: internal error: " + e);
                    if (parsed.hasMatchedOption("--log-detail")) {
                        e.printStackTrace(host.err());
                    }
                    return ExitCodes.SOFTWARE;
                });
        // genhash reads its own options the way keepalived's genhash does (getopt); picocli only hands it the words.
        commandLine.addSubcommand("genhash", new CommandLine(new GenhashCommand(host))
                .setUnmatchedOptionsArePositionalParams(true)
                .setOut(err)
                .setErr(err));
        commandLine.addSubcommand("status", new CommandLine(new StatusCommand(host)).setOut(err).setErr(err));
        CommandSpec spec = commandLine.getCommandSpec();
        spec.usageMessage().footerHeading("%nAccepted for keepalived compatibility and ignored with a warning:%n");
        List<String> footer = new ArrayList<>(ignoredOptionsSummary(spec));
        footer.add("");
        footer.add("See docs/cli.md for details.");
        spec.usageMessage().footer(footer.toArray(String[]::new));
        return commandLine;
    }

    /** The ignored options, a few per line: picocli would wrap one long line in the middle of an option. */
    private static List<String> ignoredOptionsSummary(CommandSpec spec) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(" ");
        for (OptionSpec option : spec.mixins().get("ignored").options()) {
            String item = " " + synopsis(option) + ",";
            if (line.length() + item.length() > 78) {
                lines.add(line.toString());
                line = new StringBuilder(" ");
            }
            line.append(item);
        }
        lines.add(line.substring(0, line.length() - 1));
        return lines;
    }

    private static String synopsis(OptionSpec option) {
        String names = String.join(" ", option.names());
        if (option.arity().max() == 0) {
            return names;
        }
        return names + (option.arity().min() == 0 ? "[=ARG]" : " ARG");
    }

    private static void usageError(Host host, String message) {
        host.err().println("jkeepalived: " + message);
        host.err().println("Try 'jkeepalived --help' for more information.");
    }
}
