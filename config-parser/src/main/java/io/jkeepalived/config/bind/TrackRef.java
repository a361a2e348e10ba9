package io.jkeepalived.config.bind;

import io.jkeepalived.config.Diagnostics;
import io.jkeepalived.config.SourceLocation;
import io.jkeepalived.config.Statement;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One line of a {@code track_interface}, {@code track_script} or {@code track_file} block, as written:
 * {@code NAME [weight W [reverse|noreverse]]}. A script's own weight fills in what is not given once the
 * script is resolved.
 *
 * @param order the position of the enclosing top-level statement: keepalived resolves a script name when it
 *              reads the line, so only scripts defined before it count
 */
record TrackRef(String name, OptionalInt weight, Optional<Boolean> reverse, SourceLocation location, int order) {

    /**
     * Reads one line, following keepalived 2.2.7's alloc_track_if()/alloc_track_script(): an option other than
     * {@code weight}, or a weight without a value, drops the line; an out-of-range weight is an error and the
     * default weight is kept; +/-254 becomes +/-253; an unknown word after the weight is ignored.
     *
     * @param script {@code track_script} (which also takes {@code noreverse}) rather than {@code track_interface}
     */
    static Optional<TrackRef> read(Statement line, String block, boolean script, int order, Diagnostics d) {
        List<String> w = line.words();
        String name = w.get(0);
        String context = block + " " + name + ": ";
        if (w.size() == 1) {
            return Optional.of(new TrackRef(name, OptionalInt.empty(), Optional.empty(), line.location(), order));
        }
        if (!w.get(1).equals("weight")) {
            d.error(line.location(), context + "unknown option '" + w.get(1) + "', expected 'weight'; line ignored");
            return Optional.empty();
        }
        if (w.size() == 2) {
            d.error(line.location(), context + "missing the value after 'weight'; line ignored");
            return Optional.empty();
        }
        OptionalInt weight = OptionalInt.empty();
        OptionalLong parsed = Values.parseInteger(w.get(2));
        if (parsed.isEmpty() || parsed.getAsLong() < -254 || parsed.getAsLong() > 254) {
            d.error(line.location(), context + "expected a weight from -253 to 253, got '" + w.get(2) + "'; using "
                    + (script ? "the script's weight" : "0"));
            if (!script) {
                weight = OptionalInt.of(0);
            }
        } else if (Math.abs(parsed.getAsLong()) == 254) {
            int clamped = parsed.getAsLong() < 0 ? -253 : 253;
            d.warn(line.location(), context + "weight cannot be +/-254; using " + clamped);
            weight = OptionalInt.of(clamped);
        } else {
            weight = OptionalInt.of((int) parsed.getAsLong());
        }
        Optional<Boolean> reverse = Optional.empty();
        if (w.size() >= 4) {
            String option = w.get(3);
            if (option.equals("reverse")) {
                reverse = Optional.of(true);
            } else if (script && (option.equals("noreverse") || option.equals("no_reverse"))) {
                // keepalived's code reads "noreverse", its manual says "no_reverse": we take both
                reverse = Optional.of(false);
            } else {
                d.error(line.location(), context + "unknown weight option '" + option + "', expected reverse"
                        + (script ? " or noreverse" : "") + "; ignored");
            }
            if (w.size() > 4) {
                d.warn(line.location(), context + "ignoring unexpected extra words '"
                        + String.join(" ", w.subList(4, w.size())) + "'");
            }
        }
        return Optional.of(new TrackRef(name, weight, reverse, line.location(), order));
    }

    /**
     * Reads one line of a {@code track_file} block as keepalived 2.2.7's vrrp_alloc_track_file() does: an option
     * other than {@code weight}, a weight without a value or an unknown word after it drop the line; a weight
     * outside -254..254 is an error and the file's own weight is kept.
     */
    static Optional<TrackRef> readFile(Statement line, int order, Diagnostics d) {
        List<String> w = line.words();
        String name = w.get(0);
        String context = "track_file " + name + ": ";
        if (w.size() == 1) {
            return Optional.of(new TrackRef(name, OptionalInt.empty(), Optional.empty(), line.location(), order));
        }
        if (!w.get(1).equals("weight")) {
            d.error(line.location(), context + "unknown option '" + w.get(1) + "', expected 'weight'; line ignored");
            return Optional.empty();
        }
        if (w.size() == 2) {
            d.error(line.location(), context + "missing the value after 'weight'; line ignored");
            return Optional.empty();
        }
        OptionalInt weight = OptionalInt.empty();
        OptionalLong parsed = Values.parseInteger(w.get(2));
        if (parsed.isEmpty() || parsed.getAsLong() < -254 || parsed.getAsLong() > 254) {
            d.error(line.location(), context + "expected a weight from -254 to 254, got '" + w.get(2)
                    + "'; using the file's weight");
        } else {
            weight = OptionalInt.of((int) parsed.getAsLong());
        }
        Optional<Boolean> reverse = Optional.empty();
        if (w.size() >= 4) {
            switch (w.get(3)) {
                case "reverse" -> reverse = Optional.of(true);
                case "noreverse" -> reverse = Optional.of(false);
                default -> {
                    d.error(line.location(), context + "unknown weight option '" + w.get(3) + "', expected reverse"
                            + " or noreverse; line ignored");
                    return Optional.empty();
                }
            }
            if (w.size() > 4) {
                d.warn(line.location(), context + "ignoring unexpected extra words '"
                        + String.join(" ", w.subList(4, w.size())) + "'");
            }
        }
        return Optional.of(new TrackRef(name, weight, reverse, line.location(), order));
    }
}
