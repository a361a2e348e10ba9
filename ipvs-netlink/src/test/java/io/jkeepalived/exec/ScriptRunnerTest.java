package io.jkeepalived.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jkeepalived.exec.ScriptResult.Outcome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptRunnerTest {
    private static final Duration LONG = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final List<ScriptRunner> runners = new ArrayList<>();

    @AfterEach
    void closeRunners() {
        runners.forEach(ScriptRunner::close);
    }

    private ScriptRunner runner(ScriptRunner.Limits limits) {
        ScriptRunner r = new ScriptRunner(limits);
        runners.add(r);
        return r;
    }

    private ScriptRunner runner() {
        return runner(ScriptRunner.Limits.DEFAULT);
    }

    private static ScriptResult await(CompletableFuture<ScriptResult> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    private Path script(String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private static ScriptRequest sh(String code, Duration timeout) {
        return new ScriptRequest(ScriptCommand.of("/bin/sh", "-c", code), timeout);
    }

    @Test
    void reportsExitStatus() throws Exception {
        ScriptRunner r = runner();
        assertEquals(0, await(r.run(sh("exit 0", LONG))).exitStatus());
        assertEquals(1, await(r.run(sh("exit 1", LONG))).exitStatus());
        ScriptResult r42 = await(r.run(sh("exit 42", LONG)));
        assertEquals(Outcome.EXITED, r42.outcome());
        assertEquals(42, r42.exitStatus());
        assertFalse(r42.succeeded());
        assertTrue(await(r.run(new ScriptRequest(ScriptCommand.of("true"), LONG))).succeeded(), "found in PATH");
    }

    @Test
    void tellsADeathBySignalFromTheSameExitNumber() throws Exception {
        ScriptRunner r = runner();
        ScriptResult killed = await(r.run(sh("kill -KILL $$", LONG)));
        assertEquals(Outcome.SIGNALLED, killed.outcome());
        assertEquals(9, killed.signal());
        ScriptResult exited = await(r.run(sh("exit 137", LONG)));
        assertEquals(Outcome.EXITED, exited.outcome());
        assertEquals(137, exited.exitStatus());
    }

    @Test
    void passesArgumentsWordForWordWithoutAShell() throws Exception {
        Path out = dir.resolve("args.txt");
        Path s = script("args.sh", "#!/bin/sh\nfor a in \"$@\"; do printf '[%s]' \"$a\"; done > \"$1\"\n");
        ScriptCommand command = ScriptCommand.of(s.toString(), out.toString(), "a b", "$HOME", "*", "q'q");
        assertTrue(await(runner().run(new ScriptRequest(command, LONG))).succeeded());
        assertEquals("[" + out + "][a b][$HOME][*][q'q]", Files.readString(out));
    }

    @Test
    void runsAScriptWithoutShebangThroughTheShellAsKeepalivedWithLibmagic() throws Exception {
        Path out = dir.resolve("noshebang.txt");
        Path s = script("noshebang", "echo \"ran with $# args: $1\" > " + out + "\nexit 3\n");
        ScriptResult result = await(runner().run(new ScriptRequest(ScriptCommand.of(s.toString(), "it's"), LONG)));
        assertEquals(3, result.exitStatus());
        assertEquals("ran with 1 args: it's\n", Files.readString(out));
    }

    @Test
    void runsARedirectionTestThroughTheShell() throws Exception {
        ScriptRunner r = runner();
        assertTrue(await(r.run(new ScriptRequest(ScriptCommand.of("</etc/hostname"), LONG))).succeeded());
        ScriptResult missing = await(r.run(new ScriptRequest(ScriptCommand.of("</nonexistent/jkv-ck"), LONG)));
        assertEquals(Outcome.EXITED, missing.outcome());
        assertTrue(missing.exitStatus() != 0);
    }

    @Test
    void aMissingOrNonExecutableProgramDoesNotStart() throws Exception {
        ScriptRunner r = runner();
        ScriptResult missing = await(r.run(new ScriptRequest(ScriptCommand.of("/nonexistent/jkv-ck.sh"), LONG)));
        assertEquals(Outcome.NOT_STARTED, missing.outcome());
        assertTrue(missing.detail().contains("not found"), missing.detail());
        ScriptResult notInPath = await(r.run(new ScriptRequest(ScriptCommand.of("jkv-ck-no-such-program"), LONG)));
        assertEquals(Outcome.NOT_STARTED, notInPath.outcome());
        assertTrue(notInPath.detail().contains("PATH"), notInPath.detail());
        Path plain = dir.resolve("plain.sh");
        Files.writeString(plain, "#!/bin/sh\nexit 0\n");
        ScriptResult notExec = await(r.run(new ScriptRequest(ScriptCommand.of(plain.toString()), LONG)));
        assertEquals(Outcome.NOT_STARTED, notExec.outcome());
        assertTrue(notExec.detail().contains("not executable"), notExec.detail());
    }

    @Test
    void discardsOutputSoThatAChattyScriptNeverBlocks() throws Exception {
        ScriptResult result = await(runner().run(sh("head -c 5000000 /dev/zero; head -c 5000000 /dev/zero >&2", LONG)));
        assertTrue(result.succeeded(), result.toString());
    }

    @Test
    void theScriptInheritsNoDescriptorOfTheDaemon() throws Exception {
        Path out = dir.resolve("fds.txt");
        try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertTrue(held.isBound());
            // The shell's own descriptors, as links: a socket, pipe or epoll of the JVM would show here.
            // ls is a child of the shell, so its redirection does not touch the shell's own descriptors.
            assertTrue(await(runner().run(sh("ls -l /proc/$$/fd > " + out + "; exit 0", LONG))).succeeded());
        }
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(out)) {
            int arrow = line.indexOf(" -> ");
            if (arrow > 0) {
                String[] words = line.substring(0, arrow).split(" +");
                lines.add(words[words.length - 1] + " " + line.substring(arrow + 4));
            }
        }
        // dash moves the original stdout to fd 10 while it redirects; a socket, pipe or epoll of the JVM would show.
        assertTrue(lines.contains("0 /dev/null") && lines.contains("2 /dev/null"), lines.toString());
        for (String line : lines) {
            String target = line.substring(line.indexOf(' ') + 1);
            assertTrue(target.equals("/dev/null") || target.equals(out.toString()), "inherited: " + line);
        }
    }

    @Test
    void timesOutAndKillsTheWholeProcessGroup() throws Exception {
        Path pids = dir.resolve("pids.txt");
        // A script that starts a grandchild and waits forever; both must die.
        ScriptRequest request = sh("sleep 1000 & echo $! > " + pids + "; echo $$ >> " + pids + "; wait",
                Duration.ofMillis(500));
        long start = System.nanoTime();
        ScriptResult result = await(runner().run(request));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(Outcome.TIMED_OUT, result.outcome());
        assertTrue(tookMs >= 450 && tookMs < 3000, "verdict after " + tookMs + " ms");
        assertAllGone(readPids(pids), Duration.ofSeconds(5));
    }

    @Test
    void killsAScriptThatIgnoresSigtermAfterTheGracePeriod() throws Exception {
        Path pids = dir.resolve("pids.txt");
        ScriptRunner r = runner(new ScriptRunner.Limits(4, 4, Duration.ofMillis(300)));
        ScriptRequest request = sh("trap '' TERM; (trap '' TERM; sleep 1000) & echo $! > " + pids
                + "; echo $$ >> " + pids + "; while :; do sleep 1; done", Duration.ofMillis(400));
        ScriptResult result = await(r.run(request));
        assertEquals(Outcome.TIMED_OUT, result.outcome());
        assertAllGone(readPids(pids), Duration.ofSeconds(5));
    }

    @Test
    void boundsConcurrencyAndTheQueue() throws Exception {
        ScriptRunner r = runner(new ScriptRunner.Limits(2, 3, Duration.ofSeconds(1)));
        List<CompletableFuture<ScriptResult>> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            results.add(r.run(sh("sleep 0.3", LONG)));
        }
        int maxRunning = 0;
        while (!results.stream().allMatch(CompletableFuture::isDone)) {
            maxRunning = Math.max(maxRunning, r.running());
            Thread.sleep(5);
        }
        long ran = results.stream().map(CompletableFuture::join).filter(ScriptResult::succeeded).count();
        long refused = results.stream().map(CompletableFuture::join)
                .filter(x -> x.outcome() == Outcome.NOT_STARTED && x.detail().contains("too many")).count();
        assertTrue(maxRunning <= 2, "running at once: " + maxRunning);
        assertEquals(10, ran + refused);
        assertTrue(ran >= 5 && ran <= 6, "ran " + ran); // 2 slots + 3 waiting (+1 while a slot is being taken)
    }

    @Test
    void aRequestThatCannotStartBeforeItsTimeoutIsAnsweredNotStarted() throws Exception {
        ScriptRunner r = runner(new ScriptRunner.Limits(1, 10, Duration.ofSeconds(1)));
        CompletableFuture<ScriptResult> hog = r.run(sh("sleep 1000", Duration.ofSeconds(2)));
        Thread.sleep(100);
        long start = System.nanoTime();
        ScriptResult waiting = await(r.run(sh("exit 0", Duration.ofMillis(300))));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(Outcome.NOT_STARTED, waiting.outcome());
        assertTrue(tookMs >= 250 && tookMs < 2500, "answered after " + tookMs + " ms");
        assertEquals(Outcome.TIMED_OUT, await(hog).outcome());
    }

    @Test
    void aFloodOfHangingScriptsEndsInBoundedTimeAndLeavesNoProcess() throws Exception {
        String marker = "jkv-ck-" + UUID.randomUUID();
        ScriptRunner r = runner(new ScriptRunner.Limits(8, 100, Duration.ofMillis(200)));
        List<CompletableFuture<ScriptResult>> results = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 300; i++) {
            results.add(r.run(new ScriptRequest(ScriptCommand.of("/bin/sh", "-c", "sleep 1000 & wait", marker),
                    Duration.ofMillis(500))));
        }
        long submitMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(submitMs < 2000, "submitting 300 requests took " + submitMs + " ms: run() must not block");
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        for (CompletableFuture<ScriptResult> f : results) {
            Outcome o = f.join().outcome();
            assertTrue(o == Outcome.TIMED_OUT || o == Outcome.NOT_STARTED, o.toString());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (processesWith(marker) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, processesWith(marker), "processes left behind");
        assertEquals(0, r.running());
    }

    @Test
    void closeKillsRunningScripts() throws Exception {
        Path pids = dir.resolve("pids.txt");
        ScriptRunner r = new ScriptRunner(new ScriptRunner.Limits(4, 4, Duration.ofMillis(500)));
        CompletableFuture<ScriptResult> f = r.run(sh("echo $$ > " + pids + "; exec sleep 1000", LONG));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while ((!Files.exists(pids) || Files.size(pids) == 0) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        r.close();
        assertAllGone(readPids(pids), Duration.ofSeconds(5));
        assertEquals(Outcome.SIGNALLED, await(f).outcome());
        assertEquals(Outcome.NOT_STARTED, await(r.run(sh("exit 0", LONG))).outcome());
    }

    @Test
    void runsAsAnotherUserWithExactlyOneGroup() throws Exception {
        boolean root = Posix.libc().getuid() == 0;
        if (!root && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI must run this test as root");
        }
        assumeTrue(root, "needs root to switch users; skipped outside CI");
        RunAs nobody = RunAs.resolve("nobody", null);
        assertEquals(65534, nobody.uid());
        Path out = dir.resolve("id.txt");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        ScriptRequest request = new ScriptRequest(ScriptCommand.of("/bin/sh", "-c",
                "echo $(id -u) $(id -g) $(id -G) > " + out), LONG, Optional.of(nobody));
        assertTrue(await(runner().run(request)).succeeded());
        assertEquals(nobody.uid() + " " + nobody.gid() + " " + nobody.gid(), Files.readString(out).trim());
    }

    @Test
    void resolvesUsersAndGroupsByNameOrNumber() {
        RunAs root = RunAs.resolve("root", null);
        assertEquals(0, root.uid());
        assertEquals(0, root.gid());
        assertEquals(65534, RunAs.resolve("root", "nogroup").gid());
        assertEquals(0, RunAs.resolve("0", "0").uid());
        assertTrue(assertThrowsMessage(() -> RunAs.resolve("jkv-ck-no-such-user", null)).contains("unknown user"));
        assertTrue(assertThrowsMessage(() -> RunAs.resolve("root", "jkv-ck-no-such-group")).contains("unknown group"));
    }

    private static String assertThrowsMessage(Runnable r) {
        try {
            r.run();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected IllegalArgumentException");
    }

    private static List<Long> readPids(Path file) throws IOException {
        List<Long> pids = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                pids.add(Long.parseLong(line.trim()));
            }
        }
        assertFalse(pids.isEmpty());
        return pids;
    }

    private static void assertAllGone(List<Long> pids, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        for (long pid : pids) {
            while (alive(pid) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertFalse(alive(pid), "process " + pid + " is still running");
        }
    }

    /** Alive and not a zombie (a zombie of someone else's is dead for our purpose). */
    private static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }

    private static long processesWith(String marker) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> {
                        try {
                            String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                            return cmd.contains(marker) && alive(Long.parseLong(p.getFileName().toString()));
                        } catch (IOException e) {
                            return false;
                        }
                    }).count();
        }
    }
}
