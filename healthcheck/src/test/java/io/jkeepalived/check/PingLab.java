package io.jkeepalived.check;

import static io.jkeepalived.testing.TestNetns.run;

import static org.junit.jupiter.api.Assertions.fail;

import io.jkeepalived.libc.Libc;
import io.jkeepalived.libc.NetNamespace;
import io.jkeepalived.testing.TestNetns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * Two network namespaces of the test's own, jkv-pc-PID-N-d (the director, where the checker's loop runs) and
 * jkv-pc-PID-N-r (a real server), joined by a veth pair: 192.0.2.1/24 and 2001:db8::1/64 in the director,
 * 192.0.2.2/24 and 2001:db8::2/64 in the real server. Pings from the director stay inside the two; the host's
 * sysctls (ping_group_range included) are not touched. Both are deleted by {@link #close}.
 */
final class PingLab implements AutoCloseable {
    static final String DIRECTOR_V4 = "192.0.2.1";
    static final String SERVER_V4 = "192.0.2.2";
    static final String DIRECTOR_V6 = "2001:db8::1";
    static final String SERVER_V6 = "2001:db8::2";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    final String director;
    final String server;

    private PingLab(String base) {
        this.director = base + "-d";
        this.server = base + "-r";
    }

    /** House rule: root and ip(8) are needed; missing under CI=true fails, elsewhere skips. */
    static void requireRoot() {
        String missing = null;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:") && !line.substring(4).trim().split("\\s+")[1].equals("0")) {
                    missing = "root";
                }
            }
        } catch (IOException e) {
            missing = "/proc";
        }
        if (missing == null && !Files.isExecutable(Path.of("/usr/sbin/ip")) && !Files.isExecutable(Path.of("/sbin/ip"))
                && !Files.isExecutable(Path.of("/usr/bin/ip"))) {
            missing = "iproute2 (ip)";
        }
        if (missing != null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true and this test needs " + missing);
            }
            Assumptions.abort("needs " + missing + " (set CI=true to make this a failure)");
        }
    }

    static PingLab create() throws IOException {
        requireRoot();
        PingLab lab = new PingLab("jkv-pc-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet());
        try {
            run("ip", "netns", "add", lab.director);
            run("ip", "netns", "add", lab.server);
            run("ip", "-n", lab.director, "link", "set", "lo", "up");
            run("ip", "-n", lab.server, "link", "set", "lo", "up");
            run("ip", "-n", lab.director, "link", "add", "jkv-pc-d", "type", "veth", "peer", "name", "jkv-pc-r",
                    "netns", lab.server);
            run("ip", "-n", lab.director, "addr", "add", DIRECTOR_V4 + "/24", "dev", "jkv-pc-d");
            run("ip", "-n", lab.director, "addr", "add", DIRECTOR_V6 + "/64", "dev", "jkv-pc-d", "nodad");
            run("ip", "-n", lab.server, "addr", "add", SERVER_V4 + "/24", "dev", "jkv-pc-r");
            run("ip", "-n", lab.server, "addr", "add", SERVER_V6 + "/64", "dev", "jkv-pc-r", "nodad");
            run("ip", "-n", lab.director, "link", "set", "jkv-pc-d", "up");
            run("ip", "-n", lab.server, "link", "set", "jkv-pc-r", "up");
            return lab;
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    /** Writes a sysctl ("net/ipv4/icmp_echo_ignore_all") inside namespace {@code ns}. */
    void sysctl(String ns, String key, String value) throws IOException {
        inside(ns, () -> {
            Files.writeString(Path.of("/proc/sys", key), value + "\n");
            return null;
        });
    }

    String readSysctl(String ns, String key) throws IOException {
        return inside(ns, () -> PingGroupRange.readOnce(Path.of("/proc/sys", key)).strip());
    }

    /** The real server stops (true) or resumes answering echo requests, IPv4 and IPv6. */
    void serverIgnoresEchoes(boolean ignore) throws IOException {
        sysctl(server, "net/ipv4/icmp_echo_ignore_all", ignore ? "1" : "0");
        sysctl(server, "net/ipv6/icmp/echo_ignore_all", ignore ? "1" : "0");
    }

    /** Runs {@code action} on a thread inside namespace {@code ns} (threads it starts are inside too). */
    <T> T inside(String ns, NetNamespace.Action<T> action) throws IOException {
        try (NetNamespace n = NetNamespace.named(Libc.get(), ns)) {
            return n.call(action);
        }
    }

    /** Moves the calling thread (an event loop's, say) into the director namespace. */
    void enterDirector() throws IOException {
        Libc libc = Libc.get();
        int fd = libc.openReadOnly(NetNamespace.IP_NETNS_DIR.resolve(director).toString());
        try {
            libc.setns(fd, Libc.CLONE_NEWNET, director);
        } finally {
            libc.closeQuietly(fd);
        }
    }

    @Override
    public void close() {
        TestNetns.delete(director);
        TestNetns.delete(server);
    }
}
