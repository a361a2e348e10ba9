package io.jkeepalived.config.bind;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Values scans integers, seconds and addresses by hand (for speed in a fresh JVM); these grammars were first
 * written as regular expressions. The expressions stay here as the specification, and every word below, chosen
 * near the edges and at random, must get the same answer from both.
 */
class ValuesGrammarTest {
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]{1,12})(\\.[0-9]{0,6})?|[+-]?\\.[0-9]{1,6}");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
            + "(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private static OptionalLong integerByRegex(String word) {
        return INTEGER.matcher(word).matches() ? OptionalLong.of(Long.parseLong(word)) : OptionalLong.empty();
    }

    private static Optional<Duration> secondsByRegex(String word) {
        if (!DECIMAL.matcher(word).matches()) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(new BigDecimal(word).movePointRight(6).longValueExact() * 1000));
    }

    private static Optional<InetAddress> addressByRegex(String word) {
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

    private static final List<String> EDGES = List.of("", "+", "-", ".", "+.", "-.", "0", "-0", "+0", "00", "007",
            "1.", ".5", "+.5", "-.5", "1.5.", "1..5", "1e3", " 1", "1 ", "١٢", "123456789012345678",
            "1234567890123456789", "-123456789012345678", "999999999999", "999999999999.999999",
            "1000000000000", "0.0000001", "0.000001", "4294.967295", "3.", "3.0", "03", "+-1",
            "0.0.0.0", "255.255.255.255", "256.1.1.1", "1.2.3", "1.2.3.4.", ".1.2.3.4", "1.2.3.4.5", "01.2.3.4",
            "1.02.3.4", "1.2.3.04", "10.0.0.1", "249.250.251.199", "1.2.3.1234", "1.2..3", "1.2.3.-4",
            "::", "::1", "fe80::1", "2001:db8::1:0:0:1", "::ffff:10.0.0.1", "::ffff:1.2.3", "1:2:3:4:5:6:7:8:9",
            "FE80::A", ":::", "1::2::3", "fe80::1%eth0", "g::1", "12345::1", "1:2:3:4:5:6:1.2.3.4", "localhost");

    private static List<String> words() {
        List<String> words = new ArrayList<>(EDGES);
        SplittableRandom random = new SplittableRandom(20261121);
        String[] alphabets = {"0123456789", "0123456789.+-", "0125.", "0123456789abcdefABCDEF:.", "019:.x"};
        for (int i = 0; i < 40_000; i++) {
            String alphabet = alphabets[i % alphabets.length];
            int length = random.nextInt(1, 24);
            StringBuilder word = new StringBuilder();
            for (int k = 0; k < length; k++) {
                word.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            words.add(word.toString());
        }
        for (int i = 0; i < 5_000; i++) {
            // Dotted quads around the octet boundaries, some with leading zeros.
            StringBuilder quad = new StringBuilder();
            for (int part = 0; part < 4; part++) {
                int value = random.nextInt(0, 300);
                quad.append(part > 0 ? "." : "").append(random.nextInt(10) == 0 ? "0" : "").append(value);
            }
            words.add(quad.toString());
        }
        return words;
    }

    @Test
    void integersFollowTheirGrammar() {
        for (String word : words()) {
            assertEquals(integerByRegex(word), Values.parseInteger(word), word);
        }
    }

    @Test
    void secondsFollowTheirGrammar() {
        for (String word : words()) {
            assertEquals(secondsByRegex(word), Values.parseSeconds(word), word);
        }
    }

    @Test
    void addressesFollowTheirGrammar() {
        for (String word : words()) {
            Optional<InetAddress> expected = addressByRegex(word);
            Optional<InetAddress> actual = Values.parseAddress(word);
            assertEquals(expected, actual, word);
            assertEquals(expected.map(Object::getClass), actual.map(Object::getClass), word);
        }
    }
}
