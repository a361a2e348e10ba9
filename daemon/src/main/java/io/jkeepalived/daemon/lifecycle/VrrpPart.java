package io.jkeepalived.daemon.lifecycle;

import io.jkeepalived.config.model.KeepalivedConfig;
import io.jkeepalived.vrrp.runtime.VrrpRuntime;
import io.jkeepalived.vrrp.track.HandOffScriptExecutor;
import io.jkeepalived.vrrp.track.RunnerScriptExecutor;
import java.util.Optional;

/** The VRRP part of the daemon: every vrrp_instance, in the daemon's own network namespace. */
public final class VrrpPart implements Lifecycle.Part, io.jkeepalived.daemon.status.StatusSources.Vrrp {
    private final VrrpRuntime runtime;

    public VrrpPart(KeepalivedConfig config) {
        // notify_fifo_script runs once: on the checker side when there is one, as keepalived.
        this.runtime = new VrrpRuntime(config,
                new VrrpRuntime.Options(Optional.empty(), new HandOffScriptExecutor(new RunnerScriptExecutor()),
                        !CheckerPart.runsGlobalFifoScript(config)));
    }

    @Override
    public String name() {
        return "VRRP";
    }

    @Override
    public void start() throws Exception {
        try {
            runtime.start();
        } catch (Exception e) {
            runtime.stop();
            throw e;
        }
    }

    /**
     * Hands the new configuration to the running VRRP instances: what persists keeps its state, what changed takes
     * effect, what went stops, what is new starts ({@link VrrpRuntime#reload}). On an exception nothing changed.
     */
    @Override
    public void reload(KeepalivedConfig next) throws Exception {
        runtime.reload(next);
    }

    /** The runtime, for status queries. */
    public VrrpRuntime runtime() {
        return runtime;
    }

    /** Copied on the event loop; the runtime's reload lock is not taken, so a reload under way does not hold it. */
    @Override
    public Optional<io.jkeepalived.vrrp.runtime.VrrpSnapshot> vrrpSnapshot(java.time.Duration timeout)
            throws java.util.concurrent.TimeoutException, InterruptedException {
        return Optional.of(runtime.snapshot(timeout));
    }

    @Override
    public void stop() {
        runtime.stop();
    }
}
