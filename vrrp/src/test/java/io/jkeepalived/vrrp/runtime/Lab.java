package io.jkeepalived.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * A little segment for VRRP tests: a switch namespace holding a bridge, and node namespaces each with
 * one interface plugged into it (a veth pair). Everything is named {@code jkv-vi-...} and removed by
 * {@link #close()}. Addresses come from 192.0.2.0/24 (and 2001:db8::/64) and exist only inside.
 *
 * <pre>
 *   node ns jkv-vi-T-a  (jkv-vi-a0: 192.0.2.1) --+
 *   node ns jkv-vi-T-b  (jkv-vi-b0: 192.0.2.2) --+-- bridge jkv-vi-br in ns jkv-vi-T-sw
 *   node ns jkv-vi-T-x  (jkv-vi-x0: 192.0.2.9) --+     (x: the observer that injects and captures)
 * </pre>
 */
public final class Lab implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String prefix;
    /** What every name starts with: "jkv-vi-", or the prefix of the helper whose tests made this segment. */
    private final String names;
    private final String sw;
    private final Map<String, String> nodes = new LinkedHashMap<>();
    private final List<Process> background = new ArrayList<>();

    private Lab(String names, String prefix) {
        this.names = names;
        this.prefix = prefix;
        this.sw = prefix + "-sw";
    }

    /** House rule: root and ip(8) are needed; missing under CI=true fails, elsewhere skips. */
    public static void requireRoot() {
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

    /** A segment with nodes named by {@code letters} ("abx"): node i gets 192.0.2.(i+1), x gets .9. */
    public static Lab create(String tag, String letters) throws IOException {
        return create("jkv-vi-", tag, letters);
    }

    /**
     * The same with every namespace, bridge and veth named {@code names...} (interfaces: {@link #device}), for
     * tests that must carry a prefix of their own.
     */
    public static Lab create(String names, String tag, String letters) throws IOException {
        requireRoot();
        Lab lab = new Lab(names, names + tag + ProcessHandle.current().pid() % 100000 + "-" + COUNTER.incrementAndGet());
        try {
            lab.sh("ip", "netns", "add", lab.sw);
            lab.ip(lab.sw, "link", "add", names + "br", "type", "bridge");
            lab.ip(lab.sw, "link", "set", names + "br", "up");
            lab.ip(lab.sw, "link", "set", "lo", "up");
            for (int i = 0; i < letters.length(); i++) {
                char c = letters.charAt(i);
                lab.addNode(c, c == 'x' ? 9 : i + 1);
            }
            return lab;
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    private void addNode(char letter, int host) throws IOException {
        String ns = prefix + "-" + letter;
        sh("ip", "netns", "add", ns);
        nodes.put(String.valueOf(letter), ns);
        String inside = names + letter + "0";
        String port = names + letter + "1";
        sh("ip", "link", "add", inside, "netns", ns, "type", "veth", "peer", "name", port, "netns", sw);
        ip(sw, "link", "set", port, "master", names + "br");
        ip(sw, "link", "set", port, "up");
        ip(ns, "link", "set", "lo", "up");
        sh("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0",
                "net.ipv6.conf.default.accept_dad=0", "net.ipv6.conf." + inside + ".accept_dad=0");
        ip(ns, "addr", "add", "192.0.2." + host + "/24", "dev", inside);
        ip(ns, "addr", "add", "2001:db8::" + host + "/64", "dev", inside, "nodad");
        ip(ns, "link", "set", inside, "up");
    }

    public String ns(char letter) {
        return nodes.get(String.valueOf(letter));
    }

    /** A node's interface in a segment of {@link #create(String, String)}. */
    public static String dev(char letter) {
        return "jkv-vi-" + letter + "0";
    }

    /** A node's interface in this segment, whatever its prefix. */
    public String device(char letter) {
        return names + letter + "0";
    }

    /** The switch-side port of a node: setting it down cuts the node off the segment (carrier lost). */
    public void unplug(char letter) throws IOException {
        ip(sw, "link", "set", names + letter + "1", "down");
    }

    public void plug(char letter) throws IOException {
        ip(sw, "link", "set", names + letter + "1", "up");
    }

    /** {@code ip -n NS args...}, output returned; fails on a non-zero exit. */
    public String ip(String ns, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", ns));
        cmd.addAll(List.of(args));
        return sh(cmd.toArray(String[]::new));
    }

    /** Addresses on a node's interface, "ip -o addr show" lines. */
    public String addresses(char letter) throws IOException {
        return ip(ns(letter), "-o", "addr", "show", "dev", device(letter));
    }

    public boolean hasAddress(char letter, String address) throws IOException {
        for (String line : addresses(letter).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 3 && f[3].split("/")[0].equals(address)) {
                return true;
            }
        }
        return false;
    }

    /** Starts a process inside a namespace ({@code ip netns exec}); killed by {@link #close()}. */
    public Process spawn(char letter, Path output, String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns(letter)));
        cmd.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.redirectOutput(output == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(output.toFile()));
        Process p = pb.start();
        background.add(p);
        return p;
    }

    public static String sh(String... cmd) throws IOException {
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
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + out.strip());
        }
        return out;
    }

    @Override
    public void close() {
        for (Process p : background) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : background) {
            try {
                if (!p.waitFor(3, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<String> all = new ArrayList<>(nodes.values());
        all.add(sw);
        for (String ns : all) {
            for (int attempt = 0; attempt < 10; attempt++) {
                try {
                    sh("ip", "netns", "del", ns);
                    break;
                } catch (IOException e) {
                    if (!Files.exists(Path.of("/run/netns", ns))) {
                        break;
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
        }
    }
}
