package io.jkeepalived.config.bind;

import static io.jkeepalived.config.testing.Expect.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.config.Severity;
import io.jkeepalived.config.model.GlobalDefs;
import io.jkeepalived.config.model.IptablesChains;
import io.jkeepalived.config.model.LvsFlushOnStop;
import io.jkeepalived.config.model.LvsSyncDaemon;
import io.jkeepalived.config.model.LvsTimeouts;
import io.jkeepalived.config.model.NotifyFifo;
import io.jkeepalived.config.model.ScriptCommand;
import io.jkeepalived.config.model.ScriptUser;
import io.jkeepalived.config.model.SmtpServer;
import io.jkeepalived.config.testing.Expect;
import io.jkeepalived.config.testing.TestConf;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class GlobalDefsBinderTest {

    private static final String VRRP_INSTANCE = """
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                virtual_ipaddress {
                    10.0.0.1
                }
            }
            """;

    /**
     * keepalived 2.2.7's defaults, as its -d dump printed them for a configuration without global_defs
     * (ran kdump in a network namespace): mcast groups 224.0.0.18 / ff02::12, garp delay 5, repeat 5,
     * refresh 0, refresh repeat 1, lower priority delay 5 and repeat 5, 3 adverts before down, version 2,
     * max auto priority 0, min auto priority delay 1000000 usecs, default interface eth0.
     */
    @Test
    void noGlobalDefsMeansKeepalivedsDefaults() {
        TestConf.Bound b = TestConf.bind("");
        Expect.clean(b);
        GlobalDefs g = b.config().globalDefs();
        assertEquals(GlobalDefs.defaults(), g);
        assertEquals(Optional.empty(), g.routerId(), "the host name, filled in by the daemon");
        assertEquals(ip("224.0.0.18"), g.vrrpMcastGroup4());
        assertEquals(ip("ff02::12"), g.vrrpMcastGroup6());
        assertEquals(Duration.ofSeconds(5), g.vrrpGarpMasterDelay());
        assertEquals(5, g.vrrpGarpMasterRepeat());
        assertEquals(Duration.ZERO, g.vrrpGarpMasterRefresh());
        assertEquals(1, g.vrrpGarpMasterRefreshRepeat());
        assertEquals(Duration.ofSeconds(5), g.vrrpGarpLowerPrioDelay());
        assertEquals(5, g.vrrpGarpLowerPrioRepeat());
        assertEquals(3, g.vrrpDownTimerAdverts());
        assertEquals(2, g.vrrpVersion());
        assertEquals("eth0", g.defaultInterface());
        assertEquals(Duration.ofSeconds(30), g.smtpConnectTimeout());
        assertEquals(Duration.ofSeconds(1), g.minAutoPriorityDelay());
        assertEquals(LvsTimeouts.UNCHANGED, g.lvsTimeouts());
        assertEquals(LvsFlushOnStop.NONE, g.lvsFlushOnStop());
    }

    @Test
    void everyModelledKeyword() {
        TestConf.Bound b = TestConf.bind("""
                global_defs {
                    router_id lb-1
                    notification_email {
                        ops@example.com
                        noc@example.com
                    }
                    notification_email_from lb@example.com
                    smtp_server mail.example.com 587
                    smtp_helo_name lb-1.example.com
                    smtp_connect_timeout 10
                    smtp_alert
                    smtp_alert_checker off
                    checker_log_all_failures yes
                    no_email_faults
                    enable_script_security
                    script_user nobody nogroup
                    startup_script "/usr/local/bin/fwmarks add" root
                    startup_script_timeout 20
                    shutdown_script /usr/local/bin/fwmarks-del
                    shutdown_script_timeout 5
                    vrrp_notify_fifo /run/keepalived.fifo root
                    vrrp_notify_fifo_script "/usr/local/bin/fifo-reader -v"
                    default_interface bond0
                    dynamic_interfaces allow_if_changes
                    vrrp_mcast_group4 224.0.0.19
                    vrrp_mcast_group6 ff02::13
                    vrrp_garp_master_delay 2
                    vrrp_garp_master_repeat 3
                    vrrp_garp_master_refresh 60
                    vrrp_garp_master_refresh_repeat 2
                    vrrp_garp_lower_prio_repeat 7
                    vrrp_down_timer_adverts 4
                    vrrp_garp_interval 0.001
                    vrrp_gna_interval 0.000001
                    vrrp_lower_prio_no_advert
                    vrrp_higher_prio_send_advert true
                    vrrp_version 3
                    vrrp_iptables keepalived_in keepalived_out
                    vrrp_check_unicast_src
                    vrrp_skip_check_adv_addr
                    vrrp_strict
                    vrrp_notify_priority_changes
                    vrrp_startup_delay 5.5
                    vrrp_priority -10
                    vrrp_no_swap
                    vrrp_rt_priority 50
                    checker_priority 5
                    checker_no_swap
                    checker_rt_priority 150
                    max_auto_priority
                    min_auto_priority_delay 500000
                    lvs_timeouts tcp 900 tcpfin 120 udp 300
                    lvs_sync_daemon eth1 id 7 maxlen 1400 port 8849 ttl 2 group 224.0.0.81
                    lvs_flush
                    lvs_flush_on_stop VS
                }
                """);
        Expect.reported(b, Severity.WARNING, 49, "checker_rt_priority", "above the maximum 99", "using 99");
        Expect.count(b, 1);

        GlobalDefs.Builder e = GlobalDefs.builder();
        e.routerId = Optional.of("lb-1");
        e.notificationEmail = List.of("ops@example.com", "noc@example.com");
        e.notificationEmailFrom = Optional.of("lb@example.com");
        e.smtpServer = Optional.of(new SmtpServer("mail.example.com", 587));
        e.smtpHeloName = Optional.of("lb-1.example.com");
        e.smtpConnectTimeout = Duration.ofSeconds(10);
        e.smtpAlert = true;
        e.smtpAlertVrrp = true;
        e.smtpAlertChecker = false;
        e.checkerLogAllFailures = true;
        e.noEmailFaults = true;
        e.enableScriptSecurity = true;
        e.scriptUser = Optional.of(new ScriptUser("nobody", Optional.of("nogroup")));
        e.startupScript = Optional.of(new ScriptCommand("/usr/local/bin/fwmarks add", Optional.of("root"),
                Optional.empty()));
        e.startupScriptTimeout = Duration.ofSeconds(20);
        e.shutdownScript = Optional.of(ScriptCommand.of("/usr/local/bin/fwmarks-del"));
        e.shutdownScriptTimeout = Duration.ofSeconds(5);
        e.vrrpNotifyFifo = Optional.of(new NotifyFifo("/run/keepalived.fifo",
                Optional.of(new ScriptUser("root", Optional.empty())),
                Optional.of(ScriptCommand.of("/usr/local/bin/fifo-reader -v"))));
        e.defaultInterface = "bond0";
        e.dynamicInterfaces = true;
        e.allowIfChanges = true;
        e.vrrpMcastGroup4 = ip("224.0.0.19");
        e.vrrpMcastGroup6 = ip("ff02::13");
        e.vrrpGarpMasterDelay = Duration.ofSeconds(2);
        e.vrrpGarpMasterRepeat = 3;
        e.vrrpGarpMasterRefresh = Duration.ofSeconds(60);
        e.vrrpGarpMasterRefreshRepeat = 2;
        e.vrrpGarpLowerPrioDelay = Duration.ofSeconds(2);
        e.vrrpGarpLowerPrioRepeat = 7;
        e.vrrpDownTimerAdverts = 4;
        e.vrrpGarpInterval = Duration.ofMillis(1);
        e.vrrpGnaInterval = Duration.ofNanos(1000);
        e.vrrpLowerPrioNoAdvert = true;
        e.vrrpHigherPrioSendAdvert = true;
        e.vrrpVersion = 3;
        e.vrrpIptables = Optional.of(new IptablesChains("keepalived_in", Optional.of("keepalived_out")));
        e.vrrpCheckUnicastSrc = true;
        e.vrrpSkipCheckAdvAddr = true;
        e.vrrpStrict = true;
        e.vrrpNotifyPriorityChanges = true;
        e.vrrpStartupDelay = Duration.ofMillis(5500);
        e.vrrpPriority = -10;
        e.vrrpNoSwap = true;
        e.vrrpRtPriority = 50;
        e.checkerPriority = 5;
        e.checkerNoSwap = true;
        e.checkerRtPriority = 99;
        e.maxAutoPriority = 99;
        e.minAutoPriorityDelay = Duration.ofMillis(500);
        e.lvsTimeouts = new LvsTimeouts(Optional.of(Duration.ofSeconds(900)), Optional.of(Duration.ofSeconds(120)),
                Optional.of(Duration.ofSeconds(300)));
        e.lvsSyncDaemon = Optional.of(new LvsSyncDaemon("eth1", Optional.empty(), 7, OptionalInt.of(1400),
                OptionalInt.of(8849), OptionalInt.of(2), Optional.of(ip("224.0.0.81"))));
        e.lvsFlush = true;
        e.lvsFlushOnStop = LvsFlushOnStop.VS;
        assertEquals(e.build(), b.config().globalDefs());
    }

    @Test
    void smtpAlertDefaultsFlowFromTheGeneralOneToVrrpAndCheckers() {
        GlobalDefs g = TestConf.bind("global_defs {\n smtp_alert true\n smtp_alert_vrrp false\n}\n").config()
                .globalDefs();
        assertTrue(g.smtpAlert());
        assertFalse(g.smtpAlertVrrp(), "smtp_alert_vrrp overrides smtp_alert");
        assertTrue(g.smtpAlertChecker(), "smtp_alert_checker falls back to smtp_alert");
    }

    /** keepalived fills the unset lower-priority garp values from the master ones once everything is read. */
    @Test
    void lowerPriorityGarpDefaultsToTheMasterGarpEvenWhenSetLater() {
        GlobalDefs g = TestConf.bind("global_defs {\n vrrp_garp_master_delay 9\n vrrp_garp_master_repeat 2\n}\n")
                .config().globalDefs();
        assertEquals(Duration.ofSeconds(9), g.vrrpGarpLowerPrioDelay());
        assertEquals(2, g.vrrpGarpLowerPrioRepeat());
    }

    /** vrrp_min_garp lowers only the values still at their defaults when it is read. */
    @Test
    void minGarpChangesOnlyDefaultsSetBeforeIt() {
        GlobalDefs g = TestConf.bind("""
                global_defs {
                    vrrp_garp_master_repeat 3
                    vrrp_min_garp
                    vrrp_garp_master_refresh_repeat 4
                }
                """).config().globalDefs();
        assertEquals(3, g.vrrpGarpMasterRepeat(), "set before vrrp_min_garp: kept");
        assertEquals(Duration.ZERO, g.vrrpGarpMasterDelay(), "default 5 s: no second burst");
        assertEquals(4, g.vrrpGarpMasterRefreshRepeat(), "set after vrrp_min_garp: wins");
        assertEquals(Duration.ZERO, g.vrrpGarpLowerPrioDelay());
    }

    /**
     * Every rejected value is an ERROR at its line naming the keyword and what it takes, and the default stays.
     * keepalived 2.2.7 -t, for comparison: "vrrp_mcast_group4 [ff02::1] is not IPv4. Skipping",
     * "VRRP Error: Version must be either 2 or 3", "Invalid vrrp process priority specified".
     */
    @Test
    void rejectedValuesAreErrorsAtTheirLineAndKeepTheDefault() {
        TestConf.Bound b = TestConf.bind("""
                global_defs {
                    vrrp_mcast_group4 ff02::1
                    vrrp_mcast_group4 10.0.0.1
                    vrrp_mcast_group6 224.0.0.18
                    vrrp_version 4
                    vrrp_priority 20
                    smtp_server 10.0.0.1 70000
                    smtp_server bad_host!
                    vrrp_garp_master_delay 1.5
                    vrrp_down_timer_adverts 0
                    smtp_alert maybe
                    lvs_timeouts tcp 900 fin 20
                    lvs_timeouts udp
                    lvs_flush_on_stop ALL
                    max_auto_priority 100
                    dynamic_interfaces sometimes
                    router_id
                }
                """);
        Expect.reported(b, Severity.ERROR, 2, "vrrp_mcast_group4", "IPv4 multicast", "'ff02::1'");
        Expect.reported(b, Severity.ERROR, 3, "vrrp_mcast_group4", "IPv4 multicast", "not multicast");
        Expect.reported(b, Severity.ERROR, 4, "vrrp_mcast_group6", "IPv6 multicast", "'224.0.0.18'");
        Expect.reported(b, Severity.ERROR, 5, "vrrp_version", "from 2 to 3", "'4'");
        Expect.reported(b, Severity.ERROR, 6, "vrrp_priority", "from -20 to 19", "'20'");
        Expect.reported(b, Severity.ERROR, 7, "smtp_server", "from 1 to 65535", "'70000'");
        Expect.reported(b, Severity.ERROR, 8, "smtp_server", "IP address or host name", "'bad_host'");
        Expect.reported(b, Severity.ERROR, 9, "vrrp_garp_master_delay", "whole number of seconds", "'1.5'");
        Expect.reported(b, Severity.ERROR, 10, "vrrp_down_timer_adverts", "from 1 to 100", "'0'");
        Expect.reported(b, Severity.ERROR, 11, "smtp_alert", "on/off", "'maybe'");
        Expect.reported(b, Severity.ERROR, 12, "lvs_timeouts", "unknown option 'fin'");
        // keepalived does not skip the value of an unknown option either: it reports '20' too
        Expect.reported(b, Severity.ERROR, 12, "lvs_timeouts", "unknown option '20'");
        Expect.reported(b, Severity.ERROR, 13, "lvs_timeouts", "at least one of tcp");
        Expect.reported(b, Severity.ERROR, 14, "lvs_flush_on_stop", "nothing or VS", "'ALL'");
        Expect.reported(b, Severity.ERROR, 15, "max_auto_priority", "from -1 to 99", "'100'");
        Expect.reported(b, Severity.ERROR, 16, "dynamic_interfaces", "allow_if_changes", "'sometimes'");
        Expect.reported(b, Severity.ERROR, 17, "router_id", "missing a router id");
        Expect.count(b, 17);
        GlobalDefs g = b.config().globalDefs();
        GlobalDefs.Builder expected = GlobalDefs.builder();
        expected.lvsTimeouts = new LvsTimeouts(Optional.of(Duration.ofSeconds(900)), Optional.empty(),
                Optional.empty());
        expected.dynamicInterfaces = true;
        assertEquals(expected.build(), g, "only the valid parts of lines 12 and 16 were taken");
    }

    /** keepalived adjusts these instead of rejecting them; so do we, with a WARNING. */
    @Test
    void adjustedValuesAreWarnings() {
        TestConf.Bound b = TestConf.bind("""
                global_defs {
                    vrrp_garp_master_repeat 0
                    smtp_connect_timeout 0
                    vrrp_rt_priority 0
                    vrrp_mcast_group6 ff05::12
                }
                """);
        Expect.reported(b, Severity.WARNING, 2, "vrrp_garp_master_repeat", "greater than 0", "using 1");
        Expect.reported(b, Severity.WARNING, 3, "smtp_connect_timeout", "using 1");
        Expect.reported(b, Severity.WARNING, 4, "vrrp_rt_priority", "below the minimum 1");
        Expect.reported(b, Severity.WARNING, 5, "vrrp_mcast_group6", "link-local");
        Expect.count(b, 4);
        GlobalDefs g = b.config().globalDefs();
        assertEquals(1, g.vrrpGarpMasterRepeat());
        assertEquals(Duration.ofSeconds(1), g.smtpConnectTimeout());
        assertEquals(1, g.vrrpRtPriority());
        assertEquals(ip("ff05::12"), g.vrrpMcastGroup6());
    }

    /** keepalived 2.2.7: a list of CPU numbers; one bad number and the whole line is ignored. */
    @Test
    void cpuAffinityIsAListOfCpuNumbers() {
        TestConf.Bound b = TestConf.bind("""
                global_defs {
                    vrrp_cpu_affinity 3 1 1
                    checker_cpu_affinity 0 x 2
                }
                """);
        Expect.reported(b, Severity.ERROR, 3, "checker_cpu_affinity", "'x'");
        Expect.count(b, 1);
        GlobalDefs g = b.config().globalDefs();
        assertEquals(List.of(1, 3), g.vrrpCpuAffinity());
        assertEquals(List.of(), g.checkerCpuAffinity());
        TestConf.Bound none = TestConf.bind("global_defs {\n    vrrp_cpu_affinity\n}\n");
        Expect.reported(none, Severity.ERROR, 2, "vrrp_cpu_affinity", "CPU numbers");
    }

    /** keepalived 2.2.7: microseconds, 1..2^32-1, 1 read as 2 (the soft limit is half); 10000 when unset. */
    @Test
    void realtimeCpuLimitsInMicroseconds() {
        GlobalDefs unset = TestConf.bind("global_defs {\n    vrrp_rt_priority 10\n}\n").config().globalDefs();
        assertEquals(10_000, unset.vrrpRlimitRttime());
        assertEquals(10_000, unset.checkerRlimitRttime());
        TestConf.Bound b = TestConf.bind("""
                global_defs {
                    vrrp_rlimit_rttime 200000
                    checker_rlimit_rtime 1
                    vrrp_rlimit_rttime 0
                }
                """);
        Expect.reported(b, Severity.ERROR, 4, "vrrp_rlimit_rttime");
        GlobalDefs g = b.config().globalDefs();
        assertEquals(200_000, g.vrrpRlimitRttime());
        assertEquals(2, g.checkerRlimitRttime());
    }

    /**
     * keepalived 2.2.7's handler for vrrp_strict (and the other bare switches) ignores its arguments: "vrrp_strict
     * off" turns strict mode ON (its -d dump, run in a network namespace, shows "VRRP strict mode = true"). We
     * do the same, but say so.
     */
    @Test
    void bareSwitchesIgnoreAValueLikeKeepalivedButWarn() {
        TestConf.Bound b = TestConf.bind("global_defs {\n    vrrp_strict off\n}\n");
        Expect.reported(b, Severity.WARNING, 2, "vrrp_strict", "takes no value", "'off' is ignored", "option is on");
        assertTrue(b.config().globalDefs().vrrpStrict());
    }

    @Test
    void deprecatedAliasesNameTheKeywordToUse() {
        TestConf.Bound b = TestConf.bind("""
                global_defs {
                    lvs_flush_onstop
                    lvs_process_name lvs
                    vrrp_vmac_garp_intvl 10
                }
                """);
        Expect.reported(b, Severity.WARNING, 2, "'lvs_flush_onstop' is deprecated; use 'lvs_flush_on_stop'");
        Expect.reported(b, Severity.WARNING, 3, "'lvs_process_name' is deprecated; use 'checker_process_name'");
        Expect.reported(b, Severity.WARNING, 3, "'checker_process_name' is not supported by jkeepalived; ignored");
        Expect.reported(b, Severity.WARNING, 4, "'vrrp_vmac_garp_intvl' is deprecated; use 'vrrp_garp_extra_if'");
        Expect.reported(b, Severity.WARNING, 4, "'vrrp_garp_extra_if' is not supported");
        Expect.count(b, 5);
        assertEquals(LvsFlushOnStop.FULL, b.config().globalDefs().lvsFlushOnStop());
    }

    /**
     * Keywords keepalived knows but jkeepalived does not model are "not supported", never "unknown"; a truly
     * unknown keyword's block is skipped whole. (keepalived 2.2.7 -t on "foo {" prints "Unknown keyword 'foo'",
     * "Unexpected '{' - ignoring" and then reads the block's lines at the current level.)
     */
    @Test
    void unsupportedVersusUnknownKeywords() {
        TestConf.Bound b = TestConf.bind("""
                net_namespace blue
                global_defs {
                    enable_snmp_vrrp
                    nftables_ipvs keepalived_ipvs
                    vrrp_owner_ignore_adverts
                    foo {
                        router_id from-inside-foo
                    }
                    router_id lb-2
                    bar 1
                }
                """);
        Expect.reported(b, Severity.WARNING, 1, "'net_namespace' is not supported by jkeepalived; ignored");
        Expect.reported(b, Severity.WARNING, 3, "'enable_snmp_vrrp' is not supported by jkeepalived; ignored");
        Expect.reported(b, Severity.WARNING, 4, "'nftables_ipvs' is not supported");
        Expect.reported(b, Severity.WARNING, 5, "'vrrp_owner_ignore_adverts' is not supported");
        Expect.reported(b, Severity.WARNING, 6, "Unknown keyword 'foo' (its block is skipped)");
        Expect.reported(b, Severity.WARNING, 10, "Unknown keyword 'bar'");
        // keepalived reads foo's lines in global_defs and its '}' closes global_defs: the rest spills out
        Expect.reported(b, Severity.WARNING, 7, "skipped with the block of 'foo'");
        Expect.reported(b, Severity.WARNING, 9, "keepalived 2.2.7 reads this line one block further out");
        Expect.reported(b, Severity.WARNING, 10, "keepalived 2.2.7 reads this line one block further out");
        Expect.reported(b, Severity.WARNING, 11, "keepalived 2.2.7 pairs this '}' with another '{'");
        Expect.count(b, 10);
        assertEquals(Optional.of("lb-2"), b.config().globalDefs().routerId());
    }

    @Test
    void extraWordsAndStrayBlocksAreReported() {
        TestConf.Bound b = TestConf.bind("""
                global_defs {
                    router_id LVS DEVEL
                    vrrp_version 3 {
                        vrrp_version 2
                    }
                    notification_email admin@example.com
                }
                """);
        Expect.reported(b, Severity.WARNING, 2, "router_id", "ignoring unexpected extra words 'DEVEL'");
        Expect.reported(b, Severity.WARNING, 3, "vrrp_version takes no block; its block is skipped");
        Expect.reported(b, Severity.ERROR, 6, "notification_email", "expected a block");
        Expect.reported(b, Severity.WARNING, 4, "skipped with the block of 'vrrp_version'");
        Expect.reported(b, Severity.WARNING, 6, "keepalived 2.2.7 reads this line one block further out");
        Expect.reported(b, Severity.WARNING, 7, "keepalived 2.2.7 pairs this '}' with another '{'");
        Expect.count(b, 6);
        assertEquals(Optional.of("LVS"), b.config().globalDefs().routerId());
        assertEquals(3, b.config().globalDefs().vrrpVersion());
    }

    @Test
    void notificationEmailBlocksAccumulate() {
        TestConf.Bound b = TestConf.bind("""
                global_defs {
                    notification_email {
                        a@example.com b@example.com
                    }
                }
                global_defs {
                    notification_email {
                        c@example.com
                    }
                    notification_email {
                    }
                }
                """);
        Expect.reported(b, Severity.WARNING, 10, "notification_email: empty block");
        assertEquals(List.of("a@example.com", "b@example.com", "c@example.com"),
                b.config().globalDefs().notificationEmail());
    }

    /** With "inst", the sync id defaults to the instance's VRID once the instances are known. */
    @Test
    void lvsSyncDaemonFollowsItsInstanceAndTakesItsVrid() {
        TestConf.Bound b = TestConf.bind("global_defs {\n    lvs_sync_daemon eth1 inst VI_1\n}\n" + VRRP_INSTANCE);
        Expect.clean(b);
        assertEquals(Optional.of(new LvsSyncDaemon("eth1", Optional.of("VI_1"), 51, OptionalInt.empty(),
                OptionalInt.empty(), OptionalInt.empty(), Optional.empty())), b.config().globalDefs().lvsSyncDaemon());
    }

    /** keepalived: "Unable to find vrrp instance VI_9 for lvs_syncd - clearing lvs_syncd config". */
    @Test
    void lvsSyncDaemonWithAnUnknownInstanceIsDropped() {
        TestConf.Bound b = TestConf.bind("global_defs {\n    lvs_sync_daemon eth1 VI_9 3\n}\n" + VRRP_INSTANCE);
        Expect.reported(b, Severity.WARNING, 2, "give the VRRP instance as 'inst VI_9'");
        Expect.reported(b, Severity.WARNING, 2, "give the sync id as 'id 3'");
        Expect.reported(b, Severity.ERROR, 2, "lvs_sync_daemon", "no usable vrrp_instance named VI_9");
        Expect.count(b, 3);
        assertEquals(Optional.empty(), b.config().globalDefs().lvsSyncDaemon());
    }

    /**
     * keepalived 2.2.7 -t: "(VI_1) Specifying lvs_sync_daemon_interface against a vrrp is deprecated.
     * Please use global lvs_sync_daemon"; the instance becomes the sync daemon's, with sync id 0.
     */
    @Test
    void deprecatedInstanceLvsSyncDaemonInterfaceBecomesTheGlobalOne() {
        TestConf.Bound b = TestConf.bind("""
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    lvs_sync_daemon_interface eth1
                    virtual_ipaddress {
                        10.0.0.1
                    }
                }
                """);
        Expect.reported(b, Severity.WARNING, 4, "lvs_sync_daemon_interface", "deprecated",
                "'lvs_sync_daemon eth1 inst VI_1' in global_defs");
        Expect.count(b, 1);
        assertEquals(Optional.of(new LvsSyncDaemon("eth1", Optional.of("VI_1"), 0, OptionalInt.empty(),
                OptionalInt.empty(), OptionalInt.empty(), Optional.empty())), b.config().globalDefs().lvsSyncDaemon());
    }
}
