package io.jkeepalived.config.model;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One {@code vrrp_instance NAME { ... }} as effective values: global defaults, sync-group rules and
 * keepalived's own adjustments (strict mode, address owner, version limits) are already applied, so the VRRP
 * state machine can use every component as it is. Only instances keepalived would run are in the model.
 *
 * <p>Components, in the order the canonical writer emits them:
 * <ul>
 * <li>{@code name}: the instance's name (vrrp_instance NAME)</li>
 * <li>{@code state}: state as configured, MASTER or BACKUP; keepalived's default, applied here, is MASTER for
 *     priority 255 and BACKUP otherwise. Whatever it says, keepalived starts an instance in BACKUP
 *     and waits the master-down interval unless priority is 255</li>
 * <li>{@code interfaceName}: interface; empty only for a unicast instance with a source address</li>
 * <li>{@code useVmac}: use_vmac</li>
 * <li>{@code vmacXmitBase}: vmac_xmit_base: send and receive adverts on the base interface, not the VMAC</li>
 * <li>{@code dontTrackPrimary}: dont_track_primary: a fault of the instance's own interface is ignored</li>
 * <li>{@code trackInterfaces}: track_interface</li>
 * <li>{@code trackScripts}: track_script; every name is a script of VrrpConfig.scripts()</li>
 * <li>{@code trackFiles}: track_file; every name is a file of VrrpConfig.trackFiles()</li>
 * <li>{@code sourceAddress}: mcast_src_ip / unicast_src_ip; empty means the interface's primary address</li>
 * <li>{@code trackSrcIp}: track_src_ip: FAULT while the source address is missing</li>
 * <li>{@code multicastGroup}: where adverts go when multicasting: mcast_dst_ip, else vrrp_mcast_group4/6 of
 *     global_defs; empty exactly when the instance unicasts</li>
 * <li>{@code unicastPeers}: unicast_peer; the instance unicasts exactly when this is not empty</li>
 * <li>{@code unicastTtl}: unicast_ttl; empty means 255 for IPv4 and the kernel's default hop limit for IPv6</li>
 * <li>{@code unicastFaultNoPeer}: unicast_fault_no_peer</li>
 * <li>{@code checkUnicastSrc}: effective: only when unicasting, accept adverts only from a peer (check_unicast_src,
 *     global vrrp_check_unicast_src, or a peer with min_ttl/max_ttl)</li>
 * <li>{@code virtualRouterId}: virtual_router_id, 1-255</li>
 * <li>{@code priority}: priority, 1-255; default 100, or 255 when state MASTER is configured without a priority
 *     (keepalived 2.2.7)</li>
 * <li>{@code advertInterval}: advert_int: whole seconds (1-255) for version 2, centiseconds (0.01-40.95) for
 *     version 3</li>
 * <li>{@code version}: effective VRRP version, 2 or 3: version, else 3 for IPv6 and global vrrp_version for
 *     IPv4 (keepalived keeps an explicit version 2 on IPv6 outside strict mode)</li>
 * <li>{@code family}: IPv4 or IPv6, from the virtual addresses (IPv4 when nothing says otherwise)</li>
 * <li>{@code authentication}: authentication; always empty for version 3 and in strict mode, as keepalived clears
 *     it</li>
 * <li>{@code virtualAddresses}: virtual_ipaddress: the addresses carried in adverts; all of the instance's
 *     family</li>
 * <li>{@code excludedAddresses}: virtual_ipaddress_excluded: added and removed with the others but not
 *     advertised</li>
 * <li>{@code virtualRoutes}: virtual_routes</li>
 * <li>{@code virtualRules}: virtual_rules</li>
 * <li>{@code promoteSecondaries}: promote_secondaries</li>
 * <li>{@code accept}: effective accept mode: accept / no_accept; default true, except in strict mode below priority
 *     255</li>
 * <li>{@code nopreempt}: nopreempt (preempt is its default)</li>
 * <li>{@code preemptDelay}: preempt_delay (0-1000 s)</li>
 * <li>{@code strictMode}: effective strict_mode (default: global vrrp_strict)</li>
 * <li>{@code skipCheckAdvAddr}: effective skip_check_adv_addr (default: global vrrp_skip_check_adv_addr)</li>
 * <li>{@code notifyScripts}: notify scripts</li>
 * <li>{@code smtpAlert}: effective smtp_alert (default: global smtp_alert_vrrp / smtp_alert)</li>
 * <li>{@code notifyPriorityChanges}: effective notify_priority_changes (default: the sync group's, else global
 *     vrrp_notify_priority_changes)</li>
 * <li>{@code garpMasterDelay}: garp_master_delay (default: global vrrp_garp_master_delay)</li>
 * <li>{@code garpMasterRepeat}: garp_master_repeat (default: global)</li>
 * <li>{@code garpMasterRefresh}: garp_master_refresh, zero for none (default: global)</li>
 * <li>{@code garpMasterRefreshRepeat}: garp_master_refresh_repeat (default: global)</li>
 * <li>{@code garpLowerPrioDelay}: garp_lower_prio_delay (default: global; 0 in strict mode)</li>
 * <li>{@code garpLowerPrioRepeat}: garp_lower_prio_repeat (default: global; 0 in strict mode)</li>
 * <li>{@code downTimerAdverts}: down_timer_adverts, 1-100 (default: global vrrp_down_timer_adverts)</li>
 * <li>{@code lowerPrioNoAdvert}: effective lower_prio_no_advert (default: global; true in strict mode)</li>
 * <li>{@code higherPrioSendAdvert}: effective higher_prio_send_advert (default: global; false in strict mode)</li>
 * </ul>
 */
public record VrrpInstance(
        String name,
        InitialState state,
        Optional<String> interfaceName,
        Optional<Vmac> useVmac,
        boolean vmacXmitBase,
        boolean dontTrackPrimary,
        List<TrackedInterface> trackInterfaces,
        List<TrackedScript> trackScripts,
        List<TrackedFile> trackFiles,
        Optional<InetAddress> sourceAddress,
        boolean trackSrcIp,
        Optional<InetAddress> multicastGroup,
        List<UnicastPeer> unicastPeers,
        OptionalInt unicastTtl,
        boolean unicastFaultNoPeer,
        boolean checkUnicastSrc,
        int virtualRouterId,
        int priority,
        Duration advertInterval,
        int version,
        AddressFamily family,
        Optional<Authentication> authentication,
        List<VirtualAddress> virtualAddresses,
        List<VirtualAddress> excludedAddresses,
        List<RouteSpec> virtualRoutes,
        List<RouteSpec> virtualRules,
        boolean promoteSecondaries,
        boolean accept,
        boolean nopreempt,
        Duration preemptDelay,
        boolean strictMode,
        boolean skipCheckAdvAddr,
        NotifyScripts notifyScripts,
        boolean smtpAlert,
        boolean notifyPriorityChanges,
        Duration garpMasterDelay,
        int garpMasterRepeat,
        Duration garpMasterRefresh,
        int garpMasterRefreshRepeat,
        Duration garpLowerPrioDelay,
        int garpLowerPrioRepeat,
        int downTimerAdverts,
        boolean lowerPrioNoAdvert,
        boolean higherPrioSendAdvert
) {
    /** The state keepalived is told to start in ({@code state}). */
    public enum InitialState {
        MASTER,
        BACKUP
    }

    /** The priority of the address owner: never lowered by tracking, takes over at once. */
    public static final int PRIORITY_OWNER = 255;

    public VrrpInstance {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(useVmac, "useVmac");
        trackInterfaces = List.copyOf(trackInterfaces);
        trackScripts = List.copyOf(trackScripts);
        Objects.requireNonNull(sourceAddress, "sourceAddress");
        Objects.requireNonNull(multicastGroup, "multicastGroup");
        unicastPeers = List.copyOf(unicastPeers);
        Objects.requireNonNull(unicastTtl, "unicastTtl");
        Objects.requireNonNull(advertInterval, "advertInterval");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(authentication, "authentication");
        virtualAddresses = List.copyOf(virtualAddresses);
        excludedAddresses = List.copyOf(excludedAddresses);
        virtualRoutes = List.copyOf(virtualRoutes);
        virtualRules = List.copyOf(virtualRules);
        Objects.requireNonNull(preemptDelay, "preemptDelay");
        Objects.requireNonNull(notifyScripts, "notifyScripts");
        Objects.requireNonNull(garpMasterDelay, "garpMasterDelay");
        Objects.requireNonNull(garpMasterRefresh, "garpMasterRefresh");
        Objects.requireNonNull(garpLowerPrioDelay, "garpLowerPrioDelay");
        if (virtualRouterId < 1 || virtualRouterId > 255) {
            throw new IllegalArgumentException("virtual_router_id " + virtualRouterId);
        }
        if (priority < 1 || priority > 255) {
            throw new IllegalArgumentException("priority " + priority);
        }
        if (version != 2 && version != 3) {
            throw new IllegalArgumentException("version " + version);
        }
    }

    /** Whether adverts are unicast to {@link #unicastPeers()} rather than multicast. */
    public boolean unicast() {
        return !unicastPeers.isEmpty();
    }

    /** Whether this instance owns its addresses (priority 255). */
    public boolean addressOwner() {
        return priority == PRIORITY_OWNER;
    }

    public static Builder builder(String name, int virtualRouterId) {
        Builder b = new Builder();
        b.name = name;
        b.virtualRouterId = virtualRouterId;
        return b;
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.state = state;
        b.interfaceName = interfaceName;
        b.useVmac = useVmac;
        b.vmacXmitBase = vmacXmitBase;
        b.dontTrackPrimary = dontTrackPrimary;
        b.trackInterfaces = trackInterfaces;
        b.trackScripts = trackScripts;
        b.sourceAddress = sourceAddress;
        b.trackSrcIp = trackSrcIp;
        b.multicastGroup = multicastGroup;
        b.unicastPeers = unicastPeers;
        b.unicastTtl = unicastTtl;
        b.unicastFaultNoPeer = unicastFaultNoPeer;
        b.checkUnicastSrc = checkUnicastSrc;
        b.virtualRouterId = virtualRouterId;
        b.priority = priority;
        b.advertInterval = advertInterval;
        b.version = version;
        b.family = family;
        b.authentication = authentication;
        b.virtualAddresses = virtualAddresses;
        b.excludedAddresses = excludedAddresses;
        b.virtualRoutes = virtualRoutes;
        b.virtualRules = virtualRules;
        b.promoteSecondaries = promoteSecondaries;
        b.accept = accept;
        b.nopreempt = nopreempt;
        b.preemptDelay = preemptDelay;
        b.strictMode = strictMode;
        b.skipCheckAdvAddr = skipCheckAdvAddr;
        b.notifyScripts = notifyScripts;
        b.smtpAlert = smtpAlert;
        b.notifyPriorityChanges = notifyPriorityChanges;
        b.garpMasterDelay = garpMasterDelay;
        b.garpMasterRepeat = garpMasterRepeat;
        b.garpMasterRefresh = garpMasterRefresh;
        b.garpMasterRefreshRepeat = garpMasterRefreshRepeat;
        b.garpLowerPrioDelay = garpLowerPrioDelay;
        b.garpLowerPrioRepeat = garpLowerPrioRepeat;
        b.downTimerAdverts = downTimerAdverts;
        b.lowerPrioNoAdvert = lowerPrioNoAdvert;
        b.higherPrioSendAdvert = higherPrioSendAdvert;
        return b;
    }

    /** Mutable accumulator used by the binder and by tests; starts from keepalived's defaults. */
    public static final class Builder {
        public String name = null;
        public InitialState state = InitialState.BACKUP;
        public Optional<String> interfaceName = Optional.empty();
        public Optional<Vmac> useVmac = Optional.empty();
        public boolean vmacXmitBase = false;
        public boolean dontTrackPrimary = false;
        public List<TrackedInterface> trackInterfaces = List.of();
        public List<TrackedScript> trackScripts = List.of();
        public List<TrackedFile> trackFiles = List.of();
        public Optional<InetAddress> sourceAddress = Optional.empty();
        public boolean trackSrcIp = false;
        public Optional<InetAddress> multicastGroup = Optional.empty();
        public List<UnicastPeer> unicastPeers = List.of();
        public OptionalInt unicastTtl = OptionalInt.empty();
        public boolean unicastFaultNoPeer = false;
        public boolean checkUnicastSrc = false;
        public int virtualRouterId = 0;
        public int priority = 100;
        public Duration advertInterval = Duration.ofSeconds(1);
        public int version = 2;
        public AddressFamily family = AddressFamily.IPV4;
        public Optional<Authentication> authentication = Optional.empty();
        public List<VirtualAddress> virtualAddresses = List.of();
        public List<VirtualAddress> excludedAddresses = List.of();
        public List<RouteSpec> virtualRoutes = List.of();
        public List<RouteSpec> virtualRules = List.of();
        public boolean promoteSecondaries = false;
        public boolean accept = true;
        public boolean nopreempt = false;
        public Duration preemptDelay = Duration.ZERO;
        public boolean strictMode = false;
        public boolean skipCheckAdvAddr = false;
        public NotifyScripts notifyScripts = NotifyScripts.NONE;
        public boolean smtpAlert = false;
        public boolean notifyPriorityChanges = false;
        public Duration garpMasterDelay = Duration.ofSeconds(5);
        public int garpMasterRepeat = 5;
        public Duration garpMasterRefresh = Duration.ZERO;
        public int garpMasterRefreshRepeat = 1;
        public Duration garpLowerPrioDelay = Duration.ofSeconds(5);
        public int garpLowerPrioRepeat = 5;
        public int downTimerAdverts = 3;
        public boolean lowerPrioNoAdvert = false;
        public boolean higherPrioSendAdvert = false;

        private Builder() {
        }

        public VrrpInstance build() {
            return new VrrpInstance(name, state, interfaceName, useVmac, vmacXmitBase, dontTrackPrimary,
                    trackInterfaces, trackScripts, trackFiles, sourceAddress, trackSrcIp, multicastGroup, unicastPeers, unicastTtl,
                    unicastFaultNoPeer, checkUnicastSrc, virtualRouterId, priority, advertInterval, version, family,
                    authentication, virtualAddresses, excludedAddresses, virtualRoutes, virtualRules,
                    promoteSecondaries, accept, nopreempt, preemptDelay, strictMode, skipCheckAdvAddr, notifyScripts,
                    smtpAlert, notifyPriorityChanges, garpMasterDelay, garpMasterRepeat, garpMasterRefresh,
                    garpMasterRefreshRepeat, garpLowerPrioDelay, garpLowerPrioRepeat, downTimerAdverts,
                    lowerPrioNoAdvert, higherPrioSendAdvert);
        }
    }
}
