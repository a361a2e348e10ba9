package io.jkeepalived.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DropCountersAndLogTest {
    private static final long S = 1_000_000_000L;

    @Test
    void countsPerReason() {
        DropCounters c = new DropCounters();
        c.record(DropReason.CHECKSUM_INVALID);
        c.record(DropReason.CHECKSUM_INVALID);
        c.record(DropReason.TTL_INVALID);
        assertEquals(2, c.count(DropReason.CHECKSUM_INVALID));
        assertEquals(0, c.count(DropReason.AUTH_FAILURE));
        assertEquals(3, c.total());
        assertEquals(Map.of(DropReason.TTL_INVALID, 1L, DropReason.CHECKSUM_INVALID, 2L), c.snapshot());
    }

    @Test
    void oneLinePerReasonPerWindowThenTheSuppressedCount() {
        RateLimitedLog<DropReason> log = new RateLimitedLog<>(Duration.ofSeconds(60));
        assertEquals(Optional.of("a"), log.admit(DropReason.CHECKSUM_INVALID, 0, "a"));
        assertEquals(Optional.of("b"), log.admit(DropReason.TTL_INVALID, 1 * S, "b"), "other reasons are separate");
        for (int i = 1; i <= 500; i++) {
            assertEquals(Optional.empty(), log.admit(DropReason.CHECKSUM_INVALID, i * 100_000_000L, "a"));
        }
        assertEquals(Optional.empty(), log.admit(DropReason.CHECKSUM_INVALID, 60 * S - 1, "a"));
        assertEquals(Optional.of("a (501 more like it not logged since the last such line)"),
                log.admit(DropReason.CHECKSUM_INVALID, 60 * S, "a"));
        assertEquals(Optional.of("a"), log.admit(DropReason.CHECKSUM_INVALID, 121 * S, "a"));
        log.reset();
        assertEquals(Optional.of("a"), log.admit(DropReason.CHECKSUM_INVALID, 122 * S, "a"));
    }
}
