package io.jkeepalived.config.model;

import java.util.List;

/**
 * One line of {@code virtual_routes}, {@code virtual_rules}, {@code static_routes} or {@code static_rules}:
 * the words of an {@code ip route add} / {@code ip rule add} specification, carried verbatim.
 *
 * <p>jkeepalived does not program routes or rules yet; the words are kept so that a future netlink layer can
 * act on them and so the canonical writer can write them back unchanged. {@code no_track} stays among them.
 */
public record RouteSpec(List<String> words) {
    public RouteSpec {
        words = List.copyOf(words);
        if (words.isEmpty()) {
            throw new IllegalArgumentException("an empty route");
        }
    }

    /** keepalived's own option: the instance does not go to FAULT when the route is deleted behind its back. */
    public boolean noTrack() {
        return words.contains("no_track");
    }
}
