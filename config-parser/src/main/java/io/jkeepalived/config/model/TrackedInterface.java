package io.jkeepalived.config.model;

import java.util.Objects;

/**
 * An interface whose link state a VRRP instance or sync group follows ({@code track_interface}).
 *
 * @param name    the interface name
 * @param weight  -253..253; 0 means the instance goes to FAULT while the interface is down; a positive weight
 *                is added to the priority while it is up, a negative one subtracted while it is down
 * @param reverse swaps up and down in the rule above
 */
public record TrackedInterface(String name, int weight, boolean reverse) {
    public TrackedInterface {
        Objects.requireNonNull(name, "name");
        if (weight < -253 || weight > 253) {
            throw new IllegalArgumentException("weight " + weight);
        }
    }
}
