package io.jkeepalived.it.lab;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

/**
 * The kernel lab: a qemu VM with Debian's stock kernel (which has IPVS, unlike the host's) that runs a shell
 * script inside a chroot of the host's own root, shared read-only. The host's java, ipvsadm, keepalived and
 * this build's classes are at the same paths inside. Each run boots a fresh VM (about 10 s) and powers it off.
 *
 * <p>The work is done by {@code integration-tests/lab/prepare.sh} and {@code run.sh}; this class feeds them a
 * run folder under {@code target/kernel-lab/} and reads back what the VM wrote there. See docs/kernel-lab.md.
 */
public final class KernelLab {

    /** Exit status of prepare.sh when a prerequisite is missing. */
    private static final int PREREQUISITE_MISSING = 3;
    /** Margin over the run's own timeout before the Java side kills run.sh (it enforces the timeout itself). */
    private static final Duration HOST_MARGIN = Duration.ofSeconds(60);
    private static final Duration PREPARE_TIMEOUT = Duration.ofMinutes(15);
    /**
     * Under software emulation G1's start-up and C2's compiles are dear: a tiny main took 2.0 s with the
     * defaults and 1.3 s with these (docs/kernel-lab.md). Pass other options with the overload that takes them.
     */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            // A JVM crash inside the VM would otherwise leave its report in the VM's throwaway /tmp.
            "-XX:ErrorFile=/dev/stderr");

    /** The kernel the lab boots, as prepare.sh reported it. */
    public record Kernel(String version, Path vmlinuz, Path initrd, Path modulesRoot) {
    }

    /**
     * How to run one script.
     *
     * @param writableRoot a throw-away writable overlay of the host root instead of the read-only share
     * @param memoryMiB VM memory
     * @param cpus virtual CPUs
     * @param workingDirectory where the script starts; it must be visible inside (not under /tmp or /run)
     */
    public record Options(boolean writableRoot, int memoryMiB, int cpus, Path workingDirectory) {
        public Options withWritableRoot() {
            return new Options(true, memoryMiB, cpus, workingDirectory);
        }

        public Options withWorkingDirectory(Path directory) {
            return new Options(writableRoot, memoryMiB, cpus, directory);
        }
    }

    private final Path labDir;
    private final Path runsDir;
    private final Path moduleDir;
    private Kernel kernel; // guarded by this: prepared once per KernelLab

    private KernelLab(Path labDir, Path moduleDir) {
        this.labDir = labDir;
        this.moduleDir = moduleDir;
        this.runsDir = moduleDir.resolve("target").resolve("kernel-lab");
    }

    /**
     * Finds the lab scripts: {@code lab/} of the integration-tests module, whose folder Maven passes as the
     * {@code basedir} property (the working directory otherwise).
     */
    public static KernelLab locate() {
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        for (Path candidate : List.of(base, base.resolve("integration-tests"))) {
            if (Files.isRegularFile(candidate.resolve("lab").resolve("run.sh"))) {
                return new KernelLab(candidate.resolve("lab"), candidate);
            }
        }
        throw new KernelLabFailure("cannot find integration-tests/lab/run.sh from " + base);
    }

    public Path labDir() {
        return labDir;
    }

    public Options defaultOptions() {
        return new Options(false, 2560, 2, moduleDir);
    }

    /**
     * Fetches and unpacks the kernel and builds the initramfs when the cache lacks them (seconds when cached).
     *
     * @throws KernelLabUnavailable when a prerequisite is missing (qemu, static busybox, the kernel package)
     * @throws KernelLabFailure when preparing broke for another reason
     */
    public synchronized Kernel prepare() {
        if (kernel != null) {
            return kernel;
        }
        try {
            Files.createDirectories(runsDir);
            Path out = runsDir.resolve("prepare.out");
            Path err = runsDir.resolve("prepare.err");
            Process process = new ProcessBuilder("bash", labDir.resolve("prepare.sh").toString())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!waitOrKill(process, PREPARE_TIMEOUT)) {
                throw new KernelLabFailure("prepare.sh took more than " + PREPARE_TIMEOUT + "; see " + err);
            }
            String stderr = Files.readString(err).strip();
            if (process.exitValue() == PREREQUISITE_MISSING) {
                throw new KernelLabUnavailable(stderr.isEmpty() ? "prepare.sh reported a missing prerequisite" : stderr);
            }
            if (process.exitValue() != 0) {
                throw new KernelLabFailure("prepare.sh exited " + process.exitValue() + ": " + stderr);
            }
            Map<String, String> vars = Files.readAllLines(out).stream()
                    .filter(line -> line.contains("="))
                    .collect(Collectors.toMap(line -> line.substring(0, line.indexOf('=')),
                            line -> line.substring(line.indexOf('=') + 1), (a, b) -> b));
            kernel = new Kernel(required(vars, "KVER"), Path.of(required(vars, "KERNEL")),
                    Path.of(required(vars, "INITRD")), Path.of(required(vars, "MODULES_ROOT")));
            return kernel;
        } catch (IOException e) {
            throw new KernelLabFailure("cannot run prepare.sh", e);
        }
    }

    /** Runs a bash script in a fresh VM, read-only host root, working directory the integration-tests module. */
    public LabResult run(String shellScript, Duration timeout) {
        return run(shellScript, timeout, defaultOptions());
    }

    public LabResult run(String shellScript, Duration timeout, Options options) {
        prepare();
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        Path runDir = newRunDir();
        try {
            Path request = runDir.resolve("request.sh");
            Files.writeString(request, shellScript, StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>(List.of("bash", labDir.resolve("run.sh").toString(), "--quiet",
                    "--timeout", Long.toString(seconds), "--run-dir", runDir.toString(),
                    "--cwd", options.workingDirectory().toString(),
                    "--memory", Integer.toString(options.memoryMiB()), "--smp", Integer.toString(options.cpus())));
            if (options.writableRoot()) {
                command.add("--writable-root");
            }
            command.add(request.toString());
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command)
                    .redirectOutput(runDir.resolve("run.sh.out").toFile())
                    .redirectError(runDir.resolve("run.sh.err").toFile())
                    .start();
            boolean ended = waitOrKill(process, timeout.plus(HOST_MARGIN));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            return collect(runDir, ended, elapsed);
        } catch (IOException e) {
            throw new KernelLabFailure("cannot start run.sh for " + runDir, e);
        }
    }

    /** Runs {@code java -cp <this test classpath> main args} in a fresh VM and returns what it printed. */
    public LabResult runJava(Class<?> main, List<String> args, Duration timeout) {
        return run("exec " + javaCommand(main, args), timeout);
    }

    /**
     * A shell command line that starts {@code main} inside the VM with this JVM's java and test classpath,
     * to use in larger scripts (set up namespaces, start a daemon in the background, read back ipvsadm...).
     */
    public String javaCommand(Class<?> main, List<String> args) {
        return javaCommand(main, DEFAULT_JVM_OPTIONS, args);
    }

    public String javaCommand(Class<?> main, List<String> jvmOptions, List<String> args) {
        List<String> words = new ArrayList<>();
        words.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        words.addAll(jvmOptions);
        words.add("-cp");
        words.add(testClassPath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        words.add(main.getName());
        words.addAll(args);
        return words.stream().map(KernelLab::shellQuote).collect(Collectors.joining(" "));
    }

    /**
     * The classpath of the running tests, as real paths. Surefire may hide it in a manifest-only jar in a
     * temporary folder, and the VM's /tmp is its own, so manifest-only jars are expanded to their entries.
     */
    public static List<Path> testClassPath() {
        Set<Path> entries = new LinkedHashSet<>();
        String property = System.getProperty("surefire.test.class.path");
        String classPath = property != null && !property.isBlank() ? property : System.getProperty("java.class.path");
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                addExpanded(Path.of(entry).toAbsolutePath(), entries);
            }
        }
        return List.copyOf(entries);
    }

    private static void addExpanded(Path entry, Set<Path> into) {
        if (entry.toString().endsWith(".jar") && Files.isRegularFile(entry)) {
            try (JarFile jar = new JarFile(entry.toFile())) {
                Manifest manifest = jar.getManifest();
                String nested = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
                boolean manifestOnly = nested != null && jar.stream().noneMatch(e -> e.getName().endsWith(".class"));
                if (manifestOnly) {
                    for (String url : nested.trim().split("\\s+")) {
                        URI resolved = entry.getParent().toUri().resolve(url);
                        into.add(Path.of(resolved));
                    }
                    return;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read classpath entry " + entry, e);
            }
        }
        into.add(entry);
    }

    /** Quotes a word for sh: single quotes, with embedded single quotes spelled '\''. */
    public static String shellQuote(String word) {
        if (!word.isEmpty() && word.chars().allMatch(c -> Character.isLetterOrDigit(c) || "/._-+=:,@%".indexOf(c) >= 0)) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private Path newRunDir() {
        try {
            Files.createDirectories(runsDir);
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            return Files.createTempDirectory(runsDir, "run-" + stamp + "-");
        } catch (IOException e) {
            throw new KernelLabFailure("cannot create a run folder under " + runsDir, e);
        }
    }

    private static LabResult collect(Path runDir, boolean ended, Duration elapsed) throws IOException {
        Path console = runDir.resolve("console.log");
        String stdout = readIfPresent(runDir.resolve("stdout"));
        String stderr = readIfPresent(runDir.resolve("stderr"));
        Optional<Duration> boot = Optional.of(readIfPresent(runDir.resolve("script-start-uptime")).strip())
                .filter(s -> !s.isEmpty())
                .map(s -> Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000)));
        Path status = runDir.resolve("exit-status");
        if (!ended || Files.exists(runDir.resolve("timed-out"))) {
            return new LabResult(124, stdout, stderr, true, elapsed, boot, runDir, console);
        }
        if (Files.exists(status)) {
            int exit = Integer.parseInt(Files.readString(status).strip());
            return new LabResult(exit, stdout, stderr, false, elapsed, boot, runDir, console);
        }
        throw new KernelLabFailure("the lab VM never ran the script:\n"
                + readIfPresent(runDir.resolve("run.sh.err")).strip() + "\n(run folder " + runDir + ")");
    }

    private static String readIfPresent(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    private static String required(Map<String, String> vars, String name) {
        String value = vars.get(name);
        if (value == null || value.isEmpty()) {
            throw new KernelLabFailure("prepare.sh did not report " + name + " (got " + vars + ")");
        }
        return value;
    }

    /**
     * Waits for the process; past the deadline, kills run.sh's whole tree (timeout(1) and qemu) and says so.
     * run.sh kills qemu on TERM itself; the forcible pass catches anything that survived.
     */
    private static boolean waitOrKill(Process process, Duration deadline) {
        try {
            if (process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            List<ProcessHandle> tree = process.descendants().collect(Collectors.toList());
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            tree.forEach(ProcessHandle::destroyForcibly);
            return false;
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new KernelLabFailure("interrupted while waiting for the lab", e);
        }
    }
}
