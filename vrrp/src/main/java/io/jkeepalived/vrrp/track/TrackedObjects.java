package io.jkeepalived.vrrp.track;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one instance tracks (its interface, track_interface, track_script, and those of its sync
 * group) and what follows for it, by keepalived 2.2.7's rules:
 *
 * <ul>
 * <li>weight 0: the instance is in FAULT while the object is down (with {@code reverse}: while up);</li>
 * <li>weight W &gt; 0: W is added while up (reverse: subtracted while up);</li>
 * <li>weight W &lt; 0: |W| is subtracted while down (reverse: added while down);</li>
 * <li>an object whose state is not known yet (a script that has not run) counts for nothing, but a
 *     weight 0 one holds the instance back from starting.</li>
 * </ul>
 *
 * The instance's effective priority is its base priority plus {@link #delta()}, clamped to 1..254 by
 * the state machine (priority 255 never changes). Pure; one event loop updates it.
 */
public final class TrackedObjects {
    /** The state of a tracked object. */
    public enum State { UNKNOWN, UP, DOWN }

    private record Entry(int weight, boolean reverse, State state) {
        int contribution() {
            int multiplier = reverse ? -1 : 1;
            return switch (state) {
                case UP -> weight > 0 ? weight * multiplier : 0;
                case DOWN -> weight < 0 ? weight * multiplier : 0;
                case UNKNOWN -> 0;
            };
        }

        boolean faulting() {
            return weight == 0 && state != State.UNKNOWN && (state == State.UP) == reverse;
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /**
     * Tracks {@code key} ("interface eth0", "script chk_nginx"). Tracking the same object twice keeps the
     * first (keepalived ignores the repetition with a warning).
     *
     * @return false when {@code key} was already tracked
     */
    public boolean track(String key, int weight, boolean reverse, State initial) {
        if (entries.containsKey(key)) {
            return false;
        }
        entries.put(key, new Entry(weight, reverse, initial));
        return true;
    }

    public boolean tracks(String key) {
        return entries.containsKey(key);
    }

    /** @return whether anything changed */
    public boolean update(String key, State state) {
        Entry e = entries.get(key);
        if (e == null || e.state() == state) {
            return false;
        }
        entries.put(key, new Entry(e.weight(), e.reverse(), state));
        return true;
    }

    public int delta() {
        int sum = 0;
        for (Entry e : entries.values()) {
            sum += e.contribution();
        }
        return sum;
    }

    public boolean fault() {
        return entries.values().stream().anyMatch(Entry::faulting);
    }

    /** The first object that puts the instance in FAULT, for the log; null when none does. */
    public String faultCause() {
        return entries.entrySet().stream().filter(e -> e.getValue().faulting()).map(Map.Entry::getKey).findFirst()
                .orElse(null);
    }

    /** One tracked object as it stands, for status reports. */
    public record Item(String key, int weight, boolean reverse, State state) {
    }

    /** Every tracked object in the order it was tracked (a copy). */
    public java.util.List<Item> items() {
        java.util.List<Item> out = new java.util.ArrayList<>(entries.size());
        entries.forEach((k, e) -> out.add(new Item(k, e.weight(), e.reverse(), e.state())));
        return out;
    }

    /** Whether a weight 0 object has no state yet: keepalived does not start the instance until it has. */
    public boolean waiting() {
        return entries.values().stream().anyMatch(e -> e.weight() == 0 && e.state() == State.UNKNOWN);
    }
}
