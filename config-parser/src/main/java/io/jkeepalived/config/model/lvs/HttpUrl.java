package io.jkeepalived.config.model.lvs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One {@code url} of an HTTP_GET/SSL_GET checker.
 *
 * @param digest      the expected MD5 of the body, 32 lower-case hex digits
 * @param statusCodes accepted status codes as sorted, merged, non-adjacent ranges; 200-299 unless set
 * @param virtualhost this URL's own Host name (otherwise the checker's applies)
 */
public record HttpUrl(String path, Optional<String> digest, List<StatusRange> statusCodes,
                      Optional<String> virtualhost, Optional<Regex> regex) {
    public static final List<StatusRange> DEFAULT_STATUS_CODES = List.of(new StatusRange(200, 299));

    public HttpUrl {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(digest, "digest");
        statusCodes = normalize(statusCodes);
        if (statusCodes.isEmpty()) {
            throw new IllegalArgumentException("a url accepts some status code");
        }
        Objects.requireNonNull(virtualhost, "virtualhost");
        Objects.requireNonNull(regex, "regex");
    }

    public boolean accepts(int statusCode) {
        return statusCodes.stream().anyMatch(r -> r.first() <= statusCode && statusCode <= r.last());
    }

    /** Sorts and merges overlapping or adjacent ranges, so that equal sets of codes compare equal. */
    public static List<StatusRange> normalize(List<StatusRange> ranges) {
        if (ranges.size() == 1) {
            // Already sorted and merged; most urls have one status_code, and this runs for each of them.
            return List.copyOf(ranges);
        }
        List<StatusRange> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingInt(StatusRange::first));
        List<StatusRange> merged = new ArrayList<>();
        for (StatusRange r : sorted) {
            StatusRange last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && r.first() <= last.last() + 1) {
                merged.set(merged.size() - 1, new StatusRange(last.first(), Math.max(last.last(), r.last())));
            } else {
                merged.add(r);
            }
        }
        return List.copyOf(merged);
    }

    /** {@code status_code} range, 100 to 599; a single code is a range of one. */
    public record StatusRange(int first, int last) {
        public StatusRange {
            if (first < 100 || last > 599 || first > last) {
                throw new IllegalArgumentException("status codes " + first + "-" + last);
            }
        }
    }

    /**
     * {@code regex} with its options: the body must (or, with {@code noMatch}, must not) match.
     *
     * @param options   PCRE2 option names as keepalived spells them, in the order first written, no repeats
     * @param maxOffset {@code regex_max_offset}: the last position a match may start at
     */
    public record Regex(String pattern, boolean noMatch, List<String> options, long minOffset, OptionalLong maxOffset) {
        public Regex {
            Objects.requireNonNull(pattern, "pattern");
            options = List.copyOf(options);
            Objects.requireNonNull(maxOffset, "maxOffset");
        }
    }
}
