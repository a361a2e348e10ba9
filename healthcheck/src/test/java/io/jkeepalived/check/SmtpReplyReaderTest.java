package io.jkeepalived.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** keepalived 2.2.7's reading of an SMTP reply line (check_smtp.c smtp_get_line_cb, smtp_get_status), on bytes. */
class SmtpReplyReaderTest {
    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static SmtpReplyReader read(String s) {
        SmtpReplyReader r = new SmtpReplyReader();
        r.feed(bytes(s));
        return r;
    }

    @Test
    void aCodeIsThreeDigitsFollowedByASpaceOrTheEndOfTheLine() {
        assertEquals(220, read("220 mail.example.com ESMTP Postfix\r\n").code());
        assertEquals(250, read("250 mail.example.com\r\n").code());
        assertEquals(250, read("250\n").code());
        assertEquals(554, read("554 5.7.1 go away\r\n").code());
        // keepalived's strtoul stops at the CR, which is neither a space nor the end: no code.
        assertEquals(-1, read("250\r\n").code());
        // The first line of a multi-line reply: '-' after the code.
        assertEquals(-1, read("220-mail.example.com ESMTP\r\n220 ready\r\n").code());
        assertEquals(-1, read("2200 too many digits\r\n").code());
        assertEquals(-1, read(" 220 leading blank\r\n").code());
        assertEquals(-1, read("+22 sign\r\n").code());
        assertEquals(-1, read("22 short\r\n").code());
        assertEquals(-1, read("\r\n").code());
        assertEquals(-1, read("HTTP/1.1 400 Bad Request\r\n").code());
    }

    @Test
    void aLineSplitOverManyReadsIsAssembled() {
        SmtpReplyReader r = new SmtpReplyReader();
        String reply = "220 split.example.com ESMTP\r\n";
        for (int i = 0; i < reply.length() - 1; i++) {
            assertEquals(SmtpReplyReader.State.READING, r.feed(bytes(reply.substring(i, i + 1))));
        }
        assertEquals(SmtpReplyReader.State.LINE, r.feed(bytes("\n")));
        assertEquals(220, r.code());
        assertEquals("220 split.example.com ESMTP", r.excerpt());
    }

    @Test
    void whatFollowsTheLineInTheSameReadIsDroppedAndResetStartsTheNextReply() {
        SmtpReplyReader r = new SmtpReplyReader();
        ByteBuffer read = bytes("220 hello\r\n250 pipelined too early\r\n");
        assertEquals(SmtpReplyReader.State.LINE, r.feed(read));
        assertFalse(read.hasRemaining());
        assertEquals(220, r.code());
        // Before reset, further reads are not taken.
        assertEquals(SmtpReplyReader.State.LINE, r.feed(bytes("554 no\r\n")));
        assertEquals(220, r.code());
        r.reset();
        assertEquals(SmtpReplyReader.State.READING, r.feed(bytes("25")));
        assertEquals(SmtpReplyReader.State.LINE, r.feed(bytes("0 ok\r\n")));
        assertEquals(250, r.code());
    }

    @Test
    void aLineLongerThanKeepalivedsBufferIsTooLong() {
        String longest = "220 " + "a".repeat(SmtpReplyReader.MAX_LINE - 4);
        assertEquals(220, read(longest + "\n").code());
        SmtpReplyReader r = read(longest + "a\n");
        assertEquals(SmtpReplyReader.State.TOO_LONG, r.state());
        assertEquals(-1, r.code());
    }

    @Test
    void aNulByteIsGarbage() {
        SmtpReplyReader r = read("220\0 hidden\r\n");
        assertEquals(SmtpReplyReader.State.GARBAGE, r.state());
        assertEquals(-1, r.code());
        assertEquals("220", r.excerpt());
    }

    @Test
    void randomBytesNeverThrowAndNeverLookLikeAGreetingUnlessTheyAreOne() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[random.nextInt(700)];
            random.nextBytes(b);
            SmtpReplyReader r = new SmtpReplyReader();
            int at = 0;
            while (at < b.length && r.state() == SmtpReplyReader.State.READING) {
                int n = Math.min(b.length - at, 1 + random.nextInt(64));
                r.feed(ByteBuffer.wrap(b, at, n));
                at += n;
            }
            int code = r.code();
            if (code >= 0) {
                assertEquals(SmtpReplyReader.State.LINE, r.state());
                assertEquals(String.format("%03d", code), new String(b, 0, 3, StandardCharsets.ISO_8859_1));
            }
            r.excerpt();
        }
    }
}
