package io.jkeepalived.exec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs scripts (MISC_CHECK, vrrp_script, notify scripts) as keepalived does, without ever blocking the caller.
 *
 * <p>What a run looks like:
 * <ul>
 *   <li>The command is exec'd directly, not through a shell (see {@link ScriptCommand} for the splitting). A
 *       bare name is looked up in PATH. As keepalived, two cases go through {@code /bin/sh -c}: a first word that
 *       is a redirection ({@code </dev/tcp/...}), and a program that is neither a binary nor a {@code #!} script
 *       (keepalived built with libmagic does the same; Debian's build, without libmagic, would exec it, fail, and
 *       report success, which we do not copy).</li>
 *   <li>The script leads a new session, so it and everything it starts share one process group; stdin, stdout
 *       and stderr are /dev/null (keepalived discards script output too); no descriptor of the daemon leaks in;
 *       signal mask and dispositions are reset; the environment is the daemon's.</li>
 *   <li>With util-linux's {@code setpriv} (Debian: always there), the script runs under
 *       {@code setpriv --pdeathsig=TERM [--reuid U --regid G --groups G] --}: it gets SIGTERM if the daemon dies
 *       (keepalived sets the same parent-death signal), and runs as {@link RunAs} with exactly the one group, as
 *       keepalived's setgid/setgroups/setuid. Without setpriv, scripts still run, but {@link RunAs} is refused.
 *       The parent-death signal fires when the <em>thread</em> that spawned the child ends, which is why every
 *       script is spawned from one launcher thread that lives as long as the runner.</li>
 *   <li>At the timeout (counted from the request, queueing included) the result is {@code TIMED_OUT} at once, and
 *       the process group gets SIGTERM, then SIGKILL after {@link Limits#killGrace()} (keepalived: 2 s); once
 *       the script itself is gone, the rest of its group gets SIGKILL, so children it left behind die too.</li>
 *   <li>At most {@link Limits#maxRunning()} scripts run at once; up to {@link Limits#maxQueued()} more wait; a
 *       request beyond that, or one that cannot start before its timeout, is answered {@code NOT_STARTED}.
 *       A flood of hanging scripts therefore holds at most maxRunning processes and as many waiting threads.</li>
 * </ul>
 *
 * <p>Results complete the returned future on one of the runner's own threads: an event loop must continue with
 * {@code whenCompleteAsync(action, loop)}, never block on it.
 */
public final class ScriptRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ScriptRunner.class);
    private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final List<Path> SETPRIV_CANDIDATES = List.of(Path.of("/usr/bin/setpriv"), Path.of("/bin/setpriv"));

    /**
     * @param maxRunning how many scripts may run at the same time
     * @param maxQueued  how many more may wait for a free slot
     * @param killGrace  between SIGTERM and SIGKILL when a script times out
     */
    public record Limits(int maxRunning, int maxQueued, Duration killGrace) {
        public static final Limits DEFAULT = new Limits(32, 1024, Duration.ofSeconds(2));

        public Limits {
            if (maxRunning < 1 || maxQueued < 0) {
                throw new IllegalArgumentException("maxRunning must be at least 1 and maxQueued not negative");
            }
            Objects.requireNonNull(killGrace, "killGrace");
        }
    }

    private enum State { QUEUED, STARTING, RUNNING, DONE }

    private final class Job {
        final ScriptRequest request;
        final CompletableFuture<ScriptResult> result = new CompletableFuture<>();
        final long submitted = System.nanoTime();
        State state = State.QUEUED;
        int pid;
        boolean timedOut;
        ScheduledFuture<?> deadline;

        Job(ScriptRequest request) {
            this.request = request;
        }

        Duration elapsed() {
            return Duration.ofNanos(System.nanoTime() - submitted);
        }

        long remainingNanos() {
            return request.timeout().toNanos() - (System.nanoTime() - submitted);
        }
    }

    private final Limits limits;
    private final Optional<Path> setpriv;
    private final List<String> environment;
    private final List<String> searchPath;
    private final Semaphore slots;
    private final BlockingDeque<Job> queue = new LinkedBlockingDeque<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final Set<Job> running = ConcurrentHashMap.newKeySet();
    private final Thread launcher;
    private final ThreadPoolExecutor reapers;
    private final ScheduledThreadPoolExecutor timer;
    private volatile boolean closed;

    public ScriptRunner() {
        this(Limits.DEFAULT);
    }

    public ScriptRunner(Limits limits) {
        this(limits, findSetpriv(), System.getenv());
    }

    ScriptRunner(Limits limits, Optional<Path> setpriv, Map<String, String> env) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.setpriv = setpriv;
        List<String> envList = new ArrayList<>();
        env.forEach((k, v) -> envList.add(k + "=" + v));
        this.environment = List.copyOf(envList);
        this.searchPath = List.of(env.getOrDefault("PATH", DEFAULT_PATH).split(":", -1));
        this.slots = new Semaphore(limits.maxRunning(), true);
        this.reapers = new ThreadPoolExecutor(limits.maxRunning(), limits.maxRunning(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemonThreads("jkv-script-reaper"));
        this.reapers.allowCoreThreadTimeOut(true);
        this.timer = new ScheduledThreadPoolExecutor(1, daemonThreads("jkv-script-timer"));
        this.timer.setRemoveOnCancelPolicy(true);
        this.launcher = new Thread(this::launchLoop, "jkv-script-launcher");
        this.launcher.setDaemon(true);
        this.launcher.start();
        if (setpriv.isEmpty()) {
            log.warn("setpriv (util-linux) not found: scripts run without a parent-death signal, "
                    + "and scripts configured with a user cannot run");
        }
    }

    private static Optional<Path> findSetpriv() {
        return SETPRIV_CANDIDATES.stream().filter(Files::isExecutable).findFirst();
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Starts {@code request} as soon as a slot is free; never blocks. */
    public CompletableFuture<ScriptResult> run(ScriptRequest request) {
        Objects.requireNonNull(request, "request");
        Job job = new Job(request);
        if (closed) {
            job.result.complete(ScriptResult.notStarted("the script runner is closed", Duration.ZERO));
            return job.result;
        }
        // Every job passes through the queue, so free slots count as room too.
        if (queued.incrementAndGet() > limits.maxQueued() + slots.availablePermits()) {
            queued.decrementAndGet();
            job.result.complete(ScriptResult.notStarted("too many scripts waiting to run ("
                    + limits.maxQueued() + ")", Duration.ZERO));
            return job.result;
        }
        synchronized (job) {
            job.deadline = timer.schedule(() -> onDeadline(job), request.timeout().toNanos(), TimeUnit.NANOSECONDS);
        }
        queue.add(job);
        return job.result;
    }

    /** Scripts running now. */
    public int running() {
        return running.size();
    }

    /** Scripts waiting for a slot. */
    public int waiting() {
        return queue.size();
    }

    private void launchLoop() {
        while (!closed) {
            Job job;
            try {
                job = queue.take();
            } catch (InterruptedException e) {
                break;
            }
            try {
                launch(job);
            } catch (InterruptedException e) {
                finishNotStarted(job, "the script runner is closed");
                break;
            } catch (RuntimeException | Error e) {
                // This thread is the parent-death-signal parent of every script: it must not die.
                log.error("Script launcher failed on {}: {}", job.request.command(), e.toString(), e);
                finishNotStarted(job, "internal error: " + e);
            }
        }
    }

    private void launch(Job job) throws InterruptedException {
        long remaining = job.remainingNanos();
        if (remaining <= 0 || !slots.tryAcquire(remaining, TimeUnit.NANOSECONDS)) {
            finishNotStarted(job, "could not start within " + ScriptResult.seconds(job.request.timeout()) + ": "
                    + limits.maxRunning() + " scripts already running");
            return;
        }
        synchronized (job) {
            if (job.state != State.QUEUED) {
                slots.release();
                return;
            }
            job.state = State.STARTING;
            queued.decrementAndGet();
        }
        List<String> argv;
        int pid;
        try {
            argv = commandLine(job.request);
            pid = Posix.spawn(argv, environment);
        } catch (NotRunnable | Posix.SpawnException e) {
            slots.release();
            synchronized (job) {
                job.state = State.DONE;
                cancelDeadline(job);
            }
            job.result.complete(ScriptResult.notStarted(e.getMessage(), job.elapsed()));
            return;
        }
        running.add(job);
        boolean killNow;
        synchronized (job) {
            job.pid = pid;
            job.state = State.RUNNING;
            killNow = job.timedOut;
        }
        log.debug("Started script {} as pid {}", job.request.command(), pid);
        if (killNow) {
            terminate(job);
        }
        reapers.execute(() -> reap(job));
    }

    private void finishNotStarted(Job job, String why) {
        synchronized (job) {
            if (job.state != State.QUEUED) {
                return;
            }
            job.state = State.DONE;
            queued.decrementAndGet();
            cancelDeadline(job);
        }
        queue.remove(job);
        job.result.complete(ScriptResult.notStarted(why, job.elapsed()));
    }

    private void reap(Job job) {
        int status;
        try {
            status = Posix.waitFor(job.pid);
        } catch (Posix.SpawnException e) {
            log.warn("Lost script {} (pid {}): {}", job.request.command(), job.pid, e.getMessage());
            finish(job, ScriptResult.notStarted("lost: " + e.getMessage(), job.elapsed()));
            return;
        }
        boolean timedOut;
        synchronized (job) {
            job.state = State.DONE;
            timedOut = job.timedOut;
            cancelDeadline(job);
        }
        if (timedOut) {
            // The script is gone; whatever it started in its group goes too (keepalived does the same).
            Posix.killGroup(job.pid, Posix.SIGKILL);
        }
        ScriptResult result;
        if (Posix.exited(status)) {
            result = ScriptResult.exited(Posix.exitStatus(status), job.elapsed());
        } else if (Posix.signalled(status)) {
            result = ScriptResult.signalled(Posix.termSignal(status), job.elapsed());
        } else {
            result = ScriptResult.notStarted("unexpected wait status " + status, job.elapsed());
        }
        log.debug("Script {} (pid {}): {}", job.request.command(), job.pid, result);
        finish(job, result);
    }

    private void finish(Job job, ScriptResult result) {
        running.remove(job);
        slots.release();
        job.result.complete(result); // no-op when the timeout already answered
    }

    private void onDeadline(Job job) {
        boolean kill;
        synchronized (job) {
            switch (job.state) {
                case QUEUED -> {
                    job.state = State.DONE;
                    queued.decrementAndGet();
                    queue.remove(job);
                    job.result.complete(ScriptResult.notStarted("could not start within "
                            + ScriptResult.seconds(job.request.timeout()) + ": " + limits.maxRunning()
                            + " scripts already running", job.elapsed()));
                    return;
                }
                case STARTING, RUNNING -> {
                    job.timedOut = true;
                    kill = job.state == State.RUNNING;
                }
                default -> {
                    return;
                }
            }
        }
        job.result.complete(ScriptResult.timedOut(job.request.timeout(), job.elapsed()));
        if (kill) {
            terminate(job);
        }
    }

    /** SIGTERM to the group now, SIGKILL after the grace period if the script is still there. */
    private void terminate(Job job) {
        log.debug("Script {} (pid {}) timed out; sending SIGTERM to its process group", job.request.command(), job.pid);
        Posix.killGroup(job.pid, Posix.SIGTERM);
        timer.schedule(() -> {
            synchronized (job) {
                if (job.state == State.DONE) {
                    return;
                }
            }
            log.info("Script {} (pid {}) ignored SIGTERM for {}; killing its process group", job.request.command(),
                    job.pid, ScriptResult.seconds(limits.killGrace()));
            Posix.killGroup(job.pid, Posix.SIGKILL);
        }, limits.killGrace().toNanos(), TimeUnit.NANOSECONDS);
    }

    private static void cancelDeadline(Job job) {
        if (job.deadline != null) {
            job.deadline.cancel(false);
        }
    }

    /** The argv to spawn: the resolved program, through /bin/sh when keepalived would, under setpriv. */
    List<String> commandLine(ScriptRequest request) throws NotRunnable {
        ScriptCommand command = request.command();
        List<String> argv = new ArrayList<>();
        if (setpriv.isPresent()) {
            argv.add(setpriv.get().toString());
            argv.add("--pdeathsig=TERM");
            if (request.runAs().isPresent()) {
                RunAs as = request.runAs().get();
                argv.add("--reuid=" + as.uid());
                argv.add("--regid=" + as.gid());
                argv.add("--groups=" + as.gid());
            }
            argv.add("--");
        } else if (request.runAs().isPresent()) {
            throw new NotRunnable("cannot run " + command + " as " + request.runAs().get()
                    + ": setpriv (util-linux) is not installed");
        }
        if (request.runAs().isPresent() && Posix.libc().getuid() != 0 && Posix.libc().getuid() != request.runAs().get().uid()) {
            throw new NotRunnable("cannot run " + command + " as " + request.runAs().get()
                    + ": jkeepalived is not running as root");
        }
        if (command.isRedirection()) {
            argv.addAll(List.of("/bin/sh", "-c", command.shellLine()));
            return argv;
        }
        Path program = resolve(command.program());
        List<String> words = new ArrayList<>(command.args());
        words.set(0, program.toString());
        if (needsShell(program)) {
            argv.addAll(List.of("/bin/sh", "-c", new ScriptCommand(words).shellLine()));
        } else {
            argv.addAll(words);
        }
        return argv;
    }

    private Path resolve(String program) throws NotRunnable {
        if (program.indexOf('/') >= 0) {
            Path path = Path.of(program);
            if (!Files.isRegularFile(path)) {
                throw new NotRunnable("script " + program + " not found");
            }
            if (!Files.isExecutable(path)) {
                throw new NotRunnable("script " + program + " is not executable");
            }
            return path;
        }
        for (String dir : searchPath) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir).resolve(program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new NotRunnable("cannot find script " + program + " in PATH");
    }

    /** Neither an ELF binary nor a #! script: exec would fail with ENOEXEC, so /bin/sh runs it (as execvp). */
    private static boolean needsShell(Path program) {
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(program)) {
            n = in.readNBytes(head, 0, 4);
        } catch (IOException e) {
            return false; // unreadable but executable: let exec decide
        }
        boolean elf = n == 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F';
        boolean shebang = n >= 2 && head[0] == '#' && head[1] == '!';
        return !elf && !shebang;
    }

    /**
     * Stops taking requests, answers the waiting ones {@code NOT_STARTED}, sends SIGTERM to every running script's
     * process group, SIGKILL to those still there after the grace period, and stops the runner's threads.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        launcher.interrupt();
        Job job;
        while ((job = queue.poll()) != null) {
            finishNotStarted(job, "the script runner is closed");
        }
        for (Job r : running) {
            Posix.killGroup(r.pid, Posix.SIGTERM);
        }
        long end = System.nanoTime() + limits.killGrace().toNanos();
        while (!running.isEmpty() && System.nanoTime() < end) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Job r : running) {
            Posix.killGroup(r.pid, Posix.SIGKILL);
        }
        try {
            launcher.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer.shutdownNow();
        reapers.shutdown();
    }

    /** The request cannot be run at all (program missing, not executable, user impossible). */
    static final class NotRunnable extends Exception {
        NotRunnable(String message) {
            super(message);
        }
    }
}
