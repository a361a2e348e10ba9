package io.jkeepalived.vrrp.track;

import io.jkeepalived.exec.RunAs;
import io.jkeepalived.exec.ScriptCommand;
import io.jkeepalived.exec.ScriptRequest;
import io.jkeepalived.exec.ScriptResult;
import io.jkeepalived.exec.ScriptRunner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The VRRP side's scripts (vrrp_script checks, notify scripts) on the project's shared
 * {@link ScriptRunner}: no shell, own session, timeout kills the process group, as keepalived. Users are
 * resolved once per name (keepalived resolves them when it reads the configuration).
 */
public final class RunnerScriptExecutor implements ScriptExecutor {
    private final ScriptRunner runner;
    private final boolean ownsRunner;
    private final Map<String, Optional<RunAs>> users = new ConcurrentHashMap<>();
    private final Map<String, String> userErrors = new ConcurrentHashMap<>();

    /** Runs scripts on a runner of its own, closed with this executor. */
    public RunnerScriptExecutor() {
        this(new ScriptRunner(), true);
    }

    public RunnerScriptExecutor(ScriptRunner runner, boolean ownsRunner) {
        this.runner = runner;
        this.ownsRunner = ownsRunner;
    }

    @Override
    public CompletableFuture<ScriptOutcome> run(List<String> argv, Optional<String> user, Optional<String> group,
                                                Duration timeout) {
        Optional<RunAs> runAs = Optional.empty();
        if (user.isPresent()) {
            String key = user.get() + ":" + group.orElse("");
            runAs = users.computeIfAbsent(key, k -> {
                try {
                    return Optional.of(RunAs.resolve(user.get(), group.orElse(null)));
                } catch (IllegalArgumentException e) {
                    userErrors.put(k, e.getMessage());
                    return Optional.empty();
                }
            });
            if (runAs.isEmpty()) {
                return CompletableFuture.completedFuture(new ScriptOutcome(ScriptOutcome.Kind.NOT_STARTED, -1,
                        "cannot run as " + user.get() + ": " + userErrors.get(key)));
            }
        }
        ScriptRequest request;
        try {
            request = new ScriptRequest(new ScriptCommand(argv), timeout, runAs);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new ScriptOutcome(ScriptOutcome.Kind.NOT_STARTED, -1,
                    e.getMessage()));
        }
        return runner.run(request).thenApply(RunnerScriptExecutor::outcome);
    }

    static ScriptOutcome outcome(ScriptResult r) {
        return switch (r.outcome()) {
            case EXITED -> new ScriptOutcome(ScriptOutcome.Kind.EXITED, r.exitStatus(), r.detail());
            case SIGNALLED -> new ScriptOutcome(ScriptOutcome.Kind.SIGNALLED, -1, r.toString());
            case TIMED_OUT -> new ScriptOutcome(ScriptOutcome.Kind.TIMED_OUT, -1, r.toString());
            case NOT_STARTED -> new ScriptOutcome(ScriptOutcome.Kind.NOT_STARTED, -1, r.toString());
        };
    }

    @Override
    public void close() {
        if (ownsRunner) {
            runner.close();
        }
    }
}
