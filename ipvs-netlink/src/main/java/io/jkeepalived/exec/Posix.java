package io.jkeepalived.exec;

import java.nio.charset.StandardCharsets;
import java.util.List;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.byref.PointerByReference;

/**
 * The few libc calls the script runner needs, bound with jnr-ffi (x86_64/aarch64 Linux, glibc).
 *
 * <p>Why not {@link ProcessBuilder}: a JVM child's exit status comes back as {@code 128 + signal} when a signal
 * killed it, the same number as a script that exits with that status. keepalived tells them apart, and with
 * {@code misc_dynamic} the difference matters: a check script killed by the OOM killer (SIGKILL) must fail,
 * not set the weight to 135. posix_spawn + waitpid give the real wait status. posix_spawn also puts the child in
 * its own session (so a timeout kills its whole process group), resets its signal mask and dispositions, points
 * its stdio at /dev/null and closes every other descriptor, before exec, with no race.
 */
final class Posix {
    static final int SIGTERM = 15;
    static final int SIGKILL = 9;
    static final int EINTR = 4;
    static final int ECHILD = 10;
    static final int ESRCH = 3;

    // glibc's <spawn.h> flags.
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final short POSIX_SPAWN_SETSID = 0x80;
    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 1;
    // Opaque glibc types, allocated generously: posix_spawnattr_t is 336 bytes, file actions 80, sigset_t 128.
    private static final int OPAQUE_SIZE = 1024;

    public interface LibC {
        int posix_spawn(@Out int[] pid, String path, Pointer fileActions, Pointer attr, Pointer argv, Pointer envp);

        int posix_spawnattr_init(Pointer attr);

        int posix_spawnattr_destroy(Pointer attr);

        int posix_spawnattr_setflags(Pointer attr, short flags);

        int posix_spawnattr_setsigmask(Pointer attr, Pointer sigset);

        int posix_spawnattr_setsigdefault(Pointer attr, Pointer sigset);

        int posix_spawn_file_actions_init(Pointer actions);

        int posix_spawn_file_actions_destroy(Pointer actions);

        int posix_spawn_file_actions_addopen(Pointer actions, int fd, String path, int flags, int mode);

        int posix_spawn_file_actions_addclosefrom_np(Pointer actions, int from);

        int sigemptyset(Pointer set);

        int sigfillset(Pointer set);

        int sigdelset(Pointer set, int signal);

        @SaveError
        int waitpid(int pid, @Out int[] status, int options);

        @SaveError
        int kill(int pid, int signal);

        int getpwnam_r(String name, Pointer pwd, Pointer buf, long buflen, PointerByReference result);

        int getpwuid_r(int uid, Pointer pwd, Pointer buf, long buflen, PointerByReference result);

        int getgrnam_r(String name, Pointer grp, Pointer buf, long buflen, PointerByReference result);

        int getgrgid_r(int gid, Pointer grp, Pointer buf, long buflen, PointerByReference result);

        String strerror(int errnum);

        int getuid();
    }

    private static final class Holder {
        static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
        static final Runtime RUNTIME = Runtime.getRuntime(LIBC);
    }

    private Posix() {
    }

    static LibC libc() {
        return Holder.LIBC;
    }

    static Runtime runtime() {
        return Holder.RUNTIME;
    }

    static int errno() {
        return LastError.getLastError(runtime());
    }

    static String strerror(int errnum) {
        return libc().strerror(errnum);
    }

    /**
     * Starts {@code argv} (argv[0] must be a path; no PATH search) as the leader of a new session, signals at
     * their defaults and unblocked, stdin/stdout/stderr on /dev/null, no other descriptor inherited.
     *
     * @return the pid, which is also the child's process group id
     * @throws SpawnException with the errno when it cannot start (ENOENT, EACCES, ENOEXEC, EAGAIN, ...)
     */
    static int spawn(List<String> argv, List<String> env) throws SpawnException {
        LibC libc = libc();
        Runtime runtime = runtime();
        Pointer attr = Memory.allocateDirect(runtime, OPAQUE_SIZE);
        Pointer actions = Memory.allocateDirect(runtime, OPAQUE_SIZE);
        Pointer none = Memory.allocateDirect(runtime, OPAQUE_SIZE);
        Pointer all = Memory.allocateDirect(runtime, OPAQUE_SIZE);
        check(libc.posix_spawnattr_init(attr), "posix_spawnattr_init");
        try {
            check(libc.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
            try {
                libc.sigemptyset(none);
                libc.sigfillset(all);
                libc.sigdelset(all, SIGKILL);
                libc.sigdelset(all, 19); // SIGSTOP
                check(libc.posix_spawnattr_setsigmask(attr, none), "posix_spawnattr_setsigmask");
                check(libc.posix_spawnattr_setsigdefault(attr, all), "posix_spawnattr_setsigdefault");
                check(libc.posix_spawnattr_setflags(attr,
                        (short) (POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)),
                        "posix_spawnattr_setflags");
                check(libc.posix_spawn_file_actions_addopen(actions, 0, "/dev/null", O_RDONLY, 0), "addopen");
                check(libc.posix_spawn_file_actions_addopen(actions, 1, "/dev/null", O_WRONLY, 0), "addopen");
                check(libc.posix_spawn_file_actions_addopen(actions, 2, "/dev/null", O_WRONLY, 0), "addopen");
                // The JVM and Netty hold sockets, epoll and pipe descriptors; a script must inherit none.
                check(libc.posix_spawn_file_actions_addclosefrom_np(actions, 3), "addclosefrom_np");
                int[] pid = new int[1];
                int rc = libc.posix_spawn(pid, argv.get(0), actions, attr,
                        stringArray(runtime, argv), stringArray(runtime, env));
                if (rc != 0) {
                    throw new SpawnException(rc, argv.get(0) + ": " + strerror(rc));
                }
                return pid[0];
            } finally {
                libc.posix_spawn_file_actions_destroy(actions);
            }
        } finally {
            libc.posix_spawnattr_destroy(attr);
        }
    }

    private static void check(int rc, String call) throws SpawnException {
        if (rc != 0) {
            throw new SpawnException(rc, call + ": " + strerror(rc));
        }
    }

    /** A NULL-terminated {@code char *[]} of UTF-8 strings, in one block of native memory. */
    static Pointer stringArray(Runtime runtime, List<String> strings) {
        int addressSize = runtime.addressSize();
        byte[][] bytes = new byte[strings.size()][];
        long total = (long) (strings.size() + 1) * addressSize;
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = strings.get(i).getBytes(StandardCharsets.UTF_8);
            total += bytes[i].length + 1;
        }
        Pointer block = Memory.allocateDirect(runtime, Math.toIntExact(total), true);
        long offset = (long) (strings.size() + 1) * addressSize;
        for (int i = 0; i < bytes.length; i++) {
            block.putAddress((long) i * addressSize, block.address() + offset);
            block.put(offset, bytes[i], 0, bytes[i].length);
            block.putByte(offset + bytes[i].length, (byte) 0);
            offset += bytes[i].length + 1;
        }
        block.putAddress((long) strings.size() * addressSize, 0L);
        return block;
    }

    /**
     * Waits for {@code pid} to end and returns its raw wait status. Blocks the calling thread.
     *
     * @throws SpawnException with ECHILD when the process is not our child (or was already reaped)
     */
    static int waitFor(int pid) throws SpawnException {
        int[] status = new int[1];
        while (true) {
            int rc = libc().waitpid(pid, status, 0);
            if (rc == pid) {
                return status[0];
            }
            int err = errno();
            if (err != EINTR) {
                throw new SpawnException(err, "waitpid " + pid + ": " + strerror(err));
            }
        }
    }

    /** Sends {@code signal} to every process of group {@code pgid}; false when none is left (ESRCH). */
    static boolean killGroup(int pgid, int signal) {
        if (pgid <= 1) {
            throw new IllegalArgumentException("refusing to signal process group " + pgid);
        }
        return libc().kill(-pgid, signal) == 0;
    }

    static boolean exited(int status) {
        return (status & 0x7f) == 0;
    }

    static int exitStatus(int status) {
        return (status >> 8) & 0xff;
    }

    static boolean signalled(int status) {
        int sig = status & 0x7f;
        return sig != 0 && sig != 0x7f;
    }

    static int termSignal(int status) {
        return status & 0x7f;
    }

    /** A libc call failed; {@link #errno} says why. */
    static final class SpawnException extends Exception {
        private final int errno;

        SpawnException(int errno, String message) {
            super(message);
            this.errno = errno;
        }

        int errno() {
            return errno;
        }
    }
}
