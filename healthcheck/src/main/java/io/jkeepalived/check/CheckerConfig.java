package io.jkeepalived.check;

import java.util.Objects;

/** One checker of a real server: what it does and when. */
public record CheckerConfig(CheckerSpec spec, CheckTiming timing) {
    public CheckerConfig {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(timing, "timing");
    }
}
