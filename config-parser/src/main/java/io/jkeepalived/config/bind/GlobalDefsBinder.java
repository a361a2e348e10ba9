package io.jkeepalived.config.bind;

import io.jkeepalived.config.Diagnostics;
import io.jkeepalived.config.SourceLocation;
import io.jkeepalived.config.Statement;
import io.jkeepalived.config.model.AddressFamily;
import io.jkeepalived.config.model.GlobalDefs;
import io.jkeepalived.config.model.IptablesChains;
import io.jkeepalived.config.model.NftablesOptions;
import io.jkeepalived.config.model.LvsFlushOnStop;
import io.jkeepalived.config.model.LvsSyncDaemon;
import io.jkeepalived.config.model.LvsTimeouts;
import io.jkeepalived.config.model.NotifyFifo;
import io.jkeepalived.config.model.ScriptCommand;
import io.jkeepalived.config.model.ScriptUser;
import io.jkeepalived.config.model.SmtpServer;
import io.jkeepalived.config.source.EscapedWords;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Binds {@code global_defs} (every block of it, in order, as keepalived accumulates them) and recognises the
 * top-level keywords keepalived reads alongside it ({@code net_namespace}, {@code instance}, ...), which
 * jkeepalived does not support.
 *
 * <p>Semantics follow keepalived 2.2.7's global_parser.c: a rejected value is an ERROR and the default stays;
 * a value keepalived adjusts (0 repeats becomes 1, ...) is a WARNING and the adjusted value is kept.
 */
public final class GlobalDefsBinder {
    /** Top-level keywords of keepalived's global parser other than global_defs. */
    private static final Set<String> TOP_LEVEL_UNSUPPORTED = Set.of("net_namespace", "net_namespace_ipvs",
            "namespace_with_ipsets", "use_pid_dir", "instance", "child_wait_time", "linkbeat_use_polling");

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,62})"
            + "(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*\\.?");
    private static final long LVS_MAX_TIMEOUT = 86400L * 31;
    /** sched_get_priority_max(SCHED_RR) on Linux. */
    private static final int MAX_RT_PRIORITY = 99;
    /** CPU_SETSIZE - 1: the largest CPU number a cpu_set_t holds. */
    private static final int MAX_CPU = 1023;
    private static final int IFNAMSIZ = 16;

    private final Diagnostics diagnostics;
    private final GlobalDefs.Builder b = GlobalDefs.builder();
    /** Whether {@code nftables} was given (keepalived ignores it the second time). */
    private boolean nftablesNamed;
    private final BlockReader reader;

    private Boolean smtpAlert;
    private Boolean smtpAlertVrrp;
    private Boolean smtpAlertChecker;
    private Duration lowerPrioDelay;
    private Integer lowerPrioRepeat;
    private final Fifo notifyFifo = new Fifo("notify_fifo");
    private final Fifo vrrpNotifyFifo = new Fifo("vrrp_notify_fifo");
    private final Fifo lvsNotifyFifo = new Fifo("lvs_notify_fifo");
    private Optional<Duration> lvsTcp = Optional.empty();
    private Optional<Duration> lvsTcpFin = Optional.empty();
    private Optional<Duration> lvsUdp = Optional.empty();
    private SyncDaemonDraft syncDaemon;

    public GlobalDefsBinder(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
        this.reader = keywords(new BlockReader(diagnostics));
    }

    /** Whether {@code keyword} is {@code global_defs} or another top-level keyword of keepalived's global parser. */
    public boolean accepts(String keyword) {
        return keyword.equals("global_defs") || TOP_LEVEL_UNSUPPORTED.contains(keyword);
    }

    public void bind(Statement statement) {
        if (!statement.keyword().equals("global_defs")) {
            diagnostics.warn(statement.location(), "'" + statement.keyword()
                    + "' is not supported by jkeepalived; ignored");
            return;
        }
        if (!statement.hasBlock()) {
            diagnostics.error(statement.location(), "global_defs: expected a block '{ ... }'; ignored");
            return;
        }
        if (!statement.args().isEmpty()) {
            diagnostics.warn(statement.location(), "global_defs: ignoring unexpected extra words '"
                    + String.join(" ", statement.args()) + "'");
        }
        reader.read(statement.children());
    }

    /**
     * smtp_alert_checker, else smtp_alert, when one of them was written: the default of the checkers' smtp_alert.
     * Kept apart from {@link GlobalDefs#smtpAlertChecker()} because a real server's default differs from a virtual
     * server's only when neither was written.
     */
    public Optional<Boolean> checkerSmtpAlertIfSet() {
        return Optional.ofNullable(smtpAlertChecker != null ? smtpAlertChecker : smtpAlert);
    }

    /** The effective global definitions; {@link GlobalDefs#defaults()} when there was no global_defs. */
    public GlobalDefs finish() {
        b.smtpAlert = smtpAlert != null && smtpAlert;
        b.smtpAlertVrrp = smtpAlertVrrp != null ? smtpAlertVrrp : b.smtpAlert;
        b.smtpAlertChecker = smtpAlertChecker != null ? smtpAlertChecker : b.smtpAlert;
        b.vrrpGarpLowerPrioDelay = lowerPrioDelay != null ? lowerPrioDelay : b.vrrpGarpMasterDelay;
        b.vrrpGarpLowerPrioRepeat = lowerPrioRepeat != null ? lowerPrioRepeat : b.vrrpGarpMasterRepeat;
        b.notifyFifo = notifyFifo.finish();
        b.vrrpNotifyFifo = vrrpNotifyFifo.finish();
        b.lvsNotifyFifo = lvsNotifyFifo.finish();
        b.lvsTimeouts = new LvsTimeouts(lvsTcp, lvsTcpFin, lvsUdp);
        b.lvsSyncDaemon = Optional.ofNullable(syncDaemon).map(SyncDaemonDraft::toModel);
        return b.build();
    }

    /**
     * What global_defs can only know once the VRRP instances are bound: the instance {@code lvs_sync_daemon}
     * follows must exist (else keepalived clears the whole setting, with an ERROR), and its VRID is the default
     * sync id. The deprecated {@code lvs_sync_daemon_interface} of an instance fills in a missing
     * lvs_sync_daemon (with sync id 0, as keepalived 2.2.7 does).
     */
    GlobalDefs complete(GlobalDefs g, io.jkeepalived.config.model.VrrpConfig vrrp,
                        Optional<VrrpBinder.LegacySyncInterface> legacy) {
        if (syncDaemon == null) {
            if (legacy.isEmpty()) {
                return g;
            }
            GlobalDefs.Builder nb = g.toBuilder();
            nb.lvsSyncDaemon = Optional.of(new LvsSyncDaemon(legacy.get().interfaceName(),
                    Optional.of(legacy.get().instance()), 0, OptionalInt.empty(), OptionalInt.empty(),
                    OptionalInt.empty(), Optional.empty()));
            return nb.build();
        }
        legacy.ifPresent(l -> diagnostics.error(l.location(), "lvs_sync_daemon_interface: lvs_sync_daemon is "
                + "already given in global_defs as '" + syncDaemon.interfaceName + "'; ignored"));
        if (syncDaemon.instance == null) {
            return g;
        }
        Optional<io.jkeepalived.config.model.VrrpInstance> instance = vrrp.instance(syncDaemon.instance);
        GlobalDefs.Builder nb = g.toBuilder();
        if (instance.isEmpty()) {
            diagnostics.error(syncDaemon.location, "lvs_sync_daemon: no usable vrrp_instance named "
                    + syncDaemon.instance + "; lvs_sync_daemon ignored");
            nb.lvsSyncDaemon = Optional.empty();
        } else if (syncDaemon.syncId == null) {
            nb.lvsSyncDaemon = g.lvsSyncDaemon().map(d -> d.withSyncId(instance.get().virtualRouterId()));
        }
        return nb.build();
    }

    /**
     * Where {@code lvs_sync_daemon} was written, so that the VRRP side can report a reference to an unknown
     * instance at the right line.
     */
    Optional<SourceLocation> lvsSyncDaemonLocation() {
        return Optional.ofNullable(syncDaemon).map(d -> d.location);
    }

    private BlockReader keywords(BlockReader r) {
        r.line("router_id", a -> a.word(0, "a router id").ifPresent(v -> {
            a.atMost(1);
            b.routerId = Optional.of(v);
        }));
        r.block("notification_email", s -> {
            List<String> emails = BlockReader.words(s);
            if (emails.isEmpty()) {
                diagnostics.warn(s.location(), "notification_email: empty block");
            }
            List<String> all = new ArrayList<>(b.notificationEmail);
            all.addAll(emails);
            b.notificationEmail = all;
        });
        r.line("notification_email_from", a -> a.word(0, "an e-mail address").ifPresent(v -> {
            a.atMost(1);
            b.notificationEmailFrom = Optional.of(v);
        }));
        r.line("smtp_server", this::smtpServer);
        // Applied by StatementReader to the includes that follow it (it needs to act while reading).
        r.line("include_check", a -> {
        });
        r.line("smtp_helo_name", a -> a.word(0, "a host name").ifPresent(v -> {
            a.atMost(1);
            b.smtpHeloName = Optional.of(v);
        }));
        r.line("smtp_connect_timeout", a -> a.wholeSeconds(0, 0, Integer.MAX_VALUE).ifPresent(v -> {
            a.atMost(1);
            if (v.isZero()) {
                a.warn("must be greater than 0; using 1");
                v = Duration.ofSeconds(1);
            }
            b.smtpConnectTimeout = v;
        }));
        r.line("smtp_alert", a -> flag(a, v -> smtpAlert = v));
        r.line("smtp_alert_vrrp", a -> flag(a, v -> smtpAlertVrrp = v));
        r.line("smtp_alert_checker", a -> flag(a, v -> smtpAlertChecker = v));
        r.line("checker_log_all_failures", a -> flag(a, v -> b.checkerLogAllFailures = v));
        r.line("no_email_faults", a -> {
            a.noValue();
            b.noEmailFaults = true;
        });
        r.line("enable_script_security", a -> {
            a.noValue();
            b.enableScriptSecurity = true;
        });
        r.line("script_user", a -> a.word(0, "a user name").ifPresent(user -> {
            a.atMost(2);
            b.scriptUser = Optional.of(new ScriptUser(user, a.count() > 1 ? Optional.of(a.all().get(1))
                    : Optional.empty()));
        }));
        r.line("startup_script", a -> {
            if (b.startupScript.isPresent()) {
                a.error("already specified; ignored");
                return;
            }
            b.startupScript = scriptCommand(a);
        });
        r.line("shutdown_script", a -> {
            if (b.shutdownScript.isPresent()) {
                a.error("already specified; ignored");
                return;
            }
            b.shutdownScript = scriptCommand(a);
        });
        r.line("startup_script_timeout", a -> a.wholeSeconds(0, 1, 1000).ifPresent(v -> {
            a.atMost(1);
            b.startupScriptTimeout = v;
        }));
        r.line("shutdown_script_timeout", a -> a.wholeSeconds(0, 1, 1000).ifPresent(v -> {
            a.atMost(1);
            b.shutdownScriptTimeout = v;
        }));
        r.line("notify_fifo", notifyFifo::path);
        r.line("notify_fifo_script", notifyFifo::script);
        r.line("vrrp_notify_fifo", vrrpNotifyFifo::path);
        r.line("vrrp_notify_fifo_script", vrrpNotifyFifo::script);
        r.line("lvs_notify_fifo", lvsNotifyFifo::path);
        r.line("lvs_notify_fifo_script", lvsNotifyFifo::script);
        r.line("default_interface", a -> a.word(0, "an interface name").ifPresent(v -> {
            a.atMost(1);
            b.defaultInterface = v;
        }));
        r.line("dynamic_interfaces", a -> {
            b.dynamicInterfaces = true;
            if (a.count() > 0) {
                a.atMost(1);
                if (a.all().get(0).equals("allow_if_changes")) {
                    b.allowIfChanges = true;
                } else {
                    a.error("unknown option '" + a.all().get(0) + "'; expected allow_if_changes");
                }
            }
        });
        r.line("vrrp_mcast_group4", a -> multicastGroup(a, AddressFamily.IPV4).ifPresent(v -> b.vrrpMcastGroup4 = v));
        r.line("vrrp_mcast_group6", a -> multicastGroup(a, AddressFamily.IPV6).ifPresent(v -> b.vrrpMcastGroup6 = v));
        r.line("vrrp_garp_master_delay", a -> a.wholeSeconds(0, 0, Integer.MAX_VALUE).ifPresent(v -> {
            a.atMost(1);
            b.vrrpGarpMasterDelay = v;
        }));
        r.line("vrrp_garp_master_repeat", a -> repeat(a, v -> b.vrrpGarpMasterRepeat = v));
        r.line("vrrp_garp_master_refresh", a -> {
            a.atMost(1);
            b.vrrpGarpMasterRefresh = a.wholeSeconds(0, 0, Integer.MAX_VALUE).orElse(Duration.ZERO);
        });
        r.line("vrrp_garp_master_refresh_repeat", a -> repeat(a, v -> b.vrrpGarpMasterRefreshRepeat = v));
        r.line("vrrp_garp_lower_prio_delay", a -> a.wholeSeconds(0, 0, Integer.MAX_VALUE).ifPresent(v -> {
            a.atMost(1);
            lowerPrioDelay = v;
        }));
        r.line("vrrp_garp_lower_prio_repeat", a -> a.integer(0, 0, Integer.MAX_VALUE).ifPresent(v -> {
            a.atMost(1);
            lowerPrioRepeat = (int) v;
        }));
        r.line("vrrp_down_timer_adverts", a -> a.integer(0, 1, 100).ifPresent(v -> {
            a.atMost(1);
            b.vrrpDownTimerAdverts = (int) v;
        }));
        r.line("vrrp_garp_interval", a -> a.seconds(0, 0.000001, Integer.MAX_VALUE / 1e6).ifPresent(v -> {
            a.atMost(1);
            b.vrrpGarpInterval = v;
        }));
        r.line("vrrp_gna_interval", a -> a.seconds(0, 0.000001, Integer.MAX_VALUE / 1e6).ifPresent(v -> {
            a.atMost(1);
            b.vrrpGnaInterval = v;
        }));
        r.line("vrrp_min_garp", this::minGarp);
        r.line("vrrp_lower_prio_no_advert", a -> flag(a, v -> b.vrrpLowerPrioNoAdvert = v));
        r.line("vrrp_higher_prio_send_advert", a -> flag(a, v -> b.vrrpHigherPrioSendAdvert = v));
        r.line("vrrp_version", a -> a.integer(0, 2, 3).ifPresent(v -> {
            a.atMost(1);
            b.vrrpVersion = (int) v;
        }));
        r.line("vrrp_iptables", a -> {
            if (b.vrrpIptables.isPresent()) {
                a.error("already specified; ignored");
                return;
            }
            a.atMost(2);
            if (a.count() == 0) {
                b.vrrpIptables = Optional.of(new IptablesChains("INPUT", Optional.of("OUTPUT")));
            } else {
                b.vrrpIptables = Optional.of(new IptablesChains(a.all().get(0),
                        a.count() > 1 ? Optional.of(a.all().get(1)) : Optional.empty()));
            }
        });
        r.line("nftables", a -> {
            if (nftablesNamed) {
                a.error("nftables already specified; ignored");
                return;
            }
            a.atMost(1);
            String name = a.count() == 0 ? NftablesOptions.DEFAULT_TABLE : a.all().get(0);
            if (name.length() > NftablesOptions.MAX_TABLE_NAME) {
                a.error("nftables table name '" + name + "' is longer than " + NftablesOptions.MAX_TABLE_NAME
                        + " characters; ignored");
                return;
            }
            nftablesNamed = true;
            // As keepalived: naming the table puts the chain priority back to its default.
            b.nftables = new NftablesOptions(Optional.of(name), NftablesOptions.DEFAULT_PRIORITY,
                    b.nftables.counters(), b.nftables.ifindex());
        });
        r.line("nftables_priority", a -> a.integer(0, Integer.MIN_VALUE, Integer.MAX_VALUE).ifPresent(v -> {
            a.atMost(1);
            b.nftables = new NftablesOptions(b.nftables.table(), (int) v, b.nftables.counters(), b.nftables.ifindex());
        }));
        r.line("nftables_counters", a -> {
            a.noValue();
            b.nftables = new NftablesOptions(b.nftables.table(), b.nftables.priority(), true, b.nftables.ifindex());
        });
        r.line("nftables_ifindex", a -> {
            a.noValue();
            b.nftables = new NftablesOptions(b.nftables.table(), b.nftables.priority(), b.nftables.counters(), true);
        });
        r.line("vrrp_check_unicast_src", a -> {
            a.noValue();
            b.vrrpCheckUnicastSrc = true;
        });
        r.line("vrrp_skip_check_adv_addr", a -> {
            a.noValue();
            b.vrrpSkipCheckAdvAddr = true;
        });
        r.line("vrrp_strict", a -> {
            a.noValue();
            b.vrrpStrict = true;
        });
        r.line("vrrp_notify_priority_changes", a -> flag(a, v -> b.vrrpNotifyPriorityChanges = v));
        r.line("vrrp_startup_delay", a -> a.seconds(0, 0.001, Integer.MAX_VALUE / 1e6).ifPresent(v -> {
            a.atMost(1);
            b.vrrpStartupDelay = v;
        }));
        r.line("vrrp_priority", a -> a.integer(0, -20, 19).ifPresent(v -> {
            a.atMost(1);
            b.vrrpPriority = (int) v;
        }));
        r.line("checker_priority", a -> a.integer(0, -20, 19).ifPresent(v -> {
            a.atMost(1);
            b.checkerPriority = (int) v;
        }));
        r.line("vrrp_no_swap", a -> {
            a.noValue();
            b.vrrpNoSwap = true;
        });
        r.line("checker_no_swap", a -> {
            a.noValue();
            b.checkerNoSwap = true;
        });
        r.line("vrrp_rt_priority", a -> realtimePriority(a).ifPresent(v -> b.vrrpRtPriority = v));
        r.line("checker_rt_priority", a -> realtimePriority(a).ifPresent(v -> b.checkerRtPriority = v));
        r.line("vrrp_rlimit_rttime", a -> realtimeLimit(a).ifPresent(v -> b.vrrpRlimitRttime = v));
        r.line("checker_rlimit_rttime", a -> realtimeLimit(a).ifPresent(v -> b.checkerRlimitRttime = v));
        r.line("vrrp_cpu_affinity", a -> cpuSet(a).ifPresent(v -> b.vrrpCpuAffinity = v));
        r.line("checker_cpu_affinity", a -> cpuSet(a).ifPresent(v -> b.checkerCpuAffinity = v));
        r.line("max_auto_priority", a -> {
            if (a.count() == 0) {
                b.maxAutoPriority = MAX_RT_PRIORITY;
                return;
            }
            a.atMost(1);
            a.integer(0, -1, MAX_RT_PRIORITY).ifPresent(v -> b.maxAutoPriority = (int) v);
        });
        r.line("min_auto_priority_delay", a -> a.integer(0, 1, 10_000_000).ifPresent(v -> {
            a.atMost(1);
            b.minAutoPriorityDelay = Duration.ofNanos(v * 1000);
        }));
        r.line("lvs_timeouts", this::lvsTimeouts);
        r.line("lvs_sync_daemon", this::lvsSyncDaemon);
        r.line("lvs_flush", a -> {
            a.noValue();
            b.lvsFlush = true;
        });
        r.line("lvs_flush_on_stop", a -> {
            a.atMost(1);
            if (a.count() == 0) {
                b.lvsFlushOnStop = LvsFlushOnStop.FULL;
            } else if (a.all().get(0).equals("VS")) {
                b.lvsFlushOnStop = LvsFlushOnStop.VS;
            } else {
                a.error("expected nothing or VS, got '" + a.all().get(0) + "'");
            }
        });
        r.alias("lvs_flush_onstop", "lvs_flush_on_stop");
        r.alias("lvs_process_name", "checker_process_name");
        r.alias("vrrp_rlimit_rtime", "vrrp_rlimit_rttime");
        r.alias("checker_rlimit_rtime", "checker_rlimit_rttime");
        r.alias("bfd_rlimit_rtime", "bfd_rlimit_rttime");
        r.alias("enable_snmp_keepalived", "enable_snmp_vrrp");
        r.alias("vrrp_vmac_garp_intvl", "vrrp_garp_extra_if");
        r.unsupported("process_names", "process_name", "vrrp_process_name", "checker_process_name",
                "bfd_process_name", "vrrp_garp_extra_if", "vrrp_ipsets", "nftables_ipvs", "nftables_ipvs_priority", "nftables_ipvs_start_fwmark",
                "nftables_counters", "bfd_priority", "bfd_no_swap", "bfd_rt_priority", "bfd_cpu_affinity",
                "bfd_rlimit_rttime", "snmp_socket", "enable_traps", "enable_snmp_vrrp", "enable_snmp_rfc",
                "enable_snmp_rfcv2", "enable_snmp_rfcv3", "enable_snmp_checker", "enable_dbus",
                "dbus_service_name", "disable_local_igmp", "fifo_write_vrrp_states_on_reload",
                "vrrp_netlink_cmd_rcv_bufs", "vrrp_netlink_cmd_rcv_bufs_force", "vrrp_netlink_monitor_rcv_bufs",
                "vrrp_netlink_monitor_rcv_bufs_force", "process_monitor_rcv_bufs",
                "process_monitor_rcv_bufs_force", "lvs_netlink_cmd_rcv_bufs", "lvs_netlink_cmd_rcv_bufs_force",
                "lvs_netlink_monitor_rcv_bufs", "lvs_netlink_monitor_rcv_bufs_force", "rs_init_notifies",
                "no_checker_emails", "vrrp_rx_bufs_policy", "vrrp_rx_bufs_multiplier", "log_unknown_vrids",
                "vmac_prefix", "vmac_addr_prefix", "umask", "random_seed", "reload_check_config",
                "reload_time_file", "reload_repeat", "reload_file", "config_save_dir",
                "tmp_config_directory", "data_use_instance",
                // keepalived 2.4 additions
                "dbus_no_interface_name", "iproute_etc_dir", "iproute_usr_dir", "json_dump_file", "json_version",
                "snmp_rs_stats_update_interval", "snmp_vs_stats_update_interval", "state_dump_file",
                "stats_dump_file", "use_symlink_paths", "v3_checksum_as_v2", "vrrp_delay_after_boot",
                "vrrp_owner_ignore_adverts");
        return r;
    }

    private static void flag(Args a, Consumer<Boolean> set) {
        a.atMost(1);
        a.flag(0).ifPresent(set);
    }

    /** keepalived allows 0 for compatibility with versions before 2.0.7 but means 1. */
    private static void repeat(Args a, Consumer<Integer> set) {
        a.integer(0, 0, Integer.MAX_VALUE).ifPresent(v -> {
            a.atMost(1);
            if (v == 0) {
                a.warn("must be greater than 0; using 1");
                v = 1;
            }
            set.accept((int) v);
        });
    }

    /** A script's command line and optional user and group: {@code KEYWORD CMDLINE [USER [GROUP]]}. */
    static Optional<ScriptCommand> scriptCommand(Args a) {
        Optional<String> command = a.word(0, "a script (quote it when it has arguments)");
        if (command.isEmpty()) {
            return Optional.empty();
        }
        if (command.get().isBlank()) {
            a.error("expected a script, got an empty string");
            return Optional.empty();
        }
        Optional<String> unsplittable = EscapedWords.split(command.get()).problem();
        if (unsplittable.isPresent()) {
            // keepalived: "Unable to parse script '...' - ignoring"
            a.error("cannot split the command into program and arguments: " + unsplittable.get()
                    + "; script ignored");
            return Optional.empty();
        }
        a.atMost(3);
        Optional<String> user = a.count() > 1 ? Optional.of(a.all().get(1)) : Optional.empty();
        Optional<String> group = a.count() > 2 ? Optional.of(a.all().get(2)) : Optional.empty();
        return Optional.of(new ScriptCommand(command.get(), user, group));
    }

    private void smtpServer(Args a) {
        Optional<String> host = a.word(0, "an IP address or host name");
        if (host.isEmpty()) {
            return;
        }
        a.atMost(2);
        int port = SmtpServer.DEFAULT_PORT;
        if (a.count() > 1) {
            OptionalLong p = a.integer(1, 1, 65535);
            if (p.isEmpty()) {
                return;
            }
            port = (int) p.getAsLong();
        }
        Optional<InetAddress> literal = Values.parseAddress(host.get());
        if (literal.isPresent()) {
            b.smtpServer = Optional.of(new SmtpServer(Values.formatAddress(literal.get()), port));
        } else if (HOST_NAME.matcher(host.get()).matches() && !host.get().matches("[0-9.]+")) {
            b.smtpServer = Optional.of(new SmtpServer(host.get(), port));
        } else {
            a.error("expected an IP address or host name, got '" + host.get() + "'");
        }
    }

    private Optional<InetAddress> multicastGroup(Args a, AddressFamily family) {
        Optional<InetAddress> address = a.address(0);
        if (address.isEmpty()) {
            return Optional.empty();
        }
        a.atMost(1);
        InetAddress group = address.get();
        String v = family == AddressFamily.IPV4 ? "4" : "6";
        if (AddressFamily.of(group) != family) {
            a.error("expected an IPv" + v + " multicast address, got '" + a.all().get(0) + "'");
            return Optional.empty();
        }
        if (!group.isMulticastAddress()) {
            a.error("expected an IPv" + v + " multicast address, got '" + a.all().get(0) + "' (not multicast)");
            return Optional.empty();
        }
        if (group instanceof Inet6Address && !group.isMCLinkLocal()) {
            a.warn("'" + a.all().get(0) + "' should be a link-local multicast address (ff02::/16)");
        }
        return Optional.of(group);
    }

    /**
     * keepalived applies vrrp_min_garp when it reads it, and only to values still at their defaults at that
     * point: later keywords override it, earlier ones are kept.
     */
    private void minGarp(Args a) {
        a.atMost(1);
        if (a.count() > 0) {
            Optional<Boolean> on = a.flag(0);
            if (on.isEmpty() || !on.get()) {
                return;
            }
        }
        if (b.vrrpGarpMasterRepeat == 5) {
            b.vrrpGarpMasterRepeat = 1;
        }
        if (b.vrrpGarpMasterRefreshRepeat == 1) {
            b.vrrpGarpMasterRefreshRepeat = 0;
        }
        if (b.vrrpGarpMasterDelay.equals(Duration.ofSeconds(5))) {
            b.vrrpGarpMasterDelay = Duration.ZERO;
        }
    }

    /** keepalived clamps real-time priorities into SCHED_RR's range with a message. */
    private static Optional<Integer> realtimePriority(Args a) {
        OptionalLong v = a.integer(0, Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        a.atMost(1);
        long p = v.getAsLong();
        if (p < 1) {
            a.warn("real-time priority " + p + " is below the minimum 1; using 1");
            p = 1;
        } else if (p > MAX_RT_PRIORITY) {
            a.warn("real-time priority " + p + " is above the maximum " + MAX_RT_PRIORITY + "; using "
                    + MAX_RT_PRIORITY);
            p = MAX_RT_PRIORITY;
        }
        return Optional.of((int) p);
    }

    /**
     * RLIMIT_RTTIME in microseconds, 1..2^32-1 as keepalived; 1 becomes 2 because the soft limit is half of it
     * and must not be 0.
     */
    private static Optional<Long> realtimeLimit(Args a) {
        OptionalLong v = a.integer(0, 1, 0xFFFF_FFFFL);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        a.atMost(1);
        return Optional.of(Math.max(2, v.getAsLong()));
    }

    /**
     * CPU numbers; one bad number drops the whole set, as keepalived does. keepalived also refuses numbers beyond
     * the CPUs online where it parses; we check that where the set is applied (the machine that runs it).
     */
    private static Optional<List<Integer>> cpuSet(Args a) {
        if (a.count() == 0) {
            a.error("expected one or more CPU numbers");
            return Optional.empty();
        }
        java.util.TreeSet<Integer> cpus = new java.util.TreeSet<>();
        for (int i = 0; i < a.count(); i++) {
            OptionalLong cpu = a.integer(i, 0, MAX_CPU);
            if (cpu.isEmpty()) {
                return Optional.empty();
            }
            cpus.add((int) cpu.getAsLong());
        }
        return Optional.of(List.copyOf(cpus));
    }

    private void lvsTimeouts(Args a) {
        if (a.count() < 2) {
            a.error("expected at least one of tcp SECS, tcpfin SECS, udp SECS");
            return;
        }
        List<String> w = a.all();
        for (int i = 0; i < w.size(); i++) {
            String option = w.get(i);
            if (!option.equals("tcp") && !option.equals("tcpfin") && !option.equals("udp")) {
                a.error("unknown option '" + option + "'; expected tcp, tcpfin or udp");
                continue;
            }
            if (i == w.size() - 1) {
                a.error("missing the number of seconds after '" + option + "'");
                continue;
            }
            i++;
            Optional<Duration> secs = a.wholeSeconds(i, 0, LVS_MAX_TIMEOUT);
            if (secs.isPresent()) {
                switch (option) {
                    case "tcp": lvsTcp = secs; break;
                    case "tcpfin": lvsTcpFin = secs; break;
                    default: lvsUdp = secs; break;
                }
            }
        }
    }

    private void lvsSyncDaemon(Args a) {
        if (syncDaemon != null) {
            a.error("already specified as '" + syncDaemon.interfaceName + "'; ignored");
            return;
        }
        Optional<String> ifname = a.word(0, "an interface name");
        if (ifname.isEmpty()) {
            return;
        }
        if (ifname.get().length() >= IFNAMSIZ) {
            a.error("interface name '" + ifname.get() + "' is longer than 15 characters; ignored");
            return;
        }
        SyncDaemonDraft d = new SyncDaemonDraft(ifname.get(), a.location());
        List<String> w = a.all();
        for (int i = 1; i < w.size(); i++) {
            String option = w.get(i);
            boolean hasValue = i + 1 < w.size();
            switch (option) {
                case "inst":
                    if (!hasValue) {
                        a.error("missing the VRRP instance name after 'inst'");
                    } else if (d.instance != null) {
                        a.error("VRRP instance already given as '" + d.instance + "'; '" + w.get(i + 1)
                                + "' ignored");
                    } else {
                        d.instance = w.get(i + 1);
                    }
                    i++;
                    continue;
                case "id":
                    if (!hasValue) {
                        a.error("missing the sync id after 'id'; the VRID is used");
                    } else {
                        a.integer(i + 1, 0, 255).ifPresent(v -> d.syncId = (int) v);
                    }
                    i++;
                    continue;
                case "maxlen":
                    if (hasValue) {
                        a.integer(i + 1, 1, 65535 - 20 - 8).ifPresent(v -> d.maxLen = OptionalInt.of((int) v));
                    } else {
                        a.error("missing the length after 'maxlen'");
                    }
                    i++;
                    continue;
                case "port":
                    if (hasValue) {
                        a.integer(i + 1, 1, 65535).ifPresent(v -> d.port = OptionalInt.of((int) v));
                    } else {
                        a.error("missing the port after 'port'");
                    }
                    i++;
                    continue;
                case "ttl":
                    if (hasValue) {
                        a.integer(i + 1, 1, 255).ifPresent(v -> d.ttl = OptionalInt.of((int) v));
                    } else {
                        a.error("missing the TTL after 'ttl'");
                    }
                    i++;
                    continue;
                case "group":
                    if (hasValue) {
                        String text = w.get(i + 1);
                        a.address(i + 1).ifPresent(g -> {
                            if (g.isMulticastAddress()) {
                                d.group = Optional.of(g);
                            } else {
                                a.error("group address '" + text + "' is not multicast; ignored");
                            }
                        });
                    } else {
                        a.error("missing the address after 'group'");
                    }
                    i++;
                    continue;
                default:
                    break;
            }
            // keepalived still reads the old positional form: lvs_sync_daemon IF VRRP_INSTANCE [SYNC_ID]
            if (i == 1 && d.instance == null) {
                a.warn("give the VRRP instance as 'inst " + option + "'");
                d.instance = option;
            } else if (i == 2 && Values.parseInteger(option).isPresent()) {
                a.warn("give the sync id as 'id " + option + "'");
                a.integer(i, 0, 255).ifPresent(v -> d.syncId = (int) v);
            } else {
                a.error("unknown option '" + option + "'; expected inst, id, maxlen, port, ttl or group");
            }
        }
        syncDaemon = d;
    }

    /** lvs_sync_daemon as read; the VRID default of the sync id is applied once the instances are known. */
    static final class SyncDaemonDraft {
        final String interfaceName;
        final SourceLocation location;
        String instance;
        Integer syncId;
        OptionalInt maxLen = OptionalInt.empty();
        OptionalInt port = OptionalInt.empty();
        OptionalInt ttl = OptionalInt.empty();
        Optional<InetAddress> group = Optional.empty();

        SyncDaemonDraft(String interfaceName, SourceLocation location) {
            this.interfaceName = interfaceName;
            this.location = location;
        }

        LvsSyncDaemon toModel() {
            return new LvsSyncDaemon(interfaceName, Optional.ofNullable(instance), syncId == null ? 0 : syncId,
                    maxLen, port, ttl, group);
        }
    }

    /** One of the three notify FIFOs: its path and owner, and separately the script that reads it. */
    private final class Fifo {
        private final String keyword;
        private String path;
        private Optional<ScriptUser> owner = Optional.empty();
        private Optional<ScriptCommand> script = Optional.empty();
        private SourceLocation scriptLocation;

        Fifo(String keyword) {
            this.keyword = keyword;
        }

        void path(Args a) {
            if (path != null) {
                a.error("already specified as '" + path + "'; ignored");
                return;
            }
            Optional<String> p = a.word(0, "a FIFO path");
            if (p.isEmpty()) {
                return;
            }
            a.atMost(3);
            path = p.get();
            if (a.count() > 1) {
                owner = Optional.of(new ScriptUser(a.all().get(1),
                        a.count() > 2 ? Optional.of(a.all().get(2)) : Optional.empty()));
            }
        }

        void script(Args a) {
            if (script.isPresent()) {
                a.error("already specified; ignored");
                return;
            }
            script = scriptCommand(a);
            scriptLocation = a.location();
        }

        Optional<NotifyFifo> finish() {
            if (path == null) {
                if (script.isPresent()) {
                    diagnostics.warn(scriptLocation, keyword + "_script without " + keyword + "; ignored");
                }
                return Optional.empty();
            }
            return Optional.of(new NotifyFifo(path, owner, script));
        }
    }
}
