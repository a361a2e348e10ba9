package io.jkeepalived.daemon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.daemon.TestHost;
import io.jkeepalived.daemon.status.ControlServer;
import io.jkeepalived.daemon.status.JsonWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jkeepalived status} against a control socket served in the test. */
class StatusCommandTest {
    @TempDir
    Path dir;

    private final TestHost host = new TestHost();
    private final List<ControlServer> servers = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        servers.forEach(ControlServer::close);
    }

    private static final String DOCUMENT = new JsonWriter().beginObject()
            .name("daemon").beginObject().field("version", "9.9").field("pid", 77).field("config_file", "/k.conf")
            .field("config_id", "lb1").field("started_at", "2026-11-21T10:00:00Z").field("uptime_s", 65)
            .name("last_reload").nullValue().endObject()
            .name("parts").beginObject().field("vrrp", "idle").field("checkers", "disabled").endObject()
            .name("vrrp_instances").beginArray().endArray()
            .name("virtual_servers").beginArray().endArray()
            .name("errors").beginArray().endArray()
            .endObject().toString();

    private void serve(Path path, String answer) throws Exception {
        ControlServer server = new ControlServer(path, c -> c.equals("status") ? answer : null);
        server.open();
        servers.add(server);
    }

    private String out() {
        return host.out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return host.err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonPrintsTheDocumentAsReceived() throws Exception {
        Path socket = dir.resolve("c.sock");
        serve(socket, DOCUMENT);
        assertEquals(0, host.run("status", "--json", "--control-socket", socket.toString()), err());
        assertEquals(DOCUMENT, out());
    }

    @Test
    void theTableIsTheDefaultAndTheSocketMayBeGivenBeforeTheSubcommand() throws Exception {
        Path socket = dir.resolve("c.sock");
        serve(socket, DOCUMENT);
        assertEquals(0, host.run("--control-socket=" + socket, "status"), err());
        assertTrue(out().startsWith("jkeepalived 9.9, pid 77, up 1m05s (since 2026-11-21T10:00:00Z)\n"), out());
        assertTrue(out().contains("VRRP (idle)\n  no instance\n"), out());
        assertTrue(out().contains("Virtual servers (disabled)\n  no virtual server\n"), out());
    }

    @Test
    void aPidFileLeadsToTheSocketBesideIt() throws Exception {
        serve(dir.resolve("lb2.sock"), DOCUMENT);
        assertEquals(0, host.run("-p", dir.resolve("lb2.pid").toString(), "status", "--json"), err());
        assertEquals(DOCUMENT, out());
    }

    @Test
    void noDaemonIsAClearErrorNamingTheSocket() {
        Path socket = dir.resolve("nobody.sock");
        assertEquals(StatusCommand.NOT_RUNNING, host.run("status", "-s", socket.toString()));
        assertEquals("jkeepalived: no daemon is listening on " + socket + " (no such file or directory); is jkeepalived"
                + " running, with this pid file or --control-socket?\n", err());
        assertEquals("", out());
    }

    @Test
    void aStaleSocketIsAClearErrorToo() throws Exception {
        Path socket = dir.resolve("stale.sock");
        try (var dead = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            dead.bind(java.net.UnixDomainSocketAddress.of(socket));
        }
        assertEquals(StatusCommand.NOT_RUNNING, host.run("status", "-s", socket.toString()));
        assertTrue(err().startsWith("jkeepalived: no daemon is listening on " + socket + " (connection refused)"),
                err());
    }

    @Test
    void anErrorAnswerOrNonJsonIsReported() throws Exception {
        Path socket = dir.resolve("c.sock");
        serve(socket, ControlServer.error("the VRRP loop is stuck"));
        assertEquals(StatusCommand.BAD_ANSWER, host.run("status", "-s", socket.toString()));
        assertTrue(err().contains("answered: the VRRP loop is stuck"), err());
        Path other = dir.resolve("d.sock");
        serve(other, "<html>");
        assertEquals(StatusCommand.BAD_ANSWER, host.run("status", "-s", other.toString(), "--json"));
        assertTrue(err().contains("answered something that is not JSON"), err());
        assertEquals("", out());
    }
}
