package io.jkeepalived.check;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A UDP server on an ephemeral port of 127.0.0.1 that answers each datagram with whatever its current behaviour
 * returns (nothing, one or several datagrams). It records what it received and from where.
 */
final class TestDnsServer implements AutoCloseable {
    /** A received datagram and its sender. */
    record Received(byte[] data, InetSocketAddress from) {
    }

    private final DatagramSocket socket;
    private final Thread thread;
    private final AtomicReference<Function<byte[], List<byte[]>>> behaviour;
    final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();

    TestDnsServer(InetAddress address, Function<byte[], List<byte[]>> behaviour) throws SocketException {
        this.socket = new DatagramSocket(new InetSocketAddress(address, 0));
        this.behaviour = new AtomicReference<>(behaviour);
        this.thread = new Thread(this::serve, "jkv-ud-dns-server");
        thread.setDaemon(true);
        thread.start();
    }

    TestDnsServer(Function<byte[], List<byte[]>> behaviour) throws SocketException {
        this(InetAddress.getLoopbackAddress(), behaviour);
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    void behave(Function<byte[], List<byte[]>> b) {
        behaviour.set(b);
    }

    private void serve() {
        byte[] buf = new byte[2048];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
                byte[] query = Arrays.copyOf(p.getData(), p.getLength());
                received.add(new Received(query, (InetSocketAddress) p.getSocketAddress()));
                for (byte[] reply : behaviour.get().apply(query)) {
                    socket.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                }
            } catch (IOException e) {
                // closed
            }
        }
    }

    // ---- behaviours ----

    /** A response to the query: its ID, QR and RD set plus extraFlags, the given RCODE, the question echoed. */
    static byte[] response(byte[] query, int rcode, int extraFlags) {
        byte[] r = query.clone();
        int flags = 0x8000 | 0x0100 | 0x0080 | extraFlags | rcode & 0x0f;
        r[2] = (byte) (flags >>> 8);
        r[3] = (byte) flags;
        return r;
    }

    static Function<byte[], List<byte[]>> answering(int rcode) {
        return q -> List.of(response(q, rcode, 0));
    }

    static Function<byte[], List<byte[]>> silent() {
        return q -> List.of();
    }

    static Function<byte[], List<byte[]>> wrongId() {
        return q -> {
            byte[] r = response(q, 0, 0);
            r[1] ^= 0x5a;
            return List.of(r);
        };
    }

    static Function<byte[], List<byte[]>> garbage() {
        return q -> List.of(new byte[] {1, 2, 3}, "hello, this is not DNS".getBytes());
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join(2000);
    }
}
