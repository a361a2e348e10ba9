package io.jkeepalived.config.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random keepalived.conf texts for the global_defs and VRRP keywords: each keyword is present or not,
 * with a value drawn from valid ones and a few invalid or adjusted ones, so that binding them yields a wide
 * variety of effective models (and of diagnostics).
 */
public final class RandomVrrpConf {
    private final Random r;
    private final StringBuilder out = new StringBuilder();
    private final List<String> scriptNames = new ArrayList<>();
    private final List<String> instanceNames = new ArrayList<>();

    private RandomVrrpConf(long seed) {
        this.r = new Random(seed);
    }

    public static String generate(long seed) {
        return new RandomVrrpConf(seed).config();
    }

    private String config() {
        globalDefs();
        int scripts = r.nextInt(4);
        for (int k = 0; k < scripts; k++) {
            script("chk_" + k);
        }
        int instances = 1 + r.nextInt(4);
        for (int k = 0; k < instances; k++) {
            instanceNames.add("VI_" + k);
        }
        if (r.nextBoolean()) {
            syncGroup("G1");
        }
        for (String name : instanceNames) {
            instance(name);
        }
        if (r.nextInt(4) == 0) {
            line("static_ipaddress {");
            line("    " + ipv4() + "/24" + (r.nextBoolean() ? " dev eth1" : "") + " scope " + pick("global", "link",
                    "host"));
            line("}");
        }
        if (r.nextInt(4) == 0) {
            line("static_routes {\n    10.99.0.0/16 via 10.0.0.254 dev eth0\n}");
        }
        return out.toString();
    }

    private void globalDefs() {
        line("global_defs {");
        maybe("router_id " + pick("lb-1", "LVS_DEVEL", "\"name with spaces\""));
        if (r.nextBoolean()) {
            line("    notification_email {\n        ops@example.com\n        noc@example.com\n    }");
        }
        maybe("notification_email_from lb@example.com");
        maybe("smtp_server " + pick("192.168.200.1", "mail.example.com 587", "2001:db8::25 25"));
        maybe("smtp_helo_name lb.example.com");
        maybe("smtp_connect_timeout " + pick("30", "0", "5", "x"));
        maybe("smtp_alert " + pick("true", "off", ""));
        maybe("smtp_alert_vrrp " + pick("yes", "no"));
        maybe("smtp_alert_checker " + pick("on", "false"));
        maybe("checker_log_all_failures " + pick("true", "false"));
        maybe("no_email_faults");
        maybe("enable_script_security");
        maybe("script_user " + pick("root", "nobody nogroup"));
        maybe("startup_script " + pick("/usr/local/bin/up", "\"/usr/local/bin/up --all\" root"));
        maybe("startup_script_timeout " + pick("20", "1000", "1001"));
        maybe("shutdown_script /usr/local/bin/down");
        maybe("shutdown_script_timeout 5");
        maybe("notify_fifo /run/ka.fifo" + pick("", " root", " root wheel"));
        maybe("notify_fifo_script \"/usr/local/bin/reader -x\"");
        maybe("vrrp_notify_fifo /run/vrrp.fifo");
        maybe("lvs_notify_fifo_script /usr/local/bin/lvs-reader");
        maybe("default_interface " + pick("eth0", "bond0"));
        maybe("dynamic_interfaces" + pick("", " allow_if_changes"));
        maybe("vrrp_mcast_group4 " + pick("224.0.0.18", "224.39.39.39", "10.0.0.1"));
        maybe("vrrp_mcast_group6 " + pick("ff02::12", "ff02::99", "ff05::12"));
        maybe("vrrp_garp_master_delay " + pick("0", "5", "10", "1.5"));
        maybe("vrrp_garp_master_repeat " + pick("0", "1", "5"));
        maybe("vrrp_garp_master_refresh " + pick("0", "60"));
        maybe("vrrp_garp_master_refresh_repeat " + pick("0", "2"));
        maybe("vrrp_garp_lower_prio_delay " + pick("0", "3"));
        maybe("vrrp_garp_lower_prio_repeat " + pick("0", "4"));
        maybe("vrrp_down_timer_adverts " + pick("3", "4", "0"));
        maybe("vrrp_garp_interval " + pick("0", "0.001", "0.000001", "1.25"));
        maybe("vrrp_gna_interval " + pick("0.002", "0"));
        maybe("vrrp_min_garp" + pick("", " true", " false"));
        maybe("vrrp_lower_prio_no_advert" + pick("", " false", " true"));
        maybe("vrrp_higher_prio_send_advert" + pick("", " on"));
        maybe("vrrp_version " + pick("2", "3", "4"));
        maybe("vrrp_iptables" + pick("", " ka_in", " ka_in ka_out"));
        maybe("vrrp_check_unicast_src");
        maybe("vrrp_skip_check_adv_addr");
        if (r.nextInt(4) == 0) {
            line("    vrrp_strict");
        }
        maybe("vrrp_notify_priority_changes " + pick("true", "false"));
        maybe("vrrp_startup_delay " + pick("5.5", "0"));
        maybe("vrrp_priority " + pick("-20", "19", "20"));
        maybe("vrrp_no_swap");
        maybe("vrrp_rt_priority " + pick("0", "50", "150"));
        maybe("checker_priority " + pick("0", "-5"));
        maybe("checker_no_swap");
        maybe("checker_rt_priority 10");
        maybe("max_auto_priority" + pick("", " -1", " 20"));
        maybe("min_auto_priority_delay " + pick("1000000", "250"));
        maybe("lvs_timeouts " + pick("tcp 900", "tcp 900 tcpfin 120 udp 300", "udp 0"));
        maybe("lvs_sync_daemon eth1" + pick("", " inst VI_0", " inst VI_9", " id 5 maxlen 1400 port 8849 ttl 2",
                " inst VI_1 id 9 group 224.0.0.81"));
        maybe("lvs_flush");
        maybe("lvs_flush_on_stop" + pick("", " VS"));
        maybe(pick("enable_snmp_vrrp", "lvs_flush_onstop", "bogus_global 1"));
        line("}");
    }

    private void script(String name) {
        scriptNames.add(name);
        line("vrrp_script " + name + " {");
        line("    script " + pick("/bin/true", "\"/usr/bin/killall -0 haproxy\"", "\"/usr/lib/check.sh 'a b'\""));
        maybe("interval " + pick("1", "2", "0"));
        maybe("timeout " + pick("1", "3"));
        maybe("weight " + pick("0", "-4", "10", "20 reverse", "300"));
        maybe("rise " + pick("1", "3"));
        maybe("fall " + pick("2", "0"));
        maybe("user " + pick("nobody", "nobody nogroup"));
        maybe("init_fail");
        line("}");
    }

    private void syncGroup(String name) {
        line("vrrp_sync_group " + name + " {");
        line("    group {");
        for (String i : instanceNames) {
            if (r.nextBoolean()) {
                line("        " + i);
            }
        }
        if (r.nextInt(5) == 0) {
            line("        VI_99");
        }
        line("    }");
        if (r.nextBoolean()) {
            line("    track_interface {\n        eth2" + pick("", " weight -5", " weight 3 reverse") + "\n    }");
        }
        if (!scriptNames.isEmpty() && r.nextBoolean()) {
            line("    track_script {\n        " + pick(scriptNames.toArray(new String[0]))
                    + pick("", " weight -7", " weight 2 reverse") + "\n    }");
        }
        maybe("notify_master \"/etc/keepalived/group.sh MASTER\"");
        maybe("notify /etc/keepalived/any.sh root");
        maybe("smtp_alert " + pick("true", "false"));
        maybe(pick("sync_group_tracking_weight", "global_tracking"));
        maybe("notify_priority_changes " + pick("yes", "no"));
        line("}");
    }

    private void instance(String name) {
        boolean v6 = r.nextInt(4) == 0;
        boolean unicast = r.nextInt(4) == 0;
        line("vrrp_instance " + name + " {");
        maybe("state " + pick("MASTER", "BACKUP", "master"));
        if (!unicast || r.nextBoolean()) {
            line("    interface " + pick("eth0", "eth1"));
        }
        line("    virtual_router_id " + pick("51", "52", "53", "0"));
        maybe("priority " + pick("100", "150", "255", "1", "300"));
        maybe("advert_int " + pick("1", "2", "0.5", "1.5", "0.123", "41"));
        maybe("version " + pick("2", "3"));
        maybe("use_vmac" + pick("", " vrrp.51", " vrrp.52 00:00:5e:00:01:33"));
        maybe("vmac_xmit_base");
        maybe("dont_track_primary");
        if (r.nextBoolean()) {
            line("    track_interface {");
            line("        eth2" + pick("", " weight -10", " weight 254", " weight 20 reverse"));
            maybe("    eth3 weight 5");
            line("    }");
        }
        if (!scriptNames.isEmpty() && r.nextBoolean()) {
            line("    track_script {");
            for (String s : scriptNames) {
                if (r.nextBoolean()) {
                    line("        " + s + pick("", " weight -20", " weight 5 reverse", " weight 0 noreverse"));
                }
            }
            line("    }");
        }
        if (unicast) {
            line("    unicast_src_ip " + (v6 ? "2001:db8::2" : "10.0.0.2"));
            line("    unicast_peer {");
            line("        " + (v6 ? "2001:db8::3" : "10.0.0.3") + pick("", " min_ttl 10", " max_ttl 64"));
            maybe("    " + (v6 ? "2001:db8::4" : "10.0.0.4"));
            line("    }");
            maybe("unicast_ttl " + pick("10", "255"));
            maybe("unicast_fault_no_peer");
            maybe("check_unicast_src");
        } else {
            maybe("mcast_src_ip " + (v6 ? "fe80::2" : "10.0.0.2"));
            maybe("mcast_dst_ip " + (v6 ? pick("ff02::12", "ff02::77") : pick("224.0.0.18", "224.0.0.77")));
        }
        maybe("track_src_ip");
        if (r.nextInt(3) > 0) {
            line("    authentication {");
            line("        auth_type " + pick("PASS", "PASS", "AH", "pass"));
            if (r.nextInt(6) > 0) {
                line("        auth_pass " + pick("1111", "longer-than-eight", "\"with space\""));
            }
            line("    }");
        }
        if (r.nextInt(8) > 0) {
            line("    virtual_ipaddress {");
            int n = 1 + r.nextInt(3);
            for (int k = 0; k < n; k++) {
                line("        " + (v6 ? ipv6() : ipv4()) + vipOptions(v6));
            }
            line("    }");
        }
        if (r.nextInt(3) == 0) {
            line("    virtual_ipaddress_excluded {");
            line("        " + (r.nextBoolean() ? ipv6() : ipv4() + " dev eth1 label eth1:x"));
            line("    }");
        }
        if (r.nextInt(4) == 0) {
            line("    virtual_routes {\n        src 10.0.0.1 to 10.8.0.0/16 via 10.0.0.254 dev eth0 no_track\n    }");
        }
        if (r.nextInt(6) == 0) {
            line("    virtual_rules {\n        from 10.8.0.0/16 table 100\n    }");
        }
        maybe("promote_secondaries");
        maybe(pick("accept", "no_accept"));
        maybe(pick("nopreempt", "preempt"));
        maybe("preempt_delay " + pick("0", "4.12", "300"));
        maybe("strict_mode" + pick("", " on", " off"));
        maybe("skip_check_adv_addr" + pick("", " on", " off"));
        maybe("notify_master " + pick("/etc/keepalived/master.sh", "\"/etc/keepalived/notify.sh MASTER\""));
        maybe("notify_backup /etc/keepalived/backup.sh keepalived_script");
        maybe("notify_fault /etc/keepalived/fault.sh nobody nogroup");
        maybe("notify_stop /etc/keepalived/stop.sh");
        maybe("notify \"/etc/keepalived/any.sh --verbose\"");
        maybe("notify_master_rx_lower_pri /etc/keepalived/lower.sh");
        maybe("smtp_alert" + pick("", " off"));
        maybe("notify_priority_changes " + pick("on", "off"));
        maybe("garp_master_delay " + pick("0", "3"));
        maybe("garp_master_repeat " + pick("0", "2"));
        maybe("garp_master_refresh " + pick("0", "30"));
        maybe("garp_master_refresh_repeat 2");
        maybe("garp_lower_prio_delay " + pick("0", "2"));
        maybe("garp_lower_prio_repeat " + pick("0", "3"));
        maybe("down_timer_adverts " + pick("3", "5"));
        maybe("lower_prio_no_advert" + pick("", " false"));
        maybe("higher_prio_send_advert" + pick("", " true", " false"));
        maybe(pick("lvs_sync_daemon_interface eth1", "debug 2", "bogus_kw", "kernel_rx_buf_size 1000"));
        line("}");
    }

    private String vipOptions(boolean v6) {
        StringBuilder o = new StringBuilder();
        if (r.nextBoolean()) {
            o.append(v6 ? "/64" : pick("/24", "/32", "/30", "/33"));
        }
        if (r.nextBoolean()) {
            o.append(" dev ").append(pick("eth0", "eth1"));
        }
        if (!v6 && r.nextBoolean()) {
            o.append(" brd ").append(pick("+", "-", "192.168.0.255"));
        }
        if (!v6 && r.nextBoolean()) {
            o.append(" label ").append(pick("eth0:1", "eth0:vip"));
        }
        if (r.nextBoolean()) {
            o.append(" scope ").append(pick("global", "link", "host", "17", "bogus"));
        }
        for (String flag : new String[] {"home", "-nodad", "noprefixroute", "no_track", "use_vmac", "autojoin"}) {
            if (r.nextInt(6) == 0) {
                o.append(' ').append(flag);
            }
        }
        if (r.nextInt(4) == 0) {
            o.append(" preferred_lft ").append(pick("0", "60", "forever"));
        }
        return o.toString();
    }

    private String ipv4() {
        return "192.168." + r.nextInt(3) + "." + (1 + r.nextInt(254));
    }

    private String ipv6() {
        return pick("fe80::", "2001:db8::") + Integer.toHexString(1 + r.nextInt(0xfff));
    }

    private void maybe(String statement) {
        if (r.nextBoolean()) {
            line("    " + statement);
        }
    }

    private String pick(String... choices) {
        return choices[r.nextInt(choices.length)];
    }

    private void line(String text) {
        out.append(text).append('\n');
    }
}
