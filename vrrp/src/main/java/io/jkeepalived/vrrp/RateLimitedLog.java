package io.jkeepalived.vrrp;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which "dropped and counted" lines reach the log, so that a flood of bad packets costs a
 * line per reason per window, not a line per packet (keepalived 2.4 logs each reason once until the
 * next state change; we log again after a window, with the number suppressed in between). Pure:
 * the caller passes the time.
 *
 * @param <K> the kind of event, e.g. {@link DropReason}
 */
public final class RateLimitedLog<K> {
    private final long windowNanos;
    private final Map<K, Slot> slots = new HashMap<>();

    private static final class Slot {
        long lastLoggedNanos;
        long suppressed;
    }

    public RateLimitedLog(Duration window) {
        if (window.isNegative()) {
            throw new IllegalArgumentException("window must not be negative");
        }
        this.windowNanos = window.toNanos();
    }

    /**
     * @return the line to log now ({@code message}, plus how many were suppressed since the last
     *         line of this kind), or empty when a line of this kind was logged less than a window ago
     */
    public Optional<String> admit(K kind, long nowNanos, String message) {
        Slot slot = slots.get(kind);
        if (slot == null) {
            slot = new Slot();
            slot.lastLoggedNanos = nowNanos;
            slots.put(kind, slot);
            return Optional.of(message);
        }
        if (nowNanos - slot.lastLoggedNanos < windowNanos) {
            slot.suppressed++;
            return Optional.empty();
        }
        long suppressed = slot.suppressed;
        slot.suppressed = 0;
        slot.lastLoggedNanos = nowNanos;
        return Optional.of(suppressed == 0 ? message
                : message + " (" + suppressed + " more like it not logged since the last such line)");
    }

    /** Forget history, so the next event of every kind is logged (e.g. after a state change). */
    public void reset() {
        slots.clear();
    }
}
