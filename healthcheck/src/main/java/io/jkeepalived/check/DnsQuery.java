package io.jkeepalived.check;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * DNS_CHECK's query and keepalived 2.2.7's judgement of a reply (check_dns.c; our own code, written from its
 * behaviour). The query: a 12-byte header with the given ID, only RD set in the flags, one question; then the name
 * as labels and the type, class IN. The root is a single zero byte, whether the name is empty (keepalived's
 * default) or ".".
 *
 * <p>A reply is judged on its first four bytes only (ID and flags); keepalived 2.2.7 reads nothing further.
 *
 * @param id   the 16-bit query ID
 * @param name the query name as configured ("" or "." for the root; a trailing dot is allowed)
 * @param type the RR type number (SOA = 6 is keepalived's default)
 */
record DnsQuery(int id, String name, int type) {
    /**
     * Replies shorter than this are ignored and the wait goes on. keepalived compares the length with the size of
     * a <em>pointer</em> to its header struct (8 on x86_64), not the 12-byte header; we do the same so that the
     * same datagrams count (8 to 11 bytes still carry the ID and flags, which is all it reads).
     */
    static final int MIN_REPLY_LENGTH = 8;

    /** What one received datagram means for the attempt. */
    enum Verdict {
        /** Not the answer to our query (too short, another ID, not a response): keep waiting until the timeout. */
        IGNORE,
        /** A response to our query with RCODE 0 (NOERROR). TC, AA, RA and the counts do not matter. */
        SUCCESS,
        /** A response to our query with a non-zero RCODE (FORMERR, SERVFAIL, NXDOMAIN, NOTIMP, REFUSED, ...). */
        FAILURE
    }

    DnsQuery {
        Objects.requireNonNull(name, "name");
        if (id < 0 || id > 0xffff) {
            throw new IllegalArgumentException("DNS ID out of range: " + id);
        }
        if (type < 0 || type > 0xffff) {
            throw new IllegalArgumentException("DNS type out of range: " + type);
        }
    }

    /** The datagram to send. */
    byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(12 + name.length() + 6);
        put16(out, id);
        put16(out, 0x0100); // RD only, as keepalived: a recursive server must be able to answer.
        put16(out, 1);      // QDCOUNT
        put16(out, 0);
        put16(out, 0);
        put16(out, 0);
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        int start = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '.') {
                end++;
            }
            // A label longer than 63 bytes is sent as keepalived sends it (length byte truncated), and the server
            // will most likely answer FORMERR: the operator sees the check fail rather than a silent fix.
            out.write(end - start);
            out.write(bytes, start, end - start);
            start = end < bytes.length ? end + 1 : end;
        }
        // keepalived's loop writes the root's zero byte itself for "."; for any other name it appends one.
        if (!name.equals(".")) {
            out.write(0);
        }
        put16(out, type);
        put16(out, 1); // class IN
        return out.toByteArray();
    }

    /** Judges one received datagram of {@code length} bytes ({@code reply} may hold only its first bytes). */
    Verdict judge(byte[] reply, int length) {
        if (length < MIN_REPLY_LENGTH || reply.length < 4) {
            return Verdict.IGNORE;
        }
        int replyId = (reply[0] & 0xff) << 8 | reply[1] & 0xff;
        if (replyId != id) {
            return Verdict.IGNORE;
        }
        int flags = (reply[2] & 0xff) << 8 | reply[3] & 0xff;
        if ((flags & 0x8000) == 0) {
            return Verdict.IGNORE; // a query, not a response (e.g. our own datagram reflected back)
        }
        return rcode(reply) == 0 ? Verdict.SUCCESS : Verdict.FAILURE;
    }

    /** The RCODE of a reply's header (its low four flag bits). */
    static int rcode(byte[] reply) {
        return reply[3] & 0x0f;
    }

    /** keepalived's dump name of a type number, "(unknown)" for others. */
    static String typeName(int type) {
        return switch (type) {
            case 1 -> "A";
            case 2 -> "NS";
            case 5 -> "CNAME";
            case 6 -> "SOA";
            case 15 -> "MX";
            case 16 -> "TXT";
            case 28 -> "AAAA";
            case 46 -> "RRSIG";
            case 48 -> "DNSKEY";
            default -> "(unknown)";
        };
    }

    private static void put16(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8 & 0xff);
        out.write(v & 0xff);
    }
}
