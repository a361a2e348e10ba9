package io.jkeepalived.daemon.cli;

import io.jkeepalived.config.Diagnostic;
import io.jkeepalived.config.ParseOptions;
import io.jkeepalived.config.ParseResult;
import io.jkeepalived.daemon.ExitCodes;
import io.jkeepalived.daemon.Host;
import io.jkeepalived.daemon.LoadedConfig;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code -t}: read the configuration, print every problem as {@code FILE:LINE: message}, one per line, and
 * exit with the {@link ConfigTestVerdict} code. With {@code -d}, a runnable configuration is then written to
 * stdout in canonical form (keepalived 2.2.7 prints nothing for {@code -t -d}; the dump is our addition).
 */
final class ConfigTest {
    private final Host host;

    ConfigTest(Host host) {
        this.host = host;
    }

    /**
     * @param report where problems go: stderr, or the file given as {@code -tFILE}
     * @param detail whether a parser failure also prints its stack trace ({@code -D})
     */
    int run(Path file, String configId, boolean dump, boolean detail, PrintStream report) {
        LoadedConfig loaded = LoadedConfig.load(host.loader(), file, new ParseOptions(configId));
        if (loaded instanceof LoadedConfig.Unreadable unreadable) {
            report.println(file + ": fatal: cannot read the configuration file: " + unreadable.reason());
            return ConfigTestVerdict.CANNOT_RUN.exitCode();
        }
        if (loaded instanceof LoadedConfig.Failed failed) {
            report.println(file + ": fatal: the configuration could not be parsed: " + oneLine(failed.summary()));
            if (detail) {
                failed.error().printStackTrace(report);
            }
            return ConfigTestVerdict.CANNOT_RUN.exitCode();
        }
        ParseResult result = ((LoadedConfig.Parsed) loaded).result();
        for (Diagnostic diagnostic : result.diagnostics()) {
            report.println(oneLine(diagnostic.toString()));
        }
        // the parser reports the violation itself, at the first script's line; here it only sets the exit code
        boolean scriptsWithoutSecurity = result.runnable() && host.scriptsWithoutSecurity().test(result.config());
        report.flush();
        ConfigTestVerdict verdict = ConfigTestVerdict.of(result.diagnostics(), scriptsWithoutSecurity);
        if (dump && verdict != ConfigTestVerdict.CANNOT_RUN) {
            try {
                String text = host.dumper().apply(result.config());
                host.out().print(text.isEmpty() || text.endsWith("\n") ? text : text + "\n");
                host.out().flush();
            } catch (RuntimeException e) {
                report.println(file + ": internal error: cannot dump the configuration: " + oneLine(e.toString()));
                if (detail) {
                    e.printStackTrace(report);
                }
                return ExitCodes.SOFTWARE;
            }
        }
        return verdict.exitCode();
    }

    /** "One per line" must survive a message that carries a line break. */
    static String oneLine(String text) {
        return text.replaceAll("\r\n|\r|\n", " ");
    }
}
