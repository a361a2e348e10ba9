package io.jkeepalived.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.config.model.VrrpScript;
import io.jkeepalived.exec.RunAs;
import io.jkeepalived.exec.ScriptAdmission;
import io.jkeepalived.exec.ScriptUserDefault;
import io.jkeepalived.exec.ScriptVetting;
import io.jkeepalived.vrrp.FakeScheduler;
import io.jkeepalived.vrrp.track.ScriptExecutor;
import io.jkeepalived.vrrp.track.ScriptHealth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@link ScriptTracker#reload}: unchanged scripts go on, changed ones keep their state, dropped ones stop. */
class ScriptTrackerReloadTest {
    private final FakeScheduler clock = new FakeScheduler();
    private final List<String> runs = new ArrayList<>();
    private final List<String> changes = new ArrayList<>();
    /** Exit status per program; scripts complete at once. */
    private final Map<String, Integer> exits = new java.util.HashMap<>();

    private final ScriptExecutor executor = new ScriptExecutor() {
        @Override
        public CompletableFuture<ScriptOutcome> run(List<String> argv, Optional<String> user, Optional<String> group,
                                                    Duration timeout) {
            runs.add(FakeSchedulerTime.of(clock) + " " + String.join(" ", argv));
            return CompletableFuture.completedFuture(new ScriptOutcome(ScriptOutcome.Kind.EXITED,
                    exits.getOrDefault(argv.get(0), 0), ""));
        }

        @Override
        public void close() {
        }
    };

    private static final class FakeSchedulerTime {
        static String of(FakeScheduler c) {
            return java.math.BigDecimal.valueOf(c.nanoTime(), 9).stripTrailingZeros().toPlainString();
        }
    }

    private static final ScriptAdmission ADMIT_ALL = new ScriptAdmission(
            (argv, uid, gid) -> ScriptVetting.Verdict.runs(argv, false),
            new ScriptUserDefault(Optional.empty(), Optional.empty()), RunAs::resolve, new int[] {0, 0});

    private static List<VrrpScript> scripts(String conf) {
        return Conf.parse(conf + "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n"
                + " virtual_ipaddress {\n 192.0.2.1\n }\n track_script {\n" + trackAll(conf) + " }\n}\n").vrrp().scripts();
    }

    private static String trackAll(String conf) {
        StringBuilder s = new StringBuilder();
        for (String line : conf.split("\n")) {
            if (line.startsWith("vrrp_script ")) {
                s.append("  ").append(line.split(" ")[1]).append('\n');
            }
        }
        return s.toString();
    }

    @Test
    void unchangedScriptsKeepTheirScheduleChangedOnesKeepTheirStateAndRunAtOnceDroppedOnesStop() {
        String a = "vrrp_script chk_a {\n script /bin/a\n interval 2\n}\n";
        String b = "vrrp_script chk_b {\n script /bin/b\n interval 2\n fall 3\n}\n";
        String c = "vrrp_script chk_c {\n script /bin/c\n interval 2\n}\n";
        ScriptTracker t = new ScriptTracker(clock, Runnable::run, executor, ADMIT_ALL, scripts(a + b + c),
                (name, status) -> changes.add(FakeSchedulerTime.of(clock) + " " + name + " " + status));
        exits.put("/bin/b", 1);
        clock.at(0, t::start);
        clock.runUntil(2.5);
        assertEquals(List.of("0 chk_a UP", "0 chk_b DOWN", "0 chk_c UP"), changes);
        runs.clear();
        changes.clear();

        // chk_b gets a new command and rise 2, chk_c goes, chk_d is new.
        String b2 = "vrrp_script chk_b {\n script \"/bin/b --new\"\n interval 2\n rise 2\n}\n";
        String d = "vrrp_script chk_d {\n script /bin/d\n interval 2\n}\n";
        clock.at(3, () -> t.reload(ScriptTracker.admit(ADMIT_ALL, scripts(a + b2 + d))));
        exits.put("/bin/b", 0);
        clock.runUntil(6.5);
        assertEquals(List.of("3 /bin/b --new", "3 /bin/d", "4 /bin/a", "5 /bin/b --new", "5 /bin/d", "6 /bin/a"), runs,
                "chk_a on its old schedule (0, 2, 4...), the changed and the new at once, chk_c never again");
        assertEquals(ScriptHealth.Status.UP, t.initialStatus("chk_a"));
        // chk_b was down and carried over as down: rise 2 successes (3 and 5) bring it up.
        assertEquals(List.of("3 chk_d UP", "5 chk_b UP"), changes);
        assertTrue(!t.disabled("chk_c"));
    }
}
