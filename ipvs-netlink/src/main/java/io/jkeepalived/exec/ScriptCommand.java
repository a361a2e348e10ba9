package io.jkeepalived.exec;

import java.util.List;

/**
 * A command line to run: the program and its arguments, already split into words.
 *
 * <p>keepalived does not hand a script string to a shell: it splits the string itself (quotes and backslash
 * escapes) and execs the first word directly. That split is the configuration model's
 * ({@code io.jkeepalived.config.model.ScriptCommand#argv()}); this record takes its result, so there is one
 * splitter in the project.
 */
public record ScriptCommand(List<String> args) {
    public ScriptCommand {
        args = List.copyOf(args);
        if (args.isEmpty() || args.get(0).isEmpty()) {
            throw new IllegalArgumentException("a script needs a program to run");
        }
    }

    public static ScriptCommand of(String... args) {
        return new ScriptCommand(List.of(args));
    }

    /** The program: an absolute path, a relative path, or a bare name looked up in PATH. */
    public String program() {
        return args.get(0);
    }

    /**
     * The command as one {@code /bin/sh} line, every word single-quoted (a quote inside a word becomes
     * {@code '\''}). Used for the two cases where keepalived goes through the shell: a first word starting with
     * {@code <} or {@code >} (a redirection-only test such as {@code </dev/tcp/host/port}, left unquoted), and a
     * program that is neither a binary nor a {@code #!} script.
     */
    public String shellLine() {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            String word = args.get(i);
            if (i > 0) {
                line.append(' ');
            }
            if (i == 0 && isRedirection()) {
                line.append(word);
            } else {
                line.append('\'').append(word.replace("'", "'\\''")).append('\'');
            }
        }
        return line.toString();
    }

    /** Whether the first word is a shell redirection ({@code <...} or {@code >...}) rather than a program. */
    public boolean isRedirection() {
        char first = program().charAt(0);
        return first == '<' || first == '>';
    }

    /** The command as logs show it: each word quoted, as keepalived prints a script. */
    @Override
    public String toString() {
        StringBuilder line = new StringBuilder();
        for (String word : args) {
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append('\'').append(word).append('\'');
        }
        return line.toString();
    }
}
