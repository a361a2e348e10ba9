package io.jkeepalived.libc;

import java.nio.ByteBuffer;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The raw C library functions, as jnr-ffi binds them. Only {@link Libc} calls this: it turns the C
 * conventions (-1 and errno, NULL) into exceptions.
 *
 * <p>Buffers are direct ByteBuffers: jnr-ffi passes the address of the buffer's current position without
 * copying, so callers control where the kernel reads or writes by positioning the buffer. Lengths are
 * always passed explicitly.
 */
public interface LibcNative {

    @SaveError
    int socket(int domain, int type, int protocol);

    @SaveError
    int bind(int fd, ByteBuffer address, int addressLength);

    @SaveError
    int getsockname(int fd, ByteBuffer address, ByteBuffer addressLengthInOut);

    @SaveError
    int setsockopt(int fd, int level, int name, ByteBuffer value, int valueLength);

    @SaveError
    int getsockopt(int fd, int level, int name, ByteBuffer value, ByteBuffer valueLengthInOut);

    @SaveError
    @ssize_t long sendto(int fd, ByteBuffer buffer, @size_t long length, int flags, ByteBuffer address,
            int addressLength);

    @SaveError
    @ssize_t long recvfrom(int fd, ByteBuffer buffer, @size_t long length, int flags, ByteBuffer address,
            ByteBuffer addressLengthInOut);

    @SaveError
    @ssize_t long sendmsg(int fd, ByteBuffer msghdr, int flags);

    @SaveError
    @ssize_t long recvmsg(int fd, ByteBuffer msghdr, int flags);

    /** {@code nfds_t} is an unsigned long on LP64 Linux. */
    @SaveError
    int poll(ByteBuffer fds, @size_t long count, int timeoutMillis);

    /** ppoll(2) with a {@code struct timespec} timeout and no signal mask (NULL). */
    @SaveError
    int ppoll(ByteBuffer fds, @size_t long count, ByteBuffer timeout, Pointer sigmask);

    @SaveError
    int close(int fd);

    @SaveError
    @ssize_t long read(int fd, ByteBuffer buffer, @size_t long length);

    @SaveError
    @ssize_t long write(int fd, ByteBuffer buffer, @size_t long length);

    @SaveError
    int eventfd(int initialValue, int flags);

    @SaveError
    int if_nametoindex(String name);

    @SaveError
    Pointer if_indextoname(int index, ByteBuffer name);

    @SaveError
    int setns(int fd, int namespaceType);

    /**
     * signal(2), only ever to put a signal back to its default action (handler NULL = SIG_DFL); returns the
     * previous handler (SIG_IGN is address 1, SIG_ERR is -1).
     */
    @SaveError
    Pointer signal(int signum, Pointer handler);

    /** Called without a mode: we never pass O_CREAT. */
    @SaveError
    int open(String path, int flags);

    /** {@code mode} is a {@code mode_t} (an unsigned int on Linux). */
    @SaveError
    int mkfifo(String path, int mode);

    String strerror(int errno);

    @SaveError
    int inotify_init1(int flags);

    @SaveError
    int inotify_add_watch(int fd, String path, int mask);

    /** The calling thread's kernel task id (glibc 2.30+); scheduling calls take it to act on one thread. */
    int gettid();

    /** {@code param} is a {@code struct sched_param}: one int, the static priority. */
    @SaveError
    int sched_setscheduler(int pid, int policy, ByteBuffer param);

    @SaveError
    int sched_getscheduler(int pid);

    /** Fills {@code param}, a {@code struct sched_param}, with the thread's static priority. */
    @SaveError
    int sched_getparam(int pid, ByteBuffer param);

    @SaveError
    int setpriority(int which, int who, int priority);

    /** Returns the nice value, which may be -1: callers tell failure apart by errno. */
    @SaveError
    int getpriority(int which, int who);

    @SaveError
    int mlockall(int flags);

    /** {@code request} is a {@code struct timespec}; no remainder is asked for (NULL). */
    @SaveError
    int nanosleep(ByteBuffer request, Pointer remaining);

    /** {@code usage} is a {@code struct rusage} (144 bytes on LP64). */
    @SaveError
    int getrusage(int who, ByteBuffer usage);

    /** {@code mask} is a {@code cpu_set_t} of {@code size} bytes. */
    @SaveError
    int sched_setaffinity(int pid, @size_t long size, ByteBuffer mask);

    /** {@code limit} is a {@code struct rlimit}: soft then hard, each an unsigned long. */
    @SaveError
    int setrlimit(int resource, ByteBuffer limit);
}
