package io.jkeepalived.config.dump;

import io.jkeepalived.config.bind.Values;
import io.jkeepalived.config.model.ScriptCommand;
import io.jkeepalived.config.source.EscapedWords;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Builds keepalived.conf text in the canonical layout: one statement per line, blocks opened with
 * {@code " {"} at the end of the line and closed by {@code "}"} on a line of its own, 4 spaces per level.
 */
public final class ConfText {
    private static final String INDENT = "    ";
    /** Characters that end or change a bare word in keepalived's reader: blanks, quotes, braces, comments, macros. */
    private static final Pattern NEEDS_QUOTES = Pattern.compile("[\\s\"{}#!$;\\\\]|^[@~]|^$");

    private final StringBuilder out;
    private int depth;

    public ConfText(StringBuilder out) {
        this.out = out;
    }

    /** One statement: the words, quoted where needed. */
    public ConfText line(String... words) {
        return line(List.of(words));
    }

    public ConfText line(List<String> words) {
        out.append(INDENT.repeat(depth));
        // keepalived reads script lines with quotes and escapes, so their words are written for that reading.
        boolean script = !words.isEmpty() && EscapedWords.isScriptKeyword(words.get(0));
        for (int i = 0; i < words.size(); i++) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(script && i > 0 ? EscapedWords.quote(words.get(i)) : quote(words.get(i)));
        }
        out.append('\n');
        return this;
    }

    /** Opens a block: {@code words {}. */
    public ConfText open(String... words) {
        List<String> all = new ArrayList<>(List.of(words));
        out.append(INDENT.repeat(depth));
        for (int i = 0; i < all.size(); i++) {
            out.append(quote(all.get(i))).append(' ');
        }
        out.append("{\n");
        depth++;
        return this;
    }

    public ConfText close() {
        depth--;
        out.append(INDENT.repeat(depth)).append("}\n");
        return this;
    }

    public ConfText blankLine() {
        out.append('\n');
        return this;
    }

    /**
     * A word as keepalived reads it back: bare when it can be, otherwise in double quotes. keepalived has no
     * escape for a double quote, so a word containing one cannot be written (no parsed word contains one).
     */
    public static String quote(String word) {
        if (!NEEDS_QUOTES.matcher(word).find()) {
            return word;
        }
        // inside quotes keepalived still reads a backslash before the closing quote as an escape
        if (word.indexOf('"') >= 0 || word.indexOf('\n') >= 0 || word.endsWith("\\")) {
            throw new IllegalArgumentException("cannot be written as one keepalived.conf word: " + word);
        }
        return '"' + word + '"';
    }

    public static String address(InetAddress address) {
        return Values.formatAddress(address);
    }

    public static String seconds(Duration d) {
        return Values.formatSeconds(d);
    }

    /** Whole seconds, for keywords keepalived reads as integers. */
    public static String wholeSeconds(Duration d) {
        if (d.getNano() != 0) {
            throw new IllegalArgumentException("not a whole number of seconds: " + d);
        }
        return Long.toString(d.getSeconds());
    }

    public static String bool(boolean b) {
        return b ? "true" : "false";
    }

    /** A script as {@code KEYWORD CMDLINE [USER [GROUP]]}. */
    public static List<String> script(String keyword, ScriptCommand script) {
        List<String> words = new ArrayList<>();
        words.add(keyword);
        words.add(script.commandLine());
        script.user().ifPresent(words::add);
        script.group().ifPresent(words::add);
        return words;
    }
}
