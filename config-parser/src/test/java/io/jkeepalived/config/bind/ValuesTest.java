package io.jkeepalived.config.bind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ValuesTest {
    @Test
    void secondsKeepMicroseconds() {
        assertEquals(Duration.ofMillis(500), Values.parseSeconds("0.5").orElseThrow());
        assertEquals(Duration.ofSeconds(3), Values.parseSeconds("3").orElseThrow());
        assertEquals("0.000001", Values.formatSeconds(Values.parseSeconds("0.000001").orElseThrow()));
        assertTrue(Values.parseSeconds("1.0000001").isEmpty());
        assertTrue(Values.parseSeconds("abc").isEmpty());
    }

    @Test
    void addressesAreLiteralsOnly() {
        assertTrue(Values.parseAddress("192.168.1.200").isPresent());
        assertTrue(Values.parseAddress("fe80::1").isPresent());
        assertTrue(Values.parseAddress("localhost").isEmpty());
        assertTrue(Values.parseAddress("192.168.1.256").isEmpty());
        assertTrue(Values.parseAddress("192.168.1").isEmpty());
    }

    @Test
    void booleansAsKeepalivedSpellsThem() {
        assertEquals(Boolean.TRUE, Values.parseBoolean("on").orElseThrow());
        assertEquals(Boolean.FALSE, Values.parseBoolean("no").orElseThrow());
        assertTrue(Values.parseBoolean("maybe").isEmpty());
    }

    @Test
    void addressesAreWrittenShort() {
        assertEquals("ff02::12", Values.formatAddress(Values.parseAddress("ff02:0:0:0:0:0:0:12").orElseThrow()));
        assertEquals("2001:db8::1:0:0:1", Values.formatAddress(Values.parseAddress("2001:db8:0:0:1:0:0:1")
                .orElseThrow()), "the first of two equal runs of zeros is the one compressed");
        assertEquals("::", Values.formatAddress(Values.parseAddress("::").orElseThrow()));
        assertEquals("::1", Values.formatAddress(Values.parseAddress("::1").orElseThrow()));
        assertEquals("fe80::", Values.formatAddress(Values.parseAddress("fe80::").orElseThrow()));
        assertEquals("2001:db8:1:2:3:4:0:5", Values.formatAddress(Values.parseAddress("2001:db8:1:2:3:4:0:5")
                .orElseThrow()), "a single zero group is not compressed");
        assertEquals("192.168.1.200", Values.formatAddress(Values.parseAddress("192.168.1.200").orElseThrow()));
    }
}
