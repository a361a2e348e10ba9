package io.jkeepalived.config.bind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.config.Severity;
import io.jkeepalived.config.model.NotifyScripts;
import io.jkeepalived.config.model.ScriptCommand;
import io.jkeepalived.config.model.TrackFile;
import io.jkeepalived.config.model.TrackedInterface;
import io.jkeepalived.config.model.TrackedScript;
import io.jkeepalived.config.model.VrrpConfig;
import io.jkeepalived.config.model.VrrpScript;
import io.jkeepalived.config.model.VrrpSyncGroup;
import io.jkeepalived.config.testing.Expect;
import io.jkeepalived.config.testing.TestConf;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VrrpScriptAndSyncGroupTest {

    private static String instance(String name, int vrid, String body) {
        return "vrrp_instance " + name + " {\n    interface eth0\n    virtual_router_id " + vrid + "\n" + body
                + "    virtual_ipaddress {\n        10.0.0." + vrid + "\n    }\n}\n";
    }

    /**
     * Binds {@code text} with {@code enable_script_security} set in a global_defs appended at the end (so line
     * numbers stay), for the tests that are not about script security.
     */
    private static TestConf.Bound bindSecure(String text) {
        return TestConf.bind(text + "global_defs {\n    enable_script_security\n}\n");
    }

    private static String tracking(String... scripts) {
        StringBuilder s = new StringBuilder("    track_script {\n");
        for (String x : scripts) {
            s.append("        ").append(x).append('\n');
        }
        return s.append("    }\n").toString();
    }

    @Test
    void scriptDefaultsAndEveryKeyword() {
        TestConf.Bound b = bindSecure("""
                vrrp_script plain {
                    script /usr/local/bin/check
                }
                vrrp_script full {
                    script "/usr/local/bin/check --port 80"
                    interval 5
                    timeout 2
                    weight 20 reverse
                    rise 3
                    fall 2
                    user nobody nogroup
                    init_fail
                }
                """ + instance("VI_1", 51, tracking("plain", "full")));
        Expect.clean(b);
        List<VrrpScript> scripts = b.config().vrrp().scripts();
        // keepalived's defaults (alloc_vrrp_script): interval 1 s, weight 0, rise 1, fall 1; no timeout means
        // the interval (vrrp_scheduler waits "timeout ? timeout : interval")
        assertEquals(new VrrpScript("plain", ScriptCommand.of("/usr/local/bin/check"), Duration.ofSeconds(1),
                Duration.ofSeconds(1), 0, false, 1, 1, false), scripts.get(0));
        assertEquals(new VrrpScript("full", new ScriptCommand("/usr/local/bin/check --port 80", Optional.of("nobody"),
                Optional.of("nogroup")), Duration.ofSeconds(5), Duration.ofSeconds(2), 20, true, 3, 2, true),
                scripts.get(1));
        assertEquals(List.of(new TrackedScript("plain", 0, false), new TrackedScript("full", 20, true)),
                b.config().vrrp().instances().get(0).trackScripts(), "entries inherit the script's weight");
    }

    /**
     * keepalived 2.2.7 -t: "vrrp_script chk_a weight 300 must be in [-253, 253]", "(chk_a): vrrp script interval
     * must be greater than 0, setting to 1", "No script set for vrrp_script chk_b - removing".
     */
    @Test
    void scriptErrors() {
        TestConf.Bound b = bindSecure("""
                vrrp_script chk_a {
                    script /bin/true extra words
                    weight 300
                    interval 0
                    timeout -1
                    rise 0
                    weight 10 backwards
                }
                vrrp_script chk_b {
                    interval 2
                }
                vrrp_script chk_a {
                    script /bin/false
                }
                vrrp_script {
                    script /bin/true
                }
                """ + instance("VI_1", 51, tracking("chk_a", "chk_b")));
        Expect.reported(b, Severity.WARNING, 2, "script", "only '/bin/true' is run", "quote the whole command line");
        Expect.reported(b, Severity.ERROR, 3, "weight", "from -253 to 253", "'300'");
        Expect.reported(b, Severity.WARNING, 4, "interval", "greater than 0", "using 1");
        Expect.reported(b, Severity.ERROR, 5, "timeout", "whole number of seconds", "'-1'");
        Expect.reported(b, Severity.ERROR, 6, "rise", "from 1 to", "'0'");
        Expect.reported(b, Severity.ERROR, 7, "weight", "unknown option 'backwards'", "expected reverse");
        // reported at the block's '}', as keepalived does
        Expect.reported(b, Severity.ERROR, 11, "vrrp_script chk_b (at test.conf:9)", "no 'script' given");
        Expect.reported(b, Severity.ERROR, 12, "vrrp_script chk_a is already defined at test.conf:1");
        Expect.reported(b, Severity.ERROR, 15, "vrrp_script", "exactly one name");
        Expect.reported(b, Severity.ERROR, 23, "track_script chk_b", "no vrrp_script of that name");
        Expect.count(b, 10);
        VrrpScript a = b.config().vrrp().scripts().get(0);
        assertEquals(new VrrpScript("chk_a", ScriptCommand.of("/bin/true"), Duration.ofSeconds(1),
                Duration.ofSeconds(1), 10, false, 1, 1, false), a);
    }

    /**
     * keepalived resolves track_script when it reads it: with the script defined after the instance,
     * keepalived 2.2.7 -t printed "(VI_1) track script chk_x not found, ignoring...". We say why.
     */
    @Test
    void trackScriptSeesOnlyScriptsDefinedBeforeIt() {
        TestConf.Bound b = bindSecure(instance("VI_1", 51, tracking("chk_x")) + """
                vrrp_script chk_x {
                    script /bin/true
                }
                """);
        Expect.reported(b, Severity.ERROR, 5, "vrrp_instance VI_1", "track_script chk_x", "defined only later, at "
                + "test.conf:11", "define the script first");
        Expect.count(b, 1);
        assertEquals(List.of("chk_x"), untracked(b));
        assertEquals(List.of(), b.config().vrrp().scripts());
        assertEquals(List.of(), b.config().vrrp().instances().get(0).trackScripts());
    }

    @Test
    void trackScriptWeightsOverrideTheScriptsAndFollowKeepalivedsLimits() {
        TestConf.Bound b = bindSecure("""
                vrrp_script chk {
                    script /bin/true
                    weight -4 reverse
                }
                """ + instance("VI_1", 51, tracking("chk weight 10 noreverse")) + instance("VI_2", 52,
                tracking("chk weight -254", "chk")) + instance("VI_3", 53, tracking("chk weight 999",
                "chk2 weight")) + instance("VI_4", 54, tracking("chk weight 5 no_reverse")));
        Expect.reported(b, Severity.WARNING, 19, "track_script chk", "+/-254", "using -253");
        Expect.reported(b, Severity.ERROR, 20, "track_script chk", "already tracked");
        Expect.reported(b, Severity.ERROR, 30, "track_script chk", "from -253 to 253", "'999'",
                "the script's weight");
        Expect.reported(b, Severity.ERROR, 31, "track_script chk2", "missing the value after 'weight'");
        Expect.count(b, 4);
        List<List<TrackedScript>> tracked = b.config().vrrp().instances().stream()
                .map(i -> i.trackScripts()).toList();
        assertEquals(List.of(new TrackedScript("chk", 10, false)), tracked.get(0));
        assertEquals(List.of(new TrackedScript("chk", -253, true)), tracked.get(1));
        assertEquals(List.of(new TrackedScript("chk", -4, true)), tracked.get(2));
        assertEquals(List.of(new TrackedScript("chk", 5, false)), tracked.get(3), "the manual's no_reverse");
    }

    @Test
    void syncGroup() {
        TestConf.Bound b = bindSecure("""
                global_defs {
                    smtp_alert
                }
                vrrp_script chk {
                    script /bin/true
                }
                vrrp_sync_group G1 {
                    group {
                        VI_1
                        VI_2
                    }
                    track_interface {
                        eth1 weight -10
                    }
                    track_script {
                        chk weight -20
                    }
                    notify_master "/etc/keepalived/group.sh MASTER"
                    notify_backup /etc/keepalived/group.sh
                    notify_fault /etc/keepalived/group.sh
                    notify_stop /etc/keepalived/group.sh
                    notify /etc/keepalived/any.sh root
                    smtp_alert off
                    notify_priority_changes
                }
                """ + instance("VI_1", 51, "") + instance("VI_2", 52, ""));
        Expect.clean(b);
        VrrpConfig vrrp = b.config().vrrp();
        VrrpSyncGroup g = vrrp.syncGroups().get(0);
        assertEquals(new VrrpSyncGroup("G1", List.of("VI_1", "VI_2"), List.of(new TrackedInterface("eth1", -10,
                false)), List.of(new TrackedScript("chk", -20, false)), List.of(), new NotifyScripts(
                Optional.of(ScriptCommand.of("/etc/keepalived/group.sh MASTER")),
                Optional.of(ScriptCommand.of("/etc/keepalived/group.sh")),
                Optional.of(ScriptCommand.of("/etc/keepalived/group.sh")),
                Optional.of(ScriptCommand.of("/etc/keepalived/group.sh")),
                Optional.of(new ScriptCommand("/etc/keepalived/any.sh", Optional.of("root"), Optional.empty())),
                Optional.empty()), false, false, true), g);
        assertEquals(Optional.of(g), vrrp.syncGroupOf("VI_2"));
        assertTrue(vrrp.instances().get(0).notifyPriorityChanges(), "members inherit the group's setting");
        assertTrue(vrrp.instances().get(0).smtpAlert(), "but smtp_alert comes from global_defs");
    }

    /**
     * keepalived 2.2.7 -t: "Virtual router VI_9 specified in sync group G1 doesn't exist - ignoring", "Sync group
     * G1 has only 1 virtual router(s) - this probably isn't what you want", "Virtual router VI_1 cannot exist in
     * more than one sync group; ignoring G2", "Sync group G2, no matching virtual router found in group
     * declaration - removing", "(G1) global_tracking is deprecated".
     */
    @Test
    void syncGroupCrossReferences() {
        TestConf.Bound b = bindSecure("""
                vrrp_sync_group G1 {
                    group {
                        VI_1
                        VI_9
                    }
                    global_tracking
                }
                vrrp_sync_group G2 {
                    group {
                        VI_1
                    }
                }
                vrrp_sync_group G3 {
                    notify /bin/true
                }
                vrrp_sync_group G1 {
                    group {
                        VI_1
                    }
                }
                """ + instance("VI_1", 51, ""));
        Expect.reported(b, Severity.WARNING, 6, "'global_tracking' is deprecated; use 'sync_group_tracking_weight'");
        Expect.reported(b, Severity.ERROR, 4, "vrrp_sync_group G1", "no vrrp_instance named VI_9");
        Expect.reported(b, Severity.WARNING, 1, "vrrp_sync_group G1 has only one instance");
        Expect.reported(b, Severity.ERROR, 10, "vrrp_sync_group G2", "VI_1 is already in sync group G1");
        Expect.reported(b, Severity.ERROR, 8, "vrrp_sync_group G2", "no usable instance");
        Expect.reported(b, Severity.ERROR, 13, "vrrp_sync_group G3", "no 'group { ... }'");
        Expect.reported(b, Severity.ERROR, 16, "vrrp_sync_group G1 is already defined at test.conf:1");
        Expect.count(b, 7);
        assertEquals(List.of("G1"), b.config().vrrp().syncGroups().stream().map(VrrpSyncGroup::name).toList());
        assertTrue(b.config().vrrp().syncGroups().get(0).trackingWeight());
    }

    /**
     * keepalived zeroes the tracking weights of sync-group members (weighted scripts are dropped, weighted
     * interfaces kept with weight 0) unless the group has sync_group_tracking_weight.
     */
    @Test
    void syncGroupMembersLoseTheirTrackingWeights() {
        String scripts = "vrrp_script chk {\n    script /bin/true\n}\n";
        String members = instance("VI_1", 51, tracking("chk weight 10")
                + "    track_interface {\n        eth1 weight 5\n    }\n") + instance("VI_2", 52, "");
        TestConf.Bound b = bindSecure(scripts
                + "vrrp_sync_group G {\n    group {\n        VI_1\n        VI_2\n    }\n}\n" + members);
        Expect.reported(b, Severity.ERROR, 17, "tracked interface eth1", "weight ignored in a sync group");
        Expect.reported(b, Severity.ERROR, 14, "tracked script chk with weight 10", "in a sync group");
        Expect.count(b, 2);
        assertEquals(List.of("chk"), untracked(b));
        assertEquals(List.of(new TrackedInterface("eth1", 0, false)),
                b.config().vrrp().instances().get(0).trackInterfaces());
        assertEquals(List.of(), b.config().vrrp().instances().get(0).trackScripts());

        TestConf.Bound kept = bindSecure(scripts + "vrrp_sync_group G {\n    group {\n        VI_1\n"
                + "        VI_2\n    }\n    sync_group_tracking_weight\n}\n" + members);
        Expect.clean(kept);
        assertEquals(List.of(new TrackedScript("chk", 10, false)),
                kept.config().vrrp().instances().get(0).trackScripts());
        assertEquals(5, kept.config().vrrp().instances().get(0).trackInterfaces().get(0).weight());
    }

    /**
     * keepalived 2.2.7 logs "Warning - script chk_unused is not used" when it starts and removes the script, but
     * {@code -t} stops before that check and says nothing (seed001-vrrp-script-fragment). The script is kept apart
     * and never run; it still counts for script security: without enable_script_security, -t exits 6.
     */
    @Test
    void unusedScriptsAreKeptApartSilently() {
        String text = "vrrp_script chk_unused {\n    script /bin/true\n}\n" + instance("VI_1", 51, "");
        TestConf.Bound b = bindSecure(text);
        Expect.clean(b);
        assertEquals(List.of(), b.config().vrrp().scripts());
        assertEquals(List.of("chk_unused"), untracked(b));

        TestConf.Bound insecure = TestConf.bind(text);
        Expect.reported(insecure, Severity.WARNING, 2, "SECURITY VIOLATION", "enable_script_security");
        Expect.count(insecure, 1);

        // no vrrp_instance: keepalived's VRRP check does not run at all
        Expect.clean(TestConf.bind("vrrp_script chk_unused {\n    script /bin/true\n}\n"));
    }

    private static List<String> untracked(TestConf.Bound b) {
        return b.config().vrrp().untrackedScripts().stream().map(VrrpScript::name).toList();
    }

    @Test
    void otherVrrpTopLevelKeywords() {
        TestConf.Bound b = bindSecure("""
                global_defs {
                    default_interface bond0
                }
                static_ipaddress {
                    192.168.1.1/24 dev eth0 scope global
                    192.168.2.1/24 track_group G
                }
                static_routes {
                    192.168.3.0/24 via 192.168.1.254 dev eth0
                }
                static_rules {
                    from 192.168.2.0/24 table 1
                }
                garp_group {
                    garp_interval 0.001
                }
                vrrp_track_file tf {
                    file /tmp/x
                    weight -3 reverse
                    init_file 5 overwrite
                }
                vrrp_track_process p {
                    process sshd
                }
                """);
        Expect.reported(b, Severity.WARNING, 6, "static_ipaddress: 'track_group' is not supported");
        Expect.reported(b, Severity.WARNING, 14, "'garp_group' is not supported by jkeepalived; ignored");
        // vrrp_track_file is deprecated, but keepalived 2.2.7 -t says nothing (it only logs that at start)
        Expect.reported(b, Severity.WARNING, 22, "'vrrp_track_process' is not supported");
        Expect.count(b, 3);
        VrrpConfig vrrp = b.config().vrrp();
        assertEquals(List.of(new TrackFile("tf", "/tmp/x", -3, true, Optional.of(new TrackFile.Init(5, true)))),
                vrrp.trackFiles());
        assertEquals(Optional.of("eth0"), vrrp.staticAddresses().get(0).device());
        assertEquals(Optional.of("bond0"), vrrp.staticAddresses().get(1).device(),
                "a static address without dev goes on default_interface");
        assertEquals(List.of("192.168.3.0/24", "via", "192.168.1.254", "dev", "eth0"),
                vrrp.staticRoutes().get(0).words());
        assertEquals(List.of("from", "192.168.2.0/24", "table", "1"), vrrp.staticRules().get(0).words());
        assertFalse(vrrp.staticRoutes().get(0).noTrack());
    }
}
