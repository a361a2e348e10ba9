package io.jkeepalived.check;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads one SMTP reply line the way keepalived 2.2.7's SMTP_CHECK does (check_smtp.c; our own code, written from
 * its behaviour), over reads of any size:
 * <ul>
 *   <li>bytes are gathered until the first LF; that line (without the LF) is the reply. Whatever came in the same
 *       read after it is dropped, as keepalived clears its buffer for each reply;</li>
 *   <li>only the first line counts: a multi-line reply ({@code 220-...}) is judged on its first line, whose fourth
 *       character is '-', so it is not the wanted code (keepalived fails such a greeting too);</li>
 *   <li>the code is wanted when the line starts with exactly three digits followed by a space or by the end of
 *       the line. A CR before the LF is a character of the line, so a bare {@code "250\r\n"} has no code (a
 *       keepalived quirk, kept so that verdicts agree);</li>
 *   <li>a line longer than keepalived's buffer ({@link #MAX_LINE} bytes before the LF), or one with a NUL byte,
 *       is a failure
 *       (keepalived would wrap its buffer and judge the tail, or never see the LF; either way not a good
 *       reply), decided at once rather than by a timeout.</li>
 * </ul>
 * Never throws on server input. One instance per attempt, {@link #reset()} before each reply.
 */
final class SmtpReplyReader {
    /**
     * The longest line keepalived can judge: its 512-byte buffer keeps a NUL, and a buffer filled to 511 bytes
     * without an LF is wrapped, so 510 bytes and the LF.
     */
    static final int MAX_LINE = 510;

    enum State { READING, LINE, TOO_LONG, GARBAGE }

    private final byte[] line = new byte[MAX_LINE];
    private int length;
    private State state = State.READING;

    /** Starts a new reply: what was read for the previous one is forgotten. */
    void reset() {
        length = 0;
        state = State.READING;
    }

    State state() {
        return state;
    }

    /**
     * Takes the bytes of one read. Returns the state after them; once not {@link State#READING}, the rest of
     * {@code bytes} (and any further feed before {@link #reset()}) is ignored.
     */
    State feed(ByteBuffer bytes) {
        while (state == State.READING && bytes.hasRemaining()) {
            byte b = bytes.get();
            if (b == '\n') {
                state = State.LINE;
            } else if (b == 0) {
                state = State.GARBAGE;
            } else if (length == MAX_LINE) {
                state = State.TOO_LONG;
            } else {
                line[length++] = b;
            }
        }
        if (state != State.READING) {
            bytes.position(bytes.limit());
        }
        return state;
    }

    /** The reply code of a complete line, or -1 when the line does not start with one keepalived would read. */
    int code() {
        if (state != State.LINE || length < 3) {
            return -1;
        }
        for (int i = 0; i < 3; i++) {
            if (line[i] < '0' || line[i] > '9') {
                return -1;
            }
        }
        if (length > 3 && line[3] != ' ') {
            return -1;
        }
        return (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
    }

    /** The line for a log message, without its CR: printable ASCII, others as '?', cut to 80 characters. */
    String excerpt() {
        int shownLength = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        int n = Math.min(shownLength, 80);
        byte[] shown = new byte[n];
        for (int i = 0; i < n; i++) {
            byte b = line[i];
            shown[i] = b >= 0x20 && b < 0x7f ? b : (byte) '?';
        }
        return new String(shown, StandardCharsets.US_ASCII) + (shownLength > n ? "..." : "");
    }
}
