package io.jkeepalived.config.model;

import java.util.Objects;

/**
 * A {@link VrrpScript} a VRRP instance or sync group follows ({@code track_script}).
 *
 * @param name    the vrrp_script's name; always the name of a script in {@link VrrpConfig#scripts()}
 * @param weight  effective weight, -253..253: the one given here, else the script's own. 0 means FAULT while
 *                the script fails; a positive weight is added to the priority while it succeeds, a negative
 *                one subtracted while it fails
 * @param reverse effective: swaps success and failure in the rule above
 */
public record TrackedScript(String name, int weight, boolean reverse) {
    public TrackedScript {
        Objects.requireNonNull(name, "name");
        if (weight < -253 || weight > 253) {
            throw new IllegalArgumentException("weight " + weight);
        }
    }
}
