package io.jkeepalived.daemon.lifecycle;

import io.jkeepalived.daemon.ExitCodes;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's life after the configuration was accepted: take the pid files, answer signals, wait for
 * SIGTERM or SIGINT, clean up. Later work plugs in here: starting VRRP and the checkers before waiting,
 * stopping them after, a real reload on SIGHUP, sd_notify READY/STOPPING around the wait.
 */
public final class Lifecycle {
    private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

    private final PidFiles pidFiles;
    private final SignalSource signals;
    private final Runnable onReload;
    private final Runnable onStart;
    private final Runnable onStop;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final AtomicReference<String> stopReason = new AtomicReference<>();

    /**
     * @param onReload what SIGHUP does; runs on the signal thread
     */
    public Lifecycle(PidFiles pidFiles, SignalSource signals, Runnable onReload) {
        this(pidFiles, signals, onReload, () -> { }, () -> { });
    }

    /**
     * @param onStart runs once the pid files are taken, before "Running" (starts the daemon's parts)
     * @param onStop  runs when a stop was asked for, before the pid files go (stops them)
     */
    public Lifecycle(PidFiles pidFiles, SignalSource signals, Runnable onReload, Runnable onStart, Runnable onStop) {
        this.pidFiles = pidFiles;
        this.signals = signals;
        this.onReload = onReload;
        this.onStart = onStart;
        this.onStop = onStop;
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
        try {
            onStart.run();
            try {
                log.info("Running; pid file(s) {}", pidFiles.files());
                awaitStop();
                log.info("Received {}, stopping", stopReason.get());
            } finally {
                onStop.run();
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
