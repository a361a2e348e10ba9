package io.jkeepalived.alert;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * An SMTP server for tests, on 127.0.0.1 (of whatever network namespace its socket was opened in): answers every
 * command as a permissive relay would and records the whole dialogue of each connection, client and server lines
 * in order. {@link Mode#SILENT} accepts connections and never says a word (a hung server).
 */
public final class TestSmtpServer implements AutoCloseable {
    public enum Mode { ANSWER, SILENT }

    /** Opens the listening channel (in a namespace, for namespace tests). */
    public interface Opener {
        ServerSocketChannel open() throws IOException;
    }

    /** One connection's dialogue: lines prefixed "C: " (client) and "S: " (server); "EOF" when the client left. */
    public static final class Session {
        private final List<String> lines = new CopyOnWriteArrayList<>();

        public List<String> lines() {
            return List.copyOf(lines);
        }

        /** The client's lines only. */
        public List<String> clientLines() {
            return lines.stream().filter(l -> l.startsWith("C: ")).map(l -> l.substring(3)).toList();
        }

        /** Whether the message was accepted (the "." line got its 250). */
        public boolean delivered() {
            List<String> l = lines();
            for (int i = 0; i + 1 < l.size(); i++) {
                if (l.get(i).equals("C: .") && l.get(i + 1).startsWith("S: 250")) {
                    return true;
                }
            }
            return false;
        }

        public boolean quitted() {
            return lines().contains("C: QUIT");
        }

        /** The Subject header's value, or "" when no message came. */
        public String subject() {
            return clientLines().stream().filter(l -> l.startsWith("Subject: ")).map(l -> l.substring(9))
                    .findFirst().orElse("");
        }

        /** The message's body lines (after the empty line ending the headers, before "."). */
        public List<String> body() {
            List<String> c = clientLines();
            int data = c.indexOf("DATA");
            if (data < 0) {
                return List.of();
            }
            int blank = c.subList(data, c.size()).indexOf("") + data;
            int end = c.lastIndexOf(".");
            return blank < data || end < blank ? List.of() : c.subList(blank + 1, end);
        }

        @Override
        public String toString() {
            return String.join("\n", lines);
        }
    }

    private final ServerSocketChannel server;
    private final Mode mode;
    private final List<Session> sessions = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile boolean closed;

    private TestSmtpServer(ServerSocketChannel server, Mode mode) {
        this.server = server;
        this.mode = mode;
        this.acceptor = new Thread(this::accept, "test-smtp");
        acceptor.setDaemon(true);
    }

    /** On 127.0.0.1, an ephemeral port, in this process's namespace. */
    public static TestSmtpServer start(Mode mode) throws IOException {
        return start(ServerSocketChannel::open, 0, mode);
    }

    public static TestSmtpServer start(Opener opener, int port, Mode mode) throws IOException {
        ServerSocketChannel ch = opener.open();
        ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        TestSmtpServer s = new TestSmtpServer(ch, mode);
        s.acceptor.start();
        return s;
    }

    public int port() {
        try {
            return ((InetSocketAddress) server.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Session> sessions() {
        return List.copyOf(sessions);
    }

    /** Waits until {@code count} sessions satisfy {@code what}; returns them (in arrival order). */
    public List<Session> await(int count, Predicate<Session> what, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            List<Session> done = sessions.stream().filter(what).toList();
            if (done.size() >= count) {
                return done;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + patience.toMillis() + " ms for " + count + " SMTP sessions; got:\n"
                        + String.join("\n----\n", sessions.stream().map(Session::toString).toList()));
            }
            Thread.sleep(20);
        }
    }

    /** Sessions that delivered a mail and quit (the whole dialogue is recorded). */
    public List<Session> awaitMails(int count, Duration patience) throws InterruptedException {
        return await(count, s -> s.delivered() && s.lines().contains("EOF"), patience);
    }

    private void accept() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept().socket();
            } catch (IOException e) {
                return;
            }
            sockets.add(socket);
            Session session = new Session();
            sessions.add(session);
            Thread t = new Thread(() -> serve(socket, session), "test-smtp-session");
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket socket, Session session) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            if (mode == Mode.SILENT) {
                while (in.read() >= 0) {
                    // Swallow everything; answer nothing.
                }
                session.lines.add("EOF");
                return;
            }
            say(out, session, "220 test ESMTP");
            boolean data = false;
            StringBuilder line = new StringBuilder();
            int prev = -1;
            int c;
            while ((c = in.read()) >= 0) {
                if (prev == '\r' && c == '\n') {
                    line.setLength(line.length() - 1);
                    String l = line.toString();
                    line.setLength(0);
                    session.lines.add("C: " + l);
                    if (data) {
                        if (l.equals(".")) {
                            data = false;
                            say(out, session, "250 2.0.0 queued");
                        }
                    } else if (l.toUpperCase().startsWith("DATA")) {
                        data = true;
                        say(out, session, "354 end with .");
                    } else if (l.toUpperCase().startsWith("QUIT")) {
                        say(out, session, "221 bye");
                    } else if (l.toUpperCase().startsWith("EHLO")) {
                        // A multi-line reply, as real servers give to EHLO.
                        say(out, session, "250-test\r\n250 8BITMIME");
                    } else {
                        say(out, session, "250 OK");
                    }
                    prev = -1;
                    continue;
                }
                line.append((char) c);
                prev = c;
            }
            session.lines.add("EOF");
        } catch (IOException e) {
            session.lines.add("EOF");
        }
    }

    private static void say(OutputStream out, Session session, String reply) throws IOException {
        for (String l : reply.split("\r\n")) {
            session.lines.add("S: " + l);
        }
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing
        }
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // closing
            }
        }
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
