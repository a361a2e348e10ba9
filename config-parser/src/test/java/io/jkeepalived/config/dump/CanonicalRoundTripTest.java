package io.jkeepalived.config.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jkeepalived.config.Diagnostic;
import io.jkeepalived.config.Severity;
import io.jkeepalived.config.model.AddressFamily;
import io.jkeepalived.config.model.VrrpInstance;
import io.jkeepalived.config.testing.RandomVrrpConf;
import io.jkeepalived.config.testing.TestConf;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * parse(write(model)) == model: the canonical text of a model binds back to the same record, with no error,
 * and writing that again gives the same text.
 */
class CanonicalRoundTripTest {
    /** Advice keepalived repeats for any configuration that has the situation; not a sign of a lossy write. */
    private static final List<String> ADVISORY = List.of("has only one instance", "at least one is sensible",
            "should be a link-local multicast address", "some members as address owner",
            // a fact of the configuration (scripts without enable_script_security), kept as it is
            "SECURITY VIOLATION");

    private static final CanonicalWriter WRITER = new CanonicalWriter();

    static String assertRoundTrip(String original) {
        TestConf.Bound first = TestConf.bind(original);
        String text = WRITER.write(first.config());
        TestConf.Bound second;
        try {
            second = TestConf.bind(text);
        } catch (RuntimeException e) {
            throw new AssertionError("canonical text does not tokenize:\n" + text, e);
        }
        if (!first.config().equals(second.config())) {
            fail("model changed through the canonical text.\nOriginal:\n" + original + "\nCanonical:\n" + text
                    + "\nfirst:  " + first.config() + "\nsecond: " + second.config() + "\nReparse:\n"
                    + second.report());
        }
        for (Diagnostic d : second.diagnostics()) {
            boolean advisory = d.severity() == Severity.WARNING
                    && ADVISORY.stream().anyMatch(a -> d.message().contains(a));
            if (!advisory) {
                fail("the canonical text itself draws: " + d + "\nCanonical:\n" + text);
            }
        }
        assertEquals(text, WRITER.write(second.config()), "the canonical text is a fixed point");
        return text;
    }

    @Test
    void everyKeywordWritesBackToTheSameModel() {
        String text = assertRoundTrip("""
                global_defs {
                    router_id "lb 1"
                    notification_email {
                        ops@example.com
                    }
                    notification_email_from lb@example.com
                    smtp_server 2001:db8::25 2525
                    smtp_helo_name lb.example.com
                    smtp_connect_timeout 7
                    smtp_alert_checker on
                    checker_log_all_failures
                    no_email_faults
                    enable_script_security
                    script_user nobody nogroup
                    startup_script "/usr/local/bin/up --all" root wheel
                    shutdown_script /usr/local/bin/down
                    notify_fifo /run/ka.fifo root
                    notify_fifo_script "/usr/local/bin/reader -x"
                    lvs_notify_fifo /run/lvs.fifo
                    default_interface bond0
                    dynamic_interfaces
                    vrrp_mcast_group4 224.39.39.39
                    vrrp_mcast_group6 ff05::12
                    vrrp_garp_master_delay 0
                    vrrp_garp_interval 0.000250
                    vrrp_iptables
                    vrrp_check_unicast_src
                    vrrp_startup_delay 0.5
                    vrrp_rt_priority 10
                    max_auto_priority -1
                    lvs_timeouts udp 300
                    lvs_sync_daemon eth1 inst VI_1 maxlen 1400 port 8849 ttl 2 group ff02::81
                    lvs_flush_on_stop VS
                }
                static_ipaddress {
                    192.168.50.1/24 brd + label eth0:s
                }
                static_rules {
                    from 192.168.50.0/24 table 5
                }
                vrrp_script chk {
                    script "/usr/lib/check.sh 'a b' \\\\x41"
                    user nobody
                    weight -4 reverse
                    init_fail
                }
                vrrp_sync_group G {
                    group {
                        VI_1
                        VI_2
                    }
                    track_script {
                        chk weight 3
                    }
                    notify_stop /bin/stop
                    sync_group_tracking_weight
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    use_vmac vrrp51 02:00:00:00:00:01
                    track_interface {
                        eth2 weight -10 reverse
                    }
                    track_script {
                        chk
                    }
                    mcast_src_ip 10.0.0.2
                    track_src_ip
                    mcast_dst_ip 224.0.0.77
                    authentication {
                        auth_type AH
                        auth_pass secret
                    }
                    virtual_ipaddress {
                        10.0.0.10/24 brd 10.0.0.255 peer 10.0.0.11
                        10.0.0.12/30 brd - scope site home -nodad mngtmpaddr noprefixroute autojoin no_track use_vmac
                    }
                    virtual_ipaddress_excluded {
                        2001:db8::1
                        2001:db8::2/64 preferred_lft 0
                    }
                    virtual_routes {
                        10.9.0.0/16 via 10.0.0.254 dev eth0 no_track
                    }
                    promote_secondaries
                    no_accept
                    nopreempt
                    notify_master "/etc/keepalived/notify.sh MASTER"
                    notify_master_rx_lower_pri /bin/lower nobody
                    smtp_alert
                    garp_master_refresh 60
                    down_timer_adverts 4
                }
                vrrp_instance VI_2 {
                    virtual_router_id 51
                    priority 255
                    version 2
                    unicast_src_ip 2001:db8::2
                    unicast_peer {
                        2001:db8::3 min_ttl 10 max_ttl 200
                        2001:db8::4
                    }
                    unicast_ttl 5
                    virtual_ipaddress {
                        2001:db8::10/64 dev eth0
                    }
                }
                """);
        assertTrue(text.contains("    unicast_src_ip 2001:db8::2\n"), text);
        assertTrue(text.contains("        2001:db8::3 min_ttl 10 max_ttl 200\n"), text);
        assertTrue(text.contains("    script \"/usr/lib/check.sh 'a b' \\\\x41\"\n"), text);
        assertTrue(text.contains("    router_id \"lb 1\"\n"), text);
    }

    /** Seeded random configurations: whatever model they bind to survives the canonical text unchanged. */
    @Test
    void seededRandomConfigurations() {
        int errors = 0;
        List<VrrpInstance> instances = new ArrayList<>();
        int groups = 0;
        int scripts = 0;
        for (long seed = 0; seed < 1000; seed++) {
            String conf = RandomVrrpConf.generate(seed);
            try {
                assertRoundTrip(conf);
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
            }
            TestConf.Bound b = TestConf.bind(conf);
            errors += b.errors().size();
            instances.addAll(b.config().vrrp().instances());
            groups += b.config().vrrp().syncGroups().size();
            scripts += b.config().vrrp().scripts().size();
        }
        // the models that went through are varied, not a handful of survivors
        assertTrue(errors > 1000, "rejected values exercised: " + errors);
        assertTrue(instances.size() > 1000, "instances: " + instances.size());
        assertTrue(groups > 200, "sync groups: " + groups);
        assertTrue(scripts > 300, "scripts: " + scripts);
        assertTrue(instances.stream().filter(VrrpInstance::unicast).count() > 20, "unicast");
        assertTrue(instances.stream().filter(i -> i.family() == AddressFamily.IPV6).count() > 20, "IPv6");
        assertTrue(instances.stream().filter(VrrpInstance::strictMode).count() > 20, "strict");
        assertTrue(instances.stream().filter(i -> i.authentication().isPresent()).count() > 50, "authentication");
        assertTrue(instances.stream().filter(i -> !i.trackScripts().isEmpty()).count() > 50, "tracked scripts");
        assertTrue(instances.stream().filter(i -> i.version() == 3).count() > 20, "version 3");
    }

    /** A whole director configuration (seed 002's, VRRP and LVS parts) through both sides of the writer. */
    @Test
    void vrrpAndLvsPartsTogether() {
        String text = assertRoundTrip("""
                global_defs {
                    router_id LVS_DEVEL
                }
                vrrp_instance VI_1 {
                    state MASTER
                    interface eth0
                    virtual_router_id 51
                    priority 100
                    advert_int 1
                    authentication {
                        auth_type PASS
                        auth_pass 1111
                    }
                    virtual_ipaddress {
                        192.168.1.200 dev eth0 label eth0:vip
                    }
                }
                virtual_server 192.168.1.200 8099 {
                    delay_loop 6
                    lb_algo rr
                    lb_kind DR
                    protocol TCP
                    real_server 192.168.1.67 8099 {
                        weight 1
                        TCP_CHECK {
                            connect_timeout 3
                            delay_before_retry 3
                            connect_port 8099
                        }
                    }
                }
                """);
        assertTrue(text.indexOf("vrrp_instance VI_1 {") < text.indexOf("virtual_server 192.168.1.200 8099 {"), text);
    }

    @Test
    void theEmptyConfigurationIsJustGlobalDefs() {
        String text = assertRoundTrip("");
        assertTrue(text.startsWith("global_defs {\n    smtp_connect_timeout 30\n"), text);
        assertTrue(text.endsWith("    min_auto_priority_delay 1000000\n}\n"), text);
    }
}
