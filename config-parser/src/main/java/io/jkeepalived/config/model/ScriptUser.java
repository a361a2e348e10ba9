package io.jkeepalived.config.model;

import java.util.Objects;
import java.util.Optional;

/** A user, and optionally a group, that scripts or FIFOs run as or belong to. */
public record ScriptUser(String user, Optional<String> group) {
    public ScriptUser {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(group, "group");
    }
}
