package io.jkeepalived.daemon;

import io.jkeepalived.config.ScriptSecurity;
import io.jkeepalived.config.dump.CanonicalWriter;
import io.jkeepalived.daemon.cli.Cli;
import io.jkeepalived.daemon.cli.ConfigId;
import io.jkeepalived.daemon.lifecycle.JvmSignals;
import io.jkeepalived.daemon.lifecycle.VrrpPart;
import io.jkeepalived.daemon.lifecycle.PidFiles;
import io.jkeepalived.daemon.log.Logging;
import java.util.Map;

/** The {@code jkeepalived} executable: the real process around {@link Cli}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(new Cli(realHost()).run(args));
    }

    static Host realHost() {
        Map<String, String> env = System.getenv();
        return new Host(env, System.out, System.err, ConfigId.currentNodeName(env), ProcessHandle.current().pid(),
                PidFiles.processExists(), new JvmSignals(), ConfigLoader.configParser(),
                ScriptSecurity::scriptsWithoutSecurity, config -> new CanonicalWriter().write(config),
                settings -> Logging.configure(settings, System.err), VrrpPart::new);
    }
}
