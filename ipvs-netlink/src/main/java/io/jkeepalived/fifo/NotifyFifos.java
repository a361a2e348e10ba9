package io.jkeepalived.fifo;

import io.jkeepalived.exec.RunAs;
import io.jkeepalived.exec.ScriptAdmission;
import io.jkeepalived.libc.Libc;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notify FIFOs one part of the daemon writes to (VRRP: notify_fifo and vrrp_notify_fifo; checker:
 * notify_fifo and lvs_notify_fifo), each with its reader script.
 *
 * <p>As keepalived 2.2.7 (lib/notify.c fifo_open): each FIFO is created if absent and opened; its script, if any,
 * is started with the FIFO's path as its last argument and no time limit (it is stopped with the daemon's other
 * scripts, SIGTERM, at shutdown). A FIFO that cannot be created or opened is logged and left out; the others
 * work. Every line goes to every FIFO of the set.
 *
 * <p>Reload: keepalived closes (and unlinks, if it made them) its FIFOs and opens the new configuration's,
 * starting their scripts again; the old script sees end of file. We keep a FIFO whose path, owner and script
 * did not change open, with its script running, so that no line is lost in between and no second reader
 * starts; a changed or removed one is closed (and unlinked if we made it), a new or changed one opened and its
 * script started. {@link #offer} never blocks: it is called from event loops.
 */
public final class NotifyFifos implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NotifyFifos.class);

    /** keepalived gives the FIFO script TIMER_NEVER; ours ends with the daemon (runner close, SIGTERM). */
    public static final Duration SCRIPT_TIMEOUT = Duration.ofDays(365L * 100);

    /**
     * One FIFO to open.
     *
     * @param kind   for messages: "" (notify_fifo), "vrrp_", "lvs_"
     * @param path   the FIFO's path
     * @param owner  who the FIFO is given to when we create it (empty: left as created, ours)
     * @param script the reader to start, if any
     */
    public record Spec(String kind, String path, Optional<RunAs> owner, Optional<Script> script) {
        public Spec {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(script, "script");
        }
    }

    /** A FIFO's reader script: argv as configured (the FIFO's path is added when it starts), its own user. */
    public record Script(List<String> argv, Optional<String> user, Optional<String> group) {
        public Script {
            argv = List.copyOf(argv);
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(group, "group");
        }
    }

    /** Starts a script and does not wait for it (the VRRP or checker side's script machinery). */
    public interface Launcher {
        void start(List<String> argv, Optional<String> user, Optional<String> group, Duration timeout);
    }

    private final Map<Spec, NotifyFifoWriter> open;
    /** The same writers as an array: offer runs on event loops, and walks it without an iterator. */
    private final NotifyFifoWriter[] writers;

    private NotifyFifos(Map<Spec, NotifyFifoWriter> open) {
        this.open = open;
        this.writers = open.values().toArray(new NotifyFifoWriter[0]);
    }

    /** No FIFO: offer does nothing. */
    public static NotifyFifos none() {
        return new NotifyFifos(new LinkedHashMap<>());
    }

    /** Opens every FIFO of {@code specs} and starts their scripts (file I/O: not on an event loop). */
    public static NotifyFifos open(List<Spec> specs, ScriptAdmission admission, Launcher launcher, Libc libc) {
        return none().next(specs, admission, launcher, libc);
    }

    /**
     * The set for a reload: the FIFOs of {@code specs} that are open here unchanged are shared with the result
     * (their scripts keep running), the others are opened and their scripts started. Nothing here is closed:
     * call {@link #closeReplaced} once the result is in use.
     */
    public NotifyFifos next(List<Spec> specs, ScriptAdmission admission, Launcher launcher, Libc libc) {
        Map<Spec, NotifyFifoWriter> next = new LinkedHashMap<>();
        for (Spec spec : specs) {
            if (next.containsKey(spec)) {
                continue;
            }
            NotifyFifoWriter kept = open.get(spec);
            if (kept != null) {
                next.put(spec, kept);
                continue;
            }
            // A FIFO whose owner or script changed, but not its path: close the old one first, as keepalived does.
            for (Map.Entry<Spec, NotifyFifoWriter> e : open.entrySet()) {
                if (e.getKey().path().equals(spec.path())) {
                    e.getValue().close();
                }
            }
            NotifyFifoWriter writer;
            try {
                writer = NotifyFifoWriter.open(spec.path(), spec.owner(), libc);
            } catch (IOException e) {
                LOG.warn("{} (the {}notify_fifo is not used)", e.getMessage(), spec.kind());
                continue;
            }
            LOG.info("Opened {}notify FIFO {}", spec.kind(), spec.path());
            next.put(spec, writer);
            spec.script().ifPresent(s -> startScript(spec, s, admission, launcher));
        }
        return new NotifyFifos(next);
    }

    private static void startScript(Spec spec, Script script, ScriptAdmission admission, Launcher launcher) {
        ScriptAdmission.Admission verdict = admission.admit(script.argv(), script.user(), script.group());
        String name = String.join(" ", script.argv());
        if (!verdict.runs()) {
            LOG.warn("Disabling {}notify_fifo_script {}: {}", spec.kind(), name, verdict.problem().orElse(""));
            return;
        }
        if (verdict.insecure()) {
            LOG.warn("{}notify_fifo_script {} is insecure: {}", spec.kind(), name, verdict.problem().orElse(""));
        }
        Optional<String> user = script.user();
        Optional<String> group = script.group();
        if (user.isEmpty() && verdict.runAs().isPresent()) {
            RunAs runAs = verdict.runAs().get();
            user = Optional.of(runAs.user());
            group = Optional.of(Integer.toString(runAs.gid()));
        }
        List<String> argv = new ArrayList<>(verdict.argv());
        argv.add(spec.path());
        LOG.info("Starting {}notify_fifo_script {}", spec.kind(), String.join(" ", argv));
        launcher.start(argv, user, group, SCRIPT_TIMEOUT);
    }

    /** Closes the FIFOs of this set that {@code successor} does not use. */
    public void closeReplaced(NotifyFifos successor) {
        for (NotifyFifoWriter w : writers) {
            if (!successor.open.containsValue(w)) {
                w.close();
            }
        }
    }

    /** Queues {@code line} for every FIFO; never blocks. */
    public void offer(String line) {
        NotifyFifoWriter[] all = writers;
        for (int i = 0; i < all.length; i++) {
            all[i].offer(line);
        }
    }

    public boolean isEmpty() {
        return writers.length == 0;
    }

    /** The paths open now, in the order configured. */
    public List<String> paths() {
        List<String> out = new ArrayList<>();
        for (NotifyFifoWriter w : writers) {
            out.add(w.path());
        }
        return out;
    }

    /** Lines dropped over every FIFO of the set. */
    public long dropped() {
        long n = 0;
        for (NotifyFifoWriter w : writers) {
            n += w.dropped();
        }
        return n;
    }

    /** Writes what is queued (up to a second each), closes every FIFO, unlinking those we made. */
    @Override
    public void close() {
        for (NotifyFifoWriter w : writers) {
            w.close();
        }
    }
}
