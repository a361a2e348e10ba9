package io.jkeepalived.vrrp.runtime;

import io.jkeepalived.config.model.VrrpInstance;
import io.jkeepalived.vrrp.IpFamily;
import io.jkeepalived.vrrp.VrrpParameters;
import java.net.InetAddress;

/**
 * What makes a vrrp_instance of a new configuration the same virtual router as one already running, by
 * keepalived 2.2.7's rule on reload: interface, family and VRID, and either the multicast group it sends to
 * or (unicast) the source address it sends from. The name is not part of it: a renamed instance keeps its
 * state, and an instance that keeps its name but moves to another VRID or interface is a new one.
 *
 * @param destination the multicast group, or for a unicast instance its source address
 */
record VirtualRouterKey(String interfaceName, IpFamily family, int vrid, boolean unicast, InetAddress destination) {

    static VirtualRouterKey of(VrrpInstance model, String interfaceName, VrrpParameters params) {
        return new VirtualRouterKey(interfaceName, params.family(), params.vrid(), model.unicast(),
                model.unicast() ? params.primaryAddress() : model.multicastGroup().orElseThrow());
    }

    @Override
    public String toString() {
        return interfaceName + " " + family + " VRID " + vrid + (unicast ? " unicast from " : " to ")
                + destination.getHostAddress();
    }
}
