package io.jkeepalived.config.model;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code global_defs} as effective values: every default
 * keepalived applies is already in place, so readers never need to know keepalived's defaults.
 *
 * <p>Components, in the order the canonical writer emits them (each is named after its keyword):
 * <ul>
 * <li>{@code routerId}: router_id; empty means the host name, resolved by the daemon</li>
 * <li>{@code notificationEmail}: notification_email addresses, in order</li>
 * <li>{@code notificationEmailFrom}: notification_email_from; empty means keepalived's default (user@host name)</li>
 * <li>{@code smtpServer}: smtp_server</li>
 * <li>{@code smtpHeloName}: smtp_helo_name; empty means the host name</li>
 * <li>{@code smtpConnectTimeout}: smtp_connect_timeout</li>
 * <li>{@code smtpAlert}: smtp_alert: default of every smtp_alert</li>
 * <li>{@code smtpAlertVrrp}: effective default of VRRP instances' and sync groups' smtp_alert (smtp_alert_vrrp,
 *     else smtp_alert)</li>
 * <li>{@code smtpAlertChecker}: effective default of the checkers' smtp_alert (smtp_alert_checker, else
 *     smtp_alert)</li>
 * <li>{@code checkerLogAllFailures}: checker_log_all_failures</li>
 * <li>{@code noEmailFaults}: no_email_faults</li>
 * <li>{@code enableScriptSecurity}: enable_script_security</li>
 * <li>{@code scriptUser}: script_user; empty means keepalived_script if it exists, else the daemon's user</li>
 * <li>{@code startupScript}: startup_script</li>
 * <li>{@code startupScriptTimeout}: startup_script_timeout</li>
 * <li>{@code shutdownScript}: shutdown_script</li>
 * <li>{@code shutdownScriptTimeout}: shutdown_script_timeout</li>
 * <li>{@code notifyFifo}: notify_fifo and notify_fifo_script</li>
 * <li>{@code vrrpNotifyFifo}: vrrp_notify_fifo and vrrp_notify_fifo_script</li>
 * <li>{@code lvsNotifyFifo}: lvs_notify_fifo and lvs_notify_fifo_script</li>
 * <li>{@code defaultInterface}: default_interface: where static addresses without dev go</li>
 * <li>{@code dynamicInterfaces}: dynamic_interfaces</li>
 * <li>{@code allowIfChanges}: dynamic_interfaces allow_if_changes</li>
 * <li>{@code vrrpMcastGroup4}: vrrp_mcast_group4</li>
 * <li>{@code vrrpMcastGroup6}: vrrp_mcast_group6</li>
 * <li>{@code vrrpGarpMasterDelay}: vrrp_garp_master_delay: delay of the second burst of gratuitous ARPs after
 *     becoming master, zero for none</li>
 * <li>{@code vrrpGarpMasterRepeat}: vrrp_garp_master_repeat: gratuitous ARPs per burst</li>
 * <li>{@code vrrpGarpMasterRefresh}: vrrp_garp_master_refresh: period of gratuitous ARPs while master, zero for
 *     none</li>
 * <li>{@code vrrpGarpMasterRefreshRepeat}: vrrp_garp_master_refresh_repeat</li>
 * <li>{@code vrrpGarpLowerPrioDelay}: vrrp_garp_lower_prio_delay (defaults to vrrp_garp_master_delay)</li>
 * <li>{@code vrrpGarpLowerPrioRepeat}: vrrp_garp_lower_prio_repeat (defaults to vrrp_garp_master_repeat)</li>
 * <li>{@code vrrpDownTimerAdverts}: vrrp_down_timer_adverts</li>
 * <li>{@code vrrpGarpInterval}: vrrp_garp_interval: pause between gratuitous ARPs on one interface</li>
 * <li>{@code vrrpGnaInterval}: vrrp_gna_interval: pause between unsolicited neighbour adverts on one interface</li>
 * <li>{@code vrrpLowerPrioNoAdvert}: vrrp_lower_prio_no_advert</li>
 * <li>{@code vrrpHigherPrioSendAdvert}: vrrp_higher_prio_send_advert</li>
 * <li>{@code vrrpVersion}: vrrp_version: default version of IPv4 instances</li>
 * <li>{@code vrrpIptables}: vrrp_iptables</li>
 * <li>{@code nftables}: nftables, nftables_priority, nftables_counters, nftables_ifindex</li>
 * <li>{@code vrrpCheckUnicastSrc}: vrrp_check_unicast_src</li>
 * <li>{@code vrrpSkipCheckAdvAddr}: vrrp_skip_check_adv_addr</li>
 * <li>{@code vrrpStrict}: vrrp_strict</li>
 * <li>{@code vrrpNotifyPriorityChanges}: vrrp_notify_priority_changes</li>
 * <li>{@code vrrpStartupDelay}: vrrp_startup_delay</li>
 * <li>{@code vrrpPriority}: vrrp_priority: nice value of the VRRP process (-20..19)</li>
 * <li>{@code vrrpNoSwap}: vrrp_no_swap</li>
 * <li>{@code vrrpRtPriority}: vrrp_rt_priority: SCHED_RR priority (1-99), 0 for none</li>
 * <li>{@code checkerPriority}: checker_priority: nice value of the checker process (-20..19)</li>
 * <li>{@code checkerNoSwap}: checker_no_swap</li>
 * <li>{@code checkerRtPriority}: checker_rt_priority: SCHED_RR priority (1-99), 0 for none</li>
 * <li>{@code vrrpRlimitRttime}: vrrp_rlimit_rttime: RLIMIT_RTTIME in microseconds with vrrp_rt_priority (default 10000)</li>
 * <li>{@code checkerRlimitRttime}: checker_rlimit_rttime: the same with checker_rt_priority (default 10000)</li>
 * <li>{@code vrrpCpuAffinity}: vrrp_cpu_affinity: CPU numbers for the VRRP thread, empty for no setting</li>
 * <li>{@code checkerCpuAffinity}: checker_cpu_affinity: the same for the checker threads</li>
 * <li>{@code maxAutoPriority}: max_auto_priority: 0 never raises priority by itself, -1 also silences the notice</li>
 * <li>{@code minAutoPriorityDelay}: min_auto_priority_delay (configured in microseconds)</li>
 * <li>{@code lvsTimeouts}: lvs_timeouts</li>
 * <li>{@code lvsSyncDaemon}: lvs_sync_daemon</li>
 * <li>{@code lvsFlush}: lvs_flush: flush IPVS at startup</li>
 * <li>{@code lvsFlushOnStop}: lvs_flush_on_stop</li>
 * </ul>
 */
public record GlobalDefs(
        Optional<String> routerId,
        List<String> notificationEmail,
        Optional<String> notificationEmailFrom,
        Optional<SmtpServer> smtpServer,
        Optional<String> smtpHeloName,
        Duration smtpConnectTimeout,
        boolean smtpAlert,
        boolean smtpAlertVrrp,
        boolean smtpAlertChecker,
        boolean checkerLogAllFailures,
        boolean noEmailFaults,
        boolean enableScriptSecurity,
        Optional<ScriptUser> scriptUser,
        Optional<ScriptCommand> startupScript,
        Duration startupScriptTimeout,
        Optional<ScriptCommand> shutdownScript,
        Duration shutdownScriptTimeout,
        Optional<NotifyFifo> notifyFifo,
        Optional<NotifyFifo> vrrpNotifyFifo,
        Optional<NotifyFifo> lvsNotifyFifo,
        String defaultInterface,
        boolean dynamicInterfaces,
        boolean allowIfChanges,
        InetAddress vrrpMcastGroup4,
        InetAddress vrrpMcastGroup6,
        Duration vrrpGarpMasterDelay,
        int vrrpGarpMasterRepeat,
        Duration vrrpGarpMasterRefresh,
        int vrrpGarpMasterRefreshRepeat,
        Duration vrrpGarpLowerPrioDelay,
        int vrrpGarpLowerPrioRepeat,
        int vrrpDownTimerAdverts,
        Duration vrrpGarpInterval,
        Duration vrrpGnaInterval,
        boolean vrrpLowerPrioNoAdvert,
        boolean vrrpHigherPrioSendAdvert,
        int vrrpVersion,
        Optional<IptablesChains> vrrpIptables,
        NftablesOptions nftables,
        boolean vrrpCheckUnicastSrc,
        boolean vrrpSkipCheckAdvAddr,
        boolean vrrpStrict,
        boolean vrrpNotifyPriorityChanges,
        Duration vrrpStartupDelay,
        int vrrpPriority,
        boolean vrrpNoSwap,
        int vrrpRtPriority,
        int checkerPriority,
        boolean checkerNoSwap,
        int checkerRtPriority,
        long vrrpRlimitRttime,
        long checkerRlimitRttime,
        List<Integer> vrrpCpuAffinity,
        List<Integer> checkerCpuAffinity,
        int maxAutoPriority,
        Duration minAutoPriorityDelay,
        LvsTimeouts lvsTimeouts,
        Optional<LvsSyncDaemon> lvsSyncDaemon,
        boolean lvsFlush,
        LvsFlushOnStop lvsFlushOnStop) {
    public GlobalDefs {
        Objects.requireNonNull(routerId, "routerId");
        Objects.requireNonNull(notificationEmail, "notificationEmail");
        Objects.requireNonNull(notificationEmailFrom, "notificationEmailFrom");
        Objects.requireNonNull(smtpServer, "smtpServer");
        Objects.requireNonNull(smtpHeloName, "smtpHeloName");
        Objects.requireNonNull(smtpConnectTimeout, "smtpConnectTimeout");
        Objects.requireNonNull(scriptUser, "scriptUser");
        Objects.requireNonNull(startupScript, "startupScript");
        Objects.requireNonNull(startupScriptTimeout, "startupScriptTimeout");
        Objects.requireNonNull(shutdownScript, "shutdownScript");
        Objects.requireNonNull(shutdownScriptTimeout, "shutdownScriptTimeout");
        Objects.requireNonNull(notifyFifo, "notifyFifo");
        Objects.requireNonNull(vrrpNotifyFifo, "vrrpNotifyFifo");
        Objects.requireNonNull(lvsNotifyFifo, "lvsNotifyFifo");
        Objects.requireNonNull(defaultInterface, "defaultInterface");
        Objects.requireNonNull(vrrpMcastGroup4, "vrrpMcastGroup4");
        Objects.requireNonNull(vrrpMcastGroup6, "vrrpMcastGroup6");
        Objects.requireNonNull(vrrpGarpMasterDelay, "vrrpGarpMasterDelay");
        Objects.requireNonNull(vrrpGarpMasterRefresh, "vrrpGarpMasterRefresh");
        Objects.requireNonNull(vrrpGarpLowerPrioDelay, "vrrpGarpLowerPrioDelay");
        Objects.requireNonNull(vrrpGarpInterval, "vrrpGarpInterval");
        Objects.requireNonNull(vrrpGnaInterval, "vrrpGnaInterval");
        Objects.requireNonNull(vrrpIptables, "vrrpIptables");
        Objects.requireNonNull(nftables, "nftables");
        Objects.requireNonNull(vrrpStartupDelay, "vrrpStartupDelay");
        Objects.requireNonNull(minAutoPriorityDelay, "minAutoPriorityDelay");
        Objects.requireNonNull(lvsTimeouts, "lvsTimeouts");
        Objects.requireNonNull(lvsSyncDaemon, "lvsSyncDaemon");
        Objects.requireNonNull(lvsFlushOnStop, "lvsFlushOnStop");
        notificationEmail = List.copyOf(notificationEmail);
        vrrpCpuAffinity = List.copyOf(vrrpCpuAffinity);
        checkerCpuAffinity = List.copyOf(checkerCpuAffinity);
    }

    /** keepalived's defaults: what a configuration without {@code global_defs} means. */
    public static GlobalDefs defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.routerId = routerId;
        b.notificationEmail = notificationEmail;
        b.notificationEmailFrom = notificationEmailFrom;
        b.smtpServer = smtpServer;
        b.smtpHeloName = smtpHeloName;
        b.smtpConnectTimeout = smtpConnectTimeout;
        b.smtpAlert = smtpAlert;
        b.smtpAlertVrrp = smtpAlertVrrp;
        b.smtpAlertChecker = smtpAlertChecker;
        b.checkerLogAllFailures = checkerLogAllFailures;
        b.noEmailFaults = noEmailFaults;
        b.enableScriptSecurity = enableScriptSecurity;
        b.scriptUser = scriptUser;
        b.startupScript = startupScript;
        b.startupScriptTimeout = startupScriptTimeout;
        b.shutdownScript = shutdownScript;
        b.shutdownScriptTimeout = shutdownScriptTimeout;
        b.notifyFifo = notifyFifo;
        b.vrrpNotifyFifo = vrrpNotifyFifo;
        b.lvsNotifyFifo = lvsNotifyFifo;
        b.defaultInterface = defaultInterface;
        b.dynamicInterfaces = dynamicInterfaces;
        b.allowIfChanges = allowIfChanges;
        b.vrrpMcastGroup4 = vrrpMcastGroup4;
        b.vrrpMcastGroup6 = vrrpMcastGroup6;
        b.vrrpGarpMasterDelay = vrrpGarpMasterDelay;
        b.vrrpGarpMasterRepeat = vrrpGarpMasterRepeat;
        b.vrrpGarpMasterRefresh = vrrpGarpMasterRefresh;
        b.vrrpGarpMasterRefreshRepeat = vrrpGarpMasterRefreshRepeat;
        b.vrrpGarpLowerPrioDelay = vrrpGarpLowerPrioDelay;
        b.vrrpGarpLowerPrioRepeat = vrrpGarpLowerPrioRepeat;
        b.vrrpDownTimerAdverts = vrrpDownTimerAdverts;
        b.vrrpGarpInterval = vrrpGarpInterval;
        b.vrrpGnaInterval = vrrpGnaInterval;
        b.vrrpLowerPrioNoAdvert = vrrpLowerPrioNoAdvert;
        b.vrrpHigherPrioSendAdvert = vrrpHigherPrioSendAdvert;
        b.vrrpVersion = vrrpVersion;
        b.vrrpIptables = vrrpIptables;
        b.nftables = nftables;
        b.vrrpCheckUnicastSrc = vrrpCheckUnicastSrc;
        b.vrrpSkipCheckAdvAddr = vrrpSkipCheckAdvAddr;
        b.vrrpStrict = vrrpStrict;
        b.vrrpNotifyPriorityChanges = vrrpNotifyPriorityChanges;
        b.vrrpStartupDelay = vrrpStartupDelay;
        b.vrrpPriority = vrrpPriority;
        b.vrrpNoSwap = vrrpNoSwap;
        b.vrrpRtPriority = vrrpRtPriority;
        b.checkerPriority = checkerPriority;
        b.checkerNoSwap = checkerNoSwap;
        b.checkerRtPriority = checkerRtPriority;
        b.vrrpRlimitRttime = vrrpRlimitRttime;
        b.checkerRlimitRttime = checkerRlimitRttime;
        b.vrrpCpuAffinity = vrrpCpuAffinity;
        b.checkerCpuAffinity = checkerCpuAffinity;
        b.maxAutoPriority = maxAutoPriority;
        b.minAutoPriorityDelay = minAutoPriorityDelay;
        b.lvsTimeouts = lvsTimeouts;
        b.lvsSyncDaemon = lvsSyncDaemon;
        b.lvsFlush = lvsFlush;
        b.lvsFlushOnStop = lvsFlushOnStop;
        return b;
    }

    /** keepalived's built-in values that are objects rather than literals. */
    public static final class Defaults {
        public static final InetAddress MCAST_GROUP4 = literal(new byte[] {(byte) 224, 0, 0, 18});
        public static final InetAddress MCAST_GROUP6 = literal(new byte[] {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0x12});

        private Defaults() {
        }

        private static InetAddress literal(byte[] bytes) {
            try {
                return InetAddress.getByAddress(bytes);
            } catch (java.net.UnknownHostException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** Mutable accumulator used by the binder and by tests; starts from keepalived's defaults. */
    public static final class Builder {
        public Optional<String> routerId = Optional.empty();
        public List<String> notificationEmail = List.of();
        public Optional<String> notificationEmailFrom = Optional.empty();
        public Optional<SmtpServer> smtpServer = Optional.empty();
        public Optional<String> smtpHeloName = Optional.empty();
        public Duration smtpConnectTimeout = Duration.ofSeconds(30);
        public boolean smtpAlert = false;
        public boolean smtpAlertVrrp = false;
        public boolean smtpAlertChecker = false;
        public boolean checkerLogAllFailures = false;
        public boolean noEmailFaults = false;
        public boolean enableScriptSecurity = false;
        public Optional<ScriptUser> scriptUser = Optional.empty();
        public Optional<ScriptCommand> startupScript = Optional.empty();
        public Duration startupScriptTimeout = Duration.ofSeconds(10);
        public Optional<ScriptCommand> shutdownScript = Optional.empty();
        public Duration shutdownScriptTimeout = Duration.ofSeconds(10);
        public Optional<NotifyFifo> notifyFifo = Optional.empty();
        public Optional<NotifyFifo> vrrpNotifyFifo = Optional.empty();
        public Optional<NotifyFifo> lvsNotifyFifo = Optional.empty();
        public String defaultInterface = "eth0";
        public boolean dynamicInterfaces = false;
        public boolean allowIfChanges = false;
        public InetAddress vrrpMcastGroup4 = Defaults.MCAST_GROUP4;
        public InetAddress vrrpMcastGroup6 = Defaults.MCAST_GROUP6;
        public Duration vrrpGarpMasterDelay = Duration.ofSeconds(5);
        public int vrrpGarpMasterRepeat = 5;
        public Duration vrrpGarpMasterRefresh = Duration.ZERO;
        public int vrrpGarpMasterRefreshRepeat = 1;
        public Duration vrrpGarpLowerPrioDelay = Duration.ofSeconds(5);
        public int vrrpGarpLowerPrioRepeat = 5;
        public int vrrpDownTimerAdverts = 3;
        public Duration vrrpGarpInterval = Duration.ZERO;
        public Duration vrrpGnaInterval = Duration.ZERO;
        public boolean vrrpLowerPrioNoAdvert = false;
        public boolean vrrpHigherPrioSendAdvert = false;
        public int vrrpVersion = 2;
        public Optional<IptablesChains> vrrpIptables = Optional.empty();
        public NftablesOptions nftables = NftablesOptions.DEFAULTS;
        public boolean vrrpCheckUnicastSrc = false;
        public boolean vrrpSkipCheckAdvAddr = false;
        public boolean vrrpStrict = false;
        public boolean vrrpNotifyPriorityChanges = false;
        public Duration vrrpStartupDelay = Duration.ZERO;
        public int vrrpPriority = 0;
        public boolean vrrpNoSwap = false;
        public int vrrpRtPriority = 0;
        public int checkerPriority = 0;
        public boolean checkerNoSwap = false;
        public int checkerRtPriority = 0;
        public long vrrpRlimitRttime = 10_000;
        public long checkerRlimitRttime = 10_000;
        public List<Integer> vrrpCpuAffinity = List.of();
        public List<Integer> checkerCpuAffinity = List.of();
        public int maxAutoPriority = 0;
        public Duration minAutoPriorityDelay = Duration.ofSeconds(1);
        public LvsTimeouts lvsTimeouts = LvsTimeouts.UNCHANGED;
        public Optional<LvsSyncDaemon> lvsSyncDaemon = Optional.empty();
        public boolean lvsFlush = false;
        public LvsFlushOnStop lvsFlushOnStop = LvsFlushOnStop.NONE;

        private Builder() {
        }

        public GlobalDefs build() {
            return new GlobalDefs(routerId, notificationEmail, notificationEmailFrom, smtpServer,
                    smtpHeloName, smtpConnectTimeout, smtpAlert, smtpAlertVrrp, smtpAlertChecker,
                    checkerLogAllFailures, noEmailFaults, enableScriptSecurity, scriptUser, startupScript,
                    startupScriptTimeout, shutdownScript, shutdownScriptTimeout, notifyFifo, vrrpNotifyFifo,
                    lvsNotifyFifo, defaultInterface, dynamicInterfaces, allowIfChanges, vrrpMcastGroup4,
                    vrrpMcastGroup6, vrrpGarpMasterDelay, vrrpGarpMasterRepeat, vrrpGarpMasterRefresh,
                    vrrpGarpMasterRefreshRepeat, vrrpGarpLowerPrioDelay, vrrpGarpLowerPrioRepeat,
                    vrrpDownTimerAdverts, vrrpGarpInterval, vrrpGnaInterval, vrrpLowerPrioNoAdvert,
                    vrrpHigherPrioSendAdvert, vrrpVersion, vrrpIptables, nftables, vrrpCheckUnicastSrc, vrrpSkipCheckAdvAddr,
                    vrrpStrict, vrrpNotifyPriorityChanges, vrrpStartupDelay, vrrpPriority, vrrpNoSwap, vrrpRtPriority,
                    checkerPriority, checkerNoSwap, checkerRtPriority, vrrpRlimitRttime, checkerRlimitRttime,
                    vrrpCpuAffinity, checkerCpuAffinity, maxAutoPriority, minAutoPriorityDelay, lvsTimeouts, lvsSyncDaemon, lvsFlush, lvsFlushOnStop);
        }
    }
}
