package io.jkeepalived.check;

import java.util.BitSet;
import java.util.List;

/**
 * The HTTP status codes a {@code url} accepts ({@code status_code 200 301-302 ...}), 100 to 599 as keepalived.
 * Default: 200-299.
 */
public final class StatusCodes {
    public static final int MIN = 100;
    public static final int MAX = 599;
    /** keepalived's default when a url has no {@code status_code}. */
    public static final StatusCodes DEFAULT = range(200, 299);

    private final BitSet codes;

    private StatusCodes(BitSet codes) {
        this.codes = codes;
    }

    public static StatusCodes range(int min, int max) {
        if (min < MIN || max > MAX || min > max) {
            throw new IllegalArgumentException("invalid status code range " + min + "-" + max);
        }
        BitSet b = new BitSet();
        b.set(min, max + 1);
        return new StatusCodes(b);
    }

    public static StatusCodes of(int... codes) {
        BitSet b = new BitSet();
        for (int c : codes) {
            if (c < MIN || c > MAX) {
                throw new IllegalArgumentException("invalid status code " + c);
            }
            b.set(c);
        }
        if (b.isEmpty()) {
            throw new IllegalArgumentException("no status code");
        }
        return new StatusCodes(b);
    }

    /**
     * The words after {@code status_code}: each a code or a range {@code LOW-HIGH}.
     *
     * @throws IllegalArgumentException naming the first word keepalived would reject ("Invalid HTTP_GET status
     *                                  code"; keepalived skips that word and keeps the others)
     */
    public static StatusCodes parse(List<String> words) {
        BitSet b = new BitSet();
        for (String word : words) {
            int dash = word.indexOf('-');
            try {
                int min = Integer.parseInt(dash < 0 ? word : word.substring(0, dash));
                int max = dash < 0 ? min : Integer.parseInt(word.substring(dash + 1));
                if (min < MIN || max > MAX || min > max || word.startsWith("+")) {
                    throw new NumberFormatException();
                }
                b.set(min, max + 1);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid HTTP status code '" + word + "'");
            }
        }
        if (b.isEmpty()) {
            throw new IllegalArgumentException("no status code");
        }
        return new StatusCodes(b);
    }

    public StatusCodes union(StatusCodes other) {
        BitSet b = (BitSet) codes.clone();
        b.or(other.codes);
        return new StatusCodes(b);
    }

    public boolean contains(int status) {
        return status >= MIN && status <= MAX && codes.get(status);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatusCodes s && s.codes.equals(codes);
    }

    @Override
    public int hashCode() {
        return codes.hashCode();
    }

    /** "200-299 404", the form status_code takes. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        int from = codes.nextSetBit(0);
        while (from >= 0) {
            int to = codes.nextClearBit(from) - 1;
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(from);
            if (to > from) {
                sb.append('-').append(to);
            }
            from = codes.nextSetBit(to + 1);
        }
        return sb.toString();
    }
}
