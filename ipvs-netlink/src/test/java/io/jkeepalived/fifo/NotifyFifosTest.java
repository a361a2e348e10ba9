package io.jkeepalived.fifo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.exec.ScriptAdmission;
import io.jkeepalived.libc.Libc;
import java.io.FileInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A part's set of FIFOs: scripts started with the FIFO's path, lines to every FIFO, reload keeps what is same. */
class NotifyFifosTest {
    @TempDir
    Path dir;

    private final List<List<String>> started = new ArrayList<>();
    private final List<Duration> timeouts = new ArrayList<>();
    private final NotifyFifos.Launcher launcher = (argv, user, group, timeout) -> {
        started.add(argv);
        timeouts.add(timeout);
    };
    private final ScriptAdmission admission = ScriptAdmission.forThisProcess(false, Optional.empty(),
            Optional.empty());

    private NotifyFifos.Spec spec(String kind, String name, String... script) {
        return new NotifyFifos.Spec(kind, dir.resolve(name).toString(), Optional.empty(),
                script.length == 0 ? Optional.empty()
                        : Optional.of(new NotifyFifos.Script(List.of(script), Optional.empty(), Optional.empty())));
    }

    /** What the pipe holds now (we hold the FIFO read-write, so this read does not wait for a writer). */
    private static String drainPipe(Path fifo) throws Exception {
        try (FileInputStream in = new FileInputStream(fifo.toFile())) {
            byte[] buf = new byte[65536];
            int n = in.available() > 0 ? in.read(buf) : 0;
            return new String(buf, 0, Math.max(n, 0), StandardCharsets.UTF_8);
        }
    }

    @Test
    void everyFifoGetsEveryLineAndItsScriptStartsWithItsPath() throws Exception {
        NotifyFifos fifos = NotifyFifos.open(List.of(spec("", "global.fifo", "/bin/cat", "-u"),
                spec("vrrp_", "vrrp.fifo")), admission, launcher, Libc.get());
        try {
            assertEquals(List.of(dir.resolve("global.fifo").toString(), dir.resolve("vrrp.fifo").toString()),
                    fifos.paths());
            assertEquals(List.of(List.of("/bin/cat", "-u", dir.resolve("global.fifo").toString())), started);
            assertTrue(timeouts.get(0).toDays() > 365, "the reader has no time limit to speak of");
            fifos.offer("INSTANCE \"VI_1\" MASTER 100");
            Thread.sleep(300);
            assertEquals("INSTANCE \"VI_1\" MASTER 100\n", drainPipe(dir.resolve("global.fifo")));
            assertEquals("INSTANCE \"VI_1\" MASTER 100\n", drainPipe(dir.resolve("vrrp.fifo")));
        } finally {
            fifos.close();
        }
        assertFalse(Files.exists(dir.resolve("global.fifo"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(dir.resolve("vrrp.fifo"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aRefusedScriptDoesNotRunButItsFifoWorks() throws Exception {
        NotifyFifos fifos = NotifyFifos.open(List.of(spec("vrrp_", "v.fifo", dir.resolve("absent.sh").toString())),
                admission, launcher, Libc.get());
        try {
            assertTrue(started.isEmpty());
            assertEquals(1, fifos.paths().size());
        } finally {
            fifos.close();
        }
    }

    @Test
    void aFifoThatCannotBeOpenedIsLeftOutTheOthersWork() {
        NotifyFifos fifos = NotifyFifos.open(List.of(spec("", "missing-dir/g.fifo", "/bin/cat"), spec("lvs_", "l.fifo")),
                admission, launcher, Libc.get());
        try {
            assertEquals(List.of(dir.resolve("l.fifo").toString()), fifos.paths());
            assertTrue(started.isEmpty(), "no FIFO, no reader");
        } finally {
            fifos.close();
        }
    }

    @Test
    void reloadKeepsAnUnchangedFifoAndItsScriptAndReplacesAChangedOne() throws Exception {
        NotifyFifos first = NotifyFifos.open(List.of(spec("", "same.fifo", "/bin/cat"), spec("vrrp_", "old.fifo")),
                admission, launcher, Libc.get());
        first.offer("INSTANCE \"VI_1\" BACKUP 100");
        Thread.sleep(200);
        NotifyFifos second = first.next(List.of(spec("", "same.fifo", "/bin/cat"), spec("vrrp_", "new.fifo")),
                admission, launcher, Libc.get());
        first.closeReplaced(second);
        try {
            assertEquals(1, started.size(), "the unchanged FIFO's script is not started again");
            assertFalse(Files.exists(dir.resolve("old.fifo"), LinkOption.NOFOLLOW_LINKS), "the old one is removed");
            assertTrue(Files.exists(dir.resolve("new.fifo"), LinkOption.NOFOLLOW_LINKS));
            second.offer("INSTANCE \"VI_1\" MASTER 100");
            Thread.sleep(300);
            assertEquals("INSTANCE \"VI_1\" BACKUP 100\nINSTANCE \"VI_1\" MASTER 100\n",
                    drainPipe(dir.resolve("same.fifo")), "nothing lost across the reload");
            assertEquals("INSTANCE \"VI_1\" MASTER 100\n", drainPipe(dir.resolve("new.fifo")));
        } finally {
            second.close();
        }
    }
}
