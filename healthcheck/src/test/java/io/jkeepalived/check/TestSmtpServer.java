package io.jkeepalived.check;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SMTP server of the test's own on a loopback address and an ephemeral port, scripted per test: each
 * connection runs the {@link Script} on its own (blocking) thread, and every line the client sent is recorded.
 */
final class TestSmtpServer implements AutoCloseable {
    /** What the server does on one connection. */
    interface Script {
        void run(Conversation c) throws IOException, InterruptedException;
    }

    /** One accepted connection. */
    static final class Conversation {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final List<String> received;

        Conversation(Socket socket, List<String> received) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
            this.received = received;
        }

        void send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** Sends {@code text} a few bytes at a time, each piece its own TCP segment (no Nagle, a pause between). */
        void sendInPieces(String text, int piece, long pauseMillis) throws IOException, InterruptedException {
            byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
            for (int i = 0; i < b.length; i += piece) {
                out.write(b, i, Math.min(piece, b.length - i));
                out.flush();
                Thread.sleep(pauseMillis);
            }
        }

        /** Reads one client line (to LF, CRLF kept); null at the end of the stream. */
        String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                line.write(b);
                if (b == '\n') {
                    break;
                }
            }
            if (line.size() == 0) {
                return null;
            }
            String s = line.toString(StandardCharsets.ISO_8859_1);
            received.add(s);
            return s;
        }

        /** Waits until the client closes (or the socket is closed), reading and recording whatever it sends. */
        void drain() throws IOException {
            while (readLine() != null) {
                // recorded
            }
        }

        boolean clientClosed() throws IOException {
            return in.read() < 0;
        }
    }

    final InetSocketAddress address;
    final List<String> received = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final ServerSocket listener;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    TestSmtpServer(InetAddress bind, Script script) throws IOException {
        listener = new ServerSocket(0, 100, bind);
        address = new InetSocketAddress(bind, listener.getLocalPort());
        acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket s = listener.accept();
                    s.setTcpNoDelay(true);
                    open.add(s);
                    connections.incrementAndGet();
                    Thread t = new Thread(() -> {
                        try (s) {
                            script.run(new Conversation(s, received));
                        } catch (SocketException e) {
                            // The checker closed its side: part of most scripts.
                        } catch (IOException | RuntimeException e) {
                            errors.add(e);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }, "jkv-sc-smtp-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "jkv-sc-smtp-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    TestSmtpServer(Script script) throws IOException {
        this(TestServers.nextLoopback(), script);
    }

    /** A well-behaved server: 220 greeting, 250 to HELO, 221 to QUIT. */
    static Script good() {
        return c -> {
            c.send("220 mx.test ESMTP jkv-sc\r\n");
            if (c.readLine() == null) {
                return;
            }
            c.send("250 mx.test\r\n");
            if (c.readLine() == null) {
                return;
            }
            c.send("221 2.0.0 Bye\r\n");
            c.drain();
        };
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
