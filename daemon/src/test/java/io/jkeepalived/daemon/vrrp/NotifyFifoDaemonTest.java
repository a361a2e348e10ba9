package io.jkeepalived.daemon.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.vrrp.runtime.Lab;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * vrrp_notify_fifo end to end, keepalived 2.2.7 as the oracle: each daemon in turn runs the same configuration (a
 * sync group of two instances, alone on a lab segment, so both become MASTER) in a namespace of this test's own,
 * and is stopped with SIGTERM; a reader of the FIFO the daemon created collects every line until end of file. The
 * two FIFOs must carry the same lines, and each daemon must remove the FIFO it created. Root, iproute2 and
 * keepalived needed.
 */
class NotifyFifoDaemonTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Lab lab;

    @BeforeEach
    void setUp() throws IOException {
        lab = Lab.create("jkv-ff-", "nf", "a");
    }

    @AfterEach
    void tearDown() {
        if (lab != null) {
            lab.close();
        }
    }

    private Path config(String tag, Path fifo) throws IOException {
        String dev = lab.device('a');
        StringBuilder c = new StringBuilder("global_defs {\n    router_id " + tag + "\n    vrrp_notify_fifo " + fifo
                + "\n}\nvrrp_sync_group G1 {\n    group {\n        VI_1\n        VI_2\n    }\n}\n");
        for (int i = 1; i <= 2; i++) {
            c.append("vrrp_instance VI_").append(i).append(" {\n    state MASTER\n    interface ").append(dev)
                    .append("\n    virtual_router_id ").append(50 + i).append("\n    priority 100\n    advert_int 1\n")
                    .append("    virtual_ipaddress {\n        192.0.2.").append(99 + i).append("/32\n    }\n}\n");
        }
        Path conf = dir.resolve(tag + ".conf");
        Files.writeString(conf, c.toString());
        return conf;
    }

    /** Runs one daemon through start, MASTER, SIGTERM; returns the FIFO's lines. */
    private List<String> run(boolean keepalived) throws Exception {
        String tag = keepalived ? "ff-ka" : "ff-jk";
        Path fifo = dir.resolve(tag + ".fifo");
        Path conf = config(tag, fifo);
        Director d = keepalived ? Director.keepalived(lab, 'a', dir, conf, tag)
                : Director.jkeepalived(lab, 'a', dir, conf, tag);
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> eof;
        try {
            d.awaitStarted();
            Director.await(d.name + " creates its FIFO", PATIENCE,
                    () -> Files.exists(fifo, LinkOption.NOFOLLOW_LINKS) || !d.process.isAlive());
            assertTrue(d.process.isAlive(), d.name + " died:\n" + d.log());
            // The daemon holds the FIFO open read-write: this open has a writer, so it does not wait for long.
            BufferedReader in = new BufferedReader(new InputStreamReader(new FileInputStream(fifo.toFile()),
                    StandardCharsets.UTF_8));
            eof = CompletableFuture.runAsync(() -> {
                try (in) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Director.await(d.name + ": the group MASTER line", PATIENCE,
                    () -> lines.contains("GROUP \"G1\" MASTER 0") || !d.process.isAlive());
            assertTrue(lab.hasAddress('a', "192.0.2.100") && lab.hasAddress('a', "192.0.2.101"),
                    d.name + " is master of both: " + lab.addresses('a'));
            assertEquals(0, d.stop(), d.name + " exit status:\n" + d.log());
        } finally {
            if (d.process.isAlive()) {
                d.process.destroyForcibly();
            }
        }
        eof.get(10, TimeUnit.SECONDS);
        assertFalse(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS), d.name + " removes the FIFO it created");
        return List.copyOf(lines);
    }

    @Test
    void jkeepalivedWritesKeepalivedsLinesForTheSameEvents() throws Exception {
        Director.keepalivedBinary();
        List<String> keepalived = run(true);
        List<String> ours = run(false);
        System.out.println("keepalived 2.2.7 vrrp_notify_fifo:\n  " + String.join("\n  ", keepalived));
        System.out.println("jkeepalived vrrp_notify_fifo:\n  " + String.join("\n  ", ours));
        // The sanity of the oracle run: what the keepalived source says it writes.
        assertTrue(keepalived.containsAll(List.of("INSTANCE \"VI_1\" MASTER 100", "INSTANCE \"VI_2\" MASTER 100",
                "GROUP \"G1\" MASTER 0", "INSTANCE \"VI_1\" STOP 100", "INSTANCE \"VI_2\" STOP 100",
                "GROUP \"G1\" STOP 0")), keepalived.toString());
        // Two instances that time out together may take turns in either order (keepalived's own runs differ):
        // within a run of INSTANCE lines of one state the order is not compared; everything else is.
        assertEquals(normalized(keepalived), normalized(ours));
    }

    /** Sorts each run of consecutive INSTANCE lines with the same state word. */
    static List<String> normalized(List<String> lines) {
        List<String> out = new java.util.ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            int j = i + 1;
            while (j < lines.size() && lines.get(i).startsWith("INSTANCE ") && lines.get(j).startsWith("INSTANCE ")
                    && state(lines.get(i)).equals(state(lines.get(j)))) {
                j++;
            }
            List<String> run = new java.util.ArrayList<>(lines.subList(i, j));
            java.util.Collections.sort(run);
            out.addAll(run);
            i = j;
        }
        return out;
    }

    private static String state(String line) {
        String[] w = line.split(" ");
        return w.length >= 2 ? w[w.length - 2] : "";
    }
}
