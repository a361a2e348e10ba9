package io.jkeepalived.daemon.lifecycle;

import io.jkeepalived.config.model.KeepalivedConfig;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VRRP side of the daemon as a lifecycle part that is there even when the configuration has no
 * vrrp_instance, so that a reload can bring the first one (as keepalived 2.2.7's parent starts its VRRP child on
 * a SIGHUP whose configuration has VRRP when none ran). The VRRP runtime itself (sockets, event loop) runs only
 * while there are instances: a reload that removes every instance takes them down as any reload removes an
 * instance (priority 0 advert, VIPs removed), then stops the idle runtime.
 */
public final class VrrpOnDemand implements Lifecycle.Part, io.jkeepalived.daemon.status.StatusSources.Vrrp {
    private static final Logger log = LoggerFactory.getLogger(VrrpOnDemand.class);

    private final Function<KeepalivedConfig, Lifecycle.Part> runtimes;
    private KeepalivedConfig config;
    /**
     * The running VRRP runtime; null while there is no instance. Written by start/reload/stop only; volatile so
     * that a status query reads it without waiting for a reload to finish.
     */
    private volatile Lifecycle.Part running;

    /** @param runtimes makes the VRRP runtime part for a configuration that has instances */
    public VrrpOnDemand(KeepalivedConfig config, Function<KeepalivedConfig, Lifecycle.Part> runtimes) {
        this.config = config;
        this.runtimes = runtimes;
    }

    @Override
    public String name() {
        return "VRRP";
    }

    /** Whether the VRRP runtime runs (the configuration has instances). */
    public synchronized boolean active() {
        return running != null;
    }

    /** Empty while no runtime runs, or when the runtime cannot tell (a fake in tests). */
    @Override
    public java.util.Optional<io.jkeepalived.vrrp.runtime.VrrpSnapshot> vrrpSnapshot(java.time.Duration timeout)
            throws java.util.concurrent.TimeoutException, InterruptedException {
        Lifecycle.Part now = running;
        if (now instanceof io.jkeepalived.daemon.status.StatusSources.Vrrp source) {
            return source.vrrpSnapshot(timeout);
        }
        return java.util.Optional.empty();
    }

    @Override
    public synchronized void start() throws Exception {
        if (config.vrrp().instances().isEmpty()) {
            log.info("No VRRP instance is configured; the VRRP part has nothing to do until a reload brings one");
            return;
        }
        running = startRuntime(config);
    }

    @Override
    public synchronized void reload(KeepalivedConfig next) throws Exception {
        boolean instances = !next.vrrp().instances().isEmpty();
        if (running == null) {
            if (instances) {
                log.info("Reload: the new configuration has {} vrrp_instance(s); starting VRRP",
                        next.vrrp().instances().size());
                // On failure nothing runs, as before: the exception tells Lifecycle this part kept the old one.
                running = startRuntime(next);
            }
        } else if (instances) {
            running.reload(next);
        } else {
            // The instances go as a reload removes any instance; an exception leaves them running.
            running.reload(next);
            log.info("Reload: no vrrp_instance is left; stopping VRRP");
            Lifecycle.Part idle = running;
            running = null;
            idle.stop();
        }
        config = next;
    }

    @Override
    public synchronized void stop() {
        if (running != null) {
            running.stop();
            running = null;
        }
    }

    private Lifecycle.Part startRuntime(KeepalivedConfig with) throws Exception {
        Lifecycle.Part part = runtimes.apply(with);
        part.start();
        return part;
    }
}
