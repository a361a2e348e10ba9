package io.jkeepalived.config.model;

import io.jkeepalived.config.source.EscapedWords;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A program keepalived runs: a notify script, a vrrp_script check, a startup script.
 *
 * <p>keepalived takes the command as ONE configuration word (quote it when it has arguments:
 * {@code notify_master "/etc/keepalived/to_master.sh VI_1"}) and splits that word into the program and its
 * arguments only when it runs it; the words after it name the user and group to run it as. The model keeps
 * the command line as written so that it can be written back unchanged; {@link #argv()} performs the split.
 *
 * @param commandLine the program and its arguments, as one string
 * @param user        the user to run as; empty means global_defs {@code script_user}, or keepalived's default
 * @param group       the group to run as; empty means the user's own group
 */
public record ScriptCommand(String commandLine, Optional<String> user, Optional<String> group) {
    public ScriptCommand {
        Objects.requireNonNull(commandLine, "commandLine");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(group, "group");
        if (commandLine.isBlank()) {
            throw new IllegalArgumentException("empty command line");
        }
        if (group.isPresent() && user.isEmpty()) {
            throw new IllegalArgumentException("a group needs a user");
        }
    }

    public static ScriptCommand of(String commandLine) {
        return new ScriptCommand(commandLine, Optional.empty(), Optional.empty());
    }

    /**
     * The program and its arguments, split the way keepalived splits a command line when it executes it:
     * on blanks, with single or double quotes grouping words and a backslash escaping the next character
     * ({@code \n}, {@code \t} and friends, octal and {@code \xHH} included).
     */
    public List<String> argv() {
        return split(commandLine);
    }

    /**
     * {@link #argv()} for any command line: empty for a blank one, and empty when keepalived could not split it
     * either (an unterminated quote, a trailing backslash). One implementation with the reader:
     * {@link EscapedWords#split}.
     */
    public static List<String> split(String commandLine) {
        return EscapedWords.split(commandLine).words();
    }
}
