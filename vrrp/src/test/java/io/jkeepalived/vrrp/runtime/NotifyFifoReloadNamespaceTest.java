package io.jkeepalived.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.vrrp.VrrpState;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * vrrp_notify_fifo through a VRRP runtime's start, reloads and stop, in a namespace of this test's own (root
 * needed): a changed path takes effect at the reload (the old FIFO, ours, is removed), an unchanged one stays
 * open across a reload with nothing lost, and stop writes STOP then removes the FIFO.
 */
class NotifyFifoReloadNamespaceTest {
    @TempDir
    Path dir;

    private Lab lab;

    @BeforeEach
    void setUp() throws IOException {
        lab = Lab.create("jkv-ff-", "rf", "a");
    }

    @AfterEach
    void tearDown() {
        if (lab != null) {
            lab.close();
        }
    }

    private String conf(Path fifo, int priority) {
        return "global_defs {\n vrrp_notify_fifo " + fifo + "\n}\n"
                + "vrrp_instance VI_1 {\n interface " + lab.device('a') + "\n virtual_router_id 71\n priority " + priority
                + "\n advert_int 1\n virtual_ipaddress {\n 192.0.2.171/32\n }\n}\n";
    }

    /** Reads the FIFO (opened here: the runtime holds it read-write, so this does not wait) until end of file. */
    private static List<String> follow(Path fifo) throws IOException {
        List<String> lines = new CopyOnWriteArrayList<>();
        BufferedReader in = Files.newBufferedReader(fifo);
        Thread t = new Thread(() -> {
            try (in) {
                String l;
                while ((l = in.readLine()) != null) {
                    lines.add(l);
                }
            } catch (IOException e) {
                lines.add("error " + e);
            }
        }, "fifo-reader");
        t.setDaemon(true);
        t.start();
        return lines;
    }

    @Test
    void aChangedPathTakesEffectAtReloadAnUnchangedOneStaysOpenStopWritesStopAndRemovesIt() throws Exception {
        Path first = dir.resolve("first.fifo");
        Path second = dir.resolve("second.fifo");
        try (Node a = Node.start(lab, 'a', dir, conf(first, 100))) {
            assertTrue(Files.exists(first, LinkOption.NOFOLLOW_LINKS), "created at start");
            List<String> one = follow(first);
            Node.await("BACKUP line", Duration.ofSeconds(5), () -> one.contains("INSTANCE \"VI_1\" BACKUP 100"));

            a.reload(dir, conf(second, 100));
            assertFalse(Files.exists(first, LinkOption.NOFOLLOW_LINKS), "the old FIFO, ours, is removed");
            assertTrue(Files.exists(second, LinkOption.NOFOLLOW_LINKS), "the new one is created");
            List<String> two = follow(second);

            Node.await("MASTER", Duration.ofSeconds(10), () -> a.state("VI_1") == VrrpState.MASTER);
            Node.await("MASTER line on the new FIFO", Duration.ofSeconds(5),
                    () -> two.contains("INSTANCE \"VI_1\" MASTER 100"));
            // Same FIFO in the next configuration: kept open, the reader is not cut off.
            a.reload(dir, conf(second, 100));
            assertTrue(Files.exists(second, LinkOption.NOFOLLOW_LINKS));
            a.runtime.stop();
            Node.await("STOP line", Duration.ofSeconds(5), () -> two.contains("INSTANCE \"VI_1\" STOP 100"));
            assertEquals(List.of("INSTANCE \"VI_1\" MASTER 100", "INSTANCE \"VI_1\" STOP 100"), two);
            assertEquals(List.of("INSTANCE \"VI_1\" BACKUP 100"), one);
            assertFalse(Files.exists(second, LinkOption.NOFOLLOW_LINKS), "removed at stop");
        }
    }
}
