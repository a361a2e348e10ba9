package io.jkeepalived.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a configured script may run, decided once at start by keepalived 2.2.7's rules, so that an operator's
 * scripts run, or are disabled, exactly where keepalived would run or disable them:
 * <ul>
 * <li>a bare command name is looked up on the PATH; one that is not found, or whose path cannot be resolved,
 *     is disabled;</li>
 * <li>a file that the user it runs as cannot execute is disabled;</li>
 * <li>a script that runs with root's user or group (or is set-uid/gid root) must not be replaceable by anyone
 *     else: every directory on its resolved path and the file itself
 *     must be owned by root and not writable by a non-root group or by everyone (a directory with the sticky
 *     bit, like /tmp, may be). Otherwise it is <em>insecure</em>: disabled under
 *     {@code enable_script_security}, only reported without it.</li>
 * </ul>
 * The file system sits behind {@link Files}, so tests build the trees they need in a temporary directory with
 * the owners and modes they need.
 */
public final class ScriptVetting {
    /** PATH when the daemon has none (as under systemd without Environment=PATH). */
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final int S_ISVTX = 01000;
    private static final int S_ISGID = 02000;
    private static final int S_ISUID = 04000;
    private static final int S_IWGRP = 020;
    private static final int S_IWOTH = 02;
    private static final int S_IXUSR = 0100;
    private static final int S_IXGRP = 010;
    private static final int S_IXOTH = 01;

    private final boolean scriptSecurity;
    private final String searchPath;

    /**
     * @param scriptSecurity {@code enable_script_security}: insecure scripts are disabled, not only reported
     * @param searchPath     the PATH to look bare command names up in (null: {@link #DEFAULT_PATH})
     */
    public ScriptVetting(boolean scriptSecurity, String searchPath) {
        this.scriptSecurity = scriptSecurity;
        this.searchPath = searchPath == null || searchPath.isEmpty() ? DEFAULT_PATH : searchPath;
    }

    /** With the daemon's own PATH. */
    public static ScriptVetting forThisProcess(boolean scriptSecurity) {
        return new ScriptVetting(scriptSecurity, System.getenv("PATH"));
    }

    /**
     * The verdict on one script.
     *
     * @param argv    the command as configured, argv[0] the program
     * @param uid     the user it would run as
     * @param gid     the group it would run as
     */
    public Verdict vet(List<String> argv, int uid, int gid) {
        if (argv.isEmpty() || argv.get(0).isEmpty()) {
            return Verdict.disabled(argv, "empty command", false);
        }
        String program = argv.get(0);
        Path path;
        if (program.indexOf('/') < 0) {
            Optional<Path> found = lookUp(program);
            if (found.isEmpty()) {
                return Verdict.disabled(argv, "cannot find script " + program + " in path", false);
            }
            path = found.get();
        } else {
            path = Path.of(program);
        }
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            return Verdict.disabled(argv, "script " + program + " cannot be accessed (" + reason(e) + ")", false);
        }
        Map<String, Object> file;
        try {
            file = Files.readAttributes(real, "unix:mode,uid,gid");
        } catch (IOException e) {
            return Verdict.disabled(argv, "unable to access script " + program + " (" + reason(e) + ")", false);
        }
        int mode = (Integer) file.get("mode");
        int owner = (Integer) file.get("uid");
        int group = (Integer) file.get("gid");
        List<String> resolved = new ArrayList<>(argv);
        resolved.set(0, path.toString());
        if (!Files.isRegularFile(real) || !executable(mode, owner, group, uid, gid)) {
            return Verdict.disabled(argv, "script " + program + " is not executable for uid:gid " + uid + ":" + gid,
                    false);
        }
        boolean runsAsRoot = uid == 0 || gid == 0
                || (owner == 0 && (mode & S_IXUSR) != 0 && (mode & S_ISUID) != 0)
                || (group == 0 && (mode & S_IXGRP) != 0 && (mode & S_ISGID) != 0);
        if (!runsAsRoot) {
            return Verdict.runs(resolved, false);
        }
        // The resolved path is judged, as keepalived does after realpath(): /bin -> usr/bin on a merged-/usr
        // system is then /usr/bin, and a link to the script is as safe as what it points to.
        Optional<String> unsafe = unsafeComponent(real);
        if (unsafe.isEmpty()) {
            return Verdict.runs(resolved, false);
        }
        String problem = "unsafe permissions for script " + program + ": " + unsafe.get();
        return scriptSecurity ? Verdict.disabled(argv, problem, true) : Verdict.runsInsecure(resolved, problem);
    }

    private Optional<Path> lookUp(String name) {
        for (String dir : searchPath.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * The first part of {@code path} (from "/" down) that someone other than root could change, with why; or
     * empty.
     */
    private static Optional<String> unsafeComponent(Path path) {
        Path current = path.getRoot();
        List<Path> parts = new ArrayList<>();
        parts.add(current);
        for (Path name : path) {
            current = current.resolve(name);
            parts.add(current);
        }
        for (int i = 0; i < parts.size(); i++) {
            Path p = parts.get(i);
            boolean last = i == parts.size() - 1;
            Map<String, Object> a;
            try {
                a = Files.readAttributes(p, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                return Optional.of(p + " cannot be read (" + reason(e) + ")");
            }
            boolean directory = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
            boolean regular = Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS);
            boolean link = Files.isSymbolicLink(p);
            if (last ? !(regular || link) : !directory) {
                return Optional.of(p + " is of the wrong file type");
            }
            int mode = (Integer) a.get("mode");
            int uid = (Integer) a.get("uid");
            int gid = (Integer) a.get("gid");
            if (uid != 0) {
                return Optional.of(p + " is owned by uid " + uid);
            }
            boolean guarded = (directory && (mode & S_ISVTX) == 0) || regular;
            if (guarded && ((gid != 0 && (mode & S_IWGRP) != 0) || (mode & S_IWOTH) != 0)) {
                return Optional.of(p + " is writable by " + ((mode & S_IWOTH) != 0 ? "everyone" : "group " + gid));
            }
        }
        return Optional.empty();
    }

    /** Whether uid:gid may execute a file of this mode and owner (root: any execute bit). */
    static boolean executable(int mode, int owner, int group, int uid, int gid) {
        if (uid == 0) {
            return (mode & (S_IXUSR | S_IXGRP | S_IXOTH)) != 0;
        }
        if (uid == owner) {
            return (mode & S_IXUSR) != 0;
        }
        return gid == group ? (mode & S_IXGRP) != 0 : (mode & S_IXOTH) != 0;
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName().replace("Exception", "") + (m == null ? "" : ": " + m);
    }

    /**
     * @param runnable whether the script may run
     * @param argv     the command to run (argv[0] looked up on the PATH when it was a bare name)
     * @param insecure whether its path could be changed by someone other than root
     * @param problem  why it is disabled, or what is insecure about it
     */
    public record Verdict(boolean runnable, List<String> argv, boolean insecure, Optional<String> problem) {
        public Verdict {
            argv = List.copyOf(argv);
        }

        public static Verdict runs(List<String> argv, boolean insecure) {
            return new Verdict(true, argv, insecure, Optional.empty());
        }

        public static Verdict runsInsecure(List<String> argv, String problem) {
            return new Verdict(true, argv, true, Optional.of(problem));
        }

        public static Verdict disabled(List<String> argv, String problem, boolean insecure) {
            return new Verdict(false, argv, insecure, Optional.of(problem));
        }
    }
}
