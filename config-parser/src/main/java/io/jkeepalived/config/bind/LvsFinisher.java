package io.jkeepalived.config.bind;

import io.jkeepalived.config.Diagnostics;
import io.jkeepalived.config.bind.LvsDrafts.CheckerDraft;
import io.jkeepalived.config.bind.LvsDrafts.GroupDraft;
import io.jkeepalived.config.bind.LvsDrafts.RealServerDraft;
import io.jkeepalived.config.bind.LvsDrafts.Resolved;
import io.jkeepalived.config.bind.LvsDrafts.SorryDraft;
import io.jkeepalived.config.bind.LvsDrafts.SslDraft;
import io.jkeepalived.config.bind.LvsDrafts.VirtualServerDraft;
import io.jkeepalived.config.model.GlobalDefs;
import io.jkeepalived.config.model.LvsConfig;
import io.jkeepalived.config.model.lvs.CheckDefaults;
import io.jkeepalived.config.model.lvs.Checker;
import io.jkeepalived.config.model.lvs.CheckerSettings;
import io.jkeepalived.config.model.lvs.Connection;
import io.jkeepalived.config.model.lvs.ForwardingMethod;
import io.jkeepalived.config.model.lvs.IpFamily;
import io.jkeepalived.config.model.lvs.Protocol;
import io.jkeepalived.config.model.lvs.RealServer;
import io.jkeepalived.config.model.lvs.Scheduler;
import io.jkeepalived.config.model.lvs.SorryServer;
import io.jkeepalived.config.model.lvs.SslClientConfig;
import io.jkeepalived.config.model.lvs.VirtualServer;
import io.jkeepalived.config.model.lvs.VirtualServerGroup;
import io.jkeepalived.config.model.lvs.VirtualServerId;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What keepalived does once the whole file is read: links {@code group NAME} to its group, drops what cannot
 * run, fills in defaults, corrects ports, and hands values down virtual server -> real server -> checker.
 * Order and outcomes follow keepalived 2.2.7 (validate_check_config, link_vsg_to_vs); wording is ours.
 */
final class LvsFinisher {
    private final Diagnostics diagnostics;
    private final Optional<Boolean> checkerSmtpAlert;

    LvsFinisher(Diagnostics diagnostics, GlobalDefs globalDefs, Optional<Boolean> checkerSmtpAlert) {
        this.diagnostics = diagnostics;
        Objects.requireNonNull(globalDefs, "globalDefs");
        this.checkerSmtpAlert = Objects.requireNonNull(checkerSmtpAlert, "checkerSmtpAlert");
    }

    /**
     * The global {@code smtp_alert_checker}, else {@code smtp_alert}, when one was written (keepalived 2.2.7,
     * check_data.c); without either, keepalived's own defaults apply: no for virtual servers, yes for real servers.
     */
    private Optional<Boolean> globalSmtpAlert() {
        return checkerSmtpAlert;
    }

    LvsConfig finish(SslDraft ssl, List<GroupDraft> groupDrafts, List<VirtualServerDraft> drafts) {
        Map<String, VirtualServerGroup> groups = new HashMap<>();
        List<VirtualServerGroup> groupList = new ArrayList<>();
        Map<String, GroupDraft> firstGroup = new HashMap<>();
        for (GroupDraft g : groupDrafts) {
            GroupDraft earlier = firstGroup.putIfAbsent(g.name, g);
            if (earlier != null) {
                diagnostics.error(g.location, "virtual_server_group " + g.name + " is already defined at "
                        + earlier.location + "; this one is ignored");
                continue;
            }
            VirtualServerGroup group = new VirtualServerGroup(g.name, g.ranges, g.fwmarks);
            groups.put(g.name, group);
            groupList.add(group);
        }
        List<VirtualServer> virtualServers = new ArrayList<>();
        Map<Object, VirtualServerDraft> seen = new HashMap<>();
        for (VirtualServerDraft vs : drafts) {
            finish(vs, groups, seen).ifPresent(virtualServers::add);
        }
        Optional<SslClientConfig> sslConfig = ssl == null ? Optional.empty()
                : Optional.of(new SslClientConfig(Optional.ofNullable(ssl.password), Optional.ofNullable(ssl.caFile),
                        Optional.ofNullable(ssl.certificateFile), Optional.ofNullable(ssl.keyFile)));
        return new LvsConfig(sslConfig, groupList, virtualServers);
    }

    private Optional<VirtualServer> finish(VirtualServerDraft vs, Map<String, VirtualServerGroup> groups,
                                           Map<Object, VirtualServerDraft> seen) {
        String name = vs.describe();
        VirtualServerGroup group = null;
        if (vs.id instanceof VirtualServerId.Group g) {
            group = groups.get(g.name());
            if (group == null) {
                error(vs, name + ": no usable virtual_server_group " + g.name() + " (none is defined, or it was"
                        + " ignored: see above); virtual server ignored");
                return Optional.empty();
            }
            if (!linkGroupFamily(vs, group)) {
                return Optional.empty();
            }
        }
        if (vs.realServers.isEmpty()) {
            error(vs, name + ": no real servers; virtual server ignored");
            return Optional.empty();
        }
        boolean hasAddresses = group != null ? !group.ranges().isEmpty() : !vs.isFwmark();
        boolean hasFwmarks = group != null ? !group.fwmarks().isEmpty() : vs.isFwmark();
        if (vs.haSuspend && hasFwmarks) {
            warn(vs, name + ": ha_suspend cannot be used with fwmarks; turned off");
            vs.haSuspend = false;
        }
        if (vs.granularity != null && vs.persistenceTimeout == null) {
            vs.persistenceTimeout = VirtualServer.DEFAULT_PERSISTENCE_TIMEOUT;
        }
        if (hasAddresses) {
            if (vs.protocol == null) {
                warn(vs, name + ": no protocol set; using UDP, as keepalived does (the kernel's default)");
                vs.protocol = Protocol.UDP;
            }
            if (vs.onePacket && vs.protocol != Protocol.UDP) {
                warn(vs, name + ": ops (one-packet scheduling) needs UDP; turned off");
                vs.onePacket = false;
            }
            if (vs.persistenceTimeout == null && vs.id instanceof VirtualServerId.Ip ip && ip.port() == 0) {
                warn(vs, name + ": a service without a port must be persistent; persistence_timeout set to 360");
                vs.persistenceTimeout = VirtualServer.DEFAULT_PERSISTENCE_TIMEOUT;
            }
        }
        if (vs.persistenceTimeout == null && group != null
                && group.ranges().stream().anyMatch(r -> r.port() == 0)) {
            warn(vs, name + ": group " + group.name() + " has an entry without a port, so the service must be"
                    + " persistent; persistence_timeout set to 360");
            vs.persistenceTimeout = VirtualServer.DEFAULT_PERSISTENCE_TIMEOUT;
        }
        if (vs.protocol != null && !hasAddresses) {
            warn(vs, name + ": protocol has no meaning for a fwmark service; ignored");
            vs.protocol = null;
        }
        Object key = serviceKey(vs);
        VirtualServerDraft earlier = seen.putIfAbsent(key, vs);
        if (earlier != null) {
            error(vs, name + (vs.protocol == null ? "" : " (" + vs.protocol + ")") + " is already defined at "
                    + earlier.location + "; this one is ignored");
            return Optional.empty();
        }
        if (vs.scheduler == null) {
            warn(vs, name + ": no lvs_sched set; using " + Scheduler.DEFAULT.kernelName() + ", as keepalived does");
            vs.scheduler = Scheduler.DEFAULT;
        }
        boolean vsSmtpAlert = vs.smtpAlert != null ? vs.smtpAlert : globalSmtpAlert().orElse(false);

        List<RealServerDraft> kept = new ArrayList<>();
        Map<List<Object>, RealServerDraft> byAddress = new HashMap<>();
        for (RealServerDraft rs : vs.realServers) {
            RealServerDraft first = byAddress.putIfAbsent(List.of(rs.address, rs.writtenPort), rs);
            if (first != null) {
                diagnostics.error(rs.location, rs.describe() + ": already in " + name + " (at " + first.location
                        + "); this one is ignored");
                continue;
            }
            if (rs.method == null) {
                rs.method = defaultMethod(vs);
            }
            kept.add(rs);
        }
        SorryDraft sorry = vs.sorry;
        if (sorry != null) {
            for (RealServerDraft rs : kept) {
                boolean rsInhibit = rs.inhibit != null ? rs.inhibit : vs.inhibit;
                if (rs.address.equals(sorry.address) && rs.writtenPort == sorry.port && sorry.inhibit != rsInhibit) {
                    diagnostics.warn(sorry.location, "sorry_server is also " + rs.describe() + ", whose"
                            + " inhibit_on_failure differs; the sorry server follows the real server ("
                            + (rsInhibit ? "on" : "off") + ")");
                    sorry.inhibit = rsInhibit;
                }
            }
            if (sorry.method == null) {
                sorry.method = defaultMethod(vs);
            }
        }
        correctPorts(vs, group, kept);
        // Corrected ports can make two real servers one IPVS destination; the kernel refuses the second.
        Map<List<Object>, RealServerDraft> byDestination = new HashMap<>();
        kept.removeIf(rs -> {
            RealServerDraft first = byDestination.putIfAbsent(List.of(rs.address, rs.port), rs);
            if (first != null) {
                diagnostics.error(rs.location, rs.describe() + ": with its port corrected to " + rs.port
                        + " it is the same server as " + first.describe() + " (at " + first.location
                        + "); this one is ignored");
                return true;
            }
            return false;
        });

        long weightSum = 0;
        for (RealServerDraft rs : kept) {
            weightSum += rs.weight != null ? rs.weight : vs.weight;
        }
        if (vs.quorum > weightSum) {
            warn(vs, name + ": quorum " + vs.quorum + " exceeds the real servers' total weight " + weightSum
                    + "; quorum set to " + weightSum);
            vs.quorum = weightSum;
        }
        if (vs.hysteresis >= vs.quorum && (vs.hysteresis != 0 || vs.quorum != 0)) {
            long lowered = Math.max(0, vs.quorum - 1);
            warn(vs, name + ": hysteresis " + vs.hysteresis + " must be below quorum " + vs.quorum
                    + "; set to " + lowered);
            vs.hysteresis = lowered;
        }
        CheckDefaults vsDefaults = new CheckDefaults(vs.delayLoop, vs.connectTimeout, optional(vs.retry),
                Optional.ofNullable(vs.delayBeforeRetry), Optional.ofNullable(vs.warmup));
        List<RealServer> realServers = new ArrayList<>();
        for (RealServerDraft rs : kept) {
            realServers.add(realServer(vs, rs, vsDefaults));
        }
        Optional<SorryServer> sorryServer = sorry == null ? Optional.empty()
                : Optional.of(new SorryServer(sorry.address, sorry.port, sorry.method, sorry.inhibit));
        return Optional.of(new VirtualServer(vs.id, Optional.ofNullable(vs.family), Optional.ofNullable(vs.protocol),
                vs.scheduler, vs.flags, vs.onePacket, vs.method == null ? ForwardingMethod.NAT : vs.method,
                Optional.ofNullable(vs.persistenceTimeout), Optional.ofNullable(vs.granularity),
                Optional.ofNullable(vs.persistenceEngine), vs.haSuspend, Optional.ofNullable(vs.virtualhost),
                vs.alpha, vs.omega, vs.quorum, vs.hysteresis, Optional.ofNullable(vs.quorumUp),
                Optional.ofNullable(vs.quorumDown), vs.inhibit, vsSmtpAlert, vs.weight, vsDefaults, sorryServer,
                realServers));
    }

    /** keepalived's NAT default, said once per virtual server. */
    private ForwardingMethod defaultMethod(VirtualServerDraft vs) {
        if (vs.method == null) {
            warn(vs, vs.describe() + ": no lvs_method set; using NAT, as keepalived does");
            vs.method = ForwardingMethod.NAT;
        }
        return vs.method;
    }

    /**
     * What makes two virtual servers the same IPVS service(s). An address service is keyed by its address and
     * port rather than its VirtualServerId.Ip: hashing a record first links its generated hashCode, which costs a
     * fresh JVM (daemon start, -t) several milliseconds.
     */
    private static Object serviceKey(VirtualServerDraft vs) {
        if (vs.id instanceof VirtualServerId.Fwmark) {
            return List.of(vs.id, String.valueOf(vs.family));
        }
        Object id = vs.id instanceof VirtualServerId.Ip ip ? List.of(ip.address(), ip.port()) : vs.id;
        return List.of(id, String.valueOf(vs.protocol), String.valueOf(vs.family));
    }

    /** keepalived's checks between a virtual server and the group it names (link_vsg_to_vs). */
    private boolean linkGroupFamily(VirtualServerDraft vs, VirtualServerGroup group) {
        boolean v4 = group.hasFamily(IpFamily.INET);
        boolean v6 = group.hasFamily(IpFamily.INET6);
        String name = vs.describe();
        if (v4 && v6 && vs.family != null) {
            error(vs, name + ": group " + group.name() + " holds IPv4 and IPv6, which needs every real and sorry"
                    + " server tunnelled; virtual server ignored");
            return false;
        }
        if (v4 && vs.family == IpFamily.INET6 || v6 && vs.family == IpFamily.INET) {
            error(vs, name + ": the address family of group " + group.name() + " differs from its servers';"
                    + " virtual server ignored");
            return false;
        }
        if (v4 != v6) {
            vs.family = v4 ? IpFamily.INET : IpFamily.INET6;
        } else if (!v4 && vs.family == null) {
            warn(vs, name + ": the address family cannot be told (fwmarks without inet/inet6, every server"
                    + " tunnelled); using IPv4, as keepalived does");
            vs.family = IpFamily.INET;
        }
        return true;
    }

    /**
     * Unless NAT, IPVS uses the virtual port for a real server; keepalived corrects (or, for groups, warns
     * about) ports that say otherwise. Only the IPVS port changes: checkers keep the port as written.
     */
    private void correctPorts(VirtualServerDraft vs, VirtualServerGroup group, List<RealServerDraft> kept) {
        SorryDraft sorry = vs.sorry;
        String name = vs.describe();
        if (group != null) {
            if (!group.fwmarks().isEmpty()) {
                for (RealServerDraft rs : kept) {
                    if (rs.method.kind() != ForwardingMethod.Kind.NAT && rs.port != 0) {
                        diagnostics.warn(rs.location, rs.describe() + ": fwmark entries of group " + group.name()
                                + " ignore a real server port unless NAT");
                    }
                }
                if (sorry != null && sorry.method.kind() != ForwardingMethod.Kind.NAT && sorry.port != 0) {
                    diagnostics.warn(sorry.location, "sorry_server: fwmark entries of group " + group.name()
                            + " ignore its port unless NAT");
                }
            }
            List<Integer> rangePorts = group.ranges().stream().map(VirtualServerGroup.AddressRange::port).distinct()
                    .collect(java.util.stream.Collectors.toList());
            for (int rangePort : rangePorts) {
                for (RealServerDraft rs : kept) {
                    if (rs.method.kind() != ForwardingMethod.Kind.NAT && rs.port != 0 && rs.port != rangePort) {
                        diagnostics.warn(rs.location, rs.describe() + ": port differs from port " + rangePort
                                + " of group " + group.name() + "; without NAT the kernel uses the virtual port");
                    }
                }
                if (sorry != null && sorry.method.kind() != ForwardingMethod.Kind.NAT && sorry.port != 0
                        && sorry.port != rangePort) {
                    diagnostics.warn(sorry.location, "sorry_server: port differs from port " + rangePort
                            + " of group " + group.name() + "; without NAT the kernel uses the virtual port");
                }
            }
            return;
        }
        int virtualPort = vs.id instanceof VirtualServerId.Ip ip ? ip.port() : 0;
        boolean fwmark = vs.isFwmark();
        for (RealServerDraft rs : kept) {
            if (rs.method.kind() == ForwardingMethod.Kind.NAT) {
                if (!fwmark && rs.port == 0) {
                    rs.port = virtualPort;
                }
                continue;
            }
            if (fwmark) {
                if (rs.port != 0) {
                    diagnostics.warn(rs.location, rs.describe() + ": a fwmark service without NAT takes no real"
                            + " server port; cleared");
                    rs.port = 0;
                }
            } else if (rs.port == 0) {
                rs.port = virtualPort;
            } else if (rs.port != virtualPort) {
                diagnostics.warn(rs.location, rs.describe() + ": port differs from the virtual port " + virtualPort
                        + "; without NAT the kernel uses the virtual port, so set to " + virtualPort);
                rs.port = virtualPort;
            }
        }
        if (sorry != null && sorry.method.kind() != ForwardingMethod.Kind.NAT) {
            if (fwmark) {
                if (sorry.port != 0) {
                    diagnostics.warn(sorry.location, "sorry_server: a fwmark service without NAT takes no port;"
                            + " cleared");
                    sorry.port = 0;
                }
            } else if (sorry.port == 0) {
                sorry.port = virtualPort;
            } else if (sorry.port != virtualPort) {
                diagnostics.warn(sorry.location, "sorry_server: port " + sorry.port + " differs from the virtual"
                        + " port " + virtualPort + "; without NAT the kernel uses the virtual port, so set to "
                        + virtualPort);
                sorry.port = virtualPort;
            }
        }
    }

    private RealServer realServer(VirtualServerDraft vs, RealServerDraft rs, CheckDefaults vsDefaults) {
        // A real server that sets no timing of its own shares its virtual server's (equal) defaults.
        boolean own = rs.delayLoop != null || rs.connectTimeout != null || rs.retry != null
                || rs.delayBeforeRetry != null || rs.warmup != null;
        CheckDefaults defaults = !own ? vsDefaults : new CheckDefaults(
                rs.delayLoop != null ? rs.delayLoop : vsDefaults.delayLoop(),
                rs.connectTimeout != null ? rs.connectTimeout : vsDefaults.connectTimeout(),
                rs.retry != null ? OptionalLong.of(rs.retry) : vsDefaults.retry(),
                rs.delayBeforeRetry != null ? Optional.of(rs.delayBeforeRetry) : vsDefaults.delayBeforeRetry(),
                rs.warmup != null ? Optional.of(rs.warmup) : vsDefaults.warmup());
        boolean alpha = rs.alpha != null ? rs.alpha : vs.alpha;
        boolean inhibit = rs.inhibit != null ? rs.inhibit : vs.inhibit;
        Optional<String> virtualhost = Optional.ofNullable(rs.virtualhost != null ? rs.virtualhost : vs.virtualhost);
        List<Checker> checkers = new ArrayList<>();
        for (CheckerDraft d : rs.checkers) {
            checkers.add(checker(vs, rs, d, defaults, alpha, virtualhost));
        }
        // keepalived's real servers mail by default unlike everything else, kept for compatibility.
        boolean smtpAlert = rs.smtpAlert != null ? rs.smtpAlert : globalSmtpAlert().orElse(true);
        return new RealServer(rs.address, rs.port, rs.weight != null ? rs.weight : vs.weight, rs.method, inhibit,
                alpha, defaults, rs.upperThreshold, rs.lowerThreshold, Optional.ofNullable(rs.notifyUp),
                Optional.ofNullable(rs.notifyDown), smtpAlert, virtualhost, checkers);
    }

    private Checker checker(VirtualServerDraft vs, RealServerDraft rs, CheckerDraft d, CheckDefaults defaults,
                            boolean rsAlpha, Optional<String> virtualhost) {
        boolean alpha = d.alpha != null ? d.alpha : rsAlpha;
        CheckerSettings settings = null;
        if (d.scheduled) {
            Duration delayLoop = d.delayLoop != null ? d.delayLoop : defaults.delayLoop();
            long retry = d.retry != null ? d.retry : defaults.retry().orElse(d.defaultRetry);
            Duration warmup = d.warmup != null ? d.warmup : defaults.warmup().orElse(delayLoop);
            Duration delayBeforeRetry = d.delayBeforeRetry != null ? d.delayBeforeRetry
                    : defaults.delayBeforeRetry().orElse(
                            d.defaultDelayBeforeRetry != null ? d.defaultDelayBeforeRetry : delayLoop);
            settings = new CheckerSettings(delayLoop, retry, delayBeforeRetry, warmup, alpha, d.logAllFailures);
        }
        Connection connection = null;
        if (d.network) {
            InetAddress address = d.connectIp != null ? d.connectIp : rs.address;
            int port = d.connectPort != null ? d.connectPort : rs.writtenPort;
            if (port == 0 && !d.keyword.equals("PING_CHECK")) {
                diagnostics.warn(d.location, d.keyword + ": no port to connect to (" + rs.describe() + " has none"
                        + " and connect_port is not set); like keepalived it will try port 0 and fail."
                        + " Set connect_port");
            }
            connection = new Connection(address, port, Optional.ofNullable(d.bindTo), d.bindPort,
                    Optional.ofNullable(d.bindInterface),
                    d.connectTimeout != null ? d.connectTimeout : defaults.connectTimeout(), d.fwmark);
        }
        return d.factory.build(new Resolved(settings, connection, virtualhost, vs.delayLoop, alpha));
    }

    private static OptionalLong optional(Long value) {
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    private void warn(VirtualServerDraft vs, String message) {
        diagnostics.warn(vs.location, message);
    }

    private void error(VirtualServerDraft vs, String message) {
        diagnostics.error(vs.location, message);
    }
}
