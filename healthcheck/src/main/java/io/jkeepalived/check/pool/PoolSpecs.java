package io.jkeepalived.check.pool;

import java.net.InetAddress;
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
import io.jkeepalived.config.model.lvs.VirtualServerGroup;
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
     * A virtual server given by address or fwmark.
     *
     * @param scripts how a configured script becomes a request (the daemon applies {@code script_user}, the
     *                timeout and script security there); empty for a script that must not run
     * @throws IllegalArgumentException for a {@code virtual_server group} (use the other form)
     */
    public static PoolSpec from(VirtualServer vs, Function<ScriptCommand, Optional<ScriptRequest>> scripts) {
        return from(vs, List.of(), scripts);
    }

    /**
     * Any virtual server; {@code groups} are the configuration's {@code virtual_server_group}s.
     *
     * @throws IllegalArgumentException when the virtual server names a group not in {@code groups}
     */
    public static PoolSpec from(VirtualServer vs, List<VirtualServerGroup> groups,
                                Function<ScriptCommand, Optional<ScriptRequest>> scripts) {
        List<VirtualService> services = services(vs, groups);
        List<PoolMember> members = new ArrayList<>();
        for (RealServer rs : vs.realServers()) {
            RealServerDest dest = destination(rs.address(), rs.port(), rs.forwardingMethod(), rs.weight())
                    .withThresholds(clamp(rs.upperThreshold()), clamp(rs.lowerThreshold()));
            members.add(new PoolMember(withTunnel(dest, rs.forwardingMethod()), rs.inhibitOnFailure(),
                    rs.notifyUp().flatMap(scripts), rs.notifyDown().flatMap(scripts)));
        }
        Optional<SorryMember> sorry = vs.sorryServer().map(PoolSpecs::sorry);
        return new PoolSpec(services, members, sorry, vs.quorum(), vs.hysteresis(), vs.quorumUp().flatMap(scripts),
                vs.quorumDown().flatMap(scripts), vs.omega());
    }

    /**
     * The IPVS services of a virtual server: its own, or one per address of each range (in order) and then one
     * per fwmark of its group, as keepalived 2.2.7 adds them (ipvswrapper.c, group commands).
     */
    public static List<VirtualService> services(VirtualServer vs, List<VirtualServerGroup> groups) {
        if (!(vs.id() instanceof VirtualServerId.Group g)) {
            return List.of(service(vs));
        }
        VirtualServerGroup group = groups.stream().filter(x -> x.name().equals(g.name())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("virtual_server_group " + g.name()
                        + " is not defined"));
        String scheduler = vs.scheduler().kernelName();
        int protocol = vs.protocol().map(p -> p.ipProto()).orElse(0);
        List<VirtualService> services = new ArrayList<>();
        for (VirtualServerGroup.AddressRange range : group.ranges()) {
            for (InetAddress address : addresses(range)) {
                services.add(settings(vs, VirtualService.of(address, protocol, range.port(), scheduler), true));
            }
        }
        for (VirtualServerGroup.FwmarkEntry entry : group.fwmarks()) {
            // keepalived: the entry's family, else the virtual server's, else IPv4
            IpFamily family = entry.family().orElse(vs.family().orElse(IpFamily.INET));
            int af = family == IpFamily.INET6 ? Libc.AF_INET6 : Libc.AF_INET;
            services.add(settings(vs, VirtualService.fwmark(af, (int) entry.mark(), scheduler), true));
        }
        return List.copyOf(services);
    }

    /** More services than this from one range entry is refused (a /16 would be 65,536 IPVS services). */
    static final int MAX_RANGE = 4096;

    /**
     * The addresses of a group's range, first to last inclusive. keepalived 2.2.7 counts through the last byte
     * (IPv4) or the last 16-bit group (IPv6) only, and never ends a range that crosses that boundary (e.g.
     * {@code 192.0.2.250-192.0.3.10} or a /23); within the boundary, the usual case, both give the same
     * addresses. Here the range is counted in full.
     */
    static List<InetAddress> addresses(VirtualServerGroup.AddressRange range) {
        java.math.BigInteger first = new java.math.BigInteger(1, range.first().getAddress());
        java.math.BigInteger last = new java.math.BigInteger(1, range.last().getAddress());
        java.math.BigInteger count = last.subtract(first).add(java.math.BigInteger.ONE);
        String text = range.first().getHostAddress() + "-" + range.last().getHostAddress();
        if (count.signum() <= 0) {
            throw new IllegalArgumentException("address range " + text + " ends before it starts");
        }
        if (count.compareTo(java.math.BigInteger.valueOf(MAX_RANGE)) > 0) {
            throw new IllegalArgumentException("address range " + text + " holds " + count + " addresses; at most "
                    + MAX_RANGE + " IPVS services are made from one range");
        }
        int width = range.first().getAddress().length;
        List<InetAddress> all = new ArrayList<>(count.intValue());
        for (java.math.BigInteger v = first; v.compareTo(last) <= 0; v = v.add(java.math.BigInteger.ONE)) {
            byte[] raw = v.toByteArray();
            byte[] a = new byte[width];
            int copy = Math.min(raw.length, width);
            System.arraycopy(raw, raw.length - copy, a, width - copy, copy);
            try {
                all.add(InetAddress.getByAddress(a));
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e); // cannot happen: 4 or 16 bytes
            }
        }
        return all;
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
            throw new IllegalArgumentException("virtual_server group " + ((VirtualServerId.Group) vs.id()).name()
                    + ": give the configuration's groups");
        }
        return settings(vs, service, false);
    }

    /**
     * Flags and persistence. {@code inGroup}: keepalived 2.2.7 resets the persistence netmask of a group's
     * services to the full mask, so {@code persistence_granularity} has no effect there (ipvsadm-save of its
     * table in the lab shows it); we do the same, so that a table reads back identical.
     */
    private static VirtualService settings(VirtualServer vs, VirtualService service, boolean inGroup) {
        int flags = 0;
        for (SchedulerFlag f : vs.schedulerFlags()) {
            flags |= f.kernelBit();
        }
        if (vs.onePacketScheduling()) {
            flags |= Ipvs.SVC_F_ONEPACKET;
        }
        if (vs.persistenceTimeout().isPresent()) {
            int timeout = (int) Math.min(Integer.MAX_VALUE, vs.persistenceTimeout().get().toSeconds());
            int netmask = inGroup ? service.netmask()
                    : vs.persistenceGranularity().map(g -> (int) g.kernelValue()).orElse(service.netmask());
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
