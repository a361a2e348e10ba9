package io.jkeepalived.config.model;

import java.time.Duration;
import java.util.Objects;

/**
 * A check script VRRP instances and sync groups can track ({@code vrrp_script NAME { ... }}). Scripts nothing
 * tracks are kept apart ({@link VrrpConfig#untrackedScripts()}) and never run, as keepalived removes them.
 *
 * @param name          the script's name
 * @param command       {@code script} (and {@code user USER [GROUP]}, kept in the command)
 * @param interval      {@code interval}, whole seconds, default 1 s
 * @param timeout       {@code timeout}, whole seconds; keepalived's default, applied here, is the interval
 * @param weight        {@code weight}, -253..253, default 0 (see {@link TrackedScript#weight()})
 * @param weightReverse {@code weight N reverse}
 * @param rise          {@code rise}: successes needed to count as up, default 1
 * @param fall          {@code fall}: failures needed to count as down, default 1
 * @param initFail      {@code init_fail}: start in the failed state
 */
public record VrrpScript(String name, ScriptCommand command, Duration interval, Duration timeout, int weight,
                         boolean weightReverse, int rise, int fall, boolean initFail) {
    public VrrpScript {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        if (weight < -253 || weight > 253) {
            throw new IllegalArgumentException("weight " + weight);
        }
        if (rise < 1 || fall < 1) {
            throw new IllegalArgumentException("rise and fall must be at least 1");
        }
    }
}
