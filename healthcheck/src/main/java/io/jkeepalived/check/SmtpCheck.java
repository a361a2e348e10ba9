package io.jkeepalived.check;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * SMTP_CHECK, as keepalived 2.2.7 runs it (check_smtp.c; our own code, written from its behaviour). A TCP
 * connection to the target, then a short dialogue, each reply read by {@link SmtpReplyReader}:
 * <ol>
 *   <li>the greeting must be a 220 line;</li>
 *   <li>{@code HELO <helo_name>\r\n} is sent and its reply must be a 250 line;</li>
 *   <li>{@code QUIT\r\n} is sent and any line back ends the attempt as a success (its code is not looked at; the
 *       server closing without a line is a failure).</li>
 * </ol>
 * Each step (the connect and each of the three replies) must end within connect_timeout; keepalived re-arms its
 * timer for every read, so a server trickling bytes could hold it for ever; here a step has one deadline.
 *
 * @param target   where to connect: connect_ip/connect_port, defaulting to the real server's address and port
 *                 (not 25)
 * @param heloName the HELO argument, keepalived's default {@code smtpchecker.keepalived.org}
 */
public record SmtpCheck(ConnectTarget target, String heloName) implements CheckerSpec {
    public SmtpCheck {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(heloName, "heloName");
        if (heloName.indexOf('\r') >= 0 || heloName.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("HELO name has a line break");
        }
    }

    @Override
    public CheckerKind kind() {
        return CheckerKind.SMTP_CHECK;
    }

    /**
     * The HELO command. keepalived formats it into its 512-byte buffer, so a longer name is cut there, CRLF
     * included; the same is done here so that the server sees the same bytes.
     */
    byte[] helo() {
        byte[] line = ("HELO " + heloName + "\r\n").getBytes(StandardCharsets.UTF_8);
        return line.length <= SmtpReplyReader.MAX_LINE + 1 ? line : java.util.Arrays.copyOf(line,
                SmtpReplyReader.MAX_LINE + 1);
    }

    static byte[] quit() {
        return "QUIT\r\n".getBytes(StandardCharsets.US_ASCII);
    }
}
