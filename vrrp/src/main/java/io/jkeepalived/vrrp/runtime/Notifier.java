package io.jkeepalived.vrrp.runtime;

import io.jkeepalived.alert.Alert;
import io.jkeepalived.alert.SmtpAlerter;
import io.jkeepalived.config.model.NotifyScripts;
import io.jkeepalived.config.model.ScriptCommand;
import io.jkeepalived.exec.RunAs;
import io.jkeepalived.exec.ScriptAdmission;
import io.jkeepalived.fifo.NotifyFifoLines;
import io.jkeepalived.fifo.NotifyFifos;
import io.jkeepalived.vrrp.VrrpState;
import io.jkeepalived.vrrp.track.ScriptExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the notify scripts of instances and sync groups as keepalived does: first the script of the new
 * state (notify_master, notify_backup, notify_fault, notify_stop) with exactly the arguments written in
 * the configuration, then {@code notify} with four more: {@code INSTANCE} or {@code GROUP}, the name,
 * {@code MASTER|BACKUP|FAULT|STOP}, and the priority (0 for a group). Scripts are started and not
 * waited for; each has a timeout, after which it is killed. Then the same event goes, as a line, to the notify
 * FIFOs ({@link NotifyFifoLines}); a FIFO line is only queued here, the FIFO's own thread writes it.
 */
public final class Notifier {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    /** keepalived gives notify scripts no time limit; we do, so none can linger for ever. */
    public static final Duration NOTIFY_TIMEOUT = Duration.ofSeconds(60);
    /** notify_stop and notify ... STOP: keepalived kills them after a second; we allow a few more. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final ScriptExecutor executor;
    private volatile ScriptAdmission admission;
    /** Each configured script is judged once (keepalived does it at start and reload), and logged once if refused. */
    private volatile Map<ScriptCommand, ScriptAdmission.Admission> admitted = new ConcurrentHashMap<>();
    private final List<CompletableFuture<?>> stopScripts = new CopyOnWriteArrayList<>();
    /** notify_fifo and vrrp_notify_fifo; replaced at start and on reload. */
    private volatile NotifyFifos fifos = NotifyFifos.none();
    /** The SMTP alerts' sender (it only queues); null: no mail. */
    private volatile SmtpAlerter alerter;
    private volatile boolean noEmailFaults;
    /**
     * keepalived's last_email_state, per instance and per group (by name, so that it survives a reload as the
     * instance does): a state is mailed only when it differs from the last one mailed. Touched on the loop only.
     */
    private final Map<String, VrrpState> lastMailedInstance = new HashMap<>();
    private final Map<String, VrrpState> lastMailedGroup = new HashMap<>();

    /**
     * @param admission whether each script may run and as whom (script_user, keepalived_script, the daemon's
     *                  own user; keepalived's file checks)
     */
    public Notifier(ScriptExecutor executor, ScriptAdmission admission) {
        this.executor = executor;
        this.admission = admission;
    }

    public void instanceChanged(String name, NotifyScripts scripts, VrrpState state, int priority) {
        instanceChanged(name, scripts, state, priority, false);
    }

    /** @param smtpAlert the instance's effective smtp_alert */
    public void instanceChanged(String name, NotifyScripts scripts, VrrpState state, int priority,
                                boolean smtpAlert) {
        notify("INSTANCE", name, scripts, state, priority);
        if (smtpAlert) {
            mail(lastMailedInstance, name, state, false);
        }
    }

    public void groupChanged(String name, NotifyScripts scripts, VrrpState state) {
        groupChanged(name, scripts, state, false);
    }

    /** @param smtpAlert the sync group's effective smtp_alert */
    public void groupChanged(String name, NotifyScripts scripts, VrrpState state, boolean smtpAlert) {
        notify("GROUP", name, scripts, state, 0);
        if (smtpAlert) {
            mail(lastMailedGroup, name, state, true);
        }
    }

    /** Runs the mail path's switch once with no alerter, so that the loop's first state change does not link it. */
    void warmUpAlerts() {
        for (VrrpState s : VrrpState.values()) {
            mail(new HashMap<>(), "warm-up", s, false, true);
        }
    }

    /** Where SMTP alerts go from now on (null: nowhere), and global_defs' no_email_faults. */
    public void useAlerts(SmtpAlerter next, boolean noFaultMails) {
        alerter = next;
        noEmailFaults = noFaultMails;
    }

    /**
     * keepalived 2.2.7 (vrrp_notify.c): a mail for MASTER, BACKUP and FAULT (not with no_email_faults), only when
     * the state differs from the last one mailed for that instance or group. STOP is not mailed: keepalived queues
     * a "Stopping" alert at shutdown but exits before its SMTP dialogue starts (measured: the connection is opened,
     * no HELO is sent), so operators never get it.
     */
    private void mail(Map<String, VrrpState> last, String name, VrrpState state, boolean group) {
        mail(last, name, state, group, false);
    }

    private void mail(Map<String, VrrpState> last, String name, VrrpState state, boolean group, boolean dryRun) {
        SmtpAlerter a = alerter;
        if (!dryRun && (a == null || !a.enabled())) {
            return;
        }
        Alert.VrrpEvent event;
        switch (state) {
            case MASTER -> event = Alert.VrrpEvent.MASTER;
            case BACKUP -> event = Alert.VrrpEvent.BACKUP;
            case FAULT -> {
                if (noEmailFaults) {
                    return;
                }
                event = Alert.VrrpEvent.FAULT;
            }
            default -> {
                return;
            }
        }
        if (last.get(name) == state) {
            return;
        }
        last.put(name, state);
        Alert alert = group ? Alert.group(name, event) : Alert.instance(name, event);
        if (!dryRun) {
            a.offer(alert);
        }
    }

    /** The FIFOs lines go to from now on (on the event loop, or before it runs). */
    public void useFifos(NotifyFifos next) {
        fifos = next;
    }

    /**
     * notify_priority_changes: keepalived writes only a FIFO line, MASTER_PRIORITY as master and BACKUP_PRIORITY in
     * any other state, with the new effective priority.
     */
    public void priorityChanged(String name, VrrpState state, int priority) {
        NotifyFifos f = fifos;
        if (!f.isEmpty()) {
            f.offer(NotifyFifoLines.instance(name, state == VrrpState.MASTER ? "MASTER_PRIORITY" : "BACKUP_PRIORITY",
                    priority));
        }
    }

    /**
     * A master received an advert of lower priority: notify_master_rx_lower_pri runs (with only the arguments
     * configured), and the FIFO gets MASTER_RX_LOWER_PRI.
     */
    public void masterReceivedLowerPriority(String name, NotifyScripts scripts, int priority) {
        if (scripts.masterRxLowerPri().isPresent()) {
            ScriptCommand c = scripts.masterRxLowerPri().get();
            launch(c, c.argv(), VrrpState.MASTER);
        }
        NotifyFifos f = fifos;
        if (!f.isEmpty()) {
            f.offer(NotifyFifoLines.instance(name, "MASTER_RX_LOWER_PRI", priority));
        }
    }

    // The state-change path below is written without lambdas on purpose: it runs on the VRRP thread, real-time
    // under vrrp_rt_priority, and the first run of each lambda call site links it (0.3-1 ms of CPU each, measured
    // with -Xlog:class+load at a daemon's first MASTER), time the kernel counts against RLIMIT_RTTIME.
    private void notify(String kind, String name, NotifyScripts scripts, VrrpState state, int priority) {
        Optional<ScriptCommand> specific = switch (state) {
            case MASTER -> scripts.master();
            case BACKUP -> scripts.backup();
            case FAULT -> scripts.fault();
            case STOP -> scripts.stop();
            case INIT -> Optional.empty();
        };
        if (state == VrrpState.INIT) {
            return;
        }
        if (specific.isPresent()) {
            launch(specific.get(), specific.get().argv(), state);
        }
        if (scripts.any().isPresent()) {
            ScriptCommand c = scripts.any().get();
            List<String> argv = new ArrayList<>(c.argv());
            argv.add(kind);
            argv.add(name);
            argv.add(state.name());
            argv.add(Integer.toString(priority));
            launch(c, argv, state);
        }
        NotifyFifos f = fifos;
        if (!f.isEmpty()) {
            f.offer(kind.equals("GROUP") ? NotifyFifoLines.group(name, state.name())
                    : NotifyFifoLines.instance(name, state.name(), priority));
        }
    }

    private void launch(ScriptCommand command, List<String> argv, VrrpState state) {
        if (argv.isEmpty()) {
            return;
        }
        ScriptAdmission.Admission verdict = admitted.get(command);
        if (verdict == null) {
            verdict = judge(command);
            admitted.put(command, verdict);
        }
        if (!verdict.runs()) {
            return;
        }
        Optional<String> user = command.user();
        Optional<String> group = command.group();
        if (user.isEmpty() && verdict.runAs().isPresent()) {
            RunAs runAs = verdict.runAs().get();
            user = Optional.of(runAs.user());
            group = Optional.of(Integer.toString(runAs.gid()));
        }
        Duration timeout = state == VrrpState.STOP ? STOP_TIMEOUT : NOTIFY_TIMEOUT;
        LOG.debug("Running notify script {}", argv);
        CompletableFuture<ScriptExecutor.ScriptOutcome> f = executor.run(argv, user, group, timeout);
        f.whenComplete(new Reporter(argv));
        if (state == VrrpState.STOP) {
            stopScripts.add(f);
        }
    }

    /** Logs a notify script that failed (on the thread that completes it). */
    private record Reporter(List<String> argv) implements BiConsumer<ScriptExecutor.ScriptOutcome, Throwable> {
        @Override
        public void accept(ScriptExecutor.ScriptOutcome outcome, Throwable error) {
            if (error != null) {
                LOG.warn("Notify script {} failed: {}", argv.get(0), error.toString());
            } else if (!outcome.succeeded()) {
                LOG.warn("Notify script {} {}", String.join(" ", argv), outcome);
            }
        }
    }

    /**
     * Judges the scripts now, at start, as keepalived does: the file checks are I/O, which has no place on the
     * event loop during a state change.
     */
    public void admitAll(NotifyScripts scripts) {
        for (Optional<ScriptCommand> c : List.of(scripts.master(), scripts.backup(), scripts.fault(), scripts.stop(),
                scripts.any(), scripts.masterRxLowerPri())) {
            c.ifPresent(command -> admitted.computeIfAbsent(command, this::judge));
        }
    }

    /**
     * A reload: every notify script of the new configuration judged afresh under {@code next} (script_user and
     * enable_script_security may have changed; keepalived re-checks everything), off the event loop. Nothing
     * changes until {@link #install}.
     */
    public Map<ScriptCommand, ScriptAdmission.Admission> judgeAll(ScriptAdmission next, List<NotifyScripts> all) {
        Map<ScriptCommand, ScriptAdmission.Admission> out = new ConcurrentHashMap<>();
        for (NotifyScripts scripts : all) {
            for (Optional<ScriptCommand> c : List.of(scripts.master(), scripts.backup(), scripts.fault(),
                    scripts.stop(), scripts.any(), scripts.masterRxLowerPri())) {
                c.ifPresent(command -> out.computeIfAbsent(command, k -> judge(next, k)));
            }
        }
        return out;
    }

    /** Puts what {@link #judgeAll} found in force. */
    public void install(ScriptAdmission next, Map<ScriptCommand, ScriptAdmission.Admission> verdicts) {
        admission = next;
        admitted = new ConcurrentHashMap<>(verdicts);
    }

    private ScriptAdmission.Admission judge(ScriptCommand command) {
        return judge(admission, command);
    }

    private static ScriptAdmission.Admission judge(ScriptAdmission admission, ScriptCommand command) {
        ScriptAdmission.Admission a = admission.admit(command.argv(), command.user(), command.group());
        if (!a.runs()) {
            LOG.warn("Disabling notify script {}: {}", command.commandLine(), a.problem().orElse(""));
        } else if (a.insecure()) {
            LOG.warn("Notify script {} is insecure: {}", command.commandLine(), a.problem().orElse(""));
        }
        return a;
    }

    /** Waits (up to {@code patience}) for the STOP scripts started so far, so shutdown does not cut them off. */
    public void awaitStopScripts(Duration patience) {
        CompletableFuture<?>[] all = stopScripts.toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(all).get(patience.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("notify STOP scripts still running after {} s", patience.toSeconds());
        }
    }
}
