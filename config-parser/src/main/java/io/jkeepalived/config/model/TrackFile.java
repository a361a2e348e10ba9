package io.jkeepalived.config.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A file whose content VRRP instances and sync groups can track ({@code track_file NAME { ... }}, or the
 * deprecated {@code vrrp_track_file}). The file holds a number; a tracking instance's priority moves by
 * number x weight, and with weight 0 a non-zero number puts the instance in FAULT.
 *
 * @param name          the track_file's name
 * @param path          {@code file}: the file's path
 * @param weight        {@code weight}, -254..254, default 1 (see {@link TrackedFile#weight()})
 * @param weightReverse {@code weight N reverse}
 * @param init          {@code init_file [VALUE] [overwrite]}: create the file at start; empty when not given
 */
public record TrackFile(String name, String path, int weight, boolean weightReverse, Optional<Init> init) {
    public TrackFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(init, "init");
        if (weight < -254 || weight > 254) {
            throw new IllegalArgumentException("weight " + weight);
        }
    }

    /**
     * {@code init_file}: write {@code value} to the file at start when it does not exist, or always when
     * {@code overwrite}.
     */
    public record Init(int value, boolean overwrite) {
    }
}
