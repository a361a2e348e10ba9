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
import java.util.regex.Pattern;

/** Conversions of single configuration words, shared by every binder. Pure functions, no reporting. */
public final class Values {
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]{1,12})(\\.[0-9]{0,6})?|[+-]?\\.[0-9]{1,6}");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
            + "(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private Values() {
    }

    public static OptionalLong parseInteger(String word) {
        if (!INTEGER.matcher(word).matches()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(word));
    }

    /** Seconds with up to six decimals, as keepalived reads timers (it keeps microseconds). */
    public static Optional<Duration> parseSeconds(String word) {
        if (!DECIMAL.matcher(word).matches()) {
            return Optional.empty();
        }
        BigDecimal micros = new BigDecimal(word).movePointRight(6);
        return Optional.of(Duration.ofNanos(micros.longValueExact() * 1000));
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
        boolean v4 = IPV4.matcher(word).matches();
        boolean v6 = !v4 && word.indexOf(':') >= 0 && IPV6.matcher(word).matches();
        if (!v4 && !v6) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(word));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
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
