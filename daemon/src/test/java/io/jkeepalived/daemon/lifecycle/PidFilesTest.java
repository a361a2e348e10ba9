package io.jkeepalived.daemon.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFilesTest {
    @TempDir
    Path dir;

    private static final long US = 4242;
    private static final long OTHER = 777;

    private PidFiles pidFiles(Set<Long> alive, Path... files) {
        return new PidFiles(List.of(files), US, alive::contains);
    }

    @Test
    void acquireWritesThePidAndANewlineMode0644AndReleaseRemoves() throws Exception {
        Path main = dir.resolve("keepalived.pid");
        Path vrrp = dir.resolve("keepalived_vrrp.pid");
        PidFiles files = pidFiles(Set.of(), main, vrrp);
        files.acquire();
        assertEquals("4242\n", Files.readString(main));
        assertEquals("4242\n", Files.readString(vrrp));
        // 0644 unless the umask takes more away; the umask never adds write permission for others.
        assertFalse(Files.getPosixFilePermissions(main).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE));
        assertTrue(PosixFilePermissions.toString(Files.getPosixFilePermissions(main)).startsWith("rw-"));
        files.release();
        assertFalse(Files.exists(main));
        assertFalse(Files.exists(vrrp));
    }

    @Test
    void aLiveProcessInTheFileMeansAlreadyRunningAndNothingIsWritten() throws Exception {
        Path main = dir.resolve("keepalived.pid");
        Path checkers = dir.resolve("keepalived_checkers.pid");
        Files.writeString(checkers, OTHER + "\n");
        PidFileException e = assertThrows(PidFileException.class,
                () -> pidFiles(Set.of(OTHER), main, checkers).acquire());
        assertEquals("daemon is already running: pid 777 in " + checkers, e.getMessage());
        assertFalse(Files.exists(main));
        assertEquals("777\n", Files.readString(checkers));
    }

    @Test
    void aDeadProcessOrGarbageIsStaleAndReplaced() throws Exception {
        Path dead = dir.resolve("dead.pid");
        Path garbage = dir.resolve("garbage.pid");
        Path empty = dir.resolve("empty.pid");
        Files.writeString(dead, OTHER + "\n");
        Files.writeString(garbage, "not a pid\n");
        Files.writeString(empty, "");
        pidFiles(Set.of(), dead, garbage, empty).acquire();
        assertEquals("4242\n", Files.readString(dead));
        assertEquals("4242\n", Files.readString(garbage));
        assertEquals("4242\n", Files.readString(empty));
    }

    @Test
    void ourOwnPidIsNotAnotherDaemon() throws Exception {
        Path main = dir.resolve("keepalived.pid");
        Files.writeString(main, US + "\n");
        pidFiles(Set.of(US), main).acquire();
        assertEquals("4242\n", Files.readString(main));
    }

    @Test
    void aSymlinkIsNotFollowed() throws Exception {
        Path target = dir.resolve("precious");
        Files.writeString(target, "keep me\n");
        Path link = Files.createSymbolicLink(dir.resolve("keepalived.pid"), target);
        PidFiles files = pidFiles(Set.of(), link);
        // The link holds no pid, so it is stale: it is removed, not written through.
        files.acquire();
        assertEquals("keep me\n", Files.readString(target));
        assertFalse(Files.isSymbolicLink(link));
        assertEquals("4242\n", Files.readString(link));
    }

    @Test
    void anUnwritableLocationIsAClearErrorAndLeavesNothingBehind() throws IOException {
        Path ok = dir.resolve("ok.pid");
        Path bad = dir.resolve("missing-dir").resolve("keepalived.pid");
        PidFileException e = assertThrows(PidFileException.class, () -> pidFiles(Set.of(), ok, bad).acquire());
        assertEquals("cannot write pid file " + bad + ": no such file or directory", e.getMessage());
        assertFalse(Files.exists(ok));
    }

    @Test
    void releaseLeavesAFileThatNowNamesAnotherProcess() throws Exception {
        Path main = dir.resolve("keepalived.pid");
        PidFiles files = pidFiles(Set.of(), main);
        files.acquire();
        Files.writeString(main, OTHER + "\n");
        files.release();
        assertEquals("777\n", Files.readString(main));
    }

    @Test
    void theSameFileGivenTwiceIsWrittenOnce() throws Exception {
        Path main = dir.resolve("keepalived.pid");
        PidFiles files = pidFiles(Set.of(), main, main);
        assertEquals(List.of(main), files.files());
        files.acquire();
        files.release();
        assertFalse(Files.exists(main));
    }

    @Test
    void processExistsKnowsThisProcess() {
        assertTrue(PidFiles.processExists().test(ProcessHandle.current().pid()));
    }
}
