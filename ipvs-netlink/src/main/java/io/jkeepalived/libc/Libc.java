package io.jkeepalived.libc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * Typed wrappers over the C library calls that jkeepalived needs (sockets, poll, namespaces, interface
 * names). Every wrapper turns the C failure convention (-1 or NULL with errno) into a {@link LinuxException}
 * naming the call; EINTR is retried where the call is safe to repeat.
 *
 * <p>Buffers must be direct ByteBuffers; each call uses the bytes between the buffer's position and limit
 * and does not allocate, so sockets can keep one send and one receive buffer for their lifetime.
 *
 * <p>Constants are the Linux values shared by x86-64 and arm64 (the generic ABI).
 */
public final class Libc {

    public static final int AF_UNSPEC = 0;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int AF_NETLINK = 16;
    public static final int AF_PACKET = 17;

    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_NONBLOCK = 0x800;
    public static final int SOCK_CLOEXEC = 0x80000;

    public static final int SOL_SOCKET = 1;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_SNDBUFFORCE = 32;
    public static final int SO_RCVBUFFORCE = 33;

    /** Receive timestamps (struct timespec, CLOCK_REALTIME) as SCM_TIMESTAMPNS control messages. */
    public static final int SO_TIMESTAMPNS = 35;
    public static final int SCM_TIMESTAMPNS = SO_TIMESTAMPNS;
    /** Binds a socket to one interface (the value is the interface name). */
    public static final int SO_BINDTODEVICE = 25;

    public static final int IPPROTO_IP = 0;
    /** With SOCK_DGRAM: an ICMP "ping socket" (echo only; the kernel sets the id and checksum). */
    public static final int IPPROTO_ICMP = 1;
    public static final int IPPROTO_IPV6 = 41;
    public static final int IPPROTO_ICMPV6 = 58;
    public static final int IPPROTO_VRRP = 112;
    public static final int IPPROTO_RAW = 255;

    /** Options at level IPPROTO_IP. */
    public static final int IP_TOS = 1;
    public static final int IP_TTL = 2;
    public static final int IP_HDRINCL = 3;
    public static final int IP_PKTINFO = 8;
    public static final int IP_MULTICAST_IF = 32;
    public static final int IP_MULTICAST_TTL = 33;
    public static final int IP_MULTICAST_LOOP = 34;
    public static final int IP_ADD_MEMBERSHIP = 35;
    public static final int IP_DROP_MEMBERSHIP = 36;
    public static final int IP_MULTICAST_ALL = 49;

    /** Options at level IPPROTO_IPV6. */
    public static final int IPV6_CHECKSUM = 7;
    public static final int IPV6_UNICAST_HOPS = 16;
    public static final int IPV6_MULTICAST_IF = 17;
    public static final int IPV6_MULTICAST_HOPS = 18;
    public static final int IPV6_MULTICAST_LOOP = 19;
    public static final int IPV6_ADD_MEMBERSHIP = 20;
    public static final int IPV6_DROP_MEMBERSHIP = 21;
    public static final int IPV6_MULTICAST_ALL = 29;
    public static final int IPV6_RECVPKTINFO = 49;
    public static final int IPV6_PKTINFO = 50;
    public static final int IPV6_RECVHOPLIMIT = 51;
    public static final int IPV6_HOPLIMIT = 52;
    public static final int IPV6_TCLASS = 67;

    /** Ethernet protocol numbers (host order here; sockaddr_ll and socket() want them in network order). */
    public static final int ETH_P_ALL = 0x0003;
    public static final int ETH_P_ARP = 0x0806;
    public static final int ETH_P_IPV6 = 0x86dd;

    /** Out-of-band data: refused by raw sockets with EOPNOTSUPP before anything else is looked at. */
    public static final int MSG_OOB = 0x1;
    public static final int MSG_PEEK = 0x2;
    public static final int MSG_TRUNC = 0x20;
    public static final int MSG_DONTWAIT = 0x40;

    public static final short POLLIN = 0x1;
    public static final short POLLOUT = 0x4;
    public static final short POLLERR = 0x8;
    public static final short POLLHUP = 0x10;
    public static final short POLLNVAL = 0x20;

    public static final int O_RDONLY = 0;
    public static final int O_CLOEXEC = 0x80000;
    public static final int O_RDWR = 2;
    public static final int O_NONBLOCK = 0x800;
    public static final int O_NOFOLLOW = 0x20000;

    /** inotify(7): init1 flags and the event bits track_file watches a directory for. */
    public static final int IN_NONBLOCK = 0x800;
    public static final int IN_CLOEXEC = 0x80000;
    public static final int IN_CLOSE_WRITE = 0x8;
    public static final int IN_MOVED_FROM = 0x40;
    public static final int IN_MOVED_TO = 0x80;
    public static final int IN_MOVE = IN_MOVED_FROM | IN_MOVED_TO;
    public static final int IN_DELETE = 0x200;
    public static final int IN_Q_OVERFLOW = 0x4000;
    public static final int IN_IGNORED = 0x8000;
    public static final int IN_ISDIR = 0x40000000;
    public static final int CLONE_NEWNET = 0x40000000;
    public static final int EFD_NONBLOCK = 0x800;
    public static final int EFD_CLOEXEC = 0x80000;

    /** Scheduling policies (sched(7)); RESET_ON_FORK is or-ed into the policy. */
    public static final int SCHED_OTHER = 0;
    public static final int SCHED_FIFO = 1;
    public static final int SCHED_RR = 2;
    public static final int SCHED_RESET_ON_FORK = 0x40000000;
    /** setpriority(2) with PRIO_PROCESS and a thread id acts on that one thread (Linux). */
    public static final int PRIO_PROCESS = 0;
    public static final int MCL_CURRENT = 1;
    public static final int MCL_FUTURE = 2;
    public static final int MCL_ONFAULT = 4;
    public static final int RLIMIT_RTTIME = 15;
    /** RLIM_INFINITY: all ones, as an unsigned 64-bit rlim_t. */
    public static final long RLIM_INFINITY = -1L;

    /** Maximum interface name length including the NUL (IF_NAMESIZE). */
    public static final int IF_NAMESIZE = 16;

    private final LibcNative lib;
    private final Runtime runtime;

    private Libc(LibcNative lib) {
        this.lib = lib;
        this.runtime = Runtime.getRuntime(lib);
    }

    /** The process-wide binding; loading the C library once is what jnr-ffi expects. */
    public static Libc get() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        static final Libc INSTANCE = new Libc(LibraryLoader.create(LibcNative.class).load("c"));
    }

    /** Allocates a direct buffer in the machine's byte order, the layout every kernel struct uses. */
    public static ByteBuffer allocate(int capacity) {
        return ByteBuffer.allocateDirect(capacity).order(ByteOrder.nativeOrder());
    }

    /** The native address of a direct buffer's first byte (for structs that hold pointers, like msghdr). */
    public long address(ByteBuffer direct) {
        requireDirect(direct);
        // jnr-ffi's wrap starts at the buffer's position; a cleared duplicate pins it to the first byte.
        return Pointer.wrap(runtime, direct.duplicate().clear()).address();
    }

    private int errno() {
        return runtime.getLastError();
    }

    private LinuxException failure(String call) {
        return new LinuxException(call, Errno.of(errno()));
    }

    private static void requireDirect(ByteBuffer buffer) {
        if (buffer != null && !buffer.isDirect()) {
            throw new IllegalArgumentException("Libc calls take direct ByteBuffers");
        }
    }

    public int socket(int domain, int type, int protocol) throws LinuxException {
        int fd = lib.socket(domain, type, protocol);
        if (fd < 0) {
            throw failure("socket(" + domain + ", " + type + ", " + protocol + ")");
        }
        return fd;
    }

    /** Binds {@code fd} to the socket address between {@code address}'s position and limit. */
    public void bind(int fd, ByteBuffer address) throws LinuxException {
        requireDirect(address);
        if (lib.bind(fd, address, address.remaining()) < 0) {
            throw failure("bind(fd " + fd + ")");
        }
    }

    /**
     * Writes the socket's local address into {@code address} (from its position, at most its remaining
     * bytes) and returns the address length the kernel reported.
     */
    public int getsockname(int fd, ByteBuffer address) throws LinuxException {
        requireDirect(address);
        ByteBuffer length = allocate(4);
        length.putInt(0, address.remaining());
        if (lib.getsockname(fd, address, length) < 0) {
            throw failure("getsockname(fd " + fd + ")");
        }
        return length.getInt(0);
    }

    /** setsockopt with an {@code int} value, the common case. */
    public void setsockopt(int fd, int level, int name, int value) throws LinuxException {
        ByteBuffer v = allocate(4);
        v.putInt(0, value);
        setsockopt(fd, level, name, v);
    }

    /** setsockopt with the option value between {@code value}'s position and limit. */
    public void setsockopt(int fd, int level, int name, ByteBuffer value) throws LinuxException {
        requireDirect(value);
        if (lib.setsockopt(fd, level, name, value, value.remaining()) < 0) {
            throw failure("setsockopt(fd " + fd + ", level " + level + ", option " + name + ")");
        }
    }

    /**
     * SO_BINDTODEVICE: the socket sends and receives only through interface {@code name} (an empty name
     * unbinds). Needs CAP_NET_RAW.
     */
    public void bindToDevice(int fd, String name) throws LinuxException {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length >= IF_NAMESIZE) {
            throw new IllegalArgumentException("interface name \"" + name + "\" is longer than " + (IF_NAMESIZE - 1)
                    + " bytes");
        }
        ByteBuffer value = allocate(IF_NAMESIZE);
        value.put(bytes).put((byte) 0).flip();
        try {
            setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, value);
        } catch (LinuxException e) {
            throw new LinuxException("setsockopt(fd " + fd + ", SO_BINDTODEVICE, " + name + ")", e.errno());
        }
    }

    /** getsockopt for an {@code int} option. */
    public int getsockoptInt(int fd, int level, int name) throws LinuxException {
        ByteBuffer v = allocate(4);
        getsockopt(fd, level, name, v);
        return v.getInt(0);
    }

    /** getsockopt into {@code value} from its position; returns the length the kernel wrote. */
    public int getsockopt(int fd, int level, int name, ByteBuffer value) throws LinuxException {
        requireDirect(value);
        ByteBuffer length = allocate(4);
        length.putInt(0, value.remaining());
        if (lib.getsockopt(fd, level, name, value, length) < 0) {
            throw failure("getsockopt(fd " + fd + ", level " + level + ", option " + name + ")");
        }
        return length.getInt(0);
    }

    /**
     * Sends the bytes between {@code data}'s position and limit, to {@code address} (its remaining bytes)
     * or, when it is null, to the connected peer. Returns the number of bytes sent.
     */
    public int sendto(int fd, ByteBuffer data, int flags, ByteBuffer address) throws LinuxException {
        requireDirect(data);
        requireDirect(address);
        int addressLength = address == null ? 0 : address.remaining();
        while (true) {
            long n = lib.sendto(fd, data, data.remaining(), flags, address, addressLength);
            if (n >= 0) {
                return (int) n;
            }
            if (errno() != Errno.EINTR.number()) {
                throw failure("sendto(fd " + fd + ", " + data.remaining() + " bytes)");
            }
        }
    }

    /** recvfrom without the sender's address: the allocation-free form for hot receive loops. */
    public int recvfrom(int fd, ByteBuffer data, int flags) throws LinuxException {
        return recvfrom(fd, data, flags, null);
    }

    /**
     * Receives one datagram into {@code data} from its position (at most its remaining bytes). The sender's
     * address goes into {@code address} when not null. Returns the datagram's length, which with MSG_TRUNC
     * may exceed what fitted. Throws with EAGAIN when a non-blocking receive finds nothing.
     */
    public int recvfrom(int fd, ByteBuffer data, int flags, ByteBuffer address) throws LinuxException {
        requireDirect(data);
        requireDirect(address);
        ByteBuffer length = null;
        if (address != null) {
            length = allocate(4);
            length.putInt(0, address.remaining());
        }
        while (true) {
            long n = lib.recvfrom(fd, data, data.remaining(), flags, address, length);
            if (n >= 0) {
                return (int) n;
            }
            if (errno() != Errno.EINTR.number()) {
                throw failure("recvfrom(fd " + fd + ")");
            }
        }
    }

    /** sendmsg with a prepared {@link MessageHeader}. Returns the number of bytes sent. */
    public int sendmsg(int fd, MessageHeader header, int flags) throws LinuxException {
        while (true) {
            long n = lib.sendmsg(fd, header.struct(), flags);
            if (n >= 0) {
                return (int) n;
            }
            if (errno() != Errno.EINTR.number()) {
                throw failure("sendmsg(fd " + fd + ")");
            }
        }
    }

    /**
     * recvmsg with a prepared {@link MessageHeader}; afterwards the header reports the name, control and
     * flags the kernel filled in. Returns the datagram length (may exceed the buffer with MSG_TRUNC).
     */
    public int recvmsg(int fd, MessageHeader header, int flags) throws LinuxException {
        while (true) {
            header.prepareReceive();
            long n = lib.recvmsg(fd, header.struct(), flags);
            if (n >= 0) {
                return (int) n;
            }
            if (errno() != Errno.EINTR.number()) {
                throw failure("recvmsg(fd " + fd + ")");
            }
        }
    }

    /**
     * Waits for events on a {@link PollSet}. Returns the number of ready descriptors, 0 on timeout. An
     * interrupted wait returns 0 too; callers loop on their own deadline.
     */
    public int poll(PollSet set, int timeoutMillis) throws LinuxException {
        set.clearReturned();
        int n = lib.poll(set.struct(), set.size(), timeoutMillis);
        if (n < 0) {
            if (errno() == Errno.EINTR.number()) {
                return 0;
            }
            throw failure("poll(" + set.size() + " fds)");
        }
        return n;
    }

    /**
     * poll with a nanosecond timeout (ppoll(2)): for event loops whose timers must not be rounded to whole
     * milliseconds. {@code timeout} is a 16-byte direct buffer the caller keeps (struct timespec); a negative
     * {@code timeoutNanos} waits without limit. Returns as {@link #poll}.
     */
    public int ppoll(PollSet set, long timeoutNanos, ByteBuffer timeout) throws LinuxException {
        requireDirect(timeout);
        set.clearReturned();
        ByteBuffer ts = null;
        if (timeoutNanos >= 0) {
            timeout.putLong(0, timeoutNanos / 1_000_000_000L);
            timeout.putLong(8, timeoutNanos % 1_000_000_000L);
            ts = timeout;
        }
        int n = lib.ppoll(set.struct(), set.size(), ts, null);
        if (n < 0) {
            if (errno() == Errno.EINTR.number()) {
                return 0;
            }
            throw failure("ppoll(" + set.size() + " fds)");
        }
        return n;
    }

    public void close(int fd) throws LinuxException {
        // EINTR on close must not be retried on Linux: the descriptor is already released.
        if (lib.close(fd) < 0 && errno() != Errno.EINTR.number()) {
            throw failure("close(fd " + fd + ")");
        }
    }

    /** Closes without throwing, for cleanup paths that are already handling another failure. */
    public void closeQuietly(int fd) {
        if (fd >= 0) {
            lib.close(fd);
        }
    }

    public int read(int fd, ByteBuffer data) throws LinuxException {
        requireDirect(data);
        while (true) {
            long n = lib.read(fd, data, data.remaining());
            if (n >= 0) {
                return (int) n;
            }
            if (errno() != Errno.EINTR.number()) {
                throw failure("read(fd " + fd + ")");
            }
        }
    }

    public int write(int fd, ByteBuffer data) throws LinuxException {
        requireDirect(data);
        while (true) {
            long n = lib.write(fd, data, data.remaining());
            if (n >= 0) {
                return (int) n;
            }
            if (errno() != Errno.EINTR.number()) {
                throw failure("write(fd " + fd + ")");
            }
        }
    }

    /**
     * Puts signal {@code signum} back to its default action; returns true when it was ignored before. A process
     * started under nohup (or by a parent that ignores SIGHUP) inherits SIG_IGN, and the JVM then declines to
     * install a handler for it: this is how a daemon takes the signal back, as a C daemon's sigaction would.
     */
    public boolean resetSignalToDefault(int signum) throws LinuxException {
        Pointer previous = lib.signal(signum, null);
        long address = previous == null ? 0 : previous.address();
        if (address == -1) {
            throw failure("signal(" + signum + ", SIG_DFL)");
        }
        return address == 1;
    }

    public int eventfd(int initialValue, int flags) throws LinuxException {
        int fd = lib.eventfd(initialValue, flags);
        if (fd < 0) {
            throw failure("eventfd()");
        }
        return fd;
    }

    /**
     * The index of interface {@code name} in the calling thread's network namespace.
     * Throws with ENODEV when there is no such interface.
     */
    public int ifNameToIndex(String name) throws LinuxException {
        int index = lib.if_nametoindex(name);
        if (index == 0) {
            throw failure("if_nametoindex(" + name + ")");
        }
        return index;
    }

    /** The name of interface {@code index} in the calling thread's namespace; ENXIO when absent. */
    public String ifIndexToName(int index) throws LinuxException {
        ByteBuffer name = allocate(IF_NAMESIZE);
        if (lib.if_indextoname(index, name) == null) {
            throw failure("if_indextoname(" + index + ")");
        }
        byte[] bytes = new byte[IF_NAMESIZE];
        name.get(0, bytes);
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /** Opens {@code path} read-only and close-on-exec (namespace files, /proc entries). */
    public int openReadOnly(String path) throws LinuxException {
        int fd = lib.open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            throw failure("open(" + path + ")");
        }
        return fd;
    }

    /**
     * Opens {@code path} read-only, close-on-exec and non-blocking (a FIFO put where a regular file is expected
     * must not hang the reader).
     */
    public int openReadOnlyNonBlocking(String path) throws LinuxException {
        return open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    }

    /** open(2) without O_CREAT; returns the descriptor. */
    public int open(String path, int flags) throws LinuxException {
        int fd = lib.open(path, flags);
        if (fd < 0) {
            throw failure("open(" + path + ")");
        }
        return fd;
    }

    /** inotify_init1(2). */
    public int inotifyInit(int flags) throws LinuxException {
        int fd = lib.inotify_init1(flags);
        if (fd < 0) {
            throw failure("inotify_init1()");
        }
        return fd;
    }

    /** inotify_add_watch(2): the watch descriptor ({@code path}'s watch if it already had one). */
    public int inotifyAddWatch(int fd, String path, int mask) throws LinuxException {
        int wd = lib.inotify_add_watch(fd, path, mask);
        if (wd < 0) {
            throw failure("inotify_add_watch(" + path + ")");
        }
        return wd;
    }

    /** mkfifo(3); the mode is reduced by the umask, as for any file created. */
    public void mkfifo(String path, int mode) throws LinuxException {
        if (lib.mkfifo(path, mode) < 0) {
            throw failure("mkfifo(" + path + ")");
        }
    }

    /** Moves the calling thread (only it) into the namespace {@code fd} refers to. */
    public void setns(int fd, int namespaceType, String what) throws LinuxException {
        if (lib.setns(fd, namespaceType) < 0) {
            throw failure("setns(" + what + ")");
        }
    }

    /** The C library's text for an errno, for numbers outside {@link Errno}'s table. */
    public String strerror(int errno) {
        return lib.strerror(errno);
    }

    /** The calling thread's kernel task id (what /proc/PID/task/ lists). */
    public int gettid() {
        return lib.gettid();
    }

    /**
     * sched_setscheduler(2) for one thread: {@code policy} (with {@link #SCHED_RESET_ON_FORK} or-ed in, if
     * wanted) and its static {@code priority} (1-99 for SCHED_RR, 0 for SCHED_OTHER).
     */
    public void schedSetScheduler(int tid, int policy, int priority) throws LinuxException {
        ByteBuffer param = allocate(4);
        param.putInt(0, priority);
        if (lib.sched_setscheduler(tid, policy, param) < 0) {
            throw failure("sched_setscheduler(" + tid + ", " + policyName(policy) + ", " + priority + ")");
        }
    }

    /** The policy of thread {@code tid}, SCHED_RESET_ON_FORK included when set. */
    public int schedGetScheduler(int tid) throws LinuxException {
        int policy = lib.sched_getscheduler(tid);
        if (policy < 0) {
            throw failure("sched_getscheduler(" + tid + ")");
        }
        return policy;
    }

    /** The static priority of thread {@code tid} (sched_getparam(2)): 1-99 under SCHED_RR or SCHED_FIFO, else 0. */
    public int schedGetPriority(int tid) throws LinuxException {
        ByteBuffer param = allocate(4);
        if (lib.sched_getparam(tid, param) < 0) {
            throw failure("sched_getparam(" + tid + ")");
        }
        return param.getInt(0);
    }

    private static String policyName(int policy) {
        String base = switch (policy & ~SCHED_RESET_ON_FORK) {
            case SCHED_OTHER -> "SCHED_OTHER";
            case SCHED_FIFO -> "SCHED_FIFO";
            case SCHED_RR -> "SCHED_RR";
            default -> Integer.toString(policy & ~SCHED_RESET_ON_FORK);
        };
        return (policy & SCHED_RESET_ON_FORK) != 0 ? base + "|SCHED_RESET_ON_FORK" : base;
    }

    /** setpriority(PRIO_PROCESS, tid, nice): on Linux this sets the nice value of that one thread. */
    public void setThreadNice(int tid, int nice) throws LinuxException {
        if (lib.setpriority(PRIO_PROCESS, tid, nice) < 0) {
            throw failure("setpriority(PRIO_PROCESS, " + tid + ", " + nice + ")");
        }
    }

    /** The nice value of thread {@code tid}. */
    public int threadNice(int tid) throws LinuxException {
        runtime.setLastError(0);
        int nice = lib.getpriority(PRIO_PROCESS, tid);
        if (nice == -1 && errno() != 0) {
            throw failure("getpriority(PRIO_PROCESS, " + tid + ")");
        }
        return nice;
    }

    /** mlockall(2) for the whole process. */
    public void mlockall(int flags) throws LinuxException {
        if (lib.mlockall(flags) < 0) {
            throw failure("mlockall(" + flags + ")");
        }
    }

    /** setrlimit(2) for the whole process. */
    public void setrlimit(int resource, long soft, long hard) throws LinuxException {
        ByteBuffer limit = allocate(16);
        limit.putLong(0, soft);
        limit.putLong(8, hard);
        if (lib.setrlimit(resource, limit) < 0) {
            throw failure("setrlimit(" + resource + ", " + soft + ", " + hard + ")");
        }
    }

    /**
     * nanosleep(2): the calling thread really sleeps (leaves the run queue), unlike sched_yield. An interrupted
     * sleep is not resumed: the callers want a sleep, not a duration.
     */
    public void sleepNanos(long nanos, ByteBuffer timespec) {
        timespec.putLong(0, nanos / 1_000_000_000L);
        timespec.putLong(8, nanos % 1_000_000_000L);
        lib.nanosleep(timespec, null);
    }

    /** sched_setaffinity(2) for thread {@code tid}: it may run on {@code cpus} only (numbers below 1024). */
    public void schedSetAffinity(int tid, java.util.List<Integer> cpus) throws LinuxException {
        ByteBuffer mask = allocate(128);
        for (int cpu : cpus) {
            if (cpu < 0 || cpu >= 1024) {
                throw new IllegalArgumentException("CPU " + cpu + " is not in 0..1023");
            }
            int word = cpu / 64;
            mask.putLong(word * 8, mask.getLong(word * 8) | (1L << (cpu % 64)));
        }
        if (lib.sched_setaffinity(tid, 128, mask) < 0) {
            throw failure("sched_setaffinity(" + tid + ", " + cpus + ")");
        }
    }

    /** getrusage(2) about the calling thread only. */
    private static final int RUSAGE_THREAD = 1;
    /** Size of struct rusage on LP64, and the offset of ru_nvcsw: two timevals, then twelve longs before it. */
    public static final int RUSAGE_SIZE = 144;
    private static final int RU_NVCSW = 32 + 12 * 8;

    /**
     * How many times the calling thread has given up the CPU of its own accord (slept, waited): the count a
     * real-time thread's RLIMIT_RTTIME budget starts again from. {@code usage} is a direct buffer of
     * {@link #RUSAGE_SIZE} bytes, reused.
     */
    public long voluntaryContextSwitches(ByteBuffer usage) throws LinuxException {
        if (lib.getrusage(RUSAGE_THREAD, usage) < 0) {
            throw failure("getrusage(RUSAGE_THREAD)");
        }
        return usage.getLong(RU_NVCSW);
    }
}
