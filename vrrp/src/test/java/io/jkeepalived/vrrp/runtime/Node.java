package io.jkeepalived.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.config.ConfigParser;
import io.jkeepalived.config.ParseOptions;
import io.jkeepalived.config.ParseResult;
import io.jkeepalived.libc.Libc;
import io.jkeepalived.libc.NetNamespace;
import io.jkeepalived.vrrp.VrrpState;
import io.jkeepalived.vrrp.track.RunnerScriptExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** A {@link VrrpRuntime} running in one lab namespace, in this JVM, from a configuration text. */
final class Node implements AutoCloseable {
    final VrrpRuntime runtime;
    private final NetNamespace namespace;

    private Node(VrrpRuntime runtime, NetNamespace namespace) {
        this.runtime = runtime;
        this.namespace = namespace;
    }

    static Node start(Lab lab, char letter, Path dir, String conf) throws IOException {
        Path file = dir.resolve("node-" + letter + "-" + System.nanoTime() + ".conf");
        Files.writeString(file, conf);
        ParseResult parsed = new ConfigParser(new ParseOptions("lab")).parse(file);
        assertTrue(parsed.runnable(), () -> "config does not run: " + parsed.diagnostics());
        NetNamespace ns = NetNamespace.named(Libc.get(), lab.ns(letter));
        VrrpRuntime rt = new VrrpRuntime(parsed.config(),
                new VrrpRuntime.Options(Optional.of(ns), new RunnerScriptExecutor()));
        try {
            rt.start();
        } catch (IOException | RuntimeException e) {
            rt.stop();
            ns.close();
            throw e;
        }
        return new Node(rt, ns);
    }

    /** Reloads the runtime with a new configuration text, as SIGHUP does in the daemon. */
    void reload(Path dir, String conf) throws IOException {
        Path file = dir.resolve("reload-" + System.nanoTime() + ".conf");
        Files.writeString(file, conf);
        ParseResult parsed = new ConfigParser(new ParseOptions("lab")).parse(file);
        assertTrue(parsed.runnable(), () -> "config does not run: " + parsed.diagnostics());
        runtime.reload(parsed.config());
    }

    VrrpState state(String instance) {
        return status(instance).state();
    }

    VrrpRuntime.InstanceStatus status(String instance) {
        return runtime.status().stream().filter(s -> s.name().equals(instance)).findFirst().orElseThrow();
    }

    static void await(String what, Duration patience, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + patience.toMillis() + " ms waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    /** Seconds until {@code condition} holds (polled every 10 ms). */
    static double timeUntil(String what, Duration patience, BooleanSupplier condition) throws InterruptedException {
        long t0 = System.nanoTime();
        await(what, patience, condition);
        return (System.nanoTime() - t0) / 1e9;
    }

    @Override
    public void close() {
        runtime.stop();
        namespace.close();
    }
}
