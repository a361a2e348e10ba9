package io.jkeepalived.config.bind;

import io.jkeepalived.config.Diagnostics;
import io.jkeepalived.config.Statement;
import io.jkeepalived.config.model.GlobalDefs;
import io.jkeepalived.config.model.KeepalivedConfig;
import io.jkeepalived.config.model.VrrpConfig;
import java.util.List;

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
            }
        }
        GlobalDefs globalDefs = global.finish();
        VrrpConfig vrrpConfig = vrrp.finish(globalDefs);
        globalDefs = global.complete(globalDefs, vrrpConfig, vrrp.legacyLvsSyncInterface());
        return new KeepalivedConfig(globalDefs, vrrpConfig, lvs.finish(globalDefs));
    }
}
