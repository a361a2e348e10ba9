package io.jkeepalived.daemon;

import io.jkeepalived.config.Diagnostic;
import io.jkeepalived.config.Severity;
import io.jkeepalived.config.SourceLocation;
import io.jkeepalived.daemon.cli.Cli;
import java.util.List;

/**
 * {@link Main} with a parser that accepts any file and reports one two-line warning: the real process (signals,
 * pid files, logging, exit codes) without depending on the lexer. Started as a child process by ProcessTest.
 */
public final class FakeParserMain {
    private FakeParserMain() {
    }

    public static void main(String[] args) {
        Host real = Main.realHost();
        ConfigLoader fake = (file, options) -> TestHost.result(List.of(
                new Diagnostic(Severity.WARNING, new SourceLocation(file, 1), "first line\nsecond line")));
        Host host = new Host(real.env(), real.out(), real.err(), real.nodeName(), real.pid(), real.processExists(),
                real.signals(), fake, real.scriptsWithoutSecurity(), real.dumper(), real.logging(), real.vrrp());
        System.exit(new Cli(host).run(args));
    }
}
