package io.jkeepalived.vrrp.runtime;

import io.jkeepalived.config.model.VrrpScript;
import io.jkeepalived.exec.RunAs;
import io.jkeepalived.exec.ScriptAdmission;
import io.jkeepalived.vrrp.VrrpScheduler;
import io.jkeepalived.vrrp.track.ScriptExecutor;
import io.jkeepalived.vrrp.track.ScriptHealth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every tracked vrrp_script every {@code interval} with its {@code timeout}, off the event loop,
 * and turns the outcomes into up/down changes with the script's rise and fall. The first runs start
 * at once. A script still running when its next turn comes is not started twice (keepalived logs and
 * starts another; we only log). Everything but the script itself runs on the event loop.
 */
final class ScriptTracker {
    private static final Logger LOG = LoggerFactory.getLogger(ScriptTracker.class);

    private final class Tracked {
        final VrrpScript script;
        final ScriptAdmission.Admission admission;
        final ScriptHealth health;
        boolean running;
        /** Replaced or dropped by a reload: its timer is cancelled and a run still going is ignored. */
        boolean retired;
        int lastStatus = Integer.MIN_VALUE;
        VrrpScheduler.Timer timer;

        Tracked(VrrpScript script, ScriptAdmission.Admission admission, ScriptHealth health) {
            this.script = script;
            this.admission = admission;
            this.health = health;
        }

        void retire() {
            retired = true;
            if (timer != null) {
                timer.cancel();
            }
        }
    }

    private final VrrpScheduler clock;
    private final Executor loop;
    private final ScriptExecutor executor;
    private final Set<String> disabled = new TreeSet<>();
    private final BiConsumer<String, ScriptHealth.Status> onChange;
    private final Map<String, Tracked> scripts = new LinkedHashMap<>();
    private boolean stopped;
    private boolean started;

    /**
     * @param admission decides once per script whether it runs and as whom; a script it refuses is dropped from
     *                  tracking altogether, as keepalived drops an insecure or missing script (its weight then
     *                  counts for nothing and it holds no instance back)
     */
    ScriptTracker(VrrpScheduler clock, Executor loop, ScriptExecutor executor, ScriptAdmission admission,
                  List<VrrpScript> scripts, BiConsumer<String, ScriptHealth.Status> onChange) {
        this.clock = clock;
        this.loop = loop;
        this.executor = executor;
        this.onChange = onChange;
        for (Map.Entry<VrrpScript, ScriptAdmission.Admission> e : admit(admission, scripts).entrySet()) {
            VrrpScript s = e.getKey();
            if (!e.getValue().runs()) {
                disabled.add(s.name());
                continue;
            }
            this.scripts.put(s.name(), new Tracked(s, e.getValue(), new ScriptHealth(s.rise(), s.fall(), s.initFail())));
        }
    }

    /**
     * Judges each script (file checks: I/O, so not on the event loop) and logs the refused and the insecure, as
     * keepalived does at start and at every reload.
     */
    static Map<VrrpScript, ScriptAdmission.Admission> admit(ScriptAdmission admission, List<VrrpScript> scripts) {
        Map<VrrpScript, ScriptAdmission.Admission> out = new LinkedHashMap<>();
        for (VrrpScript s : scripts) {
            ScriptAdmission.Admission a = admission.admit(s.command().argv(), s.command().user(), s.command().group());
            if (!a.runs()) {
                LOG.warn("Disabling track script {}: {}", s.name(), a.problem().orElse(""));
            } else if (a.insecure()) {
                LOG.warn("Track script {} is insecure: {}", s.name(), a.problem().orElse(""));
            }
            out.put(s, a);
        }
        return out;
    }

    /**
     * A reload's scripts, already judged by {@link #admit}. A script whose name and definition are unchanged goes on
     * as it was (its schedule, its health, a run in progress). One that keeps its name but changed keeps its
     * up/down state ({@link ScriptHealth#carriedOver}) and runs at once with its new definition, as does a new
     * one; a dropped or now refused one stops. No change is reported through the callback: the runtime re-reads
     * {@link #initialStatus} for every instance after a reload.
     */
    void reload(Map<VrrpScript, ScriptAdmission.Admission> next) {
        Map<String, Tracked> old = new LinkedHashMap<>(scripts);
        scripts.clear();
        disabled.clear();
        for (Map.Entry<VrrpScript, ScriptAdmission.Admission> e : next.entrySet()) {
            VrrpScript s = e.getKey();
            Tracked before = old.remove(s.name());
            if (!e.getValue().runs()) {
                disabled.add(s.name());
                if (before != null) {
                    before.retire();
                }
                continue;
            }
            if (before != null && before.script.equals(s) && before.admission.runAs().equals(e.getValue().runAs())) {
                scripts.put(s.name(), before);
                continue;
            }
            ScriptHealth health = before == null ? new ScriptHealth(s.rise(), s.fall(), s.initFail())
                    : ScriptHealth.carriedOver(s.rise(), s.fall(), s.initFail(), before.health.status());
            if (before != null) {
                before.retire();
                LOG.info("VRRP_Script({}) changed by the reload; still {}", s.name(), health.status());
            }
            Tracked t = new Tracked(s, e.getValue(), health);
            scripts.put(s.name(), t);
            if (started && !stopped) {
                t.timer = clock.schedule(0, () -> turn(t));
            }
        }
        for (Tracked gone : old.values()) {
            gone.retire();
        }
    }

    /** Whether the script was refused at start (instances do not track it). */
    boolean disabled(String name) {
        return disabled.contains(name);
    }

    /** The state each script starts in: unknown, or down with init_fail. */
    ScriptHealth.Status initialStatus(String name) {
        Tracked t = scripts.get(name);
        return t == null ? ScriptHealth.Status.UNKNOWN : t.health.status();
    }

    void start() {
        started = true;
        for (Tracked t : scripts.values()) {
            t.timer = clock.schedule(0, () -> turn(t));
        }
    }

    private void turn(Tracked t) {
        if (stopped || t.retired) {
            return;
        }
        t.timer = clock.schedule(t.script.interval().toNanos(), () -> turn(t));
        if (t.running) {
            LOG.info("Track script {} is still running, skipping this run", t.script.name());
            return;
        }
        t.running = true;
        List<String> argv = t.script.command().argv();
        Optional<String> user = t.script.command().user();
        Optional<String> group = t.script.command().group();
        if (user.isEmpty() && t.admission.runAs().isPresent()) {
            RunAs runAs = t.admission.runAs().get();
            user = Optional.of(runAs.user());
            group = Optional.of(Integer.toString(runAs.gid()));
        }
        executor.run(new ArrayList<>(argv), user, group, t.script.timeout())
                .whenCompleteAsync((outcome, error) -> finished(t, outcome, error), loop);
    }

    private void finished(Tracked t, ScriptExecutor.ScriptOutcome outcome, Throwable error) {
        t.running = false;
        if (stopped || t.retired) {
            return;
        }
        boolean success = error == null && outcome.succeeded();
        if (error == null && outcome.kind() == ScriptExecutor.ScriptOutcome.Kind.EXITED
                && outcome.exitStatus() != t.lastStatus) {
            LOG.info("Script `{}` now returning {}", t.script.name(), outcome.exitStatus());
            t.lastStatus = outcome.exitStatus();
        }
        if (t.health.record(success)) {
            ScriptHealth.Status now = t.health.status();
            if (now == ScriptHealth.Status.UP) {
                LOG.info("VRRP_Script({}) succeeded", t.script.name());
            } else {
                String why = error != null ? error.toString() : outcome.kind() == ScriptExecutor.ScriptOutcome.Kind.TIMED_OUT
                        ? "timed_out" : "failed (" + outcome + ")";
                LOG.info("VRRP_Script({}) {}", t.script.name(), why);
            }
            onChange.accept(t.script.name(), now);
        }
    }

    void stop() {
        stopped = true;
        for (Tracked t : scripts.values()) {
            if (t.timer != null) {
                t.timer.cancel();
            }
        }
    }
}
