package io.jkeepalived.daemon.status;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/** The client side of the control socket: one command, one answer. */
public final class ControlClient {
    /** The longest answer taken: a status document of thousands of real servers fits many times over. */
    public static final int MAX_ANSWER = 64 * 1024 * 1024;

    private ControlClient() {
    }

    /**
     * Sends {@code command} and returns the whole answer.
     *
     * @throws java.net.SocketTimeoutException no complete answer within {@code timeout}
     * @throws IOException                     nothing listens on {@code path}, or the connection broke
     */
    public static String request(Path path, String command, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
             Selector selector = Selector.open()) {
            channel.connect(UnixDomainSocketAddress.of(path));
            channel.configureBlocking(false);
            ControlIo.write(channel, selector, deadline,
                    ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
            byte[] answer = ControlIo.read(channel, selector, deadline, MAX_ANSWER, -1);
            if (answer.length > MAX_ANSWER) {
                throw new IOException("the answer is longer than " + MAX_ANSWER + " bytes");
            }
            return new String(answer, StandardCharsets.UTF_8);
        }
    }
}
