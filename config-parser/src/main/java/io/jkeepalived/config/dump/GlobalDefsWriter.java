package io.jkeepalived.config.dump;

import static io.jkeepalived.config.dump.ConfText.address;
import static io.jkeepalived.config.dump.ConfText.bool;
import static io.jkeepalived.config.dump.ConfText.script;
import static io.jkeepalived.config.dump.ConfText.seconds;
import static io.jkeepalived.config.dump.ConfText.wholeSeconds;

import io.jkeepalived.config.model.GlobalDefs;
import io.jkeepalived.config.model.LvsFlushOnStop;
import io.jkeepalived.config.model.LvsSyncDaemon;
import io.jkeepalived.config.model.NotifyFifo;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@link GlobalDefs} as a canonical {@code global_defs} block (see docs/dump-format.md): every value
 * explicit, in the order of the record's components. Switches that keepalived cannot turn off
 * ({@code vrrp_strict}, {@code enable_script_security}, ...) appear only when on; optional values only when
 * set; the garp/gna intervals and the startup delay only when not zero (keepalived rejects 0 for them).
 */
public final class GlobalDefsWriter {
    public void write(GlobalDefs g, ConfText t) {
        t.open("global_defs");
        g.routerId().ifPresent(v -> t.line("router_id", v));
        if (!g.notificationEmail().isEmpty()) {
            t.open("notification_email");
            g.notificationEmail().forEach(t::line);
            t.close();
        }
        g.notificationEmailFrom().ifPresent(v -> t.line("notification_email_from", v));
        g.smtpServer().ifPresent(v -> t.line("smtp_server", v.host(), Integer.toString(v.port())));
        g.smtpHeloName().ifPresent(v -> t.line("smtp_helo_name", v));
        t.line("smtp_connect_timeout", wholeSeconds(g.smtpConnectTimeout()));
        t.line("smtp_alert", bool(g.smtpAlert()));
        t.line("smtp_alert_vrrp", bool(g.smtpAlertVrrp()));
        t.line("smtp_alert_checker", bool(g.smtpAlertChecker()));
        t.line("checker_log_all_failures", bool(g.checkerLogAllFailures()));
        if (g.noEmailFaults()) {
            t.line("no_email_faults");
        }
        if (g.enableScriptSecurity()) {
            t.line("enable_script_security");
        }
        g.scriptUser().ifPresent(u -> {
            List<String> w = new ArrayList<>(List.of("script_user", u.user()));
            u.group().ifPresent(w::add);
            t.line(w);
        });
        g.startupScript().ifPresent(s -> t.line(script("startup_script", s)));
        t.line("startup_script_timeout", wholeSeconds(g.startupScriptTimeout()));
        g.shutdownScript().ifPresent(s -> t.line(script("shutdown_script", s)));
        t.line("shutdown_script_timeout", wholeSeconds(g.shutdownScriptTimeout()));
        fifo(t, "notify_fifo", g.notifyFifo().orElse(null));
        fifo(t, "vrrp_notify_fifo", g.vrrpNotifyFifo().orElse(null));
        fifo(t, "lvs_notify_fifo", g.lvsNotifyFifo().orElse(null));
        t.line("default_interface", g.defaultInterface());
        if (g.dynamicInterfaces()) {
            if (g.allowIfChanges()) {
                t.line("dynamic_interfaces", "allow_if_changes");
            } else {
                t.line("dynamic_interfaces");
            }
        }
        t.line("vrrp_mcast_group4", address(g.vrrpMcastGroup4()));
        t.line("vrrp_mcast_group6", address(g.vrrpMcastGroup6()));
        if (g.vrrpGarpMasterRefreshRepeat() == 0) {
            // only vrrp_min_garp yields 0 refresh repeats (the keyword turns 0 into 1); the explicit values
            // below override everything else it changes
            t.line("vrrp_min_garp");
        }
        t.line("vrrp_garp_master_delay", wholeSeconds(g.vrrpGarpMasterDelay()));
        t.line("vrrp_garp_master_repeat", Integer.toString(g.vrrpGarpMasterRepeat()));
        t.line("vrrp_garp_master_refresh", wholeSeconds(g.vrrpGarpMasterRefresh()));
        if (g.vrrpGarpMasterRefreshRepeat() != 0) {
            t.line("vrrp_garp_master_refresh_repeat", Integer.toString(g.vrrpGarpMasterRefreshRepeat()));
        }
        t.line("vrrp_garp_lower_prio_delay", wholeSeconds(g.vrrpGarpLowerPrioDelay()));
        t.line("vrrp_garp_lower_prio_repeat", Integer.toString(g.vrrpGarpLowerPrioRepeat()));
        t.line("vrrp_down_timer_adverts", Integer.toString(g.vrrpDownTimerAdverts()));
        if (!g.vrrpGarpInterval().isZero()) {
            t.line("vrrp_garp_interval", seconds(g.vrrpGarpInterval()));
        }
        if (!g.vrrpGnaInterval().isZero()) {
            t.line("vrrp_gna_interval", seconds(g.vrrpGnaInterval()));
        }
        t.line("vrrp_lower_prio_no_advert", bool(g.vrrpLowerPrioNoAdvert()));
        t.line("vrrp_higher_prio_send_advert", bool(g.vrrpHigherPrioSendAdvert()));
        t.line("vrrp_version", Integer.toString(g.vrrpVersion()));
        g.vrrpIptables().ifPresent(c -> {
            List<String> w = new ArrayList<>(List.of("vrrp_iptables", c.in()));
            c.out().ifPresent(w::add);
            t.line(w);
        });
        // nftables first: it resets the priority that follows it.
        g.nftables().table().ifPresent(name -> t.line("nftables", name));
        t.line("nftables_priority", Integer.toString(g.nftables().priority()));
        if (g.nftables().counters()) {
            t.line("nftables_counters");
        }
        if (g.nftables().ifindex()) {
            t.line("nftables_ifindex");
        }
        if (g.vrrpCheckUnicastSrc()) {
            t.line("vrrp_check_unicast_src");
        }
        if (g.vrrpSkipCheckAdvAddr()) {
            t.line("vrrp_skip_check_adv_addr");
        }
        if (g.vrrpStrict()) {
            t.line("vrrp_strict");
        }
        t.line("vrrp_notify_priority_changes", bool(g.vrrpNotifyPriorityChanges()));
        if (!g.vrrpStartupDelay().isZero()) {
            t.line("vrrp_startup_delay", seconds(g.vrrpStartupDelay()));
        }
        t.line("vrrp_priority", Integer.toString(g.vrrpPriority()));
        if (g.vrrpNoSwap()) {
            t.line("vrrp_no_swap");
        }
        if (g.vrrpRtPriority() != 0) {
            t.line("vrrp_rt_priority", Integer.toString(g.vrrpRtPriority()));
        }
        t.line("checker_priority", Integer.toString(g.checkerPriority()));
        if (g.checkerNoSwap()) {
            t.line("checker_no_swap");
        }
        if (g.checkerRtPriority() != 0) {
            t.line("checker_rt_priority", Integer.toString(g.checkerRtPriority()));
        }
        t.line("vrrp_rlimit_rttime", Long.toString(g.vrrpRlimitRttime()));
        t.line("checker_rlimit_rttime", Long.toString(g.checkerRlimitRttime()));
        if (!g.vrrpCpuAffinity().isEmpty()) {
            t.line(java.util.stream.Stream.concat(java.util.stream.Stream.of("vrrp_cpu_affinity"),
                    g.vrrpCpuAffinity().stream().map(String::valueOf)).toArray(String[]::new));
        }
        if (!g.checkerCpuAffinity().isEmpty()) {
            t.line(java.util.stream.Stream.concat(java.util.stream.Stream.of("checker_cpu_affinity"),
                    g.checkerCpuAffinity().stream().map(String::valueOf)).toArray(String[]::new));
        }
        t.line("max_auto_priority", Integer.toString(g.maxAutoPriority()));
        t.line("min_auto_priority_delay", Long.toString(g.minAutoPriorityDelay().toNanos() / 1000));
        if (!g.lvsTimeouts().isUnchanged()) {
            List<String> w = new ArrayList<>(List.of("lvs_timeouts"));
            g.lvsTimeouts().tcp().ifPresent(d -> w.addAll(List.of("tcp", wholeSeconds(d))));
            g.lvsTimeouts().tcpFin().ifPresent(d -> w.addAll(List.of("tcpfin", wholeSeconds(d))));
            g.lvsTimeouts().udp().ifPresent(d -> w.addAll(List.of("udp", wholeSeconds(d))));
            t.line(w);
        }
        g.lvsSyncDaemon().ifPresent(d -> t.line(syncDaemon(d)));
        if (g.lvsFlush()) {
            t.line("lvs_flush");
        }
        if (g.lvsFlushOnStop() == LvsFlushOnStop.FULL) {
            t.line("lvs_flush_on_stop");
        } else if (g.lvsFlushOnStop() == LvsFlushOnStop.VS) {
            t.line("lvs_flush_on_stop", "VS");
        }
        t.close();
    }

    private static void fifo(ConfText t, String keyword, NotifyFifo fifo) {
        if (fifo == null) {
            return;
        }
        List<String> w = new ArrayList<>(List.of(keyword, fifo.path()));
        fifo.owner().ifPresent(o -> {
            w.add(o.user());
            o.group().ifPresent(w::add);
        });
        t.line(w);
        fifo.script().ifPresent(s -> t.line(script(keyword + "_script", s)));
    }

    private static List<String> syncDaemon(LvsSyncDaemon d) {
        List<String> w = new ArrayList<>(List.of("lvs_sync_daemon", d.interfaceName()));
        d.vrrpInstance().ifPresent(i -> w.addAll(List.of("inst", i)));
        w.addAll(List.of("id", Integer.toString(d.syncId())));
        d.maxLen().ifPresent(v -> w.addAll(List.of("maxlen", Integer.toString(v))));
        d.port().ifPresent(v -> w.addAll(List.of("port", Integer.toString(v))));
        d.ttl().ifPresent(v -> w.addAll(List.of("ttl", Integer.toString(v))));
        d.group().ifPresent(v -> w.addAll(List.of("group", address(v))));
        return w;
    }
}
