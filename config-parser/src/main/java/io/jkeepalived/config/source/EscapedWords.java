package io.jkeepalived.config.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits text into words the way keepalived splits script command lines: {@code "..."} and {@code '...'} quote
 * (the quotes are removed, text glued to them joins the same word), and a backslash escapes the next character
 * ({@code \a \b \E \f \n \r \t \v}, {@code \nnn} octal, {@code \xHH...} hex, {@code \cC} control, {@code \C} for any
 * other character C).
 *
 * <p>keepalived uses this twice for scripts ({@code script}, {@code notify*}, {@code misc_path}, ...): once on the
 * whole line, which {@link StatementReader} already did for those keywords, so the statement's second word is the
 * command text; and once on that command text to get the program and its arguments. Binders call {@link #split}
 * for the second step.
 */
public final class EscapedWords {
    private EscapedWords() {
    }

    /**
     * The words, or the reason there are none.
     *
     * @param words   the words; empty when {@code problem} is present
     * @param problem why the text could not be split (an unterminated quote, a trailing backslash)
     */
    public record Result(List<String> words, Optional<String> problem) {
        public Result {
            words = List.copyOf(words);
        }

        public boolean ok() {
            return problem.isEmpty();
        }
    }

    /**
     * Whether keepalived re-reads lines of {@code keyword} with quotes and escapes (script, notify*, misc_path,
     * ...): for those the statement's words come from {@link #split}, and text written for them must use
     * {@link #quote}.
     */
    public static boolean isScriptKeyword(String keyword) {
        return Words.SCRIPT_KEYWORDS.contains(keyword);
    }

    /**
     * The text that {@link #split} (and so keepalived's reader) turns back into exactly {@code word}, as one word:
     * the word itself when it is plain, otherwise in double quotes with '\' doubled and '"', '$' and control
     * characters written in octal (a '\"' would end a quoted span for keepalived's brace and comment scanning,
     * and '$' could be taken for a definition before the escapes are read).
     */
    public static String quote(String word) {
        boolean plain = !word.isEmpty();
        for (int i = 0; i < word.length() && plain; i++) {
            char c = word.charAt(i);
            plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "_-./:,+=%@^".indexOf(c) >= 0 || c > 127;
        }
        if (plain) {
            return word;
        }
        StringBuilder out = new StringBuilder(word.length() + 8).append('"');
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (c == '"' || c == '$' || c < ' ' || c == 127) {
                out.append('\\').append((char) ('0' + ((c >> 6) & 7))).append((char) ('0' + ((c >> 3) & 7)))
                        .append((char) ('0' + (c & 7)));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** Splits {@code text}; never throws. */
    public static Result split(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        int n = text.length();
        int i = 0;
        while (true) {
            while (i < n && Words.isSpace(text.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            word.setLength(0);
            char quote = 0;
            while (i < n) {
                char c = text.charAt(i);
                if (c == '\\') {
                    i++;
                    if (i >= n) {
                        return failure("missing character after '\\' at the end of '" + text + "'");
                    }
                    i = unescape(text, i, word);
                    continue;
                }
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    } else {
                        word.append(c);
                    }
                    i++;
                    continue;
                }
                if (c == '"' || c == '\'') {
                    quote = c;
                    i++;
                    continue;
                }
                if (Words.isSpace(c)) {
                    break;
                }
                word.append(c);
                i++;
            }
            if (quote != 0) {
                return failure("missing terminating " + quote + " in '" + text + "'");
            }
            words.add(word.toString());
        }
        return new Result(words, Optional.empty());
    }

    private static Result failure(String problem) {
        return new Result(List.of(), Optional.of(problem));
    }

    /** Decodes the escape whose first character (after the backslash) is at {@code i}; returns the next index. */
    private static int unescape(String text, int i, StringBuilder out) {
        int n = text.length();
        char c = text.charAt(i);
        if (c == 'x' && i + 1 < n && hexValue(text.charAt(i + 1)) >= 0) {
            // keepalived 2.2.7 takes every hex digit that follows and keeps the low byte.
            int value = 0;
            i++;
            while (i < n && hexValue(text.charAt(i)) >= 0) {
                value = ((value << 4) | hexValue(text.charAt(i))) & 0xff;
                i++;
            }
            out.append((char) value);
            return i;
        }
        if (c == 'c' && i + 1 < n) {
            out.append((char) (text.charAt(i + 1) & 0x1f));
            return i + 2;
        }
        if (c >= '0' && c <= '7') {
            int value = c - '0';
            i++;
            for (int k = 0; k < 2 && i < n && text.charAt(i) >= '0' && text.charAt(i) <= '7'; k++, i++) {
                value = (value << 3) + (text.charAt(i) - '0');
            }
            out.append((char) (value & 0xff));
            return i;
        }
        out.append(switch (c) {
            case 'a' -> (char) 7;
            case 'b' -> '\b';
            case 'E' -> (char) 0x1b;
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'v' -> (char) 0x0b;
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
}
