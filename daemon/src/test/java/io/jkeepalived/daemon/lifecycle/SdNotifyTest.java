package io.jkeepalived.daemon.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SdNotifyTest {
    @TempDir
    Path dir;

    private static String receive(UnixDatagramChannel channel) throws Exception {
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        channel.receive(buffer);
        buffer.flip();
        return StandardCharsets.UTF_8.decode(buffer).toString();
    }

    @Test
    void aPathSocketGetsOneDatagramPerState() throws Exception {
        Path socket = dir.resolve("notify");
        try (UnixDatagramChannel systemd = UnixDatagramChannel.open()) {
            systemd.bind(new UnixSocketAddress(socket.toString()));
            Notifier notifier = SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", socket.toString()));
            notifier.send("READY=1\nSTATUS=Running the checkers");
            notifier.send("STOPPING=1");
            assertEquals("READY=1\nSTATUS=Running the checkers", receive(systemd));
            assertEquals("STOPPING=1", receive(systemd));
        }
    }

    @Test
    void anAtSignNamesTheAbstractNamespace() throws Exception {
        String name = "jkv-rl-sdnotify-" + ProcessHandle.current().pid();
        try (UnixDatagramChannel systemd = UnixDatagramChannel.open()) {
            systemd.bind(new UnixSocketAddress("\0" + name));
            SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", "@" + name)).send("READY=1");
            assertEquals("READY=1", receive(systemd));
        }
    }

    @Test
    void withoutTheVariableNothingIsSentAndAMissingSocketIsNoFailure() {
        assertSame(Notifier.NONE, SdNotify.fromEnvironment(Map.of()));
        assertSame(Notifier.NONE, SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", "")));
        Notifier nobody = SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", dir.resolve("absent").toString()));
        nobody.send("READY=1"); // logged once, never thrown
        nobody.send("STOPPING=1");
    }
}
