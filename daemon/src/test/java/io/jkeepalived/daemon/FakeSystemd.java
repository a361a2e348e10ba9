package io.jkeepalived.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;

/** The datagram socket systemd listens on for a Type=notify unit: a test points NOTIFY_SOCKET at it. */
public final class FakeSystemd implements AutoCloseable {
    private final UnixDatagramChannel socket;
    private final BlockingQueue<String> notifications = new LinkedBlockingQueue<>();

    public FakeSystemd(Path path) throws IOException {
        socket = UnixDatagramChannel.open();
        socket.bind(new UnixSocketAddress(path.toString()));
        Thread reader = new Thread(() -> {
            try {
                while (true) {
                    ByteBuffer buffer = ByteBuffer.allocate(4096);
                    socket.receive(buffer);
                    buffer.flip();
                    notifications.add(StandardCharsets.UTF_8.decode(buffer).toString());
                }
            } catch (IOException e) {
                // closed at the end of the test
            }
        }, "systemd");
        reader.setDaemon(true);
        reader.start();
    }

    /** The next notification, or null when none came within {@code patience}. */
    public String next(Duration patience) throws InterruptedException {
        return notifications.poll(patience.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
