package io.jkeepalived.config.model.lvs;

import java.util.Objects;

/** {@code BFD_CHECK}: follows a top-level {@code bfd_instance}. Parsed, not run yet. */
public record BfdCheck(String name, boolean alpha) implements Checker {
    public BfdCheck {
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String keyword() {
        return "BFD_CHECK";
    }
}
