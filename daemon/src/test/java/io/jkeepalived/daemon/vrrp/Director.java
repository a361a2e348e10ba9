package io.jkeepalived.daemon.vrrp;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import io.jkeepalived.vrrp.runtime.Lab;

/**
 * A director process in a lab namespace: jkeepalived (this build's classes, the test classpath, which holds
 * everything the shaded jar holds) or Debian's keepalived 2.2.7, both in VRRP-only mode as an operator
 * runs them: {@code ip netns exec NS jkeepalived -n -l -D -f CONF -P -p PIDFILE -r PIDFILE}.
 */
final class Director {
    final String name;
    final Process process;
    final Path log;
    private final Path pidFile;
    private final Path vrrpPidFile;
    private final boolean keepalived;

    private Director(String name, Process process, Path log, Path pidFile, Path vrrpPidFile, boolean keepalived) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.pidFile = pidFile;
        this.vrrpPidFile = vrrpPidFile;
        this.keepalived = keepalived;
    }

    static Director jkeepalived(Lab lab, char node, Path dir, Path conf, String tag) throws IOException {
        Path log = dir.resolve("jkv-vi-" + tag + ".log");
        Path pid = dir.resolve("jkv-vi-" + tag + ".pid");
        Path vrrpPid = dir.resolve("jkv-vi-" + tag + "-vrrp.pid");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = lab.spawn(node, log, java, "-cp", System.getProperty("java.class.path"),
                "io.jkeepalived.daemon.Main", "-n", "-l", "-D", "-f", conf.toString(), "-P",
                "-p", pid.toString(), "-r", vrrpPid.toString());
        return new Director("jkeepalived " + tag, p, log, pid, vrrpPid, false);
    }

    /** A jkeepalived started by the caller (its own command line), for its log and waits. */
    static Director attach(String name, Process process, Path log) {
        return new Director(name, process, log, null, null, false);
    }

    static Director keepalived(Lab lab, char node, Path dir, Path conf, String tag) throws IOException {
        String binary = keepalivedBinary();
        Path log = dir.resolve("jkv-vi-" + tag + ".log");
        Path pid = dir.resolve("jkv-vi-" + tag + ".pid");
        Path vrrpPid = dir.resolve("jkv-vi-" + tag + "-vrrp.pid");
        // -R: a killed VRRP child is not respawned, so kill -9 means what it says.
        Process p = lab.spawn(node, log, binary, "-n", "-l", "-D", "-R", "-f", conf.toString(), "--vrrp",
                "-p", pid.toString(), "-r", vrrpPid.toString());
        return new Director("keepalived " + tag, p, log, pid, vrrpPid, true);
    }

    static String keepalivedBinary() {
        for (String p : new String[] {"/usr/sbin/keepalived", "/usr/bin/keepalived", "/sbin/keepalived"}) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        String message = "keepalived is not installed (apt-get install keepalived)";
        if ("true".equals(System.getenv("CI"))) {
            fail(message + "; CI=true requires it");
        }
        Assumptions.abort(message + "; skipped outside CI");
        return null;
    }

    static String tcpdumpBinary() {
        for (String p : new String[] {"/usr/bin/tcpdump", "/usr/sbin/tcpdump"}) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        String message = "tcpdump is not installed (apt-get install tcpdump)";
        if ("true".equals(System.getenv("CI"))) {
            fail(message + "; CI=true requires it");
        }
        Assumptions.abort(message + "; skipped outside CI");
        return null;
    }

    /** Waits until the director has written its pid files (it has read its configuration and started). */
    Director awaitStarted() throws Exception {
        await(name + " started", Duration.ofSeconds(30), () -> Files.exists(pidFile) && Files.exists(vrrpPidFile)
                || !process.isAlive());
        if (!process.isAlive()) {
            fail(name + " exited with " + process.exitValue() + ":\n" + log());
        }
        return this;
    }

    /** kill -9: no priority 0 advert, no cleanup. For keepalived, its VRRP child (the one that speaks VRRP). */
    void kill9() throws Exception {
        if (keepalived) {
            long child = Long.parseLong(Files.readString(vrrpPidFile).trim());
            ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
        }
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM and wait for the exit status. */
    int stop() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(name + " did not stop within 20 s:\n" + log());
        }
        return process.exitValue();
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    List<String> logLines(String containing) {
        List<String> out = new ArrayList<>();
        for (String l : log().split("\n")) {
            if (l.contains(containing)) {
                out.add(l);
            }
        }
        return out;
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    static void await(String what, Duration patience, Condition condition) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + patience.toMillis() + " ms waiting for " + what);
            }
            Thread.sleep(15);
        }
    }

    /** Seconds until {@code condition} holds (fails after {@code patience}). */
    static double timeUntil(String what, Duration patience, Condition condition) throws Exception {
        long t0 = System.nanoTime();
        await(what, patience, condition);
        return (System.nanoTime() - t0) / 1e9;
    }
}
