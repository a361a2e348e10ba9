package io.jkeepalived.daemon.lifecycle;

import io.jkeepalived.config.model.KeepalivedConfig;
import io.jkeepalived.vrrp.runtime.VrrpRuntime;
import io.jkeepalived.vrrp.track.RunnerScriptExecutor;
import java.util.Optional;

/** The VRRP part of the daemon: every vrrp_instance, in the daemon's own network namespace. */
public final class VrrpPart implements Lifecycle.Part {
    private final VrrpRuntime runtime;

    public VrrpPart(KeepalivedConfig config) {
        this.runtime = new VrrpRuntime(config,
                new VrrpRuntime.Options(Optional.empty(), new RunnerScriptExecutor()));
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

    @Override
    public void stop() {
        runtime.stop();
    }
}
