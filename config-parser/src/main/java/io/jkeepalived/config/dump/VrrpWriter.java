package io.jkeepalived.config.dump;

import static io.jkeepalived.config.dump.ConfText.address;
import static io.jkeepalived.config.dump.ConfText.bool;
import static io.jkeepalived.config.dump.ConfText.script;
import static io.jkeepalived.config.dump.ConfText.seconds;
import static io.jkeepalived.config.dump.ConfText.wholeSeconds;

import io.jkeepalived.config.model.AddressFamily;
import io.jkeepalived.config.model.GlobalDefs;
import io.jkeepalived.config.model.NotifyScripts;
import io.jkeepalived.config.model.RouteSpec;
import io.jkeepalived.config.model.TrackFile;
import io.jkeepalived.config.model.TrackedFile;
import io.jkeepalived.config.model.TrackedInterface;
import io.jkeepalived.config.model.TrackedScript;
import io.jkeepalived.config.model.UnicastPeer;
import io.jkeepalived.config.model.VirtualAddress;
import io.jkeepalived.config.model.VrrpConfig;
import io.jkeepalived.config.model.VrrpInstance;
import io.jkeepalived.config.model.VrrpScript;
import io.jkeepalived.config.model.VrrpSyncGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@link VrrpConfig} in canonical form (see docs/dump-format.md): static addresses, routes and rules,
 * then every track_file, vrrp_script (tracked ones first), vrrp_sync_group and vrrp_instance in model order, each with every effective value
 * explicit. Scripts come before the instances that track them, as keepalived requires.
 */
public final class VrrpWriter {
    public void write(VrrpConfig vrrp, GlobalDefs g, ConfText t) {
        if (!vrrp.staticAddresses().isEmpty()) {
            t.blankLine().open("static_ipaddress");
            vrrp.staticAddresses().forEach(a -> t.line(addressWords(a)));
            t.close();
        }
        routes(t, "static_routes", vrrp.staticRoutes());
        routes(t, "static_rules", vrrp.staticRules());
        for (TrackFile f : vrrp.trackFiles()) {
            t.blankLine().open("track_file", f.name());
            t.line("file", f.path());
            if (f.weightReverse()) {
                t.line("weight", Integer.toString(f.weight()), "reverse");
            } else {
                t.line("weight", Integer.toString(f.weight()));
            }
            f.init().ifPresent(init -> {
                if (init.overwrite()) {
                    t.line("init_file", Integer.toString(init.value()), "overwrite");
                } else {
                    t.line("init_file", Integer.toString(init.value()));
                }
            });
            t.close();
        }
        // untracked scripts are never run, but they are part of the configuration (script security counts them)
        List<VrrpScript> scripts = new ArrayList<>(vrrp.scripts());
        scripts.addAll(vrrp.untrackedScripts());
        for (VrrpScript s : scripts) {
            t.blankLine().open("vrrp_script", s.name());
            t.line("script", s.command().commandLine());
            s.command().user().ifPresent(u -> {
                List<String> w = new ArrayList<>(List.of("user", u));
                s.command().group().ifPresent(w::add);
                t.line(w);
            });
            t.line("interval", wholeSeconds(s.interval()));
            t.line("timeout", wholeSeconds(s.timeout()));
            if (s.weightReverse()) {
                t.line("weight", Integer.toString(s.weight()), "reverse");
            } else {
                t.line("weight", Integer.toString(s.weight()));
            }
            t.line("rise", Integer.toString(s.rise()));
            t.line("fall", Integer.toString(s.fall()));
            if (s.initFail()) {
                t.line("init_fail");
            }
            t.close();
        }
        for (VrrpSyncGroup group : vrrp.syncGroups()) {
            t.blankLine().open("vrrp_sync_group", group.name());
            t.open("group");
            group.instances().forEach(t::line);
            t.close();
            trackInterfaces(t, group.trackInterfaces());
            trackScripts(t, group.trackScripts());
            trackFiles(t, group.trackFiles());
            notifyScripts(t, group.notifyScripts());
            t.line("smtp_alert", bool(group.smtpAlert()));
            if (group.trackingWeight()) {
                t.line("sync_group_tracking_weight");
            }
            t.line("notify_priority_changes", bool(group.notifyPriorityChanges()));
            t.close();
        }
        for (VrrpInstance i : vrrp.instances()) {
            instance(t, i, g);
        }
    }

    /**
     * The order matters in one place: version comes before anything that fixes the family (source address,
     * peers, addresses), because keepalived refuses "version 2" once it knows an instance is IPv6.
     */
    private static void instance(ConfText t, VrrpInstance i, GlobalDefs g) {
        t.blankLine().open("vrrp_instance", i.name());
        t.line("state", i.state().name());
        i.interfaceName().ifPresent(v -> t.line("interface", v));
        t.line("virtual_router_id", Integer.toString(i.virtualRouterId()));
        t.line("priority", Integer.toString(i.priority()));
        t.line("advert_int", seconds(i.advertInterval()));
        t.line("version", Integer.toString(i.version()));
        i.useVmac().ifPresent(v -> {
            List<String> w = new ArrayList<>(List.of("use_vmac"));
            v.interfaceName().ifPresent(w::add);
            v.macAddress().ifPresent(w::add);
            t.line(w);
        });
        if (i.vmacXmitBase()) {
            t.line("vmac_xmit_base");
        }
        if (i.dontTrackPrimary()) {
            t.line("dont_track_primary");
        }
        trackInterfaces(t, i.trackInterfaces());
        trackScripts(t, i.trackScripts());
        trackFiles(t, i.trackFiles());
        i.sourceAddress().ifPresent(a -> t.line(i.unicast() ? "unicast_src_ip" : "mcast_src_ip", address(a)));
        if (i.trackSrcIp()) {
            t.line("track_src_ip");
        }
        i.multicastGroup().ifPresent(group -> {
            // the global group is written in global_defs; repeating it here would be refused for an IPv6
            // group that is not link-local, which vrrp_mcast_group6 only warns about
            if (!group.equals(i.family() == AddressFamily.IPV4 ? g.vrrpMcastGroup4() : g.vrrpMcastGroup6())) {
                t.line("mcast_dst_ip", address(group));
            }
        });
        if (!i.unicastPeers().isEmpty()) {
            t.open("unicast_peer");
            i.unicastPeers().forEach(p -> t.line(peerWords(p)));
            t.close();
        }
        i.unicastTtl().ifPresent(v -> t.line("unicast_ttl", Integer.toString(v)));
        if (i.unicastFaultNoPeer()) {
            t.line("unicast_fault_no_peer");
        }
        if (i.checkUnicastSrc()) {
            t.line("check_unicast_src");
        }
        i.authentication().ifPresent(a -> {
            t.open("authentication");
            t.line("auth_type", a.type().name());
            t.line("auth_pass", a.password());
            t.close();
        });
        addresses(t, "virtual_ipaddress", i.virtualAddresses());
        addresses(t, "virtual_ipaddress_excluded", i.excludedAddresses());
        routes(t, "virtual_routes", i.virtualRoutes());
        routes(t, "virtual_rules", i.virtualRules());
        if (i.promoteSecondaries()) {
            t.line("promote_secondaries");
        }
        t.line(i.accept() ? "accept" : "no_accept");
        t.line(i.nopreempt() ? "nopreempt" : "preempt");
        t.line("preempt_delay", seconds(i.preemptDelay()));
        t.line("strict_mode", bool(i.strictMode()));
        t.line("skip_check_adv_addr", bool(i.skipCheckAdvAddr()));
        notifyScripts(t, i.notifyScripts());
        t.line("smtp_alert", bool(i.smtpAlert()));
        t.line("notify_priority_changes", bool(i.notifyPriorityChanges()));
        t.line("garp_master_delay", wholeSeconds(i.garpMasterDelay()));
        t.line("garp_master_repeat", Integer.toString(i.garpMasterRepeat()));
        t.line("garp_master_refresh", wholeSeconds(i.garpMasterRefresh()));
        if (i.garpMasterRefreshRepeat() != 0) {
            t.line("garp_master_refresh_repeat", Integer.toString(i.garpMasterRefreshRepeat()));
        } else if (g.vrrpGarpMasterRefreshRepeat() != 0) {
            throw new IllegalArgumentException(i.name() + ": 0 garp_master_refresh_repeat can only be inherited "
                    + "from vrrp_min_garp");
        }
        t.line("garp_lower_prio_delay", wholeSeconds(i.garpLowerPrioDelay()));
        t.line("garp_lower_prio_repeat", Integer.toString(i.garpLowerPrioRepeat()));
        t.line("down_timer_adverts", Integer.toString(i.downTimerAdverts()));
        t.line("lower_prio_no_advert", bool(i.lowerPrioNoAdvert()));
        t.line("higher_prio_send_advert", bool(i.higherPrioSendAdvert()));
        t.close();
    }

    private static void trackInterfaces(ConfText t, List<TrackedInterface> tracked) {
        if (tracked.isEmpty()) {
            return;
        }
        t.open("track_interface");
        for (TrackedInterface ti : tracked) {
            if (ti.reverse()) {
                t.line(ti.name(), "weight", Integer.toString(ti.weight()), "reverse");
            } else {
                t.line(ti.name(), "weight", Integer.toString(ti.weight()));
            }
        }
        t.close();
    }

    private static void trackScripts(ConfText t, List<TrackedScript> tracked) {
        if (tracked.isEmpty()) {
            return;
        }
        t.open("track_script");
        for (TrackedScript ts : tracked) {
            t.line(ts.name(), "weight", Integer.toString(ts.weight()), ts.reverse() ? "reverse" : "noreverse");
        }
        t.close();
    }

    private static void trackFiles(ConfText t, List<TrackedFile> tracked) {
        if (tracked.isEmpty()) {
            return;
        }
        t.open("track_file");
        for (TrackedFile tf : tracked) {
            t.line(tf.name(), "weight", Integer.toString(tf.weight()), tf.reverse() ? "reverse" : "noreverse");
        }
        t.close();
    }

    private static void notifyScripts(ConfText t, NotifyScripts n) {
        n.master().ifPresent(s -> t.line(script("notify_master", s)));
        n.backup().ifPresent(s -> t.line(script("notify_backup", s)));
        n.fault().ifPresent(s -> t.line(script("notify_fault", s)));
        n.stop().ifPresent(s -> t.line(script("notify_stop", s)));
        n.any().ifPresent(s -> t.line(script("notify", s)));
        n.masterRxLowerPri().ifPresent(s -> t.line(script("notify_master_rx_lower_pri", s)));
    }

    private static void addresses(ConfText t, String keyword, List<VirtualAddress> addresses) {
        if (addresses.isEmpty()) {
            return;
        }
        t.open(keyword);
        addresses.forEach(a -> t.line(addressWords(a)));
        t.close();
    }

    private static void routes(ConfText t, String keyword, List<RouteSpec> routes) {
        if (routes.isEmpty()) {
            return;
        }
        t.open(keyword);
        routes.forEach(r -> t.line(r.words()));
        t.close();
    }

    /** {@code ADDR/PREFIX [dev] [brd] [peer] [label] scope S [flags] preferred_lft N|forever}. */
    static List<String> addressWords(VirtualAddress a) {
        List<String> w = new ArrayList<>();
        w.add(address(a.address()) + "/" + a.prefixLength());
        a.device().ifPresent(d -> w.addAll(List.of("dev", d)));
        a.broadcast().ifPresent(b -> w.addAll(List.of("brd", address(b))));
        a.peer().ifPresent(p -> w.addAll(List.of("peer", address(p))));
        a.label().ifPresent(l -> w.addAll(List.of("label", l)));
        if (a.family() == AddressFamily.IPV4) {
            w.addAll(List.of("scope", VirtualAddress.scopeName(a.scope())));
        }
        if (a.home()) {
            w.add("home");
        }
        if (a.noDad()) {
            w.add("-nodad");
        }
        if (a.mngTmpAddr()) {
            w.add("mngtmpaddr");
        }
        if (a.noPrefixRoute()) {
            w.add("noprefixroute");
        }
        if (a.autoJoin()) {
            w.add("autojoin");
        }
        if (a.noTrack()) {
            w.add("no_track");
        }
        if (a.useVmac()) {
            w.add("use_vmac");
        }
        w.add("preferred_lft");
        w.add(a.preferredLifetime().isPresent() ? Long.toString(a.preferredLifetime().getAsLong()) : "forever");
        return w;
    }

    private static List<String> peerWords(UnicastPeer p) {
        List<String> w = new ArrayList<>(List.of(address(p.address())));
        // a ttl option, even at its default, turns on check_unicast_src: write only what narrows the range
        if (p.minTtl() != 0) {
            w.addAll(List.of("min_ttl", Integer.toString(p.minTtl())));
        }
        if (p.maxTtl() != 255) {
            w.addAll(List.of("max_ttl", Integer.toString(p.maxTtl())));
        }
        return w;
    }
}
