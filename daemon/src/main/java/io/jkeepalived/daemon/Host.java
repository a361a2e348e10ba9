package io.jkeepalived.daemon;

import io.jkeepalived.config.model.KeepalivedConfig;
import io.jkeepalived.daemon.lifecycle.Lifecycle;
import io.jkeepalived.daemon.lifecycle.SignalSource;
import io.jkeepalived.daemon.log.LogSettings;
import java.io.PrintStream;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

/**
 * Everything the command line touches outside itself, gathered so that tests run it in-process with fakes.
 *
 * @param env                    the process environment
 * @param out                    standard output: {@code -t -d} dumps, {@code --signum}
 * @param err                    standard error: diagnostics, help, version, and the log
 * @param nodeName               uname's node name, for the default config id
 * @param pid                    this process
 * @param processExists          whether a pid is alive (pid file checks)
 * @param signals                where SIGTERM, SIGHUP ... come from
 * @param loader                 the configuration parser
 * @param scriptsWithoutSecurity whether a configuration has scripts but no enable_script_security
 * @param dumper                 the canonical {@code -d} form of a configuration
 * @param logging                (re)configures logging once the command line is known
 * @param vrrp                   the VRRP part for a configuration (real sockets, or a fake in tests)
 */
public record Host(Map<String, String> env, PrintStream out, PrintStream err, String nodeName, long pid,
                   LongPredicate processExists, SignalSource signals, ConfigLoader loader,
                   Predicate<KeepalivedConfig> scriptsWithoutSecurity, Function<KeepalivedConfig, String> dumper,
                   Consumer<LogSettings> logging, Function<KeepalivedConfig, Lifecycle.Part> vrrp) {
}
