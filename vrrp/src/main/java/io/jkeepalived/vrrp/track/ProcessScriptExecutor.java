package io.jkeepalived.vrrp.track;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs scripts with {@link ProcessBuilder} on a pool of its own threads: no shell, standard streams to
 * /dev/null, the daemon's environment. A run that outlives its timeout gets SIGTERM (with everything it
 * started), then SIGKILL two seconds later, as keepalived does. A user is honoured through util-linux's
 * setpriv. At most {@code maxRunning} scripts run at once; more are refused (NOT_STARTED) rather than
 * piling up, so a hanging script cannot exhaust the machine.
 */
public final class ProcessScriptExecutor implements ScriptExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessScriptExecutor.class);
    private static final Duration KILL_GRACE = Duration.ofSeconds(2);
    private static final List<Path> SETPRIV = List.of(Path.of("/usr/bin/setpriv"), Path.of("/bin/setpriv"));

    private final ExecutorService pool;
    private final Semaphore slots;
    private final Optional<Path> setpriv;
    private volatile boolean closed;

    public ProcessScriptExecutor(int maxRunning) {
        this.slots = new Semaphore(maxRunning);
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "vrrp-script-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.setpriv = SETPRIV.stream().filter(Files::isExecutable).findFirst();
    }

    @Override
    public CompletableFuture<ScriptOutcome> run(List<String> argv, Optional<String> user, Optional<String> group,
                                                Duration timeout) {
        CompletableFuture<ScriptOutcome> result = new CompletableFuture<>();
        if (closed) {
            result.complete(new ScriptOutcome(ScriptOutcome.Kind.NOT_STARTED, -1, "the script runner is closed"));
            return result;
        }
        if (!slots.tryAcquire()) {
            result.complete(new ScriptOutcome(ScriptOutcome.Kind.NOT_STARTED, -1,
                    "too many scripts running, not started"));
            return result;
        }
        try {
            pool.execute(() -> {
                ScriptOutcome outcome;
                try {
                    outcome = runNow(argv, user, group, timeout);
                } catch (RuntimeException e) {
                    outcome = new ScriptOutcome(ScriptOutcome.Kind.NOT_STARTED, -1, e.toString());
                }
                // The slot is free before anyone hears of the result: whoever reacts by starting another
                // script must not be refused for a slot that is about to be released.
                slots.release();
                result.complete(outcome);
            });
        } catch (RuntimeException e) {
            slots.release();
            result.complete(new ScriptOutcome(ScriptOutcome.Kind.NOT_STARTED, -1, e.toString()));
        }
        return result;
    }

    private ScriptOutcome runNow(List<String> argv, Optional<String> user, Optional<String> group,
                                 Duration timeout) {
        List<String> command = new ArrayList<>();
        if (user.isPresent()) {
            if (setpriv.isEmpty()) {
                return new ScriptOutcome(ScriptOutcome.Kind.NOT_STARTED, -1,
                        "cannot run as user " + user.get() + ": setpriv (util-linux) is not installed");
            }
            command.add(setpriv.get().toString());
            command.add("--reuid=" + user.get());
            command.add("--regid=" + group.orElseGet(() -> primaryGroup(user.get())));
            command.add("--clear-groups");
            command.add("--");
        }
        command.addAll(argv);
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            return new ScriptOutcome(ScriptOutcome.Kind.NOT_STARTED, -1, "cannot start " + argv.get(0) + ": "
                    + e.getMessage());
        }
        try {
            if (process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return new ScriptOutcome(ScriptOutcome.Kind.EXITED, process.exitValue(), "");
            }
            ProcessHandle handle = process.toHandle();
            List<ProcessHandle> family = new ArrayList<>(handle.descendants().toList());
            family.add(handle);
            family.forEach(ProcessHandle::destroy);
            if (!process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                family.forEach(ProcessHandle::destroyForcibly);
            }
            handle.descendants().forEach(ProcessHandle::destroyForcibly);
            return new ScriptOutcome(ScriptOutcome.Kind.TIMED_OUT, -1, "timed out after " + timeout.toMillis() / 1000.0
                    + " s");
        } catch (InterruptedException e) {
            process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new ScriptOutcome(ScriptOutcome.Kind.NOT_STARTED, -1, "interrupted");
        }
    }

    /** The user's primary group from /etc/passwd, or the name itself when it is not listed (setpriv then says). */
    static String primaryGroup(String user) {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] f = line.split(":");
                if (f.length > 3 && f[0].equals(user)) {
                    return f[3];
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot read /etc/passwd: {}", e.getMessage());
        }
        return user;
    }

    @Override
    public void close() {
        closed = true;
        pool.shutdown();
    }
}
