package io.jkeepalived.daemon.status;

import io.jkeepalived.daemon.check.CheckerService.VirtualServerStatus;
import io.jkeepalived.vrrp.runtime.VrrpSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Gathers a {@link StatusReport} from the daemon's parts. Runs on the caller's thread (the control socket's, the
 * signal dump's); every part copies its own state on its own thread and is waited for at most
 * {@link #PART_TIMEOUT}, so a stuck part costs a report its section, never a hang.
 */
public final class StatusService {
    /** How long one part may take to answer. */
    public static final Duration PART_TIMEOUT = Duration.ofSeconds(2);

    private final Supplier<StatusReport.Daemon> daemon;
    private final Optional<StatusSources.Vrrp> vrrp;
    private final Optional<StatusSources.Checkers> checkers;
    private final Clock clock;
    private final Duration timeout;

    /**
     * @param daemon   the daemon's own facts, asked afresh each time (the last reload changes)
     * @param vrrp     empty when this daemon does not run VRRP ({@code -C})
     * @param checkers empty when it does not run the checkers ({@code -P})
     */
    public StatusService(Supplier<StatusReport.Daemon> daemon, Optional<StatusSources.Vrrp> vrrp,
                         Optional<StatusSources.Checkers> checkers, Clock clock, Duration timeout) {
        this.daemon = daemon;
        this.vrrp = vrrp;
        this.checkers = checkers;
        this.clock = clock;
        this.timeout = timeout;
    }

    public StatusReport report() {
        List<String> errors = new ArrayList<>();
        StatusReport.Part<VrrpSnapshot> v = StatusReport.Part.of(StatusReport.PartState.DISABLED);
        if (vrrp.isPresent()) {
            try {
                v = vrrp.get().vrrpSnapshot(timeout).map(StatusReport.Part::running)
                        .orElse(StatusReport.Part.of(StatusReport.PartState.IDLE));
            } catch (TimeoutException e) {
                errors.add("vrrp: the VRRP event loop did not answer within " + timeout.toMillis() + " ms");
                v = StatusReport.Part.of(StatusReport.PartState.UNAVAILABLE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                errors.add("vrrp: interrupted");
                v = StatusReport.Part.of(StatusReport.PartState.UNAVAILABLE);
            } catch (RuntimeException e) {
                errors.add("vrrp: " + e.getMessage());
                v = StatusReport.Part.of(StatusReport.PartState.UNAVAILABLE);
            }
        }
        StatusReport.Part<List<VirtualServerStatus>> c = StatusReport.Part.of(StatusReport.PartState.DISABLED);
        if (checkers.isPresent()) {
            try {
                c = checkers.get().checkerStatus(timeout).map(StatusReport.Part::running)
                        .orElse(StatusReport.Part.of(StatusReport.PartState.IDLE));
            } catch (TimeoutException e) {
                errors.add("checkers: the checkers' event loop did not answer within " + timeout.toMillis() + " ms");
                c = StatusReport.Part.of(StatusReport.PartState.UNAVAILABLE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                errors.add("checkers: interrupted");
                c = StatusReport.Part.of(StatusReport.PartState.UNAVAILABLE);
            } catch (RuntimeException e) {
                errors.add("checkers: " + e.getMessage());
                c = StatusReport.Part.of(StatusReport.PartState.UNAVAILABLE);
            }
        }
        return new StatusReport(clock.instant(), System.nanoTime(), daemon.get(), v, c, errors);
    }
}
