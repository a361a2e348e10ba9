package io.jkeepalived.vrrp;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Dropped packets per reason, for stats dumps and tests. Written by the instance's event loop,
 * readable from any thread (a stats dump runs elsewhere).
 */
public final class DropCounters {
    private static final DropReason[] REASONS = DropReason.values();
    private final AtomicLongArray counts = new AtomicLongArray(REASONS.length);

    public void record(DropReason reason) {
        counts.incrementAndGet(reason.ordinal());
    }

    public long count(DropReason reason) {
        return counts.get(reason.ordinal());
    }

    public long total() {
        long sum = 0;
        for (int i = 0; i < REASONS.length; i++) {
            sum += counts.get(i);
        }
        return sum;
    }

    /** The non-zero counts, in declaration order. */
    public Map<DropReason, Long> snapshot() {
        Map<DropReason, Long> out = new EnumMap<>(DropReason.class);
        for (DropReason r : REASONS) {
            long n = counts.get(r.ordinal());
            if (n != 0) {
                out.put(r, n);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
