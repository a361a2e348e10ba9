package io.jkeepalived.config.bind;

import io.jkeepalived.config.Diagnostics;
import io.jkeepalived.config.ScriptSecurity;
import io.jkeepalived.config.SourceLocation;
import io.jkeepalived.config.Statement;
import io.jkeepalived.config.model.GlobalDefs;
import io.jkeepalived.config.model.KeepalivedConfig;
import io.jkeepalived.config.model.VrrpConfig;
import io.jkeepalived.config.source.EscapedWords;
import java.util.List;
import java.util.Optional;

/** Turns the statement tree into the typed model, dispatching each top-level keyword to its binder. */
public final class ConfigBinder {
    private final Diagnostics diagnostics;

    public ConfigBinder(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    public KeepalivedConfig bind(List<Statement> topLevel) {
        GlobalDefsBinder global = new GlobalDefsBinder(diagnostics);
        VrrpBinder vrrp = new VrrpBinder(diagnostics);
        LvsBinder lvs = new LvsBinder(diagnostics);
        for (Statement statement : topLevel) {
            String keyword = statement.keyword();
            if (global.accepts(keyword)) {
                global.bind(statement);
            } else if (vrrp.accepts(keyword)) {
                vrrp.bind(statement);
            } else if (lvs.accepts(keyword)) {
                lvs.bind(statement);
            } else {
                diagnostics.warn(statement.location(), "Unknown keyword '" + keyword + "'"
                        + (statement.hasBlock() ? " (its block is skipped)" : ""));
                diagnostics.blockSkipped(statement);
            }
        }
        GlobalDefs globalDefs = global.finish();
        VrrpConfig vrrpConfig = vrrp.finish(globalDefs);
        globalDefs = global.complete(globalDefs, vrrpConfig, vrrp.legacyLvsSyncInterface());
        new SkippedBlockReport(diagnostics).report(topLevel);
        KeepalivedConfig config = new KeepalivedConfig(globalDefs, vrrpConfig, lvs.finish(globalDefs, global.checkerSmtpAlertIfSet()));
        if (ScriptSecurity.scriptsWithoutSecurity(config)) {
            // keepalived names no line; the first script line shows the operator what is meant
            diagnostics.warn(firstScriptLine(topLevel).orElse(topLevel.get(0).location()), "SECURITY VIOLATION -"
                    + " scripts are configured (the first is here) but global_defs has no enable_script_security;"
                    + " keepalived -t exits 6 for this");
        }
        return config;
    }

    private static Optional<SourceLocation> firstScriptLine(List<Statement> statements) {
        for (Statement s : statements) {
            if (EscapedWords.isScriptKeyword(s.keyword()) && !s.keyword().equals("regex")) {
                return Optional.of(s.location());
            }
            Optional<SourceLocation> inside = firstScriptLine(s.children());
            if (inside.isPresent()) {
                return inside;
            }
        }
        return Optional.empty();
    }
}
