package io.jkeepalived.config.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Splitting one segment of a line (no unquoted braces left in it) into the words of a statement. */
final class Words {
    private Words() {
    }

    /**
     * Keywords whose handlers in keepalived 2.2.7 re-read their line with quote and escape processing (notify
     * scripts, vrrp_script's script, MISC_CHECK's misc_path, HTTP_GET's regex, the fifo scripts, startup and
     * shutdown scripts). For these the statement's words follow {@link EscapedWords}.
     */
    static final Set<String> SCRIPT_KEYWORDS = Set.of(
            "script", "misc_path", "regex",
            "notify", "notify_master", "notify_backup", "notify_fault", "notify_stop", "notify_deleted",
            "notify_master_rx_lower_pri", "notify_up", "notify_down", "quorum_up", "quorum_down",
            "startup_script", "shutdown_script",
            "notify_fifo_script", "vrrp_notify_fifo_script", "lvs_notify_fifo_script");

    /** keepalived's white space for words: space, tab, form feed, newline, carriage return, vertical tab. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\f' || c == '\n' || c == '\r' || c == 0x0b;
    }

    /** Space or tab: what keepalived strips around lines, definitions and loop parameters. */
    static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    /** The outcome of splitting: the words and, when a quote was left open, that fact (the words before it are kept). */
    record Split(List<String> words, boolean unmatchedQuote) {
    }

    /**
     * keepalived's general word splitting: white space separates words; a word starting with {@code "} runs to
     * the next {@code "} (quotes removed, nothing escaped); a {@code "} inside a word ends that word and starts a
     * quoted one; single quotes and backslashes are ordinary characters.
     */
    static Split plain(String text) {
        List<String> words = new ArrayList<>();
        boolean unmatchedQuote = plain(text, 0, text.length(), words);
        return new Split(words, unmatchedQuote);
    }

    /**
     * {@link #plain(String)} of {@code text[from, to)}, adding the words to {@code words}, without copying the
     * segment first; true when a quote was left open.
     */
    static boolean plain(String text, int from, int to, List<String> words) {
        int i = from;
        while (true) {
            char c = 0;
            while (i < to && isSpace(c = text.charAt(i))) {
                i++;
            }
            if (i >= to) {
                return false;
            }
            if (c == '"') {
                int close = indexOf(text, '"', i + 1, to);
                if (close < 0) {
                    return true;
                }
                words.add(text.substring(i + 1, close));
                i = close + 1;
            } else {
                int start = i;
                while (i < to && (c = text.charAt(i)) != '"' && !isSpace(c)) {
                    i++;
                }
                words.add(text.substring(start, i));
            }
        }
    }

    /** The first {@code c} in {@code text[from, to)}, or -1; never looks past {@code to}. */
    static int indexOf(String text, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }
}
