package io.jkeepalived.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jkeepalived as a real child process: real signals (kill), real stderr (a file whose device and inode stand
 * in for the journal's socket), real exit codes. The child runs the test classpath, which holds everything the
 * shaded jar holds.
 */
class ProcessTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Path config;
    private Path stderr;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void files() throws IOException {
        config = dir.resolve("keepalived.conf");
        Files.writeString(config, "global_defs {\n}\n");
        stderr = dir.resolve("stderr.txt");
        Files.createFile(stderr);
    }

    @AfterEach
    void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    private Process start(Class<?> main, Map<String, String> env, String... args) throws IOException {
        return start(List.of(), main, env, args);
    }

    /** @param wrapper a command the JVM runs under, e.g. nohup */
    private Process start(List<String> wrapper, Class<?> main, Map<String, String> env, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()));
        builder.environment().remove("JOURNAL_STREAM");
        builder.environment().putAll(env);
        Process process = builder.start();
        started.add(process);
        return process;
    }

    private String journalStreamOfStderrFile() throws IOException {
        return Files.getAttribute(stderr, "unix:dev") + ":" + Files.getAttribute(stderr, "unix:ino");
    }

    private String log() throws IOException {
        return Files.readString(stderr);
    }

    private void await(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; stderr:\n" + log());
            }
            Thread.sleep(20);
        }
    }

    private void awaitLog(String part) throws Exception {
        await("'" + part + "' in the log", () -> {
            try {
                return log().contains(part);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static boolean complete(Path pidFile) {
        try {
            return Files.readString(pidFile).endsWith("\n");
        } catch (IOException e) {
            return false;
        }
    }

    private static void kill(Process process, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(process.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
    }

    @Test
    void theDaemonAnswersRealSignalsAndLogsForTheJournal() throws Exception {
        Path mainPid = dir.resolve("keepalived.pid");
        Path vrrpPid = dir.resolve("keepalived_vrrp.pid");
        Path checkersPid = dir.resolve("keepalived_checkers.pid");
        Process daemon = start(FakeParserMain.class, Map.of("JOURNAL_STREAM", journalStreamOfStderrFile()),
                "--dont-fork", "-f", config.toString(), "-p", mainPid.toString(), "-r", vrrpPid.toString(),
                "-c", checkersPid.toString(), "-S", "0");
        // The three files are written one after the other: wait for all of them, complete (a loaded machine
        // showed the test reading the last one before it existed).
        await("the pid files", () -> !daemon.isAlive() || (complete(mainPid) && complete(vrrpPid)
                && complete(checkersPid)));
        assertTrue(daemon.isAlive(), log());
        assertEquals(daemon.pid() + "\n", Files.readString(mainPid));
        assertEquals(daemon.pid() + "\n", Files.readString(vrrpPid));
        assertEquals(daemon.pid() + "\n", Files.readString(checkersPid));

        kill(daemon, "HUP");
        awaitLog("Reload done: the checkers, VRRP took the new configuration");
        // keepalived's place for it, as keepalived 2.2.7 writes it (StatusProcessTest reads one). The machine's own
        // file, if there is one, is put back afterwards.
        Path data = Path.of("/tmp/keepalived.data");
        byte[] before = Files.exists(data) ? Files.readAllBytes(data) : null;
        try {
            kill(daemon, "USR1");
            awaitLog("SIGUSR1: wrote /tmp/keepalived.data");
            assertTrue(daemon.isAlive(), "SIGHUP and SIGUSR1 must not end the daemon");
        } finally {
            if (before == null) {
                Files.deleteIfExists(data);
            } else {
                Files.write(data, before);
            }
        }

        kill(daemon, "TERM");
        assertTrue(daemon.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        assertEquals(0, daemon.exitValue(), log());
        assertFalse(Files.exists(mainPid) || Files.exists(vrrpPid) || Files.exists(checkersPid));

        String log = log();
        for (String line : log.split("\n")) {
            assertTrue(line.matches("<[3467]>.*"), "every journal line carries its priority: [" + line + "]");
        }
        assertTrue(log.contains("<4>Option -S/--log-facility is not supported by jkeepalived yet; ignored\n"), log);
        assertTrue(log.contains("<4>" + config + ":1: first line\n<4>second line\n"), log);
        assertTrue(log.contains("<6>No VRRP instance is configured; the VRRP part has nothing to do until a reload brings one\n"), log);
        assertTrue(log.contains("<6>Received SIGTERM, stopping\n"), log);
        assertTrue(log.contains("<6>Stopped\n"), log);
    }

    @Test
    void aDaemonStartedUnderNohupStillReloadsOnSighup() throws Exception {
        // nohup starts it with SIGHUP ignored; the JVM would then silently never call our handler (CI once ran
        // the whole build under nohup, and every reload test timed out).
        Path mainPid = dir.resolve("keepalived.pid");
        Process daemon = start(List.of("nohup"), FakeParserMain.class, Map.of(), "-n", "-f", config.toString(),
                "-p", mainPid.toString(), "-r", dir.resolve("v.pid").toString(), "-c", dir.resolve("c.pid").toString());
        await("the pid file", () -> !daemon.isAlive() || complete(mainPid));
        assertTrue(daemon.isAlive(), log());
        assertTrue(log().contains("INFO  SIGHUP was ignored when jkeepalived started (nohup?); answering it anyway"),
                log());
        kill(daemon, "HUP");
        awaitLog("Reload done: the checkers, VRRP took the new configuration");
        assertTrue(daemon.isAlive(), log());
        kill(daemon, "TERM");
        assertTrue(daemon.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        assertEquals(0, daemon.exitValue(), log());
    }

    @Test
    void sigintStopsTheDaemonWithExitZeroAndATerminalGetsTimestamps() throws Exception {
        Path mainPid = dir.resolve("keepalived.pid");
        // The variable names another stream (as when a service's child redirected stderr): not the journal.
        Process daemon = start(FakeParserMain.class, Map.of("JOURNAL_STREAM", "1:1"), "-n", "-P",
                "-f", config.toString(), "-p", mainPid.toString(), "-r", dir.resolve("v.pid").toString());
        await("the pid file", () -> Files.exists(mainPid) || !daemon.isAlive());
        kill(daemon, "INT");
        assertTrue(daemon.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        assertEquals(0, daemon.exitValue(), log());
        for (String line : log().split("\n")) {
            assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} (INFO |WARN |ERROR) .*"), line);
        }
        assertTrue(log().contains(" INFO  Received SIGINT, stopping\n"), log());
    }

    @Test
    void theRealMainTestsAMissingFileWithExitFourAndOneLine() throws Exception {
        Path missing = dir.resolve("missing.conf");
        Process test = start(Main.class, Map.of(), "-t", "-f", missing.toString());
        assertTrue(test.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        assertEquals(4, test.exitValue());
        assertEquals(missing + ": fatal: cannot read the configuration file: no such file\n", log());
    }

    @Test
    void theRealMainRefusesToRunWithoutItsConfigurationExitSix() throws Exception {
        Path missing = dir.resolve("missing.conf");
        Process run = start(Main.class, Map.of(), "-n", "-f", missing.toString(), "-p",
                dir.resolve("k.pid").toString());
        assertTrue(run.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        assertEquals(6, run.exitValue(), log());
        assertTrue(log().contains(" ERROR Cannot read configuration file " + missing + ": no such file; not starting"),
                log());
        assertFalse(log().contains("\tat "), log());
    }

    @Test
    void theRealMainPrintsItsVersionAndRejectsUnknownOptions() throws Exception {
        Process version = start(Main.class, Map.of(), "-v");
        assertTrue(version.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        assertEquals(0, version.exitValue());
        assertTrue(log().startsWith("jkeepalived "), log());

        Process bogus = start(Main.class, Map.of(), "--bogus");
        assertTrue(bogus.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        assertEquals(1, bogus.exitValue());
        assertTrue(log().contains("jkeepalived: unknown option --bogus\n"), log());
    }
}
