package io.jkeepalived.config.lvs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkeepalived.config.Diagnostic;
import io.jkeepalived.config.Diagnostics;
import io.jkeepalived.config.ParseOptions;
import io.jkeepalived.config.Statement;
import io.jkeepalived.config.bind.LvsBinder;
import io.jkeepalived.config.model.GlobalDefs;
import io.jkeepalived.config.model.LvsConfig;
import io.jkeepalived.config.model.lvs.RealServer;
import io.jkeepalived.config.model.lvs.VirtualServer;
import io.jkeepalived.config.source.StatementReader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Binds LVS text with the real binder and gives the model and the problems, rendered as operators see them. */
final class Lvs {
    final LvsConfig config;
    final List<Diagnostic> diagnostics;

    private Lvs(LvsConfig config, List<Diagnostic> diagnostics) {
        this.config = config;
        this.diagnostics = diagnostics;
    }

    static Lvs bind(String text) {
        return read(ConfText.FILE, text);
    }

    /** Reads {@code text} as {@code file} with the real reader and binds it; both report into one list. */
    static Lvs read(Path file, String text) {
        Diagnostics diagnostics = new Diagnostics();
        List<Statement> statements = new StatementReader(new ParseOptions("test"), diagnostics).readText(text, file);
        return bind(statements, diagnostics);
    }

    static Lvs bind(List<Statement> statements) {
        return bind(statements, new Diagnostics());
    }

    private static Lvs bind(List<Statement> statements, Diagnostics diagnostics) {
        LvsBinder binder = new LvsBinder(diagnostics);
        for (Statement s : statements) {
            if (!binder.accepts(s.keyword())) {
                throw new IllegalArgumentException("not an LVS keyword: " + s.keyword());
            }
            binder.bind(s);
        }
        LvsConfig config = binder.finish(GlobalDefs.defaults());
        return new Lvs(config, diagnostics.all());
    }

    /** Each problem as {@code test.conf:LINE: [error: ]message}. */
    List<String> problems() {
        return diagnostics.stream().map(Diagnostic::toString).collect(Collectors.toList());
    }

    Lvs assertProblems(String... expected) {
        assertEquals(List.of(expected), problems());
        return this;
    }

    Lvs assertClean() {
        return assertProblems();
    }

    VirtualServer vs() {
        assertEquals(1, config.virtualServers().size(), "virtual servers");
        return config.virtualServers().get(0);
    }

    VirtualServer vs(int i) {
        return config.virtualServers().get(i);
    }

    RealServer rs() {
        assertEquals(1, vs().realServers().size(), "real servers");
        return vs().realServers().get(0);
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
