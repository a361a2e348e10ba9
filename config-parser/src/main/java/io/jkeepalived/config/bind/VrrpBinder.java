package io.jkeepalived.config.bind;

import io.jkeepalived.config.Diagnostics;
import io.jkeepalived.config.Statement;
import io.jkeepalived.config.model.GlobalDefs;
import io.jkeepalived.config.model.VrrpConfig;

/** Placeholder: binds the Vrrp top-level keywords; replaced by the model work of the foundation issue. */
public final class VrrpBinder {
    private final Diagnostics diagnostics;

    public VrrpBinder(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** Whether {@code keyword} is a top-level keyword of this part of the configuration. */
    public boolean accepts(String keyword) {
        return false;
    }

    public void bind(Statement statement) {
        diagnostics.warn(statement.location(), statement.keyword() + " is not read yet");
    }

    /** The model, once every statement was bound; global defaults are applied here. */
    public VrrpConfig finish(GlobalDefs globalDefs) {
        return new VrrpConfig();
    }
}
