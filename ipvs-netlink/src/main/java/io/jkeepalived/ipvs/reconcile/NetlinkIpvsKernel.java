package io.jkeepalived.ipvs.reconcile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.jkeepalived.ipvs.IpvsChange;
import io.jkeepalived.ipvs.IpvsClient;
import io.jkeepalived.ipvs.RealServerDest;
import io.jkeepalived.ipvs.ServiceEntry;
import io.jkeepalived.ipvs.VirtualService;
import io.jkeepalived.libc.LinuxException;

/** The real kernel, through an {@link IpvsClient}: changes go in batches, several to a datagram. */
public final class NetlinkIpvsKernel implements IpvsKernel {

    private final IpvsClient client;

    public NetlinkIpvsKernel(IpvsClient client) {
        this.client = client;
    }

    @Override
    public List<VirtualService> services() throws IOException {
        List<VirtualService> out = new ArrayList<>();
        for (ServiceEntry e : client.services()) {
            out.add(e.service());
        }
        return out;
    }

    @Override
    public List<RealServerDest> destinations(VirtualService service) throws IOException {
        return client.destinationSettings(service);
    }

    @Override
    public List<? extends LinuxException> apply(List<IpvsChange> changes) throws IOException {
        return client.apply(changes);
    }
}
