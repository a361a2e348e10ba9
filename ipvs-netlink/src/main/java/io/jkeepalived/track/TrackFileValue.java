package io.jkeepalived.track;

import java.util.OptionalLong;

/**
 * The number a track_file holds and what it does to a tracking VRRP instance ({@link #status}) or FILE_CHECK
 * ({@link #checkerStatus}), by keepalived 2.2.7's rules (trackers/track_file.c, vrrp/vrrp_track.c). Pure.
 *
 * <p>keepalived reads at most the first 127 bytes and takes them as C's {@code strtol(text, NULL, 0)} would:
 * leading white space skipped, an optional sign, then decimal, {@code 0x} hexadecimal or {@code 0} octal
 * digits, up to the first character that does not fit; what follows is ignored. No digits at all (junk, an
 * empty file) reads as 0, as does a file that cannot be opened (a missing file). A number outside a 64-bit
 * long, or outside [-2^31, 2^31] (sic: 2^31 itself is let through), is logged and ignored: the previous
 * value stays.
 */
public final class TrackFileValue {
    /** keepalived reads into a 128-byte buffer, leaving room for the terminating NUL. */
    public static final int READ_LIMIT = 127;

    /** The status that means FAULT (keepalived clamps statuses to -254..253, and -254 is FAULT). */
    public static final int FAULT = -254;
    private static final int MAX_STATUS = 253;

    private TrackFileValue() {
    }

    /**
     * The value of a file's first {@code length} bytes (at most {@link #READ_LIMIT} are looked at); empty when
     * keepalived would log "Invalid number" and keep the previous value.
     */
    public static OptionalLong parse(byte[] content, int length) {
        int end = Math.min(Math.min(length, content.length), READ_LIMIT);
        // strtol stops at a NUL: the rest of the buffer is not the string.
        for (int i = 0; i < end; i++) {
            if (content[i] == 0) {
                end = i;
                break;
            }
        }
        int i = 0;
        while (i < end && isSpace(content[i])) {
            i++;
        }
        boolean negative = false;
        if (i < end && (content[i] == '+' || content[i] == '-')) {
            negative = content[i] == '-';
            i++;
        }
        int base = 10;
        if (i < end && content[i] == '0') {
            if (i + 2 < end && (content[i + 1] == 'x' || content[i + 1] == 'X') && digit(content[i + 2], 16) >= 0) {
                base = 16;
                i += 2;
            } else {
                // "0x" without a hex digit after it is the number 0 followed by junk, as glibc reads it.
                base = 8;
            }
        }
        // Accumulate the magnitude as a negative number, so that Long.MIN_VALUE itself fits.
        long acc = 0;
        boolean overflow = false;
        for (; i < end; i++) {
            int d = digit(content[i], base);
            if (d < 0) {
                break;
            }
            if (!overflow) {
                if (acc < (Long.MIN_VALUE + d) / base) {
                    overflow = true;
                } else {
                    acc = acc * base - d;
                }
            }
        }
        long value;
        if (overflow) {
            return OptionalLong.empty(); // ERANGE
        } else if (negative) {
            value = acc;
        } else {
            if (acc == Long.MIN_VALUE) {
                return OptionalLong.empty(); // ERANGE: +2^63 does not fit
            }
            value = -acc;
        }
        if (value < Integer.MIN_VALUE || value > (long) Integer.MAX_VALUE + 1) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(value);
    }

    /**
     * What the file's {@code value} does to one tracking instance: a priority change in -253..253, or
     * {@link #FAULT}. With weight 0, a non-zero value is FAULT (with {@code reverse}: a zero value) and
     * anything else changes nothing; otherwise the change is value x weight (negated with {@code reverse}),
     * clamped to -254..253, and reaching -254 is FAULT.
     */
    public static int status(long value, int weight, boolean reverse) {
        if (weight == 0) {
            return (value != 0) != reverse ? FAULT : 0;
        }
        // |value| <= 2^31 and |weight| <= 254: the product fits in a long.
        long s = value * weight * (reverse ? -1 : 1);
        return (int) Math.max(FAULT, Math.min(MAX_STATUS, s));
    }

    /** A FILE_CHECK's status that means FAULT: its real server is down (IPVS_WEIGHT_FAULT, -2^31). */
    public static final int CHECKER_FAULT = Integer.MIN_VALUE;

    /**
     * What the file's {@code value} does to a FILE_CHECK (track_file.c, update_track_file_status and
     * process_update_checker_track_file_status): with weight 0, a non-zero value is {@link #CHECKER_FAULT} (with
     * {@code reverse}: a zero value) and anything else adds 0; otherwise value x weight (negated with
     * {@code reverse}), clamped to the int range, is added to the real server's weight, and reaching -2^31 is
     * FAULT. Only there: a negative sum just brings the IPVS weight down to 0, the server stays in.
     */
    public static int checkerStatus(long value, int weight, boolean reverse) {
        if (weight == 0) {
            return (value != 0) != reverse ? CHECKER_FAULT : 0;
        }
        // |value| <= 2^31 and |weight| < 2^31: the product fits in a long.
        long s = value * weight * (reverse ? -1 : 1);
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, s));
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == 0x0b || b == '\f' || b == '\r';
    }

    private static int digit(byte b, int base) {
        int d;
        if (b >= '0' && b <= '9') {
            d = b - '0';
        } else if (b >= 'a' && b <= 'z') {
            d = b - 'a' + 10;
        } else if (b >= 'A' && b <= 'Z') {
            d = b - 'A' + 10;
        } else {
            return -1;
        }
        return d < base ? d : -1;
    }
}
