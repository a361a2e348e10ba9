package io.jkeepalived.check;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code net.ipv4.ping_group_range}: the groups that may open ping sockets, IPv4 and IPv6 alike, in a network
 * namespace (the kernel's default "1 0" admits nobody, root included: there is no capability that bypasses it).
 * keepalived 2.2.7, on reading a PING_CHECK, lowers the first group to 0 and keeps the last (so root's group is
 * in, even where the range was empty), unless the first is 0 already; when its checker process ends it puts the
 * first group back. This does the same for the health checker's life: {@link #admitRoot()} before the first
 * ping, {@link #restore()} at the end. Not for the event loop: it reads and writes a file.
 */
public final class PingGroupRange {
    /** The sysctl of the namespace of the thread that opens it. */
    public static final Path SYSCTL = Path.of("/proc/sys/net/ipv4/ping_group_range");

    private static final Logger log = LoggerFactory.getLogger(PingGroupRange.class);

    /** The two numbers of the sysctl, unsigned 32-bit group ids. */
    record Range(long low, long high) {
        @Override
        public String toString() {
            return low + " " + high;
        }

        String sysctlText() {
            return low + "\t" + high + "\n";
        }
    }

    private final Path file;
    /** The first group as it was before we lowered it; null while we have not changed it. */
    private Long savedLow;
    private boolean admitted;

    public PingGroupRange(Path file) {
        this.file = file;
    }

    /** Two group ids separated by blanks; empty when the text is not that (the kernel's format changed?). */
    static Optional<Range> parse(String text) {
        String[] words = text.strip().split("\\s+");
        if (words.length != 2) {
            return Optional.empty();
        }
        try {
            long low = Long.parseLong(words[0]);
            long high = Long.parseLong(words[1]);
            if (low < 0 || high < 0 || low > 0xffffffffL || high > 0xffffffffL) {
                return Optional.empty();
            }
            return Optional.of(new Range(low, high));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Lets group 0 open ping sockets, once: the first group becomes 0, the last stays. Problems are logged, not
     * thrown: the pings then fail to get a socket and say so, and the other checkers run on.
     */
    public synchronized void admitRoot() {
        if (admitted) {
            return;
        }
        admitted = true;
        Optional<Range> now = read();
        if (now.isEmpty() || now.get().low() == 0) {
            return;
        }
        Range widened = new Range(0, now.get().high());
        if (write(widened)) {
            savedLow = now.get().low();
            log.info("PING_CHECK: {} changed from {} to {} so that ping sockets can be opened (put back at exit)",
                    file, now.get(), widened);
        }
    }

    /** Puts the first group back if we changed it and nobody changed it since; keeps the last group as it is. */
    public synchronized void restore() {
        admitted = false;
        if (savedLow == null) {
            return;
        }
        long low = savedLow;
        savedLow = null;
        Optional<Range> now = read();
        if (now.isEmpty() || now.get().low() == low) {
            return;
        }
        Range back = new Range(low, now.get().high());
        if (write(back)) {
            log.info("PING_CHECK: {} put back to {}", file, back);
        }
    }

    private Optional<Range> read() {
        try {
            String text = readOnce(file);
            Optional<Range> range = parse(text);
            if (range.isEmpty()) {
                log.warn("PING_CHECK: cannot understand {} ({}); left as it is", file, text.strip());
            }
            return range;
        } catch (IOException e) {
            log.warn("PING_CHECK: cannot read {}: {}; left as it is", file, e.toString());
            return Optional.empty();
        }
    }

    /**
     * The file's text from one read(2): this sysctl answers only a read at offset 0, so a reader that takes a
     * byte first and then the rest (as Files.readString does on a file whose size is 0) sees only "1".
     */
    static String readOnce(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64];
            int n = in.read(buffer);
            return n <= 0 ? "" : new String(buffer, 0, n, StandardCharsets.US_ASCII);
        }
    }

    private boolean write(Range range) {
        try {
            Files.writeString(file, range.sysctlText(), StandardCharsets.US_ASCII);
            return true;
        } catch (IOException e) {
            log.warn("PING_CHECK: cannot write {} to {}: {}", range, file, e.toString());
            return false;
        }
    }
}
