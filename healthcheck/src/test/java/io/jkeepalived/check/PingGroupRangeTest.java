package io.jkeepalived.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ping_group_range handling as keepalived 2.2.7's set_ping_group_range (check_ping.c) does it, on a file standing
 * in for the sysctl; PingCheckTest does it on a namespace's real one.
 */
class PingGroupRangeTest {
    @TempDir
    Path dir;

    private Path sysctl(String text) throws Exception {
        Path f = dir.resolve("ping_group_range");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void parsesTheKernelsFormat() {
        assertEquals(Optional.of(new PingGroupRange.Range(1, 0)), PingGroupRange.parse("1\t0\n"));
        assertEquals(Optional.of(new PingGroupRange.Range(0, 4294967294L)), PingGroupRange.parse("0 4294967294"));
        assertTrue(PingGroupRange.parse("1").isEmpty());
        assertTrue(PingGroupRange.parse("a b").isEmpty());
        assertTrue(PingGroupRange.parse("1 2 3").isEmpty());
        assertTrue(PingGroupRange.parse("4294967296 0").isEmpty());
    }

    @Test
    void theDefaultEmptyRangeGetsGroupZeroAndIsPutBack() throws Exception {
        Path f = sysctl("1\t0\n");
        PingGroupRange g = new PingGroupRange(f);
        g.admitRoot();
        assertEquals("0\t0\n", Files.readString(f));
        g.admitRoot();
        assertEquals("0\t0\n", Files.readString(f));
        g.restore();
        assertEquals("1\t0\n", Files.readString(f));
    }

    @Test
    void theLastGroupIsKeptAndARangeStartingAtZeroIsLeftAlone() throws Exception {
        Path f = sysctl("100\t2000\n");
        PingGroupRange g = new PingGroupRange(f);
        g.admitRoot();
        assertEquals("0\t2000\n", Files.readString(f));
        Files.writeString(f, "0\t3000\n");
        g.restore();
        assertEquals("100\t3000\n", Files.readString(f), "the first group back, the last as it is now");

        Path open = sysctl("0\t2147483647\n");
        PingGroupRange untouched = new PingGroupRange(open);
        untouched.admitRoot();
        untouched.restore();
        assertEquals("0\t2147483647\n", Files.readString(open));
    }

    @Test
    void anUnreadableOrStrangeFileIsLeftAsItIs() throws Exception {
        Path f = sysctl("what\n");
        PingGroupRange g = new PingGroupRange(f);
        g.admitRoot();
        g.restore();
        assertEquals("what\n", Files.readString(f));
        PingGroupRange missing = new PingGroupRange(dir.resolve("absent"));
        missing.admitRoot();
        missing.restore();
        assertTrue(Files.notExists(dir.resolve("absent")));
    }
}
