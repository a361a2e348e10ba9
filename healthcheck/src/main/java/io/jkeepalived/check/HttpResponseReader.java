package io.jkeepalived.check;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads an HTTP response the way keepalived's checker and genhash do, incrementally and within bounds.
 *
 * <p>Why hand-written rather than Netty's HTTP codec: keepalived's digest is the MD5 of the raw bytes after the
 * header (chunked framing included, never decoded), and its notion of the header end and the status code is its
 * own; a general HTTP decoder would decode, normalise, and accept or reject different things. This reader does
 * only what the check needs, keeps at most {@code maxHeaderBytes} in memory, and streams the body into MD5.
 *
 * <p>keepalived's rules, matched:
 * <ul>
 *   <li>The header ends at the first CR LF CR LF; a bare LF LF does not end it.</li>
 *   <li>The status code is the 3 digits after the first space of the first line, followed by a space
 *       ({@code HTTP/1.1 200 OK}); anything else is status 0, which no status_code accepts. The version is not
 *       checked.</li>
 *   <li>The digest covers the bytes after the header up to Content-Length when the header has one, else up to the
 *       end of the connection. A body shorter than Content-Length is hashed as it came (keepalived only logs it).
 *       </li>
 * </ul>
 * Differences: Content-Length is found case-insensitively among the header fields (keepalived searches the exact
 * text "Content-Length:"), and once Content-Length bytes have arrived the response is complete without waiting for
 * the server to close (keepalived waits for the close, and fails at its timeout a server that keeps the connection
 * open after a complete response).
 */
final class HttpResponseReader {
    enum State { HEADER, BODY, COMPLETE, FAILED }

    private static final HexFormat HEX = HexFormat.of();

    private final int maxHeaderBytes;
    private final long maxResponseBytes;
    private final MessageDigest md5;
    private final ByteArrayOutputStream keptBody;
    private byte[] header;
    private int headerLength;
    private int headerEnd = -1;
    private long total;
    private long bodyReceived;
    private long hashed;
    private long contentLength = -1;
    private int statusCode;
    private State state = State.HEADER;
    private String failure;

    /**
     * @param digest   compute the MD5 of the body
     * @param keepBody keep the body bytes (genhash's verbose dump), up to maxResponseBytes
     */
    HttpResponseReader(ProbeLimits limits, boolean digest, boolean keepBody) {
        this.maxHeaderBytes = limits.maxHeaderBytes();
        this.maxResponseBytes = limits.maxResponseBytes();
        // Grown on demand up to maxHeaderBytes: most headers are a few hundred bytes.
        this.header = new byte[Math.min(maxHeaderBytes, 1024)];
        this.md5 = digest ? newMd5() : null;
        this.keptBody = keepBody ? new ByteArrayOutputStream() : null;
    }

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no MD5", e);
        }
    }

    /** Takes the next bytes of the response; returns true when no more are needed (complete or failed). */
    boolean feed(ByteBuffer bytes) {
        if (isDone()) {
            bytes.position(bytes.limit());
            return true;
        }
        total += bytes.remaining();
        if (total > maxResponseBytes) {
            return fail("response larger than " + maxResponseBytes + " bytes");
        }
        if (state == State.HEADER) {
            int from = Math.max(0, headerLength - 3);
            int n = Math.min(bytes.remaining(), maxHeaderBytes - headerLength);
            if (headerLength + n > header.length) {
                header = java.util.Arrays.copyOf(header, Math.min(maxHeaderBytes,
                        Math.max(header.length * 2, headerLength + n)));
            }
            bytes.get(header, headerLength, n);
            headerLength += n;
            int end = findHeaderEnd(from);
            if (end < 0) {
                if (headerLength >= maxHeaderBytes) {
                    return fail("response header larger than " + maxHeaderBytes + " bytes");
                }
                return false;
            }
            headerEnd = end;
            parseHeader();
            state = State.BODY;
            body(ByteBuffer.wrap(header, end, headerLength - end));
        }
        if (state == State.BODY) {
            body(bytes);
        }
        bytes.position(bytes.limit());
        return isDone();
    }

    /** The server closed the connection (or the TLS session ended). */
    void endOfStream() {
        if (state == State.HEADER) {
            fail(headerLength == 0 ? "no data received" : "connection closed before the end of the response header");
        } else if (state == State.BODY) {
            state = State.COMPLETE;
        }
    }

    private void body(ByteBuffer bytes) {
        int n = bytes.remaining();
        if (n == 0) {
            return;
        }
        bodyReceived += n;
        long wanted = contentLength >= 0 ? Math.min(n, contentLength - hashed) : n;
        if (wanted > 0) {
            ByteBuffer slice = bytes.duplicate();
            slice.limit(slice.position() + (int) wanted);
            if (md5 != null) {
                md5.update(slice.duplicate());
            }
            if (keptBody != null) {
                byte[] copy = new byte[(int) wanted];
                slice.get(copy);
                keptBody.write(copy, 0, copy.length);
            }
            hashed += wanted;
        }
        bytes.position(bytes.limit());
        if (contentLength >= 0 && bodyReceived >= contentLength) {
            state = State.COMPLETE;
        }
    }

    private int findHeaderEnd(int from) {
        for (int i = from; i + 3 < headerLength; i++) {
            if (header[i] == '\r' && header[i + 1] == '\n' && header[i + 2] == '\r' && header[i + 3] == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    private void parseHeader() {
        statusCode = parseStatus();
        contentLength = parseContentLength();
    }

    private int parseStatus() {
        int i = 0;
        while (i < headerEnd && header[i] != ' ' && header[i] != '\r') {
            i++;
        }
        if (i >= headerEnd || header[i] != ' ') {
            return 0;
        }
        i++;
        if (i + 3 >= headerEnd || header[i + 3] != ' ') {
            return 0;
        }
        int code = 0;
        for (int k = 0; k < 3; k++) {
            byte c = header[i + k];
            if (c < '0' || c > '9') {
                return 0;
            }
            code = code * 10 + (c - '0');
        }
        return code;
    }

    private long parseContentLength() {
        String text = new String(header, 0, headerEnd, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r\n");
        for (int l = 1; l < lines.length; l++) {
            String line = lines[l];
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase("Content-Length")) {
                String value = line.substring(colon + 1).strip();
                if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    return -1;
                }
                return Long.parseLong(value);
            }
        }
        return -1;
    }

    private boolean fail(String why) {
        state = State.FAILED;
        failure = why;
        return true;
    }

    boolean isDone() {
        return state == State.COMPLETE || state == State.FAILED;
    }

    State state() {
        return state;
    }

    String failure() {
        return failure;
    }

    int statusCode() {
        return statusCode;
    }

    /** -1 when the header has none (or an unusable one). */
    long contentLength() {
        return contentLength;
    }

    long bodyReceived() {
        return bodyReceived;
    }

    /** The MD5 of the body, 32 lower-case hex digits; only when complete and built with digest. */
    String digestHex() {
        if (md5 == null || state != State.COMPLETE) {
            throw new IllegalStateException("no digest");
        }
        return HEX.formatHex(md5.digest());
    }

    /** The header bytes, blank line included (genhash -v). */
    byte[] headerBytes() {
        return java.util.Arrays.copyOf(header, Math.max(headerEnd, 0));
    }

    /** The hashed body bytes (genhash -v); only when built with keepBody. */
    byte[] bodyBytes() {
        return keptBody == null ? new byte[0] : keptBody.toByteArray();
    }
}
