package io.jkeepalived.config.model.lvs;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A program the checker side runs ({@code notify_up}, {@code notify_down}, {@code quorum_up},
 * {@code quorum_down}, {@code misc_path}): the command split into words as keepalived splits it, and the
 * user/group to run it as (empty: keepalived's default script user).
 */
public record Script(List<String> command, Optional<String> user, Optional<String> group) {
    public Script {
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("a script has a command");
        }
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(group, "group");
        if (group.isPresent() && user.isEmpty()) {
            throw new IllegalArgumentException("a group needs a user");
        }
    }

    public static Script of(String... command) {
        return new Script(List.of(command), Optional.empty(), Optional.empty());
    }
}
