package io.jkeepalived.daemon.status;

import io.jkeepalived.daemon.check.CheckerService.VirtualServerStatus;
import io.jkeepalived.vrrp.runtime.VrrpSnapshot;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@code jkeepalived status} and the SIGUSR1/SIGUSR2 dumps show, gathered at {@link #at}: read-only
 * values. Ages inside the parts' snapshots are relative to their own clocks; {@link #nanoAt} is the monotonic
 * time that goes with {@link #at}, to turn them into instants.
 *
 * @param vrrp     the VRRP part: its snapshot, or why there is none
 * @param checkers the checker part: each virtual server, or why there is none
 * @param errors   what could not be gathered (a part that did not answer in time), for the reader
 */
public record StatusReport(Instant at, long nanoAt, Daemon daemon, Part<VrrpSnapshot> vrrp,
                           Part<List<VirtualServerStatus>> checkers, List<String> errors) {
    public StatusReport {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(daemon, "daemon");
        errors = List.copyOf(errors);
    }

    /**
     * @param startedAt  when this process started the daemon
     * @param lastReload the last SIGHUP's outcome, empty when none came
     */
    public record Daemon(String version, long pid, Path configFile, String configId, Instant startedAt,
                         Optional<Path> controlSocket, Optional<Reload> lastReload) {
    }

    /** @param result "ok", "partial" (some part kept the previous configuration), "refused" or "failed" */
    public record Reload(Instant at, String result, String message) {
    }

    /** How a part of the daemon stands. */
    public enum PartState {
        /** Runs and answered. */
        RUNNING,
        /** Runs with nothing to do (no vrrp_instance, no virtual_server, or no IPVS). */
        IDLE,
        /** Not run by this daemon ({@code -C} leaves VRRP out, {@code -P} the checkers). */
        DISABLED,
        /** Did not answer in time; see {@link StatusReport#errors()}. */
        UNAVAILABLE
    }

    public record Part<T>(PartState state, Optional<T> snapshot) {
        public static <T> Part<T> of(PartState state) {
            return new Part<>(state, Optional.empty());
        }

        public static <T> Part<T> running(T snapshot) {
            return new Part<>(PartState.RUNNING, Optional.of(snapshot));
        }
    }
}
