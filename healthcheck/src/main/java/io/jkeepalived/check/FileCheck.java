package io.jkeepalived.check;

import java.util.Objects;

/**
 * FILE_CHECK: the real server follows the number in a track_file. Nothing is probed: the file is read when it
 * changes (inotify, see {@link HealthChecker#followTrackFiles}) and its value decides at once, by
 * {@link io.jkeepalived.track.TrackFileValue#checkerStatus}: FAULT takes the real server down, anything else is
 * added to its weight.
 *
 * @param trackFile the track_file's name (the key its values arrive under)
 * @param path      its {@code file}, as configured (for status reports)
 * @param weight    FILE_CHECK's {@code weight}, else the track_file's (default 1)
 * @param reverse   the {@code reverse} that goes with that weight
 */
public record FileCheck(String trackFile, String path, int weight, boolean reverse) implements CheckerSpec {
    public FileCheck {
        Objects.requireNonNull(trackFile, "trackFile");
        Objects.requireNonNull(path, "path");
    }

    @Override
    public CheckerKind kind() {
        return CheckerKind.FILE_CHECK;
    }

    /** "track_file NAME (PATH) weight W [reverse]": what the status and log lines name. */
    public String describe() {
        return "track_file " + trackFile + " (" + path + ") weight " + weight + (reverse ? " reverse" : "");
    }
}
