package io.jkeepalived.check;

import io.jkeepalived.check.Step.Transition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the checkers of many real servers on one thread and one clock: schedules each attempt, hands it to the
 * {@link Prober}, feeds the result to the checker's {@link CheckerPolicy}, folds the checkers of a real server into
 * its {@link RealServerHealth}, and tells the listener about every change. No I/O of its own, so a fake scheduler
 * and prober drive it exactly in tests.
 *
 * <p>Everything here must be called on the scheduler's thread.
 *
 * @param <K> the caller's key for a real server
 */
final class CheckDriver<K> {
    private static final Logger log = LoggerFactory.getLogger(CheckDriver.class);

    private final CheckScheduler scheduler;
    private final Prober prober;
    private final HealthListener<K> listener;
    private final RandomGenerator random;
    private final long bootstrapDelayNanos;
    private final ScheduleStats stats;
    private final Map<K, Server> servers = new HashMap<>();
    /** The value of each followed track_file (FILE_CHECK); a name not here is not followed. */
    private final Map<String, Long> fileValues = new HashMap<>();

    /**
     * @param bootstrapDelay before the first attempt of every checker, added to its random warmup (keepalived:
     *                       1 s after start)
     */
    CheckDriver(CheckScheduler scheduler, Prober prober, HealthListener<K> listener, RandomGenerator random,
                Duration bootstrapDelay, ScheduleStats stats) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.prober = Objects.requireNonNull(prober, "prober");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.random = Objects.requireNonNull(random, "random");
        this.bootstrapDelayNanos = bootstrapDelay.toNanos();
        this.stats = Objects.requireNonNull(stats, "stats");
    }

    /**
     * Starts checking a real server. Its health starts alive (as keepalived adds real servers before their first
     * check) unless one of its checkers has {@code alpha}; a server without checkers stays alive.
     *
     * @throws IllegalStateException when the key is already checked
     */
    RealServerHealth add(K key, int configuredWeight, List<CheckerConfig> checkers) {
        return add(key, configuredWeight, checkers, null);
    }

    /**
     * @param announced the health the caller already gave out for this server (computed off this thread from
     *                  track_file values that may have changed since); when it differs from the health here, the
     *                  listener hears the difference, so that nobody keeps a stale verdict. Null: none given out
     */
    RealServerHealth add(K key, int configuredWeight, List<CheckerConfig> checkers, RealServerHealth announced) {
        if (servers.containsKey(key)) {
            throw new IllegalStateException("real server " + key + " is already checked");
        }
        Server server = new Server(key, configuredWeight);
        for (CheckerConfig config : checkers) {
            CheckerPolicy policy = config.spec() instanceof FileCheck file
                    ? new FileCheckPolicy(file, fileValues.get(file.trackFile()))
                    : CheckerPolicy.forChecker(config, configuredWeight);
            Checker checker = new Checker(server, config, policy);
            if (policy instanceof FileCheckPolicy file) {
                checker.weightDelta = file.weightDelta();
            }
            server.checkers.add(checker);
        }
        server.health = server.compute();
        servers.put(key, server);
        if (announced != null && !announced.equals(server.health)) {
            server.health = announced;
            server.update();
        }
        for (Checker checker : server.checkers) {
            if (checker.policy instanceof FileCheckPolicy) {
                continue; // nothing to probe: its file's changes come through trackFileValue
            }
            long warmup = checker.config.timing().warmup().toNanos();
            long jitter = warmup == 0 ? 0 : (long) (random.nextDouble() * warmup);
            checker.scheduleAttempt(bootstrapDelayNanos + jitter);
        }
        return server.health;
    }

    /** Stops checking a real server; an attempt under way is abandoned and reports nothing. */
    void remove(K key) {
        Server server = servers.remove(key);
        if (server != null) {
            server.checkers.forEach(Checker::stop);
        }
    }

    /**
     * Suspends or resumes a real server's checkers ({@code ha_suspend}), as keepalived 2.2.7 disables a checker:
     * an attempt that falls due while suspended does not run and the next one is due delay_loop later; an
     * attempt already under way finishes and counts. The health (and so the table) stays as it is meanwhile.
     * Unknown keys are ignored.
     */
    void setSuspended(K key, boolean suspended) {
        Server server = servers.get(key);
        if (server != null) {
            server.suspended = suspended;
        }
    }

    /**
     * The values of the track_files followed from now on (start, reload): every FILE_CHECK takes its file's
     * value; a file no longer in {@code values} is no longer followed and its checkers go up adding nothing.
     */
    void trackFileValues(Map<String, Long> values) {
        fileValues.clear();
        fileValues.putAll(values);
        for (Server server : new ArrayList<>(servers.values())) {
            boolean any = false;
            for (Checker c : server.checkers) {
                if (c.config.spec() instanceof FileCheck file) {
                    any |= c.fileValue(values.get(file.trackFile()));
                }
            }
            if (any) {
                server.update();
            }
        }
    }

    /** A followed track_file now holds {@code value} (read by the watcher, off this thread). */
    void trackFileValue(String name, long value) {
        if (!fileValues.containsKey(name)) {
            return; // a file of a tracker a reload replaced
        }
        fileValues.put(name, value);
        for (Server server : new ArrayList<>(servers.values())) {
            boolean any = false;
            for (Checker c : server.checkers) {
                if (c.config.spec() instanceof FileCheck file && file.trackFile().equals(name)) {
                    any |= c.fileValue(value);
                }
            }
            if (any) {
                server.update();
            }
        }
    }

    Optional<RealServerHealth> health(K key) {
        return Optional.ofNullable(servers.get(key)).map(s -> s.health);
    }

    /** Each checker of a real server as it stands (empty for an unknown key), in configuration order. */
    List<CheckerStatus> status(K key) {
        Server server = servers.get(key);
        if (server == null) {
            return List.of();
        }
        long now = scheduler.nanoTime();
        List<CheckerStatus> out = new ArrayList<>(server.checkers.size());
        for (Checker c : server.checkers) {
            Optional<CheckerStatus.LastCheck> last = c.lastResult == null ? Optional.empty()
                    : Optional.of(new CheckerStatus.LastCheck(now - c.lastAt,
                            c.lastResult.kind().name().toLowerCase(java.util.Locale.ROOT), c.lastResult.detail()));
            out.add(new CheckerStatus(c.config.spec().kind(), c.target(), c.policy.isUp(), last, c.attempts,
                    c.failures, c.failuresInARow));
        }
        return out;
    }

    int size() {
        return servers.size();
    }

    void removeAll() {
        new ArrayList<>(servers.keySet()).forEach(this::remove);
    }

    private final class Server {
        final K key;
        final int configuredWeight;
        final List<Checker> checkers = new ArrayList<>();
        RealServerHealth health;
        boolean suspended;

        Server(K key, int configuredWeight) {
            this.key = key;
            this.configuredWeight = configuredWeight;
        }

        RealServerHealth compute() {
            boolean alive = true;
            long weight = configuredWeight;
            for (Checker c : checkers) {
                alive &= c.policy.isUp();
                weight += c.weightDelta;
            }
            return new RealServerHealth(alive, (int) Math.max(0, Math.min(Integer.MAX_VALUE, weight)));
        }

        void update() {
            RealServerHealth next = compute();
            if (!next.equals(health)) {
                RealServerHealth previous = health;
                health = next;
                if (previous.alive() != next.alive()) {
                    log.info("Real server {} is now {}", key, next.alive() ? "UP" : "DOWN");
                }
                if (previous.weight() != next.weight()) {
                    log.info("Real server {}: weight {} -> {}", key, previous.weight(), next.weight());
                }
                try {
                    listener.healthChanged(key, previous, next);
                } catch (RuntimeException e) {
                    log.error("Health listener failed for real server {}: {}", key, e.toString(), e);
                }
            }
        }
    }

    private final class Checker {
        final Server server;
        final CheckerConfig config;
        final CheckerPolicy policy;
        CheckScheduler.Cancellable pending;
        CheckScheduler.Cancellable inFlight;
        long dueAt;
        long startedAt;
        int weightDelta;
        int failuresInARow;
        long attempts;
        long failures;
        ProbeResult lastResult;
        long lastAt;
        boolean stopped;

        Checker(Server server, CheckerConfig config, CheckerPolicy policy) {
            this.server = server;
            this.config = config;
            this.policy = policy;
        }

        /**
         * A FILE_CHECK's file has a new value (null: not followed any more); true when the checker's verdict or
         * weight changed. Counted as an attempt, so that the status shows when the file was last read.
         */
        boolean fileValue(Long value) {
            FileCheckPolicy file = (FileCheckPolicy) policy;
            Long before = file.value();
            int statusBefore = file.status();
            Step step = file.onValue(value);
            if (value != null && !value.equals(before)) {
                attempts++;
                boolean up = file.isUp();
                if (!up) {
                    failures++;
                }
                failuresInARow = up ? 0 : failuresInARow + 1;
                lastResult = up ? ProbeResult.success("holds " + value)
                        : ProbeResult.failure("holds " + value + ": FAULT");
                lastAt = scheduler.nanoTime();
            }
            int deltaBefore = weightDelta;
            weightDelta = step.weightDelta();
            switch (step.transition()) {
                case DOWN -> log.info("FILE_CHECK on {}: value {} is FAULT", describe(), value);
                case UP -> log.info("FILE_CHECK on {}: value {} leaves FAULT", describe(), value);
                case NONE -> {
                    if (file.status() != statusBefore) {
                        log.info("FILE_CHECK on {}: value {} adds {} to the weight", describe(), value,
                                file.weightDelta());
                    }
                }
            }
            return step.transition() != Transition.NONE || deltaBefore != weightDelta;
        }

        void scheduleAttempt(long delayNanos) {
            long delay = Math.max(0, delayNanos);
            dueAt = scheduler.nanoTime() + delay;
            pending = scheduler.schedule(delay, this::attempt);
        }

        void attempt() {
            pending = null;
            if (stopped) {
                return;
            }
            if (server.suspended) {
                scheduleAttempt(config.timing().delayLoop().toNanos());
                return;
            }
            startedAt = scheduler.nanoTime();
            stats.recordDrift(startedAt - dueAt);
            int url = policy.nextUrl();
            inFlight = prober.probe(config.spec(), url, this::finished);
        }

        void finished(ProbeResult result) {
            inFlight = null;
            if (stopped) {
                return;
            }
            stats.recordResult(result.kind(), result.detail());
            attempts++;
            if (result.kind() == ProbeResult.Kind.FAILURE) {
                failures++;
            }
            lastResult = result;
            lastAt = scheduler.nanoTime();
            failuresInARow = result.kind() == ProbeResult.Kind.FAILURE ? failuresInARow + 1 : 0;
            Step step = policy.onResult(result);
            weightDelta = step.weightDelta();
            if (step.transition() != Transition.NONE || result.kind() == ProbeResult.Kind.INDETERMINATE) {
                logVerdict(step.transition(), result);
            } else if (result.kind() == ProbeResult.Kind.FAILURE && log.isDebugEnabled()) {
                log.debug("{} on {}: {}", config.spec().kind(), describe(), result.detail());
            }
            server.update();
            long delay = step.delayNanos();
            if (step.fromStart()) {
                delay = startedAt + delay - scheduler.nanoTime();
            }
            scheduleAttempt(delay);
        }

        private void logVerdict(Transition transition, ProbeResult result) {
            CheckerKind kind = config.spec().kind();
            switch (transition) {
                case UP -> log.info("{} on {} succeeded: {}", kind, describe(), result.detail());
                case DOWN -> log.info("{} on {} failed{}: {}", kind, describe(),
                        failuresInARow > 1 ? " after " + (failuresInARow - 1) + " retries" : "", result.detail());
                case NONE -> log.warn("{} on {} could not run; retrying in {} s: {}", kind, describe(),
                        config.timing().delayLoop().toSeconds(), result.detail());
            }
        }

        private String describe() {
            return target() + " (real server " + server.key + ")";
        }

        String target() {
            CheckerSpec spec = config.spec();
            if (spec instanceof TcpCheck tcp) {
                return tcp.target().toString();
            } else if (spec instanceof HttpCheck http) {
                return http.target().toString();
            } else if (spec instanceof DnsCheck dns) {
                return dns.target().toString("udp");
            } else if (spec instanceof UdpCheck udp) {
                return udp.target().toString("udp");
            } else if (spec instanceof PingCheck ping) {
                return ping.describe();
            } else if (spec instanceof SmtpCheck smtp) {
                return smtp.target().toString();
            } else if (spec instanceof FileCheck file) {
                return file.describe();
            }
            return ((MiscCheck) spec).command().toString();
        }

        void stop() {
            stopped = true;
            if (pending != null) {
                pending.cancel();
                pending = null;
            }
            if (inFlight != null) {
                inFlight.cancel();
                inFlight = null;
            }
        }
    }
}
