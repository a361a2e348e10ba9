package io.jkeepalived.config.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.jkeepalived.config.Diagnostic;
import io.jkeepalived.config.Severity;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Assertions on what a bind reported. */
public final class Expect {
    private Expect() {
    }

    /**
     * Exactly one diagnostic of {@code severity} at test.conf:{@code line} whose message contains every one of
     * {@code fragments}; returns it.
     */
    public static Diagnostic reported(TestConf.Bound b, Severity severity, int line, String... fragments) {
        List<Diagnostic> matching = b.diagnostics().stream()
                .filter(d -> d.severity() == severity && d.location().equals(TestConf.at(line)))
                .filter(d -> List.of(fragments).stream().allMatch(f -> d.message().contains(f)))
                .toList();
        if (matching.size() != 1) {
            fail("expected one " + severity + " at line " + line + " containing " + List.of(fragments)
                    + ", got " + matching.size() + ". All diagnostics:\n" + b.report());
        }
        return matching.get(0);
    }

    /** Nothing at all was reported. */
    public static void clean(TestConf.Bound b) {
        assertEquals("", b.report(), "expected no diagnostics");
    }

    /** No ERROR or FATAL was reported. */
    public static void noErrors(TestConf.Bound b) {
        assertEquals(List.of(), b.diagnostics().stream().filter(d -> d.severity() != Severity.WARNING)
                .map(Diagnostic::toString).toList());
    }

    /** How many diagnostics were reported in all. */
    public static void count(TestConf.Bound b, int expected) {
        assertEquals(expected, b.diagnostics().size(), b.report());
    }

    public static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
