package io.jkeepalived.daemon.lifecycle;

import io.jkeepalived.config.model.KeepalivedConfig;
import io.jkeepalived.daemon.ExitCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's life after the configuration was accepted: take the pid files, start the parts (VRRP,
 * later the checkers), answer signals, wait for SIGTERM or SIGINT, stop the parts in reverse order,
 * clean up. Still to plug in: a real reload on SIGHUP, sd_notify READY/STOPPING around the wait.
 */
public final class Lifecycle {
    /** Something the daemon runs between start and stop: the VRRP part, the checkers. */
    public interface Part {
        String name();

        /** Starts; an exception means the part cannot run and the daemon does not start. */
        void start() throws Exception;

        /** Stops cleanly (VRRP: priority 0 adverts, VIPs removed); must not throw. */
        void stop();

        /**
         * Takes a new configuration while running (SIGHUP), keeping what did not change as it is: a VRRP master
         * stays master with its VIPs in place, an unchanged virtual server keeps its connections. The
         * configuration has been read and judged runnable before this is called. An exception means this part
         * could not take it and keeps running what it ran before.
         */
        default void reload(KeepalivedConfig next) throws Exception {
            throw new UnsupportedOperationException(name() + " cannot take a new configuration while running");
        }
    }

    private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

    private final PidFiles pidFiles;
    private final SignalSource signals;
    private final Runnable onReload;
    private final List<Part> parts;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final AtomicReference<String> stopReason = new AtomicReference<>();

    /**
     * @param onReload what SIGHUP does; runs on the signal thread
     */
    public Lifecycle(PidFiles pidFiles, SignalSource signals, Runnable onReload) {
        this(pidFiles, signals, onReload, List.of());
    }

    /**
     * @param onStart runs once the pid files are taken, before "Running" (starts the daemon's parts)
     * @param onStop  runs when a stop was asked for, before the pid files go (stops them)
     */
    public Lifecycle(PidFiles pidFiles, SignalSource signals, Runnable onReload, Runnable onStart, Runnable onStop) {
        this(pidFiles, signals, onReload, List.of(part("the daemon's parts", onStart, onStop)));
    }

    /**
     * @param parts started in order once the pid files are written, stopped in reverse order
     */
    public Lifecycle(PidFiles pidFiles, SignalSource signals, Runnable onReload, List<Part> parts) {
        this.pidFiles = pidFiles;
        this.signals = signals;
        this.onReload = onReload;
        this.parts = List.copyOf(parts);
    }

    /** Runs until stopped; returns the process exit code. */
    public int run() {
        // Handlers before the pid file: whoever reads the pid file may signal at once, and an unhandled
        // SIGHUP would terminate the JVM.
        installHandlers();
        try {
            pidFiles.acquire();
        } catch (PidFileException e) {
            log.error("Not starting: {}", e.getMessage());
            return ExitCodes.FAILURE;
        }
        List<Part> started = new ArrayList<>();
        try {
            for (Part part : parts) {
                try {
                    part.start();
                    started.add(part);
                } catch (Exception e) {
                    log.error("Cannot start {}: {}; not starting", part.name(), e.getMessage() == null ? e.toString()
                            : e.getMessage());
                    stopAll(started);
                    return ExitCodes.FAILURE;
                }
            }
            try {
                log.info("Running; pid file(s) {}", pidFiles.files());
                awaitStop();
                log.info("Received {}, stopping", stopReason.get());
            } finally {
                stopAll(started);
            }
        } finally {
            pidFiles.release();
        }
        log.info("Stopped");
        return ExitCodes.OK;
    }

    /** Ends {@link #run()}; the first reason given is the one logged. */
    public void requestStop(String reason) {
        stopReason.compareAndSet(null, reason);
        stopRequested.countDown();
    }

    /** A part made of two actions (start must not throw to stop the daemon: it logs its own trouble). */
    public static Part part(String name, Runnable start, Runnable stop) {
        return new Part() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void start() {
                start.run();
            }

            @Override
            public void stop() {
                stop.run();
            }
        };
    }

    private static void stopAll(List<Part> started) {
        for (int i = started.size() - 1; i >= 0; i--) {
            Part part = started.get(i);
            try {
                part.stop();
            } catch (RuntimeException e) {
                log.error("Stopping {} failed", part.name(), e);
            }
        }
    }

    private void installHandlers() {
        for (String name : new String[] {"TERM", "INT"}) {
            if (!signals.handle(name, () -> requestStop("SIG" + name))) {
                log.warn("Cannot handle SIG{}; the JVM's default applies", name);
            }
        }
        if (!signals.handle("HUP", onReload)) {
            log.warn("Cannot handle SIGHUP: a reload would terminate the daemon");
        }
        // keepalived writes its data and stats files on these; answering with a log line beats dying of them.
        signals.handle("USR1", () -> log.warn("SIGUSR1 (write /tmp/keepalived.data) is not implemented yet; ignored"));
        signals.handle("USR2", () -> log.warn("SIGUSR2 (write /tmp/keepalived.stats) is not implemented yet; ignored"));
    }

    private void awaitStop() {
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            requestStop("an interrupt");
            Thread.currentThread().interrupt();
        }
    }
}
