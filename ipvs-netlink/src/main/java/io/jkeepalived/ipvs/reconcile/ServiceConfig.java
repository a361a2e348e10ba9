package io.jkeepalived.ipvs.reconcile;

import java.util.List;

import io.jkeepalived.ipvs.RealServerDest;
import io.jkeepalived.ipvs.VirtualService;

/** A virtual service with the destinations under it: as jkeepalived wants it, or as the kernel holds it. */
public record ServiceConfig(VirtualService service, List<RealServerDest> destinations) {

    public ServiceConfig {
        if (service == null || destinations == null) {
            throw new IllegalArgumentException("service and destinations are required");
        }
        destinations = List.copyOf(destinations);
    }

    public static ServiceConfig of(VirtualService service, RealServerDest... destinations) {
        return new ServiceConfig(service, List.of(destinations));
    }

    public VirtualService.ServiceKey key() {
        return service.key();
    }
}
