package io.jkeepalived.check;

import io.jkeepalived.exec.RunAs;
import io.jkeepalived.exec.ScriptCommand;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * MISC_CHECK: runs a script; exit status 0 is success, anything else failure. With {@code misc_dynamic}, exit
 * 1 is failure and 2-255 is success that also sets the real server's weight to {@code status - 2} (more exactly:
 * adds {@code status - 2 - configured weight} to it, as keepalived, which is the same with one such checker).
 *
 * @param command the {@code misc_path}, split (see {@link ScriptCommand})
 * @param timeout {@code misc_timeout}; keepalived's default is the virtual server's delay_loop
 * @param dynamic {@code misc_dynamic}
 * @param runAs   {@code user}: empty runs as the daemon (the daemon applies keepalived's script_user default)
 */
public record MiscCheck(ScriptCommand command, Duration timeout, boolean dynamic, Optional<RunAs> runAs)
        implements CheckerSpec {
    public MiscCheck {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(runAs, "runAs");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("misc_timeout must be positive");
        }
    }

    @Override
    public CheckerKind kind() {
        return CheckerKind.MISC_CHECK;
    }
}
