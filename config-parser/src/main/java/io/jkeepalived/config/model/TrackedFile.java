package io.jkeepalived.config.model;

import java.util.Objects;

/**
 * A {@link TrackFile} a VRRP instance or sync group follows ({@code track_file}).
 *
 * @param name    the track_file's name; always the name of a file in {@link VrrpConfig#trackFiles()}
 * @param weight  effective weight, -254..254: the one given here, else the file's own. 0 means FAULT while the
 *                file holds a non-zero number; otherwise the priority moves by number x weight
 * @param reverse effective: the number's sign is reversed
 */
public record TrackedFile(String name, int weight, boolean reverse) {
    public TrackedFile {
        Objects.requireNonNull(name, "name");
        if (weight < -254 || weight > 254) {
            throw new IllegalArgumentException("weight " + weight);
        }
    }
}
