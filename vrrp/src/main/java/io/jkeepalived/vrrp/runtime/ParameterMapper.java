package io.jkeepalived.vrrp.runtime;

import io.jkeepalived.config.model.Authentication;
import io.jkeepalived.config.model.VirtualAddress;
import io.jkeepalived.config.model.VrrpInstance;
import io.jkeepalived.vrrp.GarpSettings;
import io.jkeepalived.vrrp.VrrpParameters;
import io.jkeepalived.vrrp.VrrpVersion;
import java.net.InetAddress;
import java.util.List;

/**
 * A vrrp_instance of the configuration model (global defaults already applied) as the parameters the
 * state machine runs with. Pure. Refusals (an IllegalArgumentException naming the instance) are what
 * this build cannot run: AH authentication, VRRPv2 over IPv6.
 */
public final class ParameterMapper {
    private ParameterMapper() {
    }

    /**
     * @param primary the address adverts are sent from: mcast_src_ip / unicast_src_ip, else the
     *                interface's primary IPv4 address or (IPv6) its link-local address
     */
    public static VrrpParameters map(VrrpInstance m, InetAddress primary) {
        String where = "(" + m.name() + ") ";
        VrrpVersion version = m.version() == 3 ? VrrpVersion.V3 : VrrpVersion.V2;
        VrrpParameters.Builder b = VrrpParameters.builder(m.name(), m.virtualRouterId(), primary)
                .priority(m.priority())
                .version(version)
                .interval(m.advertInterval())
                .preempt(!m.nopreempt())
                .preemptDelay(m.preemptDelay())
                .virtualAddresses(addresses(m.virtualAddresses()))
                .excludedAddresses(addresses(m.excludedAddresses()))
                .garp(new GarpSettings(m.garpMasterDelay(), m.garpMasterRepeat(), m.garpMasterRefresh(),
                        m.garpMasterRefreshRepeat(), m.garpLowerPrioDelay(), m.garpLowerPrioRepeat()))
                .downTimerAdverts(m.downTimerAdverts())
                .lowerPriorityNoAdvert(m.lowerPrioNoAdvert())
                .higherPrioritySendAdvert(m.higherPrioSendAdvert())
                .unicast(m.unicast());
        if (m.authentication().isPresent()) {
            Authentication auth = m.authentication().get();
            if (auth.type() == Authentication.Type.AH) {
                throw new IllegalArgumentException(where + "auth_type AH is not supported by jkeepalived");
            }
            b.password(auth.password());
        }
        return b.build();
    }

    private static List<InetAddress> addresses(List<VirtualAddress> list) {
        return list.stream().map(VirtualAddress::address).toList();
    }
}
