package io.jkeepalived.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** keepalived's timeline in real time on the real event loop, with a tolerance for a busy machine. */
class HealthCheckerRealTimeTest {
    private static final long TOLERANCE_MS = 400; // generous: other builds share this 2-core machine

    private record Event(long atMillis, RealServerHealth health) {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final long t0 = System.nanoTime();
    private HealthChecker<String> checker;
    private Listener listener;

    @AfterEach
    void close() throws IOException {
        if (checker != null) {
            checker.close();
        }
        if (listener != null) {
            listener.close();
        }
    }

    private long now() {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** A TCP listener that accepts and closes, and can be stopped and restarted on the same address. */
    private static final class Listener implements AutoCloseable {
        final InetSocketAddress address;
        private ServerSocket socket;
        private Thread thread;

        Listener(InetAddress where) throws IOException {
            socket = new ServerSocket(0, 50, where);
            address = new InetSocketAddress(where, socket.getLocalPort());
            serve();
        }

        private void serve() {
            ServerSocket s = socket;
            thread = new Thread(() -> {
                while (!s.isClosed()) {
                    try (Socket c = s.accept()) {
                        c.getInputStream();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws IOException {
            socket.close();
        }

        void restart() throws IOException {
            socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(address, 50);
            serve();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = HealthChecker.Transport.class, names = {"EPOLL", "NIO"})
    void tcpDownAfterRetriesAndUpAgainOnTime(HealthChecker.Transport transport) throws Exception {
        listener = new Listener(TestServers.nextLoopback());
        checker = HealthChecker.start((server, before, after) -> events.add(new Event(now(), after)), null,
                HealthChecker.Options.DEFAULT.withBootstrapDelay(Duration.ZERO).withTransport(transport));
        CheckTiming timing = new CheckTiming(Duration.ofMillis(200), Duration.ofMillis(300), 1, Duration.ZERO, false);
        checker.add("rs", 1, List.of(new CheckerConfig(new TcpCheck(ConnectTarget.of(listener.address,
                Duration.ofSeconds(1))), timing)));
        Thread.sleep(700);
        long stoppedAt = now();
        listener.stop();
        // The next attempt comes within delay_loop (200 ms) and fails; the retry follows delay_before_retry
        // (300 ms) later and fails: DOWN between 300 and 500 ms after the stop.
        Event down = events.poll(5, TimeUnit.SECONDS);
        assertNotNull(down);
        assertEquals(new RealServerHealth(false, 1), down.health());
        long downAfter = down.atMillis() - stoppedAt;
        assertTrue(downAfter >= 300 && downAfter <= 500 + TOLERANCE_MS, "DOWN " + downAfter + " ms after the stop");
        long restartedAt = now();
        listener.restart();
        // While down, 2.2.7 alternates delay_before_retry and delay_loop: the next success within 300 ms.
        Event up = events.poll(5, TimeUnit.SECONDS);
        assertNotNull(up);
        assertEquals(new RealServerHealth(true, 1), up.health());
        long upAfter = up.atMillis() - restartedAt;
        assertTrue(upAfter <= 300 + TOLERANCE_MS, "UP " + upAfter + " ms after the restart");
        ScheduleStats.Snapshot stats = checker.scheduleStats().snapshot();
        assertTrue(stats.max().toMillis() < 250, "schedule drift " + stats);
        assertEquals(transport.name().toLowerCase(), checker.transport());
    }

    @Test
    void alphaStartsDownAndComesUpAfterTheBootstrapDelay() throws Exception {
        listener = new Listener(TestServers.nextLoopback());
        checker = HealthChecker.start((server, before, after) -> events.add(new Event(now(), after)), null,
                HealthChecker.Options.DEFAULT.withBootstrapDelay(Duration.ofMillis(300)));
        CheckTiming timing = new CheckTiming(Duration.ofSeconds(5), Duration.ofSeconds(1), 1, Duration.ZERO, true);
        long addedAt = now();
        RealServerHealth initial = checker.add("rs", 7, List.of(new CheckerConfig(new TcpCheck(
                ConnectTarget.of(listener.address, Duration.ofSeconds(1))), timing)));
        assertEquals(new RealServerHealth(false, 7), initial);
        Event up = events.poll(5, TimeUnit.SECONDS);
        assertNotNull(up);
        assertEquals(new RealServerHealth(true, 7), up.health());
        long after = up.atMillis() - addedAt;
        assertTrue(after >= 290 && after <= 300 + TOLERANCE_MS, "UP " + after + " ms after add");
    }
}
