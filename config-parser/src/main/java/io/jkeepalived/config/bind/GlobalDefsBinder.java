package io.jkeepalived.config.bind;

import io.jkeepalived.config.Diagnostics;
import io.jkeepalived.config.Statement;
import io.jkeepalived.config.model.GlobalDefs;

/** Placeholder: binds {@code global_defs}; replaced by the model work of the foundation issue. */
public final class GlobalDefsBinder {
    private final Diagnostics diagnostics;

    public GlobalDefsBinder(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    public void bind(Statement globalDefs) {
        diagnostics.warn(globalDefs.location(), "global_defs is not read yet");
    }

    public GlobalDefs finish() {
        return new GlobalDefs();
    }
}
