package io.jkeepalived.config.bind;

import io.jkeepalived.config.Diagnostics;
import io.jkeepalived.config.SourceLocation;
import io.jkeepalived.config.Statement;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Typed access to a statement's arguments. Every failed conversion is reported once, with the statement's
 * file and line, the keyword, and what was expected; the caller gets an empty result and keeps its default.
 */
public final class Args {
    private final Statement statement;
    private final Diagnostics diagnostics;

    public Args(Statement statement, Diagnostics diagnostics) {
        this.statement = statement;
        this.diagnostics = diagnostics;
    }

    public Statement statement() {
        return statement;
    }

    public String keyword() {
        return statement.keyword();
    }

    public SourceLocation location() {
        return statement.location();
    }

    public int count() {
        // Not args().size(): that makes a sub-list, and count() is asked for every argument read.
        return statement.words().size() - 1;
    }

    public List<String> all() {
        return statement.args();
    }

    /** The argument at {@code index}, or an error "missing VALUE" when the line is too short. */
    public Optional<String> word(int index, String what) {
        if (index < count()) {
            return Optional.of(statement.words().get(index + 1));
        }
        error("missing " + what);
        return Optional.empty();
    }

    /**
     * The argument at {@code index}, or null when the line is too short (not reported). For the typed readers
     * below, so that the text of a "missing" error is only built when it is reported.
     */
    private String wordOrNull(int index) {
        List<String> words = statement.words();
        return index + 1 < words.size() ? words.get(index + 1) : null;
    }

    /** A whole number within [min, max]. */
    public OptionalLong integer(int index, long min, long max) {
        String w = wordOrNull(index);
        if (w == null) {
            error("missing a number from " + min + " to " + max);
            return OptionalLong.empty();
        }
        OptionalLong value = Values.parseInteger(w);
        if (value.isEmpty() || value.getAsLong() < min || value.getAsLong() > max) {
            error("expected a number from " + min + " to " + max + ", got '" + w + "'");
            return OptionalLong.empty();
        }
        return value;
    }

    /** A time in seconds, decimals allowed (keepalived keeps microseconds), within [min, max] seconds. */
    public Optional<Duration> seconds(int index, double min, double max) {
        Optional<String> w = word(index, "a time in seconds");
        if (w.isEmpty()) {
            return Optional.empty();
        }
        Optional<Duration> value = Values.parseSeconds(w.get());
        if (value.isEmpty() || Values.toSeconds(value.get()) < min || Values.toSeconds(value.get()) > max) {
            error("expected a time in seconds from " + Values.formatSeconds(min) + " to "
                    + Values.formatSeconds(max) + ", got '" + w.get() + "'");
            return Optional.empty();
        }
        return value;
    }

    /**
     * A whole number of seconds within [min, max] seconds, for the timers keepalived reads as integers
     * ({@code garp_master_delay}, {@code interval}, ...).
     */
    public Optional<Duration> wholeSeconds(int index, long min, long max) {
        String w = wordOrNull(index);
        if (w == null) {
            error("missing a whole number of seconds from " + min + " to " + max);
            return Optional.empty();
        }
        OptionalLong value = Values.parseInteger(w);
        if (value.isEmpty() || value.getAsLong() < min || value.getAsLong() > max) {
            error("expected a whole number of seconds from " + min + " to " + max + ", got '" + w + "'");
            return Optional.empty();
        }
        return Optional.of(Values.seconds(value.getAsLong()));
    }

    /**
     * For keywords keepalived treats as bare switches that take no value: any word after them is reported,
     * because keepalived ignores it and turns the option on even when it says {@code off}.
     */
    public void noValue() {
        if (count() > 0) {
            diagnostics.warn(location(), keyword() + ": takes no value; '" + String.join(" ", statement.args())
                    + "' is ignored and the option is on, as keepalived does");
        }
    }

    /**
     * keepalived's optional boolean: a bare keyword means true; otherwise on/off, true/false, yes/no.
     */
    public Optional<Boolean> flag(int index) {
        if (index >= count()) {
            return Optional.of(Boolean.TRUE);
        }
        Optional<Boolean> value = Values.parseBoolean(statement.args().get(index));
        if (value.isEmpty()) {
            error("expected on/off, true/false or yes/no, got '" + statement.args().get(index) + "'");
        }
        return value;
    }

    public Optional<InetAddress> address(int index) {
        Optional<String> w = word(index, "an IP address");
        if (w.isEmpty()) {
            return Optional.empty();
        }
        Optional<InetAddress> value = Values.parseAddress(w.get());
        if (value.isEmpty()) {
            error("expected an IPv4 or IPv6 address, got '" + w.get() + "'");
        }
        return value;
    }

    /** One of a fixed set of words, matched case-insensitively; returned in the spelling of {@code choices}. */
    public Optional<String> oneOf(int index, List<String> choices) {
        String w = wordOrNull(index);
        if (w == null) {
            error("missing one of " + String.join(", ", choices));
            return Optional.empty();
        }
        for (String choice : choices) {
            if (choice.equalsIgnoreCase(w)) {
                return Optional.of(choice);
            }
        }
        error("expected one of " + String.join(", ", choices) + ", got '" + w + "'");
        return Optional.empty();
    }

    /** Warns about words beyond the ones the keyword takes; they are ignored, as keepalived ignores them. */
    public void atMost(int expected) {
        if (count() > expected) {
            diagnostics.warn(location(), keyword() + ": ignoring unexpected extra words '"
                    + String.join(" ", statement.args().subList(expected, count())) + "'");
        }
    }

    /** A TCP/UDP port, 1 to 65535. */
    public OptionalInt port(int index) {
        OptionalLong value = integer(index, 1, 65535);
        return value.isPresent() ? OptionalInt.of((int) value.getAsLong()) : OptionalInt.empty();
    }

    /** A time in seconds, decimals allowed, at least {@code min} seconds and with no practical upper bound. */
    public Optional<Duration> secondsAtLeast(int index, double min) {
        Optional<String> w = word(index, "a time in seconds");
        if (w.isEmpty()) {
            return Optional.empty();
        }
        Optional<Duration> value = Values.parseSeconds(w.get());
        if (value.isEmpty() || Values.toSeconds(value.get()) < min) {
            error("expected a time in seconds" + (min > 0 ? " greater than 0" : "") + ", got '" + w.get() + "'");
            return Optional.empty();
        }
        return value;
    }

    /** Warns that the statement's block is not read: the keyword takes none. */
    public void noBlock() {
        if (statement.hasBlock()) {
            diagnostics.warn(location(), keyword() + " takes no block; its block is skipped");
            diagnostics.blockSkipped(statement);
        }
    }

    public void error(String message) {
        diagnostics.error(location(), keyword() + ": " + message);
    }

    public void warn(String message) {
        diagnostics.warn(location(), keyword() + ": " + message);
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
