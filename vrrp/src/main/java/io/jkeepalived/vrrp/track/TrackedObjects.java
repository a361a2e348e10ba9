package io.jkeepalived.vrrp.track;

import io.jkeepalived.track.TrackFileValue;

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
 *     weight 0 one holds the instance back from starting;</li>
 * <li>a track_file is not up or down but holds a number: see {@link TrackFileValue#status} for what the
 *     number does (its value is always known: a missing file reads as 0).</li>
 * </ul>
 *
 * The instance's effective priority is its base priority plus {@link #delta()}, clamped to 1..254 by
 * the state machine (priority 255 never changes). Pure; one event loop updates it.
 */
public final class TrackedObjects {
    /** The state of a tracked object. */
    public enum State { UNKNOWN, UP, DOWN }

    /** {@code file}: a track_file entry, whose {@code value} counts and whose {@code state} does not. */
    private record Entry(int weight, boolean reverse, State state, boolean file, long value) {
        int contribution() {
            if (file) {
                int status = TrackFileValue.status(value, weight, reverse);
                // keepalived takes a file's share out of the priority while the file puts the instance in FAULT.
                return status == TrackFileValue.FAULT ? 0 : status;
            }
            int multiplier = reverse ? -1 : 1;
            return switch (state) {
                case UP -> weight > 0 ? weight * multiplier : 0;
                case DOWN -> weight < 0 ? weight * multiplier : 0;
                case UNKNOWN -> 0;
            };
        }

        boolean faulting() {
            if (file) {
                return TrackFileValue.status(value, weight, reverse) == TrackFileValue.FAULT;
            }
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
        entries.put(key, new Entry(weight, reverse, initial, false, 0));
        return true;
    }

    /**
     * Tracks a track_file ({@code key} "file NAME") holding {@code value}. Tracking it twice keeps the first.
     *
     * @return false when {@code key} was already tracked
     */
    public boolean trackFile(String key, int weight, boolean reverse, long value) {
        if (entries.containsKey(key)) {
            return false;
        }
        entries.put(key, new Entry(weight, reverse, State.UP, true, value));
        return true;
    }

    /** A track_file now holds {@code value}. @return whether anything changed */
    public boolean updateFile(String key, long value) {
        Entry e = entries.get(key);
        if (e == null || !e.file() || e.value() == value) {
            return false;
        }
        entries.put(key, new Entry(e.weight(), e.reverse(), e.state(), true, value));
        return true;
    }

    public boolean tracks(String key) {
        return entries.containsKey(key);
    }

    /** @return whether anything changed */
    public boolean update(String key, State state) {
        Entry e = entries.get(key);
        if (e == null || e.file() || e.state() == state) {
            return false;
        }
        entries.put(key, new Entry(e.weight(), e.reverse(), state, false, 0));
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

    /**
     * One tracked object as it stands, for status reports.
     *
     * @param value a track_file's number (then {@code state} means nothing); empty for other objects
     */
    public record Item(String key, int weight, boolean reverse, State state, java.util.OptionalLong value) {
    }

    /** Every tracked object in the order it was tracked (a copy). */
    public java.util.List<Item> items() {
        java.util.List<Item> out = new java.util.ArrayList<>(entries.size());
        entries.forEach((k, e) -> out.add(new Item(k, e.weight(), e.reverse(), e.state(),
                e.file() ? java.util.OptionalLong.of(e.value()) : java.util.OptionalLong.empty())));
        return out;
    }

    /** Whether a weight 0 object has no state yet: keepalived does not start the instance until it has. */
    public boolean waiting() {
        return entries.values().stream().anyMatch(e -> !e.file() && e.weight() == 0 && e.state() == State.UNKNOWN);
    }
}
