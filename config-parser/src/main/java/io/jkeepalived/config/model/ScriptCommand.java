package io.jkeepalived.config.model;

import java.util.ArrayList;
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

    /** {@link #argv()} for any command line; empty for a blank one. */
    public static List<String> split(String commandLine) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        String s = commandLine;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote == 0 && (c == ' ' || c == '\t')) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                continue;
            }
            if (word == null) {
                word = new StringBuilder();
            }
            if (c == '\\' && i + 1 < s.length()) {
                i = unescape(s, i + 1, word);
            } else if (quote != 0 && c == quote) {
                quote = 0;
            } else if (quote == 0 && (c == '"' || c == '\'')) {
                quote = c;
            } else {
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return List.copyOf(words);
    }

    /** Appends the character escaped at {@code at}; returns the index of the last character consumed. */
    private static int unescape(String s, int at, StringBuilder out) {
        char c = s.charAt(at);
        switch (c) {
            case 'a': out.append('\u0007'); return at;
            case 'b': out.append('\b'); return at;
            case 'E': out.append('\u001b'); return at;
            case 'f': out.append('\f'); return at;
            case 'n': out.append('\n'); return at;
            case 'r': out.append('\r'); return at;
            case 't': out.append('\t'); return at;
            case 'v': out.append('\u000b'); return at;
            default:
                break;
        }
        if (c == 'x' && at + 1 < s.length() && Character.digit(s.charAt(at + 1), 16) >= 0) {
            int end = at + 1;
            int value = 0;
            while (end < s.length() && end < at + 3 && Character.digit(s.charAt(end), 16) >= 0) {
                value = value * 16 + Character.digit(s.charAt(end), 16);
                end++;
            }
            out.append((char) value);
            return end - 1;
        }
        if (c >= '0' && c <= '7') {
            int end = at;
            int value = 0;
            while (end < s.length() && end < at + 3 && s.charAt(end) >= '0' && s.charAt(end) <= '7') {
                value = value * 8 + (s.charAt(end) - '0');
                end++;
            }
            out.append((char) value);
            return end - 1;
        }
        out.append(c);
        return at;
    }
}
