package io.jkeepalived.config.bind;

import io.jkeepalived.config.model.ScriptCommand;
import java.math.BigDecimal;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/** Conversions of single configuration words, shared by every binder. Pure functions, no reporting. */
public final class Values {
    // The word grammars below are scanned by hand rather than with java.util.regex: they run for nearly every
    // word of a large configuration, and in a fresh JVM (daemon start, -t) regex matching and its compilation
    // were a large share of the parse time. ValuesGrammarTest checks them against these regular expressions:
    //   integer  [+-]?[0-9]{1,18}
    //   seconds  [+-]?([0-9]{1,12})(\.[0-9]{0,6})?|[+-]?\.[0-9]{1,6}
    //   IPv4     (25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}
    //   IPv6     [0-9A-Fa-f:.]{2,45} (then InetAddress decides)

    private Values() {
    }

    /** An optional sign and 1 to 18 ASCII digits (so the value always fits a long). */
    public static OptionalLong parseInteger(String word) {
        int n = word.length();
        int i = n > 0 && (word.charAt(0) == '+' || word.charAt(0) == '-') ? 1 : 0;
        int digits = n - i;
        if (digits < 1 || digits > 18) {
            return OptionalLong.empty();
        }
        long value = 0;
        for (; i < n; i++) {
            int d = word.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return OptionalLong.empty();
            }
            value = value * 10 + d;
        }
        return OptionalLong.of(word.charAt(0) == '-' ? -value : value);
    }

    /** Seconds with up to six decimals, as keepalived reads timers (it keeps microseconds). */
    public static Optional<Duration> parseSeconds(String word) {
        int n = word.length();
        int i = n > 0 && (word.charAt(0) == '+' || word.charAt(0) == '-') ? 1 : 0;
        boolean negative = i == 1 && word.charAt(0) == '-';
        long whole = 0;
        int wholeDigits = 0;
        while (i < n && isDigit(word.charAt(i))) {
            whole = whole * 10 + (word.charAt(i++) - '0');
            wholeDigits++;
        }
        long fraction = 0;
        int fractionDigits = 0;
        boolean point = i < n && word.charAt(i) == '.';
        if (point) {
            i++;
            while (i < n && isDigit(word.charAt(i))) {
                fraction = fraction * 10 + (word.charAt(i++) - '0');
                fractionDigits++;
            }
        }
        // "3", "3.", "3.5" (1-12 whole digits) or ".5" (no whole digits, at least one decimal); at most 6 decimals.
        boolean shape = wholeDigits > 0 ? wholeDigits <= 12 : point && fractionDigits > 0;
        if (i != n || !shape || fractionDigits > 6) {
            return Optional.empty();
        }
        for (int k = fractionDigits; k < 6; k++) {
            fraction *= 10;
        }
        if (fraction == 0 && !negative && whole < WHOLE_SECONDS.length) {
            return Optional.of(WHOLE_SECONDS[(int) whole]);
        }
        long micros = whole * 1_000_000 + fraction;
        return Optional.of(Duration.ofNanos((negative ? -micros : micros) * 1000));
    }

    /**
     * The shared Duration of a whole number of seconds: a large configuration repeats the same few timers on
     * every real server and checker, and each Duration kept by the model costs 24 bytes.
     */
    static Duration seconds(long seconds) {
        return seconds >= 0 && seconds < WHOLE_SECONDS.length ? WHOLE_SECONDS[(int) seconds] : Duration.ofSeconds(seconds);
    }

    private static final Duration[] WHOLE_SECONDS = new Duration[301];

    static {
        for (int i = 0; i < WHOLE_SECONDS.length; i++) {
            WHOLE_SECONDS[i] = Duration.ofSeconds(i);
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    public static double toSeconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    /** Seconds as an operator writes them: {@code 3}, {@code 0.5}, never {@code 3.0}. */
    public static String formatSeconds(Duration d) {
        return BigDecimal.valueOf(d.toNanos()).movePointLeft(9).stripTrailingZeros().toPlainString();
    }

    public static String formatSeconds(double seconds) {
        return BigDecimal.valueOf(seconds).stripTrailingZeros().toPlainString();
    }

    public static Optional<Boolean> parseBoolean(String word) {
        switch (word.toLowerCase(Locale.ROOT)) {
            case "on": case "true": case "yes":
                return Optional.of(Boolean.TRUE);
            case "off": case "false": case "no":
                return Optional.of(Boolean.FALSE);
            default:
                return Optional.empty();
        }
    }

    /** A literal IPv4 or IPv6 address; never a host name, so no DNS look-up can happen here. */
    public static Optional<InetAddress> parseAddress(String word) {
        byte[] v4 = dottedQuad(word);
        if (v4 == null && (word.indexOf(':') < 0 || !ipv6Characters(word))) {
            return Optional.empty();
        }
        try {
            // The same Inet4Address getByName makes of a dotted quad, without parsing the text again.
            return Optional.of(v4 != null ? InetAddress.getByAddress(v4) : InetAddress.getByName(word));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** The four bytes of a dotted quad written without leading zeros (0 to 255 each), or null. */
    private static byte[] dottedQuad(String word) {
        int n = word.length();
        if (n < 7 || n > 15) {
            return null;
        }
        byte[] bytes = new byte[4];
        int i = 0;
        for (int part = 0; part < 4; part++) {
            if (part > 0) {
                if (i >= n || word.charAt(i) != '.') {
                    return null;
                }
                i++;
            }
            int start = i;
            int value = 0;
            while (i < n && i - start < 3 && isDigit(word.charAt(i))) {
                value = value * 10 + (word.charAt(i++) - '0');
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && word.charAt(start) == '0')) {
                return null;
            }
            bytes[part] = (byte) value;
        }
        return i == n ? bytes : null;
    }

    private static boolean ipv6Characters(String word) {
        int n = word.length();
        if (n < 2 || n > 45) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = word.charAt(i);
            if (!(isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    /**
     * An address as an operator writes it: dotted quad, or IPv6 in the RFC 5952 short form (lower case, the
     * longest run of two or more zero groups as {@code ::}), never with a scope or a host name.
     */
    public static String formatAddress(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (b[2 * i] & 0xFF) << 8 | b[2 * i + 1] & 0xFF;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    /**
     * Splits a script's command line into words as keepalived does before running it (its
     * alloc_strvec_quoted_escaped()): blanks separate words, single or double quotes group, a backslash escapes
     * the next character ({@code \n}, {@code \t}, octal and {@code \xHH} included). Empty for a blank line.
     * One implementation for both sides: {@link ScriptCommand#split}.
     */
    public static List<String> splitCommand(String line) {
        return ScriptCommand.split(line);
    }
}
