package io.jkeepalived.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A command line to run: the program and its arguments, already split into words.
 *
 * <p>keepalived does not hand a script string to a shell. It splits the string itself, honouring single and
 * double quotes and backslash escapes, and execs the first word directly (no {@code /bin/sh}, no globbing, no
 * variables). {@link #parse(String)} is one such split. Checked with keepalived 2.2.7: for
 * {@code script "/x.sh q1 'b c' d\ e \"f g\" h\x41"} the script receives {@code q1}, {@code b c}, {@code d},
 * {@code e}, {@code f g}, {@code hA}: the configuration reader splits the line once (so the outer quotes and the
 * escapes go), then the script keyword splits its first argument again. Words after the first argument are
 * dropped ({@code script /x.sh u1 u2} runs {@code /x.sh} with no arguments); see {@link #fromConfigArguments}.
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
     * keepalived's reading of a {@code script}/{@code misc_path}/{@code notify*} keyword: only the first argument
     * (as the configuration reader delivered it, quotes removed) counts, split again with {@link #parse}.
     *
     * @throws IllegalArgumentException when there is no argument, or the argument cannot be split
     */
    public static ScriptCommand fromConfigArguments(List<String> argumentsAfterKeyword) {
        if (argumentsAfterKeyword.isEmpty()) {
            throw new IllegalArgumentException("no script given");
        }
        return parse(argumentsAfterKeyword.get(0));
    }

    /**
     * Splits a script string the way keepalived does: words are separated by blanks (space, tab, form feed,
     * newline, carriage return, vertical tab) outside quotes; {@code '...'} and {@code "..."} group (the quotes
     * are removed, and a word may mix quoted and unquoted parts); a backslash escapes the next character inside
     * and outside quotes, with the C escapes {@code \a \b \E \f \n \r \t \v}, {@code \xHH}, {@code \cX} (control
     * character) and up to three octal digits.
     *
     * @throws IllegalArgumentException on an unterminated quote, a trailing backslash, or no word at all
     */
    public static ScriptCommand parse(String script) {
        Objects.requireNonNull(script, "script");
        List<String> words = new ArrayList<>();
        int i = 0;
        int n = script.length();
        while (true) {
            while (i < n && isBlank(script.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            StringBuilder word = new StringBuilder();
            char quote = 0;
            while (i < n) {
                char c = script.charAt(i);
                if (c == '\\') {
                    i = escape(script, i + 1, word);
                } else if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    } else {
                        word.append(c);
                    }
                    i++;
                } else if (c == '\'' || c == '"') {
                    quote = c;
                    i++;
                } else if (isBlank(c)) {
                    break;
                } else {
                    word.append(c);
                    i++;
                }
            }
            if (quote != 0) {
                throw new IllegalArgumentException("missing terminating " + quote + " in script '" + script + "'");
            }
            words.add(word.toString());
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException("empty script");
        }
        return new ScriptCommand(words);
    }

    /** Appends the character escaped at {@code i} (just after the backslash); returns the index after it. */
    private static int escape(String s, int i, StringBuilder out) {
        int n = s.length();
        if (i >= n) {
            throw new IllegalArgumentException("missing escaped character at the end of script '" + s + "'");
        }
        char c = s.charAt(i);
        if (c == 'x' && i + 1 < n && hexValue(s.charAt(i + 1)) >= 0) {
            // keepalived folds every following hex digit into one byte; the last two count.
            int value = 0;
            i++;
            while (i < n && hexValue(s.charAt(i)) >= 0) {
                value = ((value << 4) | hexValue(s.charAt(i))) & 0xff;
                i++;
            }
            out.append((char) value);
            return i;
        }
        if (c == 'c' && i + 1 < n) {
            out.append((char) (s.charAt(i + 1) & 0x1f));
            return i + 2;
        }
        if (c >= '0' && c <= '7') {
            int value = c - '0';
            i++;
            for (int k = 0; k < 2 && i < n && s.charAt(i) >= '0' && s.charAt(i) <= '7'; k++) {
                value = (value << 3) + (s.charAt(i) - '0');
                i++;
            }
            out.append((char) (value & 0xff));
            return i;
        }
        out.append(switch (c) {
            case 'a' -> '\u0007';
            case 'b' -> '\b';
            case 'E' -> '\u001b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'v' -> '\u000b';
            default -> c;
        });
        return i + 1;
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\f' || c == '\n' || c == '\r' || c == '\u000b';
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
