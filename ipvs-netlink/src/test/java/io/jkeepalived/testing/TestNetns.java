package io.jkeepalived.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.jkeepalived.libc.Libc;
import io.jkeepalived.libc.NetNamespace;

/**
 * A network namespace a test creates and removes, named with this helper's prefix {@code jkv-nl-}, with a
 * veth pair {@code jkv-nl-veth0}/{@code jkv-nl-veth1} inside it. Commands run with {@code ip -n NS}.
 * Nothing outside the namespace is touched.
 */
public final class TestNetns implements AutoCloseable {

    public static final String VETH0 = "jkv-nl-veth0";
    public static final String VETH1 = "jkv-nl-veth1";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String name;
    private final NetNamespace namespace;

    private TestNetns(String name, NetNamespace namespace) {
        this.name = name;
        this.namespace = namespace;
    }

    /** Creates namespace jkv-nl-TAG-PID-N with lo up and the veth pair up. */
    public static TestNetns create(String tag) throws IOException {
        String name = "jkv-nl-" + tag + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        run("ip", "netns", "add", name);
        try {
            run("ip", "-n", name, "link", "set", "lo", "up");
            run("ip", "-n", name, "link", "add", VETH0, "type", "veth", "peer", "name", VETH1);
            run("ip", "-n", name, "link", "set", VETH0, "up");
            run("ip", "-n", name, "link", "set", VETH1, "up");
            return new TestNetns(name, NetNamespace.named(Libc.get(), name));
        } catch (IOException | RuntimeException e) {
            delete(name);
            throw e;
        }
    }

    public String name() {
        return name;
    }

    public NetNamespace namespace() {
        return namespace;
    }

    /** Runs {@code ip -n NS args...} and returns its standard output; fails on a non-zero exit. */
    public String ip(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", name));
        cmd.addAll(List.of(args));
        return run(cmd.toArray(String[]::new));
    }

    /** Runs {@code ip -n NS args...} and returns its exit status, output ignored. */
    public int ipStatus(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", name));
        cmd.addAll(List.of(args));
        return exec(cmd.toArray(String[]::new)).status;
    }

    /** Index of an interface in the namespace, by asking ip(8). */
    public int ifIndex(String ifname) throws IOException {
        String out = ip("-o", "link", "show", "dev", ifname);
        return Integer.parseInt(out.substring(0, out.indexOf(':')).trim());
    }

    private record Exec(int status, String output) {
    }

    private static Exec exec(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return new Exec(p.exitValue(), out);
    }

    public static String run(String... cmd) throws IOException {
        Exec e = exec(cmd);
        if (e.status != 0) {
            throw new IOException(String.join(" ", cmd) + " exited " + e.status + ": " + e.output.strip());
        }
        return e.output;
    }

    /**
     * Deletes the namespace, retrying: other processes adding or deleting namespaces at the same moment can
     * make the unmount fail with EBUSY for an instant.
     */
    public static void delete(String name) {
        String last = "";
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                Exec e = exec("ip", "netns", "del", name);
                if (e.status == 0 || !java.nio.file.Files.exists(NetNamespace.IP_NETNS_DIR.resolve(name))) {
                    return;
                }
                last = e.output.strip();
                Thread.sleep(100);
            } catch (IOException e) {
                last = e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        System.err.println("could not delete namespace " + name + ": " + last);
    }

    @Override
    public void close() {
        namespace.close();
        delete(name);
    }

    /** Convenience for tests: the libc binding. */
    public static Libc libc() {
        return Libc.get();
    }

    /** Throws unless the thread-local namespace view says {@code ifname} exists, via if_nametoindex. */
    public int indexViaLibc(String ifname) throws IOException {
        return namespace.call(() -> Libc.get().ifNameToIndex(ifname));
    }
}
