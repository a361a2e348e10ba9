package io.jkeepalived.check.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.jkeepalived.config.model.ScriptCommand;
import io.jkeepalived.config.model.lvs.ForwardingMethod.TunnelChecksum;
import io.jkeepalived.config.model.lvs.IpFamily;
import io.jkeepalived.config.model.lvs.RealServer;
import io.jkeepalived.config.model.lvs.SchedulerFlag;
import io.jkeepalived.config.model.lvs.SorryServer;
import io.jkeepalived.config.model.lvs.VirtualServer;
import io.jkeepalived.config.model.lvs.VirtualServerId;
import io.jkeepalived.exec.ScriptRequest;
import io.jkeepalived.ipvs.ForwardingMethod;
import io.jkeepalived.ipvs.Ipvs;
import io.jkeepalived.ipvs.RealServerDest;
import io.jkeepalived.ipvs.TunnelType;
import io.jkeepalived.ipvs.VirtualService;
import io.jkeepalived.libc.Libc;

/**
 * Translates the configuration model's virtual servers (effective values, keepalived's defaults applied by the
 * parser) into {@link PoolSpec}s. Ports are passed as the model has them: the DR/TUN port rule is applied by
 * the parser and again by the reconciler's {@code TableRules}.
 */
public final class PoolSpecs {
    private PoolSpecs() {
    }

    /**
     * @param scripts how a configured script becomes a request (the daemon applies {@code script_user}, the
     *                timeout and script security there); empty for a script that must not run
     * @throws IllegalArgumentException for a {@code virtual_server_group} (not supported yet), with the reason
     */
    public static PoolSpec from(VirtualServer vs, Function<ScriptCommand, Optional<ScriptRequest>> scripts) {
        VirtualService service = service(vs);
        List<PoolMember> members = new ArrayList<>();
        for (RealServer rs : vs.realServers()) {
            RealServerDest dest = destination(rs.address(), rs.port(), rs.forwardingMethod(), rs.weight())
                    .withThresholds(clamp(rs.upperThreshold()), clamp(rs.lowerThreshold()));
            members.add(new PoolMember(withTunnel(dest, rs.forwardingMethod()), rs.inhibitOnFailure(),
                    rs.notifyUp().flatMap(scripts), rs.notifyDown().flatMap(scripts)));
        }
        Optional<SorryMember> sorry = vs.sorryServer().map(PoolSpecs::sorry);
        return new PoolSpec(service, members, sorry, vs.quorum(), vs.hysteresis(), vs.quorumUp().flatMap(scripts),
                vs.quorumDown().flatMap(scripts), vs.omega());
    }

    /** The IPVS service of a virtual server given by address or fwmark. */
    public static VirtualService service(VirtualServer vs) {
        VirtualService service;
        if (vs.id() instanceof VirtualServerId.Ip ip) {
            service = VirtualService.of(ip.address(), vs.protocol().map(p -> p.ipProto()).orElse(0), ip.port(),
                    vs.scheduler().kernelName());
        } else if (vs.id() instanceof VirtualServerId.Fwmark mark) {
            int family = vs.family().orElse(IpFamily.INET) == IpFamily.INET6 ? Libc.AF_INET6 : Libc.AF_INET;
            service = VirtualService.fwmark(family, (int) mark.mark(), vs.scheduler().kernelName());
        } else {
            throw new IllegalArgumentException("virtual_server_group " + ((VirtualServerId.Group) vs.id()).name()
                    + ": groups are not managed yet");
        }
        int flags = 0;
        for (SchedulerFlag f : vs.schedulerFlags()) {
            flags |= f.kernelBit();
        }
        if (vs.onePacketScheduling()) {
            flags |= Ipvs.SVC_F_ONEPACKET;
        }
        if (vs.persistenceTimeout().isPresent()) {
            int timeout = (int) Math.min(Integer.MAX_VALUE, vs.persistenceTimeout().get().toSeconds());
            int netmask = vs.persistenceGranularity().map(g -> (int) g.kernelValue()).orElse(service.netmask());
            service = service.withPersistenceMask(timeout, netmask);
        }
        service = service.withFlags(service.flags() | flags);
        if (vs.persistenceEngine().isPresent()) {
            service = service.withPersistenceEngine(vs.persistenceEngine().get());
        }
        return service;
    }

    private static SorryMember sorry(SorryServer s) {
        // keepalived gives the sorry server weight 1 while it is in use
        RealServerDest dest = destination(s.address(), s.port(), s.forwardingMethod(), 1);
        return new SorryMember(withTunnel(dest, s.forwardingMethod()), s.inhibitOnFailure());
    }

    private static RealServerDest destination(java.net.InetAddress address, int port,
                                              io.jkeepalived.config.model.lvs.ForwardingMethod method, int weight) {
        ForwardingMethod kernel = switch (method.kind()) {
            case NAT -> ForwardingMethod.MASQ;
            case DR -> ForwardingMethod.DROUTE;
            case TUN -> ForwardingMethod.TUNNEL;
        };
        return RealServerDest.of(address, port, kernel, weight);
    }

    private static RealServerDest withTunnel(RealServerDest dest, io.jkeepalived.config.model.lvs.ForwardingMethod m) {
        if (m.kind() != io.jkeepalived.config.model.lvs.ForwardingMethod.Kind.TUN) {
            return dest;
        }
        TunnelType type = TunnelType.valueOf(m.tunnelType().name());
        int flags = m.checksum() == TunnelChecksum.CSUM ? Ipvs.TUNNEL_ENCAP_FLAG_CSUM
                : m.checksum() == TunnelChecksum.REMCSUM ? Ipvs.TUNNEL_ENCAP_FLAG_REMCSUM : Ipvs.TUNNEL_ENCAP_FLAG_NOCSUM;
        return dest.withTunnel(type, m.tunnelPort(), flags);
    }

    private static int clamp(long value) {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, value));
    }
}
