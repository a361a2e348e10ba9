package io.jkeepalived.daemon.status;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * Reading and writing a control connection with a deadline: the channel is non-blocking and waited on with a
 * selector of its own, so neither side can be held by a peer that neither reads nor writes.
 */
final class ControlIo {
    private ControlIo() {
    }

    /**
     * Reads until {@code end} has been seen (inclusive), the peer closes, or {@code max} bytes came.
     *
     * @return the bytes read; more than {@code max} means the peer sent too much (the rest is not read)
     * @throws SocketTimeoutException the deadline passed first
     */
    static byte[] read(SocketChannel channel, Selector selector, long deadlineNanos, int max, int end)
            throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(Math.min(max + 1, 64 * 1024));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
        try {
            while (true) {
                buffer.clear();
                int n = channel.read(buffer);
                if (n < 0) {
                    return out.toByteArray();
                }
                if (n > 0) {
                    out.write(buffer.array(), 0, n);
                    if (out.size() > max) {
                        return out.toByteArray();
                    }
                    if (end >= 0 && indexOf(buffer.array(), n, end)) {
                        return out.toByteArray();
                    }
                    continue;
                }
                await(selector, deadlineNanos);
            }
        } finally {
            key.cancel();
            selector.selectNow();
        }
    }

    /** Writes all of {@code data}. @throws SocketTimeoutException the peer did not take it by the deadline */
    static void write(SocketChannel channel, Selector selector, long deadlineNanos, ByteBuffer data)
            throws IOException {
        SelectionKey key = channel.register(selector, SelectionKey.OP_WRITE);
        try {
            while (data.hasRemaining()) {
                if (channel.write(data) == 0) {
                    await(selector, deadlineNanos);
                }
            }
        } finally {
            key.cancel();
            selector.selectNow();
        }
    }

    /**
     * Reads and discards until the peer closes or the deadline passes: closing a socket with unread data would
     * reset the connection, and the peer could lose the answer it has not read yet.
     */
    static void drain(SocketChannel channel, Selector selector, long deadlineNanos) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
        try {
            while (true) {
                buffer.clear();
                int n = channel.read(buffer);
                if (n < 0) {
                    return;
                }
                if (n == 0) {
                    await(selector, deadlineNanos);
                }
            }
        } finally {
            key.cancel();
            selector.selectNow();
        }
    }

    private static void await(Selector selector, long deadlineNanos) throws IOException {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("timed out");
        }
        selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        selector.selectedKeys().clear();
    }

    private static boolean indexOf(byte[] bytes, int length, int b) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] == b) {
                return true;
            }
        }
        return false;
    }
}
