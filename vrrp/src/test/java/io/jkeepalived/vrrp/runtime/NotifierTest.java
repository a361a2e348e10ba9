package io.jkeepalived.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkeepalived.config.model.NotifyScripts;
import io.jkeepalived.exec.RunAs;
import io.jkeepalived.exec.ScriptAdmission;
import io.jkeepalived.exec.ScriptUserDefault;
import io.jkeepalived.exec.ScriptVetting;
import io.jkeepalived.vrrp.VrrpState;
import io.jkeepalived.vrrp.track.ScriptExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class NotifierTest {
    private final List<String> runs = new ArrayList<>();

    private final ScriptExecutor recording = new ScriptExecutor() {
        @Override
        public CompletableFuture<ScriptOutcome> run(List<String> argv, Optional<String> user, Optional<String> group,
                                                    Duration timeout) {
            runs.add(String.join(" ", argv) + " | " + user.orElse("-") + " " + group.orElse("-") + " "
                    + timeout.toSeconds() + "s");
            return CompletableFuture.completedFuture(new ScriptOutcome(ScriptOutcome.Kind.EXITED, 0, ""));
        }

        @Override
        public void close() {
        }
    };

    private static NotifyScripts scripts(String conf) {
        return Conf.parse(conf).vrrp().instances().get(0).notifyScripts();
    }

    @Test
    void theStateScriptGetsItsOwnWordsThenNotifyGetsKeepalivedsFourArguments() {
        NotifyScripts s = scripts("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n"
                + " virtual_ipaddress {\n 192.0.2.1\n }\n notify_master \"/etc/keepalived/to_master.sh VI_1 'a b'\"\n"
                + " notify /etc/keepalived/notify.sh\n notify_stop \"/bin/stop.sh\" nobody nogroup\n}\n");
        Notifier n = new Notifier(recording, admitting(Optional.empty()));
        n.instanceChanged("VI_1", s, VrrpState.MASTER, 150);
        n.instanceChanged("VI_1", s, VrrpState.BACKUP, 100);
        n.instanceChanged("VI_1", s, VrrpState.STOP, 100);
        n.groupChanged("G", s, VrrpState.FAULT);
        assertEquals(List.of(
                "/etc/keepalived/to_master.sh VI_1 a b | - - 60s",
                "/etc/keepalived/notify.sh INSTANCE VI_1 MASTER 150 | - - 60s",
                "/etc/keepalived/notify.sh INSTANCE VI_1 BACKUP 100 | - - 60s",
                "/bin/stop.sh | nobody nogroup 5s",
                "/etc/keepalived/notify.sh INSTANCE VI_1 STOP 100 | - - 5s",
                "/etc/keepalived/notify.sh GROUP G FAULT 0 | - - 60s"), runs);
    }

    @Test
    void scriptUserAppliesToScriptsWithoutTheirOwn() {
        NotifyScripts s = scripts("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n"
                + " virtual_ipaddress {\n 192.0.2.1\n }\n notify_fault /bin/fault.sh\n}\n");
        new Notifier(recording, admitting(Optional.of(new RunAs("keepalived_script", 998, 997))))
                .instanceChanged("VI_1", s, VrrpState.FAULT, 1);
        assertEquals(List.of("/bin/fault.sh | keepalived_script 997 60s"), runs);
    }

    @Test
    void aScriptTheAdmissionRefusesNeverRunsAndIsJudgedOnce() {
        NotifyScripts s = scripts("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n"
                + " virtual_ipaddress {\n 192.0.2.1\n }\n notify_backup /tmp/ww.sh\n notify /etc/ok.sh\n}\n");
        List<String> judged = new java.util.ArrayList<>();
        ScriptAdmission refusing = new ScriptAdmission((argv, uid, gid) -> {
            judged.add(argv.get(0));
            return argv.get(0).equals("/tmp/ww.sh") ? ScriptVetting.Verdict.disabled(argv, "unsafe", true)
                    : ScriptVetting.Verdict.runs(argv, false);
        }, new ScriptUserDefault(Optional.empty(), Optional.empty()), RunAs::resolve, new int[] {0, 0});
        Notifier n = new Notifier(recording, refusing);
        n.admitAll(s);
        assertEquals(List.of("/tmp/ww.sh", "/etc/ok.sh"), judged, "judged at start, before any state change");
        n.instanceChanged("VI_1", s, VrrpState.BACKUP, 100);
        n.instanceChanged("VI_1", s, VrrpState.BACKUP, 100);
        assertEquals(List.of("/etc/ok.sh INSTANCE VI_1 BACKUP 100 | - - 60s",
                "/etc/ok.sh INSTANCE VI_1 BACKUP 100 | - - 60s"), runs);
        assertEquals(List.of("/tmp/ww.sh", "/etc/ok.sh"), judged);
    }

    @Test
    void aReloadJudgesTheNewScriptsUnderTheNewRulesAndNothingChangesBeforeInstall() {
        NotifyScripts before = scripts("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n"
                + " virtual_ipaddress {\n 192.0.2.1\n }\n notify_backup /etc/old.sh\n}\n");
        NotifyScripts after = scripts("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n"
                + " virtual_ipaddress {\n 192.0.2.1\n }\n notify_backup /etc/old.sh\n notify_master /tmp/ww.sh\n}\n");
        Notifier n = new Notifier(recording, admitting(Optional.empty()));
        n.admitAll(before);
        List<String> judged = new ArrayList<>();
        // the reload's global_defs: script_user keepalived_script, and /tmp/ww.sh is refused
        ScriptAdmission next = new ScriptAdmission((argv, uid, gid) -> {
            judged.add(argv.get(0));
            return argv.get(0).equals("/tmp/ww.sh") ? ScriptVetting.Verdict.disabled(argv, "unsafe", true)
                    : ScriptVetting.Verdict.runs(argv, false);
        }, new ScriptUserDefault(Optional.of(new RunAs("keepalived_script", 998, 997)), Optional.empty()),
                RunAs::resolve, new int[] {0, 0});
        var verdicts = n.judgeAll(next, List.of(after));
        assertEquals(List.of("/tmp/ww.sh", "/etc/old.sh"), judged, "every script judged again (master first), off the loop");
        n.instanceChanged("VI_1", after, VrrpState.BACKUP, 100);
        assertEquals(List.of("/etc/old.sh | - - 60s"), runs, "the old rules until install");
        n.install(next, verdicts);
        runs.clear();
        n.instanceChanged("VI_1", after, VrrpState.BACKUP, 100);
        n.instanceChanged("VI_1", after, VrrpState.MASTER, 100);
        assertEquals(List.of("/etc/old.sh | keepalived_script 997 60s"), runs);
        assertEquals(2, judged.size(), "nothing judged on the state changes");
    }

    /** Every script may run; scripts without a user run as {@code defaultUser}. */
    private static ScriptAdmission admitting(Optional<RunAs> defaultUser) {
        return new ScriptAdmission((argv, uid, gid) -> ScriptVetting.Verdict.runs(argv, false),
                new ScriptUserDefault(defaultUser, Optional.empty()), RunAs::resolve, new int[] {0, 0});
    }

    /** The FIFO gets keepalived's lines for the same events, after the scripts; priority and lower-priority events too. */
    @Test
    void fifoLinesFollowTheStateChanges(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        NotifyScripts s = scripts("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n"
                + " virtual_ipaddress {\n 192.0.2.1\n }\n notify_master_rx_lower_pri /bin/rx.sh\n}\n");
        java.nio.file.Path fifo = dir.resolve("vrrp.fifo");
        io.jkeepalived.fifo.NotifyFifos fifos = io.jkeepalived.fifo.NotifyFifos.open(List.of(
                new io.jkeepalived.fifo.NotifyFifos.Spec("vrrp_", fifo.toString(), Optional.empty(), Optional.empty())),
                admitting(Optional.empty()), (argv, u, g, t) -> { }, io.jkeepalived.libc.Libc.get());
        Notifier n = new Notifier(recording, admitting(Optional.empty()));
        n.useFifos(fifos);
        n.instanceChanged("VI_1", s, VrrpState.INIT, 100);
        n.instanceChanged("VI_1", s, VrrpState.BACKUP, 100);
        n.instanceChanged("VI_1", s, VrrpState.MASTER, 100);
        n.priorityChanged("VI_1", VrrpState.MASTER, 90);
        n.masterReceivedLowerPriority("VI_1", s, 90);
        n.groupChanged("G1", s, VrrpState.MASTER);
        n.priorityChanged("VI_1", VrrpState.BACKUP, 80);
        n.instanceChanged("VI_1", s, VrrpState.STOP, 80);
        n.groupChanged("G1", s, VrrpState.STOP);
        // The daemon holds the FIFO read-write, so opening it to read does not wait; end of file comes at close.
        List<String> seen;
        try (java.io.BufferedReader in = java.nio.file.Files.newBufferedReader(fifo)) {
            fifos.close();
            seen = in.lines().toList();
        }
        assertEquals(List.of(
                "INSTANCE \"VI_1\" BACKUP 100",
                "INSTANCE \"VI_1\" MASTER 100",
                "INSTANCE \"VI_1\" MASTER_PRIORITY 90",
                "INSTANCE \"VI_1\" MASTER_RX_LOWER_PRI 90",
                "GROUP \"G1\" MASTER 0",
                "INSTANCE \"VI_1\" BACKUP_PRIORITY 80",
                "INSTANCE \"VI_1\" STOP 80",
                "GROUP \"G1\" STOP 0"), seen);
        assertEquals(List.of("/bin/rx.sh | - - 60s"), runs, "notify_master_rx_lower_pri runs with its own words");
    }
}
