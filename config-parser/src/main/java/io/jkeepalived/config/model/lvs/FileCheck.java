package io.jkeepalived.config.model.lvs;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * {@code FILE_CHECK}: follows a top-level {@code track_file} (declared in {@code VrrpConfig.trackFiles}); run by
 * the healthcheck module (see docs/healthcheck.md, "FILE_CHECK").
 *
 * @param weight  the multiplier; empty means the one of the {@code track_file} definition
 * @param reverse {@code weight N reverse}
 */
public record FileCheck(String trackFile, OptionalInt weight, boolean reverse) implements Checker {
    public FileCheck {
        Objects.requireNonNull(trackFile, "trackFile");
        Objects.requireNonNull(weight, "weight");
        if (reverse && weight.isEmpty()) {
            throw new IllegalArgumentException("reverse goes with a weight");
        }
    }

    @Override
    public String keyword() {
        return "FILE_CHECK";
    }
}
