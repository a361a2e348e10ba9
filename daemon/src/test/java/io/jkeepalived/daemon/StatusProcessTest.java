package io.jkeepalived.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jkeepalived.libc.Libc;
import io.jkeepalived.libc.NetNamespace;
import io.jkeepalived.vrrp.runtime.Lab;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real daemon as a child process in a network namespace of its own (VRRP on a veth, alone on its segment;
 * the checkers TCP_CHECK a listener the test opens on 127.0.0.1 inside that namespace; IPVS in memory), asked
 * with {@code jkeepalived status --json} as an operator would.
 */
class StatusProcessTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Lab lab;
    private Process daemon;
    private ServerSocketChannel listener;
    private Thread acceptor;

    @AfterEach
    void cleanUp() throws Exception {
        if (daemon != null) {
            daemon.destroyForcibly();
            daemon.waitFor(10, TimeUnit.SECONDS);
        }
        if (listener != null) {
            listener.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    /** A TCP listener on 127.0.0.1 inside the namespace that accepts and closes every connection. */
    private int listen(String namespace) throws IOException {
        try (NetNamespace ns = NetNamespace.named(Libc.get(), namespace)) {
            listener = ns.call(() -> {
                ServerSocketChannel s = ServerSocketChannel.open();
                s.bind(new InetSocketAddress("127.0.0.1", 0));
                return s;
            });
        }
        ServerSocketChannel s = listener;
        acceptor = new Thread(() -> {
            while (s.isOpen()) {
                try (SocketChannel c = s.accept()) {
                    c.finishConnect();
                } catch (IOException e) {
                    return;
                }
            }
        }, "jkv-st-listener");
        acceptor.setDaemon(true);
        acceptor.start();
        return ((InetSocketAddress) s.getLocalAddress()).getPort();
    }

    private JsonNode status(Path socket) throws Exception {
        TestHost host = new TestHost();
        int code = host.run("status", "--json", "--control-socket", socket.toString());
        if (code != 0) {
            return null;
        }
        return JSON.readTree(host.out.toString(StandardCharsets.UTF_8));
    }

    private interface Check {
        boolean holds(JsonNode status);
    }

    private JsonNode await(Path socket, String what, Check check) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            JsonNode s = status(socket);
            if (s != null) {
                last = s;
                if (check.holds(s)) {
                    return s;
                }
            }
            if (!daemon.isAlive()) {
                break;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting for " + what + "; last status: " + last + "\nlog:\n" + log());
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("daemon.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private void kill(String signal) throws Exception {
        long pid = daemon.pid();
        Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor());
    }

    private void awaitFile(Path file) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + file + "; log:\n" + log());
            }
            Thread.sleep(50);
        }
    }

    private static JsonNode realServer(JsonNode s, int index) {
        return s.get("virtual_servers").get(0).get("real_servers").get(index);
    }

    @Test
    void statusShowsTheVrrpStateAndTheRealServersAsTheyChange() throws Exception {
        lab = Lab.create("jkv-st-", "s", "a");
        String ns = lab.ns('a');
        int open = listen(ns);
        int closed;
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            // a port nothing listens on inside the namespace (its own loopback, nothing else runs there)
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            closed = ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
        Path config = dir.resolve("keepalived.conf");
        Files.writeString(config, "vrrp_instance VI_1 {\n    state BACKUP\n    interface " + lab.device('a') + "\n"
                + "    virtual_router_id 51\n    priority 150\n    advert_int 1\n"
                + "    virtual_ipaddress {\n        192.0.2.100/24\n    }\n}\n"
                + "virtual_server 127.0.0.1 80 {\n    protocol TCP\n    lb_algo rr\n    delay_loop 1\n"
                + "    real_server 127.0.0.1 " + open + " {\n        TCP_CHECK {\n            connect_timeout 1\n"
                + "            retry 0\n        }\n    }\n"
                + "    real_server 127.0.0.1 " + closed + " {\n        TCP_CHECK {\n            connect_timeout 1\n"
                + "            retry 0\n        }\n    }\n}\n");
        Path socket = dir.resolve("control.sock");
        Instant before = Instant.now();
        daemon = lab.spawn('a', dir.resolve("daemon.log"), Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-cp", System.getProperty("java.class.path"), StatusProcessMain.class.getName(),
                config.toString(), dir.resolve("table").toString(), dir.resolve("changes").toString(),
                dir.toString(), socket.toString());

        JsonNode s = await(socket, "VI_1 MASTER, one real server up and one down", st ->
                st.get("vrrp_instances").size() == 1
                        && st.get("vrrp_instances").get(0).get("state").asText().equals("MASTER")
                        && st.get("virtual_servers").size() == 1
                        && realServer(st, 0).get("checkers").get(0).get("last_check").isObject()
                        && realServer(st, 1).get("checkers").get(0).get("last_check").isObject()
                        && !realServer(st, 1).get("up").asBoolean());
        assertEquals(0600, (Integer) Files.getAttribute(socket, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0777,
                "socket mode");
        JsonNode d = s.get("daemon");
        long pid = d.get("pid").asLong();
        assertTrue(pid == daemon.pid() || daemon.descendants().anyMatch(h -> h.pid() == pid), "the daemon's pid: " + d);
        assertEquals(config.toString(), d.get("config_file").asText());
        assertEquals(socket.toString(), d.get("control_socket").asText());
        assertFalse(Instant.parse(d.get("started_at").asText()).isBefore(before.minusSeconds(1)));
        assertTrue(d.get("last_reload").isNull());

        JsonNode vi = s.get("vrrp_instances").get(0);
        assertEquals("VI_1", vi.get("name").asText());
        assertEquals(lab.device('a'), vi.get("interface").asText());
        assertEquals(51, vi.get("vrid").asInt());
        assertEquals(150, vi.get("priority").asInt());
        assertEquals("192.0.2.1", vi.get("master_address").asText());
        assertEquals("MASTER", vi.get("last_transition").get("to").asText());
        assertEquals("master_down", vi.get("last_transition").get("cause").asText());
        assertTrue(vi.get("master_since").isTextual());
        await(socket, "the VIP seen present and adverts counted", st -> {
            JsonNode i = st.get("vrrp_instances").get(0);
            return i.get("virtual_ipaddresses").get(0).get("present").asBoolean()
                    && i.get("counters").get("adverts_sent").asLong() >= 2;
        });
        assertTrue(lab.hasAddress('a', "192.0.2.100"));
        assertEquals("interface", vi.get("tracked").get(0).get("type").asText());
        assertEquals("up", vi.get("tracked").get(0).get("status").asText());

        JsonNode up = realServer(s, 0);
        assertEquals(open, up.get("port").asInt());
        assertTrue(up.get("up").asBoolean(), up.toString());
        assertEquals("TCP_CHECK", up.get("checkers").get(0).get("type").asText());
        assertEquals("success", up.get("checkers").get(0).get("last_check").get("result").asText());
        JsonNode down = realServer(s, 1);
        assertFalse(down.get("up").asBoolean());
        assertEquals("failure", down.get("checkers").get(0).get("last_check").get("result").asText());
        assertTrue(down.get("failures").asLong() >= 1);
        assertEquals("TCP 127.0.0.1:80", s.get("virtual_servers").get(0).get("service").asText());
        assertTrue(s.get("virtual_servers").get(0).get("quorum").get("up").asBoolean());

        // the listener goes: the real server goes down, and status says so
        listener.close();
        JsonNode after = await(socket, "the first real server down", st -> !realServer(st, 0).get("up").asBoolean());
        assertEquals("failure", realServer(after, 0).get("checkers").get(0).get("last_check").get("result").asText());
        assertTrue(realServer(after, 0).get("failures").asLong() >= 1);

        // the table, as an operator reads it
        TestHost table = new TestHost();
        assertEquals(0, table.run("status", "--control-socket", socket.toString()), table.err());
        String text = table.out.toString(StandardCharsets.UTF_8);
        assertTrue(text.lines().anyMatch(l -> l.matches("  VI_1 +" + lab.device('a') + " +51 +MASTER +150 +150 .*")),
                text);
        assertTrue(text.lines().anyMatch(l -> l.matches(" +127\\.0\\.0\\.1:" + open + " +\\d+ +DOWN +TCP_CHECK .*")),
                text);

        // keepalived's signals: SIGUSR1 the data file, SIGUSR2 the stats file (here in the test's directory)
        Path data = dir.resolve("keepalived.data");
        Path stats = dir.resolve("keepalived.stats");
        kill("USR1");
        awaitFile(data);
        String dataText = Files.readString(data);
        assertTrue(dataText.startsWith("jkeepalived data, written on SIGUSR1 at "), dataText);
        assertTrue(dataText.lines().anyMatch(l -> l.matches("  VI_1 +" + lab.device('a') + " +51 +MASTER .*")),
                dataText);
        assertTrue(dataText.contains("real_server 127.0.0.1 " + open + " {"), "the configuration: " + dataText);
        assertEquals(0600, (Integer) Files.getAttribute(data, "unix:mode") & 0777);
        kill("USR2");
        awaitFile(stats);
        String statsText = Files.readString(stats);
        assertTrue(statsText.contains("vrrp_instance VI_1\n  state = MASTER\n"), statsText);
        long sent = Long.parseLong(statsText.lines().filter(l -> l.startsWith("  adverts_sent = ")).findFirst()
                .orElseThrow().substring("  adverts_sent = ".length()));
        assertTrue(sent >= 2, statsText);
        assertTrue(statsText.contains("  dropped.auth_failure = 0\n"), statsText);
        assertTrue(daemon.isAlive(), "SIGUSR1 and SIGUSR2 do not end the daemon");

        daemon.destroy();
        assertTrue(daemon.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        assertEquals(0, daemon.exitValue(), log());
        assertFalse(Files.exists(socket, LinkOption.NOFOLLOW_LINKS), "the socket is removed on stop");
        TestHost none = new TestHost();
        assertEquals(3, none.run("status", "--control-socket", socket.toString()));
        assertTrue(none.err().contains("no daemon is listening on " + socket), none.err());
    }
}
