package io.jkeepalived.ipvs.reconcile;

import java.io.IOException;
import java.util.List;

import io.jkeepalived.ipvs.IpvsChange;
import io.jkeepalived.ipvs.RealServerDest;
import io.jkeepalived.ipvs.VirtualService;
import io.jkeepalived.libc.LinuxException;

/** The kernel's IPVS table as the reconciler sees it: the seam between the pure core and the netlink edge. */
public interface IpvsKernel {

    /** Every service in the table (of every owner). */
    List<VirtualService> services() throws IOException;

    /** The destinations of one service; none when it does not exist (any more). */
    List<RealServerDest> destinations(VirtualService service) throws IOException;

    /**
     * Applies the changes in order; a refusal does not stop the rest. Returns, per change, null for success
     * or the kernel's refusal (with its errno). Throws when the exchange itself broke down, leaving the
     * outcome of the changes unknown.
     */
    List<? extends LinuxException> apply(List<IpvsChange> changes) throws IOException;
}
