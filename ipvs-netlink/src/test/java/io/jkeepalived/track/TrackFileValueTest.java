package io.jkeepalived.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * What keepalived 2.2.7 reads from a track_file (strtol(buf, NULL, 0) on the first 127 bytes, then its range
 * check) and what the value does to an instance (process_update_vrrp_track_file_status and
 * initialise_vrrp_file_tracking_priorities). The expected numbers of the parse table are glibc's strtol's,
 * taken from this machine's libc (python3 ctypes) when the table was written.
 */
class TrackFileValueTest {

    private static OptionalLong parse(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return TrackFileValue.parse(b, b.length);
    }

    private static void reads(String content, long expected) {
        assertEquals(OptionalLong.of(expected), parse(content), () -> "'" + content + "'");
    }

    @Test
    void readsAsStrtolWithBaseZero() {
        reads("42", 42);
        reads("42\n", 42);
        reads("  -7\n", -7);
        reads("\t\u000b\f\r 3", 3);
        reads("+5", 5);
        reads("0x1f", 31);
        reads("0X1F", 31);
        reads("-0x10", -16);
        reads("010", 8);       // a leading 0 is octal
        reads("08", 0);        // ...so 8 is junk after the 0
        reads("0x", 0);
        reads("0xg", 0);
        reads("00x5", 0);
        reads("12abc", 12);
        reads("1e3", 1);
        reads("3.9", 3);
        reads("5\n7\n", 5);    // only the first number counts
    }

    @Test
    void noDigitsReadsAsZero() {
        reads("", 0);
        reads("abc", 0);
        reads("- 5", 0);
        reads("\n", 0);
        reads("-", 0);
    }

    @Test
    void onlyTheFirst127BytesAreRead() {
        String digitsAt127 = " ".repeat(126) + "7";
        reads(digitsAt127, 7);
        reads(" ".repeat(127) + "7", 0);
        reads("1" + "\0" + "23", 1);
    }

    @Test
    void outOfRangeIsIgnored() {
        // keepalived accepts [INT32_MIN, INT32_MAX + 1] and logs "Invalid number ... - ignoring" for the rest.
        reads("2147483648", 2147483648L);
        reads("-2147483648", -2147483648L);
        assertTrue(parse("2147483649").isEmpty());
        assertTrue(parse("-2147483649").isEmpty());
        assertTrue(parse("9223372036854775808").isEmpty());  // ERANGE
        assertTrue(parse("-9223372036854775809").isEmpty());
        assertTrue(parse("99999999999999999999999").isEmpty());
    }

    @Test
    void weightedValueMovesThePriorityWithinMinus253To253() {
        assertEquals(30, TrackFileValue.status(3, 10, false));
        assertEquals(-30, TrackFileValue.status(3, 10, true));
        assertEquals(-20, TrackFileValue.status(-2, 10, false));
        assertEquals(20, TrackFileValue.status(-2, 10, true));
        assertEquals(-30, TrackFileValue.status(3, -10, false));
        assertEquals(0, TrackFileValue.status(0, 10, false));
        assertEquals(253, TrackFileValue.status(1000, 1, false));   // clamped
        assertEquals(-253, TrackFileValue.status(-253, 1, false));  // still not FAULT
    }

    @Test
    void minus254OrLessIsFault() {
        assertEquals(TrackFileValue.FAULT, TrackFileValue.status(-254, 1, false));
        assertEquals(TrackFileValue.FAULT, TrackFileValue.status(-26, 10, false));
        assertEquals(TrackFileValue.FAULT, TrackFileValue.status(26, 10, true));
        assertEquals(TrackFileValue.FAULT, TrackFileValue.status(Integer.MIN_VALUE, 254, false));
        assertEquals(253, TrackFileValue.status(2147483648L, 254, false));
    }

    @Test
    void weightZeroIsFaultOnNonZeroOrWithReverseOnZero() {
        assertEquals(0, TrackFileValue.status(0, 0, false));
        assertEquals(TrackFileValue.FAULT, TrackFileValue.status(1, 0, false));
        assertEquals(TrackFileValue.FAULT, TrackFileValue.status(-5, 0, false));
        assertEquals(TrackFileValue.FAULT, TrackFileValue.status(0, 0, true));
        assertEquals(0, TrackFileValue.status(7, 0, true));
    }

    @Test
    void forAFileCheckTheProductIsAddedOverTheWholeIntRangeAndOnlyMinusTwoToThe31IsFault() {
        assertEquals(30, TrackFileValue.checkerStatus(3, 10, false));
        assertEquals(-30, TrackFileValue.checkerStatus(3, 10, true));
        assertEquals(1000, TrackFileValue.checkerStatus(1000, 1, false), "no -254..253 clamp as for VRRP");
        assertEquals(-254, TrackFileValue.checkerStatus(-254, 1, false), "-254 is not FAULT for a checker");
        assertEquals(Integer.MAX_VALUE, TrackFileValue.checkerStatus(2147483648L, 1, false), "clamped to int");
        assertEquals(Integer.MAX_VALUE, TrackFileValue.checkerStatus(-2, -Integer.MAX_VALUE, false));
        assertEquals(-Integer.MAX_VALUE, TrackFileValue.checkerStatus(-Integer.MAX_VALUE, 1, false));
        assertEquals(TrackFileValue.CHECKER_FAULT, TrackFileValue.checkerStatus(Integer.MIN_VALUE, 1, false));
        assertEquals(TrackFileValue.CHECKER_FAULT, TrackFileValue.checkerStatus(-2, Integer.MAX_VALUE, false));
        assertEquals(TrackFileValue.CHECKER_FAULT, TrackFileValue.checkerStatus(2147483648L, 1, true));
        assertEquals(TrackFileValue.CHECKER_FAULT,
                TrackFileValue.checkerStatus(2147483648L, Integer.MAX_VALUE, true));
    }

    @Test
    void forAFileCheckWeightZeroIsFaultOnNonZeroOrWithReverseOnZero() {
        assertEquals(0, TrackFileValue.checkerStatus(0, 0, false));
        assertEquals(TrackFileValue.CHECKER_FAULT, TrackFileValue.checkerStatus(3, 0, false));
        assertEquals(TrackFileValue.CHECKER_FAULT, TrackFileValue.checkerStatus(0, 0, true));
        assertEquals(0, TrackFileValue.checkerStatus(-3, 0, true));
    }
}
