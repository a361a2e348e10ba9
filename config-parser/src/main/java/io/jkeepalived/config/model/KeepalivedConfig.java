package io.jkeepalived.config.model;

import java.util.Objects;

/** The whole typed, immutable configuration of one director. */
public record KeepalivedConfig(GlobalDefs globalDefs, VrrpConfig vrrp, LvsConfig lvs) {
    public KeepalivedConfig {
        Objects.requireNonNull(globalDefs, "globalDefs");
        Objects.requireNonNull(vrrp, "vrrp");
        Objects.requireNonNull(lvs, "lvs");
    }
}
