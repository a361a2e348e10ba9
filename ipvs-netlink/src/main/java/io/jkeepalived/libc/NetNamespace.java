package io.jkeepalived.libc;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;

/**
 * A network namespace, held open by a file descriptor (a bind mount under /run/netns, or /proc/PID/ns/net).
 *
 * <p>setns(CLONE_NEWNET) moves only the calling thread, and a socket keeps the namespace it was created
 * in. So {@link #call} runs an action on a fresh, short-lived thread that enters the namespace first: the
 * sockets it creates live in the namespace for good, and no pooled thread is ever left in the wrong
 * namespace. This is how tests use namespaces, and how keepalived's {@code net_namespace} can be honoured.
 */
public final class NetNamespace implements AutoCloseable {

    /** Where {@code ip netns add NAME} mounts its namespaces. */
    public static final Path IP_NETNS_DIR = Path.of("/run/netns");

    /** Work to run inside the namespace. */
    @FunctionalInterface
    public interface Action<T> {
        T run() throws IOException;
    }

    private final Libc libc;
    private final String path;
    private final int fd;
    private boolean closed;

    private NetNamespace(Libc libc, String path, int fd) {
        this.libc = libc;
        this.path = path;
        this.fd = fd;
    }

    /** Opens the namespace file at {@code path}. */
    public static NetNamespace open(Libc libc, Path path) throws LinuxException {
        String p = path.toString();
        return new NetNamespace(libc, p, libc.openReadOnly(p));
    }

    /** Opens a namespace created by {@code ip netns add name}. */
    public static NetNamespace named(Libc libc, String name) throws LinuxException {
        return open(libc, IP_NETNS_DIR.resolve(name));
    }

    public String path() {
        return path;
    }

    /**
     * Runs {@code action} on a new thread inside this namespace and returns its result. Exceptions from the
     * action are rethrown here; failing to enter the namespace throws a {@link LinuxException} from setns.
     */
    public <T> T call(Action<T> action) throws IOException {
        if (closed) {
            throw new IllegalStateException("namespace " + path + " is closed");
        }
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread worker = new Thread(() -> {
            try {
                libc.setns(fd, Libc.CLONE_NEWNET, path + ", CLONE_NEWNET");
                result[0] = action.run();
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "netns " + path);
        worker.setDaemon(true);
        worker.start();
        boolean interrupted = false;
        while (true) {
            try {
                worker.join();
                break;
            } catch (InterruptedException e) {
                // The action owns resources (sockets) that must not leak: wait for it, then report.
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable t = failure[0];
        if (t instanceof IOException io) {
            throw io;
        }
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        if (t != null) {
            throw new IOException("in network namespace " + path, t);
        }
        if (interrupted && result[0] == null) {
            throw new InterruptedIOException("interrupted while running in namespace " + path);
        }
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return value;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            libc.closeQuietly(fd);
        }
    }

    @Override
    public String toString() {
        return "netns " + path;
    }
}
