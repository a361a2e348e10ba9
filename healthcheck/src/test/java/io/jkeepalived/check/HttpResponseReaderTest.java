package io.jkeepalived.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpResponseReaderTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes(s)));
    }

    private static HttpResponseReader reader() {
        return new HttpResponseReader(ProbeLimits.DEFAULT, true, true);
    }

    /** Feeds the response one byte at a time: every boundary case of the header search at once. */
    private static HttpResponseReader byteByByte(String response) {
        HttpResponseReader r = reader();
        for (byte b : bytes(response)) {
            if (r.feed(ByteBuffer.wrap(new byte[] {b}))) {
                break;
            }
        }
        if (!r.isDone()) {
            r.endOfStream();
        }
        return r;
    }

    @Test
    void findsTheHeaderEndAcrossReadsAndHashesTheBody() throws Exception {
        HttpResponseReader r = byteByByte("HTTP/1.0 200 OK\r\nServer: x\r\n\r\nhello world\n");
        assertEquals(HttpResponseReader.State.COMPLETE, r.state());
        assertEquals(200, r.statusCode());
        assertEquals(-1, r.contentLength());
        assertEquals(md5("hello world\n"), r.digestHex());
        assertEquals("hello world\n", new String(r.bodyBytes(), StandardCharsets.ISO_8859_1));
        assertEquals("HTTP/1.0 200 OK\r\nServer: x\r\n\r\n", new String(r.headerBytes(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void bareLineFeedsDoNotEndTheHeaderAsInKeepalived() {
        HttpResponseReader r = byteByByte("HTTP/1.0 200 OK\n\nbody");
        assertEquals(HttpResponseReader.State.FAILED, r.state());
        assertEquals("connection closed before the end of the response header", r.failure());
        HttpResponseReader empty = reader();
        empty.endOfStream();
        assertEquals("no data received", empty.failure());
    }

    @Test
    void contentLengthBoundsTheDigestAndCompletesTheResponse() throws Exception {
        HttpResponseReader r = reader();
        assertTrue(r.feed(ByteBuffer.wrap(bytes("HTTP/1.1 200 OK\r\ncontent-LENGTH:  5 \r\n\r\nhelloEXTRA"))));
        assertEquals(HttpResponseReader.State.COMPLETE, r.state());
        assertEquals(5, r.contentLength());
        assertEquals(md5("hello"), r.digestHex());
        HttpResponseReader shortBody = byteByByte("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nonly this");
        assertEquals(HttpResponseReader.State.COMPLETE, shortBody.state(), "keepalived hashes what came");
        assertEquals(md5("only this"), shortBody.digestHex());
        HttpResponseReader invalid = byteByByte("HTTP/1.1 200 OK\r\nContent-Length: 5x\r\n\r\nhello world");
        assertEquals(-1, invalid.contentLength());
        assertEquals(md5("hello world"), invalid.digestHex());
    }

    @Test
    void readsTheStatusCodeTheWayKeepalivedDoes() {
        assertEquals(404, byteByByte("HTTP/1.1 404 Not Found\r\n\r\n").statusCode());
        assertEquals(503, byteByByte("ICY 503 whatever\r\n\r\n").statusCode(), "the version is not checked");
        assertEquals(200, byteByByte("HTTP/1.1 200 \r\n\r\n").statusCode(), "empty reason phrase");
        assertEquals(0, byteByByte("HTTP/1.1 200\r\n\r\n").statusCode(), "no space after the code");
        assertEquals(0, byteByByte("HTTP/1.1  200 OK\r\n\r\n").statusCode());
        assertEquals(0, byteByByte("HTTP/1.1 2000 OK\r\n\r\n").statusCode());
        assertEquals(0, byteByByte("HTTP/1.1 20x OK\r\n\r\n").statusCode());
        assertEquals(0, byteByByte("garbage\r\n\r\n").statusCode());
    }

    @Test
    void capsTheHeaderAndTheWholeResponse() {
        HttpResponseReader r = new HttpResponseReader(new ProbeLimits(100, 1000), false, false);
        assertTrue(r.feed(ByteBuffer.wrap(bytes("HTTP/1.0 200 OK\r\n" + "X: y\r\n".repeat(30)))));
        assertEquals("response header larger than 100 bytes", r.failure());
        HttpResponseReader big = new HttpResponseReader(new ProbeLimits(100, 1000), false, false);
        assertFalse(big.feed(ByteBuffer.wrap(bytes("HTTP/1.0 200 OK\r\n\r\n"))));
        assertFalse(big.feed(ByteBuffer.wrap(new byte[900])));
        assertTrue(big.feed(ByteBuffer.wrap(new byte[200])));
        assertEquals("response larger than 1000 bytes", big.failure());
    }

    @Test
    void genhashDigestOfARawResponse() throws Exception {
        assertEquals(Optional.of(md5("hello world\n")),
                Genhash.digest(bytes("HTTP/1.0 200 OK\r\nContent-Length: 12\r\n\r\nhello world\n")));
        assertEquals(Optional.of("d41d8cd98f00b204e9800998ecf8427e"), Genhash.digest(bytes("HTTP/1.0 204 No\r\n\r\n")),
                "an empty body has the MD5 of nothing");
        assertEquals(Optional.empty(), Genhash.digest(bytes("HTTP/1.0 200 OK\r\n")));
    }
}
