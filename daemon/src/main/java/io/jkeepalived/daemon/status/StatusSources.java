package io.jkeepalived.daemon.status;

import io.jkeepalived.daemon.check.CheckerService.VirtualServerStatus;
import io.jkeepalived.vrrp.runtime.VrrpSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/** What the daemon's parts answer to a status query; each copies its state on its own thread. */
public final class StatusSources {
    private StatusSources() {
    }

    /** The VRRP part. */
    public interface Vrrp {
        /**
         * @return empty while the part runs nothing (no vrrp_instance)
         * @throws TimeoutException the event loop did not answer within {@code timeout}
         */
        Optional<VrrpSnapshot> vrrpSnapshot(Duration timeout) throws TimeoutException, InterruptedException;
    }

    /** The checker part. */
    public interface Checkers {
        /**
         * @return empty while the part checks nothing (no virtual_server, or no IPVS)
         * @throws TimeoutException the checkers' loop did not answer within {@code timeout}
         */
        Optional<List<VirtualServerStatus>> checkerStatus(Duration timeout)
                throws TimeoutException, InterruptedException;
    }
}
