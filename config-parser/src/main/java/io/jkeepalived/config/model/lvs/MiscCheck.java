package io.jkeepalived.config.model.lvs;

import io.jkeepalived.config.model.ScriptCommand;
import java.time.Duration;
import java.util.Objects;

/**
 * {@code MISC_CHECK}: runs a program; exit 0 is up. With {@code misc_dynamic}, exit codes 2-255 also mean up
 * and set the weight to code - 2.
 *
 * @param script  {@code misc_path} and {@code user}
 * @param timeout {@code misc_timeout}; when not set keepalived uses the virtual server's delay_loop
 */
public record MiscCheck(CheckerSettings settings, ScriptCommand script, Duration timeout, boolean dynamic)
        implements Checker.Scheduled {
    public MiscCheck {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public String keyword() {
        return "MISC_CHECK";
    }
}
