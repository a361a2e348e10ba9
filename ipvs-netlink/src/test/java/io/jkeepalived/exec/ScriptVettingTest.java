package io.jkeepalived.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * keepalived 2.2.7's script checks (lib/notify.c check_script_secure) on real files with the owners and modes
 * each case needs. Changing owners needs root; without it (outside CI) the test is skipped with a reason.
 */
class ScriptVettingTest {
    @TempDir
    Path dir;

    private final ScriptVetting secure = new ScriptVetting(true, "/usr/bin:/bin");
    private final ScriptVetting lax = new ScriptVetting(false, "/usr/bin:/bin");

    @BeforeEach
    void needRoot() {
        boolean root = ScriptUserDefault.ownIds()[0] == 0;
        if (!root && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("ScriptVettingTest needs root (it sets file owners) and CI=true");
        }
        assumeTrue(root, "needs root to set file owners");
    }

    private Path script(String name, String mode, int uid, int gid) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        Files.setAttribute(p, "unix:uid", uid);
        Files.setAttribute(p, "unix:gid", gid);
        return p;
    }

    @Test
    void aRootOwnedScriptInARootOwnedDirectoryRunsAsRoot() throws IOException {
        Path p = script("ok.sh", "rwxr-xr-x", 0, 0);
        ScriptVetting.Verdict v = secure.vet(List.of(p.toString(), "arg"), 0, 0);
        assertTrue(v.runnable(), v.toString());
        assertFalse(v.insecure());
        assertEquals(List.of(p.toString(), "arg"), v.argv());
    }

    @Test
    void aWorldWritableScriptIsDisabledUnderScriptSecurityAndOnlyReportedWithout() throws IOException {
        Path p = script("ww.sh", "rwxrwxrwx", 0, 0);
        ScriptVetting.Verdict strict = secure.vet(List.of(p.toString()), 0, 0);
        assertFalse(strict.runnable());
        assertTrue(strict.insecure());
        assertEquals(Optional.of("unsafe permissions for script " + p + ": " + p + " is writable by everyone"),
                strict.problem());
        ScriptVetting.Verdict reported = lax.vet(List.of(p.toString()), 0, 0);
        assertTrue(reported.runnable());
        assertTrue(reported.insecure());
    }

    @Test
    void groupWriteCountsOnlyForANonRootGroup() throws IOException {
        assertTrue(secure.vet(List.of(script("g0.sh", "rwxrwxr-x", 0, 0).toString()), 0, 0).runnable());
        ScriptVetting.Verdict v = secure.vet(List.of(script("g1.sh", "rwxrwxr-x", 0, 1000).toString()), 0, 0);
        assertFalse(v.runnable());
        assertTrue(v.problem().orElseThrow().endsWith("is writable by group 1000"), v.toString());
    }

    @Test
    void aDirectoryOnThePathOwnedBySomeoneElseMakesItInsecure() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("theirs"));
        Files.setAttribute(sub, "unix:uid", 1000);
        Path p = sub.resolve("s.sh");
        Files.writeString(p, "#!/bin/sh\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        ScriptVetting.Verdict v = secure.vet(List.of(p.toString()), 0, 0);
        assertFalse(v.runnable());
        assertEquals(Optional.of("unsafe permissions for script " + p + ": " + sub + " is owned by uid 1000"),
                v.problem());
    }

    @Test
    void aScriptRunAsAnotherUserNeedsNoRootOwnedPathButMustBeExecutableForIt() throws IOException {
        Path p = script("user.sh", "rwxrwxrwx", 1000, 1000);
        ScriptVetting.Verdict v = secure.vet(List.of(p.toString()), 1000, 1000);
        assertTrue(v.runnable(), v.toString());
        assertFalse(v.insecure());
        Path q = script("noexec.sh", "rwxr--r--", 0, 0);
        ScriptVetting.Verdict w = secure.vet(List.of(q.toString()), 1000, 1000);
        assertFalse(w.runnable());
        assertEquals(Optional.of("script " + q + " is not executable for uid:gid 1000:1000"), w.problem());
    }

    @Test
    void missingFilesAndUnknownBareNamesAreDisabled() {
        ScriptVetting.Verdict missing = lax.vet(List.of(dir.resolve("nope.sh").toString()), 0, 0);
        assertFalse(missing.runnable());
        assertTrue(missing.problem().orElseThrow().startsWith("script " + dir.resolve("nope.sh") + " cannot be accessed"));
        ScriptVetting.Verdict bare = lax.vet(List.of("jkv-no-such-command"), 0, 0);
        assertEquals(Optional.of("cannot find script jkv-no-such-command in path"), bare.problem());
    }

    @Test
    void aBareNameIsLookedUpOnThePathAndItsResolvedPathJudged() {
        ScriptVetting.Verdict v = secure.vet(List.of("true", "x"), 0, 0);
        assertTrue(v.runnable(), v.toString());
        assertEquals(List.of("/usr/bin/true", "x"), v.argv());
    }

    @Test
    void executeBitsFollowOwnerGroupOtherAsInKeepalived() {
        assertTrue(ScriptVetting.executable(0100, 0, 0, 0, 0));
        assertTrue(ScriptVetting.executable(0001, 5, 5, 0, 0), "root: any execute bit");
        assertFalse(ScriptVetting.executable(0011, 7, 9, 7, 9), "the owner uses the owner bits only");
        assertTrue(ScriptVetting.executable(0010, 7, 9, 8, 9));
        assertFalse(ScriptVetting.executable(0001, 7, 9, 8, 9), "a group member uses the group bits only");
        assertTrue(ScriptVetting.executable(0001, 7, 9, 8, 10));
    }
}
