package io.jkeepalived.daemon.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.config.Diagnostic;
import io.jkeepalived.config.Severity;
import io.jkeepalived.config.SourceLocation;
import io.jkeepalived.daemon.ConfigLoader;
import io.jkeepalived.daemon.TestHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A daemon run through the real command line, with a fake parser and fake signals. */
class StartupTest {
    @TempDir
    Path dir;

    private final TestHost host = new TestHost();
    private Path config;
    private Path mainPid;
    private Path vrrpPid;
    private Path checkersPid;

    @BeforeEach
    void files() throws IOException {
        config = dir.resolve("keepalived.conf");
        Files.writeString(config, "global_defs {\n}\n");
        mainPid = dir.resolve("keepalived.pid");
        vrrpPid = dir.resolve("keepalived_vrrp.pid");
        checkersPid = dir.resolve("keepalived_checkers.pid");
    }

    private String[] args(String... more) {
        List<String> args = new ArrayList<>(List.of("--dont-fork", "-f", config.toString(), "-p", mainPid.toString(),
                "-r", vrrpPid.toString(), "-c", checkersPid.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private CompletableFuture<Integer> start(String... more) throws InterruptedException {
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> host.run(args(more)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        // "Running" is logged once every pid file is written (the main one alone came too early under load).
        while (!host.err().contains("Running; pid file(s)") && !run.isDone()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the daemon did not write its pid file; log:\n" + host.err());
            }
            Thread.sleep(5);
        }
        return run;
    }

    @Test
    void aCleanConfigurationRunsUntilSigtermWithEveryPidFileAndSaysWhatIsMissing() throws Exception {
        CompletableFuture<Integer> run = start();
        assertFalse(run.isDone(), host.err());
        assertEquals("4242\n", Files.readString(mainPid));
        assertEquals("4242\n", Files.readString(vrrpPid));
        assertEquals("4242\n", Files.readString(checkersPid));

        host.signals.fire("HUP");
        awaitLog("Reload done: the checkers, VRRP took the new configuration");
        assertFalse(run.isDone());
        host.signals.fire("TERM");
        assertEquals(0, run.get(10, TimeUnit.SECONDS));

        assertFalse(Files.exists(mainPid) || Files.exists(vrrpPid) || Files.exists(checkersPid));
        String log = host.err();
        assertTrue(log.contains("INFO  Starting jkeepalived "), log);
        assertTrue(log.contains("INFO  Configuration file " + config + " (config id lb1)"), log);
        assertTrue(log.contains("INFO  No VRRP instance is configured"), log);
        assertTrue(host.vrrpEvents.isEmpty(), "no VRRP runtime without instances");
        assertTrue(log.contains("INFO  No virtual server to program: the checkers do not start"), log);
        assertTrue(log.contains("INFO  Received SIGHUP: reloading configuration file " + config + " (config id lb1)"),
                log);
        assertEquals(2, host.parsedFiles.size(), "the same file, read again: " + host.parsedFiles);
        assertEquals(host.parsedWith.get(0), host.parsedWith.get(1));
        assertTrue(log.contains("INFO  Received SIGTERM, stopping"), log);
        assertTrue(log.contains("INFO  Stopped"), log);
    }

    private void awaitLog(String part) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!host.err().contains(part)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("'" + part + "' not logged:\n" + host.err());
            }
            Thread.sleep(5);
        }
    }

    @Test
    void vrrpOnlyWritesTheMainAndVrrpPidFiles() throws Exception {
        CompletableFuture<Integer> run = start("-P");
        assertTrue(Files.exists(vrrpPid));
        assertFalse(Files.exists(checkersPid));
        host.signals.fire("INT");
        assertEquals(0, run.get(10, TimeUnit.SECONDS));
        assertFalse(host.err().contains("the checkers do not start"), host.err());
    }

    private void configWithOneInstance() {
        host.loader = (file, options) -> new io.jkeepalived.config.ConfigParser(options).parse(file);
        try {
            Files.writeString(config, "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n"
                    + " virtual_ipaddress {\n 192.0.2.100\n }\n}\n");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theVrrpPartRunsBetweenStartAndStopWithVrrpOnlyAndWithTheWholeDaemon() throws Exception {
        configWithOneInstance();
        for (String[] mode : new String[][] {{"-P"}, {}}) {
            host.vrrpEvents.clear();
            CompletableFuture<Integer> run = start(mode);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (host.vrrpEvents.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(List.of("start 1"), host.vrrpEvents);
            host.signals.fire("TERM");
            assertEquals(0, run.get(10, TimeUnit.SECONDS));
            assertEquals(List.of("start 1", "stop"), host.vrrpEvents);
        }
    }

    @Test
    void aReloadThatBringsTheFirstVrrpInstanceStartsVrrp() throws Exception {
        CompletableFuture<Integer> run = start("-P");
        assertTrue(host.vrrpEvents.isEmpty(), host.vrrpEvents.toString());
        configWithOneInstance();
        host.signals.fire("HUP");
        awaitLog("Reload done: VRRP took the new configuration");
        assertTrue(host.err().contains("Reload: the new configuration has 1 vrrp_instance(s); starting VRRP"),
                host.err());
        assertEquals(List.of("start 1"), host.vrrpEvents);
        host.signals.fire("TERM");
        assertEquals(0, run.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("start 1", "stop"), host.vrrpEvents);
    }

    @Test
    void checkersOnlyRunsNoVrrp() throws Exception {
        configWithOneInstance();
        CompletableFuture<Integer> run = start("-C");
        host.signals.fire("TERM");
        assertEquals(0, run.get(10, TimeUnit.SECONDS));
        assertTrue(host.vrrpEvents.isEmpty(), host.vrrpEvents.toString());
    }

    @Test
    void aVrrpPartThatCannotStartStopsTheDaemonWithExitOne() throws Exception {
        configWithOneInstance();
        host.vrrp = config -> new Lifecycle.Part() {
            @Override
            public String name() {
                return "VRRP";
            }

            @Override
            public void start() throws IOException {
                throw new IOException("socket(2, 3, 112): EPERM (Operation not permitted)");
            }

            @Override
            public void stop() {
            }
        };
        int status = host.run(args("-P"));
        assertEquals(1, status);
        assertTrue(host.err().contains("ERROR Cannot start VRRP: socket(2, 3, 112): EPERM (Operation not permitted);"
                + " not starting"), host.err());
        assertFalse(Files.exists(mainPid) || Files.exists(vrrpPid));
    }

    @Test
    void checkOnlyWritesTheMainAndCheckersPidFiles() throws Exception {
        CompletableFuture<Integer> run = start("--check");
        assertTrue(Files.exists(checkersPid));
        assertFalse(Files.exists(vrrpPid));
        host.signals.fire("TERM");
        assertEquals(0, run.get(10, TimeUnit.SECONDS));
        assertFalse(host.err().contains("VRRP"), host.err());
    }

    @Test
    void eachProblemIsOneLogLineAtItsLevel() throws Exception {
        host.loader = (file, options) -> TestHost.result(List.of(
                new Diagnostic(Severity.WARNING, new SourceLocation(config, 4), "Unknown keyword 'foo'"),
                new Diagnostic(Severity.ERROR, new SourceLocation(config, 9), "bad\nvalue")));
        CompletableFuture<Integer> run = start();
        host.signals.fire("TERM");
        assertEquals(0, run.get(10, TimeUnit.SECONDS));
        String log = host.err();
        assertTrue(log.contains("WARN  " + config + ":4: Unknown keyword 'foo'\n"), log);
        assertTrue(log.contains("ERROR " + config + ":9: error: bad\n"), log);
        assertTrue(log.contains("ERROR value\n"), "a continuation line keeps the prefix: " + log);
    }

    @Test
    void aFatalProblemRefusesToStart() {
        host.loader = (file, options) -> TestHost.result(List.of(
                new Diagnostic(Severity.FATAL, new SourceLocation(config, 2), "cannot read included file")));
        assertEquals(2, host.run(args()));
        assertFalse(Files.exists(mainPid));
        String log = host.err();
        assertTrue(log.contains("ERROR " + config + ":2: fatal: cannot read included file"), log);
        assertTrue(log.contains("ERROR Configuration file " + config + " cannot be run (1 fatal problem); not starting"),
                log);
    }

    @Test
    void aReloadThatCannotBeRunKeepsTheRunningConfigurationAndSaysWhere() throws Exception {
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        host.loader = (file, options) -> reads.incrementAndGet() == 1 ? TestHost.result(List.of())
                : TestHost.result(List.of(new Diagnostic(Severity.FATAL, new SourceLocation(config, 7),
                        "cannot read included file")));
        CompletableFuture<Integer> run = start();
        host.signals.fire("HUP");
        awaitLog("the running configuration is kept");
        String log = host.err();
        assertTrue(log.contains("ERROR " + config + ":7: fatal: cannot read included file"), log);
        assertTrue(log.contains("ERROR Configuration file " + config + " cannot be run (1 fatal problem); the running"
                + " configuration is kept"), log);
        assertFalse(log.contains("Reload done"), log);

        Files.delete(config);
        host.signals.fire("HUP");
        awaitLog("ERROR Cannot read configuration file " + config + ": no such file; the running configuration is"
                + " kept");
        assertFalse(run.isDone(), "a refused reload never stops the daemon");
        host.signals.fire("TERM");
        assertEquals(0, run.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aMissingConfigurationExitsSixAsKeepalivedDoes() {
        config = dir.resolve("absent.conf");
        assertEquals(6, host.run(args()));
        assertTrue(host.err().contains("ERROR Cannot read configuration file " + config + ": no such file; not starting"),
                host.err());
        assertFalse(Files.exists(mainPid));
    }

    @Test
    void aParserFailureIsOneLogLineWithoutDetail() {
        host.loader = (file, options) -> {
            throw new UnsupportedOperationException("not written yet");
        };
        assertEquals(2, host.run(args()));
        assertTrue(host.err().contains("ERROR Cannot parse configuration file " + config
                + "; not starting (java.lang.UnsupportedOperationException: not written yet)\n"), host.err());
        assertFalse(host.err().contains("\tat "), host.err());
    }

    @Test
    void aParserFailureIsAStackTraceWithDetail() {
        host.loader = (file, options) -> {
            throw new UnsupportedOperationException("not written yet");
        };
        assertEquals(2, host.run(args("-D")));
        assertTrue(host.err().contains("java.lang.UnsupportedOperationException: not written yet\n"), host.err());
        assertTrue(host.err().contains("\tat "), host.err());
    }

    @Test
    void anotherDaemonHoldingThePidFileMeansExitOne() throws IOException {
        Files.writeString(mainPid, "777\n");
        host.processExists = pid -> pid == 777;
        assertEquals(1, host.run(args()));
        assertTrue(host.err().contains("ERROR Not starting: daemon is already running: pid 777 in " + mainPid),
                host.err());
        assertEquals("777\n", Files.readString(mainPid));
    }

    @Test
    void dumpGoesToTheLogInRunMode() throws Exception {
        host.dumper = c -> "global_defs {\n    router_id lb1\n}\n";
        CompletableFuture<Integer> run = start("-d");
        host.signals.fire("TERM");
        assertEquals(0, run.get(10, TimeUnit.SECONDS));
        assertTrue(host.err().contains("INFO  Configuration dump:\n"), host.err());
        assertTrue(host.err().contains("INFO      router_id lb1\n"), host.err());
        assertEquals("", host.out());
    }

    /** keepalived 2.2.7 at start: "Warning - script chk is not used" (its -t says nothing). */
    @Test
    void anUntrackedScriptIsLoggedAtStart() throws Exception {
        host.loader = ConfigLoader.configParser();
        Files.writeString(config, """
                global_defs {
                    enable_script_security
                }
                vrrp_script chk {
                    script /bin/true
                }
                """);
        CompletableFuture<Integer> run = start();
        host.signals.fire("TERM");
        assertEquals(0, run.get(10, TimeUnit.SECONDS));
        assertTrue(host.err().contains("vrrp_script chk is not used by any vrrp_instance or vrrp_sync_group; it will"
                + " not run"), host.err());
    }

    /** The real parser reports the violation at the script's line; keepalived runs such scripts, and so do we. */
    @Test
    void scriptsWithoutSecurityAreLoggedButRun() throws Exception {
        host.loader = ConfigLoader.configParser();
        Files.writeString(config, """
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    notify_master /bin/true
                    virtual_ipaddress {
                        192.0.2.1
                    }
                }
                """);
        CompletableFuture<Integer> run = start();
        assertFalse(run.isDone());
        host.signals.fire("TERM");
        assertEquals(0, run.get(10, TimeUnit.SECONDS));
        assertTrue(host.err().contains(config + ":4: SECURITY VIOLATION - scripts are configured"), host.err());
    }
}
