package io.jkeepalived.daemon.lifecycle;

import io.jkeepalived.config.model.KeepalivedConfig;
import io.jkeepalived.daemon.ExitCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's life after the configuration was accepted: take the pid files, start the parts (the checkers,
 * VRRP), tell systemd READY=1, answer signals (SIGHUP: reload, one at a time on a thread of its own), wait for
 * SIGTERM or SIGINT, tell systemd STOPPING=1, stop the parts in reverse order, clean up.
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

    /** Reads the configuration again for a reload (SIGHUP). */
    @FunctionalInterface
    public interface ConfigReader {
        /**
         * The new configuration, read and judged as at start; empty when it cannot be used (unreadable,
         * unparsable, a FATAL problem): the reason is logged and the running configuration is kept.
         */
        Optional<KeepalivedConfig> reread();
    }

    private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

    private final PidFiles pidFiles;
    private final SignalSource signals;
    private final Notifier notifier;
    private final ConfigReader reader;
    private final List<Part> parts;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final AtomicReference<String> stopReason = new AtomicReference<>();
    /** A reload is queued and has not begun: further SIGHUPs join it. */
    private final AtomicBoolean reloadQueued = new AtomicBoolean();
    /** Reloads run here, one at a time: off the signal thread, which must stay free for SIGTERM. */
    private final ExecutorService reloads = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "jkeepalived-reload");
        t.setDaemon(true);
        return t;
    });
    /** Held by a reload and by the stop: the parts are never reloaded while they stop, nor stopped mid-reload. */
    private final Object partsLock = new Object();
    /** The parts running now; guarded by {@link #partsLock}. */
    private final List<Part> running = new ArrayList<>();
    private volatile boolean stopping;

    /**
     * @param notifier tells systemd READY=1 once every part runs, RELOADING=1 / READY=1 around a reload,
     *                 STOPPING=1 when the stop begins
     * @param reader   what a SIGHUP reads; its configuration goes to every running part's {@link Part#reload}
     * @param parts    started in order once the pid files are written, stopped in reverse order
     */
    public Lifecycle(PidFiles pidFiles, SignalSource signals, Notifier notifier, ConfigReader reader,
                     List<Part> parts) {
        this.pidFiles = pidFiles;
        this.signals = signals;
        this.notifier = notifier;
        this.reader = reader;
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
            // Under the lock: a SIGHUP during start-up waits for every part to run, then reloads them all.
            synchronized (partsLock) {
                for (Part part : parts) {
                    try {
                        part.start();
                        started.add(part);
                    } catch (Exception e) {
                        log.error("Cannot start {}: {}; not starting", part.name(), e.getMessage() == null
                                ? e.toString() : e.getMessage());
                        stopping = true;
                        stopAll(started);
                        return ExitCodes.FAILURE;
                    }
                }
                running.addAll(started);
                log.info("Running; pid file(s) {}", pidFiles.files());
                notifier.send("READY=1\nSTATUS=Running " + names(started));
            }
            try {
                awaitStop();
                log.info("Received {}, stopping", stopReason.get());
            } finally {
                notifier.send("STOPPING=1\nSTATUS=Stopping (" + stopReason.get() + ")");
                synchronized (partsLock) {
                    stopping = true;
                    running.clear();
                    stopAll(started);
                }
            }
        } finally {
            reloads.shutdownNow();
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

    /**
     * Queues a reload (SIGHUP): it runs on the reload thread, after the one under way if any. SIGHUPs that come
     * while one is queued join it: a burst of them costs one reload after the current one, which reads the file
     * as it is by then.
     */
    public void requestReload() {
        if (stopping || stopRequested.getCount() == 0) {
            return;
        }
        if (reloadQueued.compareAndSet(false, true)) {
            try {
                reloads.execute(() -> {
                    reloadQueued.set(false);
                    reload();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                reloadQueued.set(false); // stopping
            }
        }
    }

    private void reload() {
        synchronized (partsLock) {
            if (stopping || stopRequested.getCount() == 0) {
                return;
            }
            notifier.send("RELOADING=1\nMONOTONIC_USEC=" + Notifier.monotonicMicros()
                    + "\nSTATUS=Reloading the configuration");
            String status;
            try {
                status = reloadParts();
            } catch (RuntimeException e) {
                log.error("Reload failed; the running configuration is kept", e);
                status = "Reload failed (" + e + "); running the previous configuration";
            }
            notifier.send("READY=1\nSTATUS=" + status);
        }
    }

    /** Hands the new configuration to every running part; returns the status line for systemd. */
    private String reloadParts() {
        Optional<KeepalivedConfig> next = reader.reread();
        if (next.isEmpty()) {
            return "Reload refused (see the log); running " + names(running) + " with the previous configuration";
        }
        List<String> took = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (Part part : running) {
            try {
                part.reload(next.get());
                took.add(part.name());
            } catch (Exception e) {
                // The part promises to keep what it ran; the others still take the new configuration.
                log.error("Reload: {} could not take the new configuration ({}); it keeps running the previous one",
                        part.name(), e.getMessage() == null ? e.toString() : e.getMessage());
                kept.add(part.name());
            }
        }
        String summary = running.isEmpty() ? "nothing runs" : (took.isEmpty() ? "" : String.join(", ", took)
                + " took the new configuration") + (took.isEmpty() || kept.isEmpty() ? "" : "; ")
                + (kept.isEmpty() ? "" : String.join(", ", kept) + " kept the previous one");
        if (kept.isEmpty()) {
            log.info("Reload done: {}", summary);
            return "Reloaded: " + summary;
        }
        if (took.isEmpty()) {
            // Nothing changed anywhere: say so, rather than "Reloaded".
            log.warn("Reload refused: {} kept the previous configuration", String.join(", ", kept));
            return "Reload refused by " + String.join(", ", kept) + " (see the log); running the previous configuration";
        }
        log.warn("Reload partly done: {}", summary);
        return "Reloaded: " + summary;
    }

    private static String names(List<Part> parts) {
        return parts.isEmpty() ? "no part (nothing to do)"
                : parts.stream().map(Part::name).collect(java.util.stream.Collectors.joining(", "));
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
        if (!signals.handle("HUP", this::requestReload)) {
            log.warn("Cannot handle SIGHUP: a reload would terminate the daemon");
        }
        // keepalived writes its data and stats files on these; answering with a log line beats dying of them.
        signals.handle("USR1", () -> log.warn("SIGUSR1 (write /tmp/keepalived.data) is not implemented yet; ignored"));
        signals.handle("USR2", () -> log.warn("SIGUSR2 (write /tmp/keepalived.stats) is not implemented yet; ignored"));
        // A real-time thread that reaches the soft RLIMIT_RTTIME gets SIGXCPU, whose default action would end the
        // JVM; keepalived logs it, and so do we. The hard limit's SIGKILL cannot be caught by anyone.
        if (!signals.handle("XCPU", () -> log.warn("A real-time thread has used too much CPU time without "
                + "sleeping (SIGXCPU); vrrp_rlimit_rttime / checker_rlimit_rttime may need to be raised"))) {
            log.warn("Cannot handle SIGXCPU: a real-time thread reaching its soft CPU limit would end the daemon");
        }
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
