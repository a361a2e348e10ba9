package io.jkeepalived.config.dump;

import io.jkeepalived.config.model.KeepalivedConfig;

/**
 * Writes a model back as keepalived.conf text in one canonical form (documented in docs/dump-format.md):
 * every value explicit, fixed order and indentation, so that parsing the output gives the same model.
 */
public final class CanonicalWriter {
    public String write(KeepalivedConfig config) {
        StringBuilder out = new StringBuilder();
        new GlobalDefsWriter().write(config.globalDefs(), new ConfText(out));
        new VrrpWriter().write(config.vrrp(), config.globalDefs(), new ConfText(out));
        new LvsWriter().write(config.lvs(), out);
        return out.toString();
    }
}
