package io.jkeepalived.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Who runs a script configured without a {@code user} of its own, by keepalived 2.2.7's rule: global_defs
 * {@code script_user}; else the user {@code keepalived_script} when it exists; else the daemon's own user -
 * except under {@code enable_script_security}, where a missing {@code keepalived_script} means such scripts do
 * not run at all (keepalived: "Unable to set default user keepalived_script for script").
 *
 * @param runAs   the user, or empty for the daemon's own user
 * @param problem why scripts without a user of their own cannot run, or empty when they can
 */
public record ScriptUserDefault(Optional<RunAs> runAs, Optional<String> problem) {
    public static final String KEEPALIVED_SCRIPT = "keepalived_script";

    /**
     * @param user           global_defs script_user, if given
     * @param group          its group, if given
     * @param scriptSecurity enable_script_security
     * @param lookup         resolves a user and group (null: the user's own) or throws IllegalArgumentException
     */
    public static ScriptUserDefault choose(Optional<String> user, Optional<String> group, boolean scriptSecurity,
                                           BiFunction<String, String, RunAs> lookup) {
        if (user.isPresent()) {
            try {
                return new ScriptUserDefault(Optional.of(lookup.apply(user.get(), group.orElse(null))), Optional.empty());
            } catch (IllegalArgumentException e) {
                return new ScriptUserDefault(Optional.empty(),
                        Optional.of("script_user " + user.get() + ": " + e.getMessage()));
            }
        }
        try {
            return new ScriptUserDefault(Optional.of(lookup.apply(KEEPALIVED_SCRIPT, null)), Optional.empty());
        } catch (IllegalArgumentException e) {
            return scriptSecurity
                    ? new ScriptUserDefault(Optional.empty(), Optional.of("unable to set default user "
                            + KEEPALIVED_SCRIPT + " for scripts (no such user, and no script_user)"))
                    : new ScriptUserDefault(Optional.empty(), Optional.empty());
        }
    }

    /** With the system's user database. */
    public static ScriptUserDefault choose(Optional<String> user, Optional<String> group, boolean scriptSecurity) {
        return choose(user, group, scriptSecurity, RunAs::resolve);
    }

    /** The uid and gid a script without any user runs with: the daemon's own (effective) ids. */
    public static int[] ownIds() {
        try {
            Map<String, Object> a = Files.readAttributes(Path.of("/proc/self"), "unix:uid,gid");
            return new int[] {(Integer) a.get("uid"), (Integer) a.get("gid")};
        } catch (IOException | UnsupportedOperationException e) {
            // Judge as root: its rules are the stricter ones.
            return new int[] {0, 0};
        }
    }
}
