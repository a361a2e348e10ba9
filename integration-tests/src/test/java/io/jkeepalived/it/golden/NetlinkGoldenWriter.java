package io.jkeepalived.it.golden;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns the strace logs that {@code integration-tests/lab/capture-ipvs-golden.sh} records in the kernel lab into
 * golden files: per operation, the command, its output, and every netlink message sent and received as hex, each
 * with its header and attributes decoded in comments and the bytes that vary between runs listed in a mask.
 *
 * <p>The script runs this file on the host as a single-file program ({@code java NetlinkGoldenWriter.java RAW OUT}),
 * so it uses nothing but the JDK; {@link GoldenCaptureTest} uses it in-process to compare a fresh capture with the
 * committed files through {@link #masked(String)}. The decoding follows the kernel's uapi headers
 * (linux/netlink.h, genetlink.h, ip_vs.h, rtnetlink.h, if_link.h, if_addr.h); it is a reading aid, not a codec.
 */
public final class NetlinkGoldenWriter {

    /** Every golden file starts with this line, so the masking code can tell a golden file from anything else. */
    static final String FIRST_LINE = "# jkeepalived golden netlink capture";

    private NetlinkGoldenWriter() {
    }

    /** {@code RAW_DIR OUT_DIR}: writes OUT_DIR/ipvs-golden/*.txt and OUT_DIR/rtnl-golden/*.txt (and INDEX.md). */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java NetlinkGoldenWriter.java RAW_DIR OUT_DIR");
            System.exit(2);
        }
        Path raw = Path.of(args[0]);
        Path out = Path.of(args[1]);
        SortedMap<String, String> files = render(raw);
        // Drop the generated files of an earlier capture first, so a renamed operation leaves nothing stale.
        for (String folder : files.keySet().stream().map(f -> f.substring(0, f.indexOf('/'))).distinct().toList()) {
            Path dir = out.resolve(folder);
            Files.createDirectories(dir);
            try (Stream<Path> old = Files.list(dir)) {
                for (Path p : old.toList()) {
                    String name = p.getFileName().toString();
                    if (name.endsWith(".txt") || name.equals("INDEX.md")) {
                        Files.delete(p);
                    }
                }
            }
        }
        for (Map.Entry<String, String> e : files.entrySet()) {
            Files.writeString(out.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
        }
        System.out.println("wrote " + files.size() + " files under " + out);
    }

    // ------------------------------------------------------------------------------------------------------------
    // The capture index and the files

    /** One captured command, as listed in raw/index.tsv: {@code folder/name TAB protocol TAB command}. */
    record Capture(String path, Protocol protocol, String command) {
    }

    /** How to read the messages: generic netlink (IPVS, with the controller exchanges elided or kept) or rtnetlink. */
    enum Protocol {
        GENL, GENL_ALL, RTNL;

        static Protocol parse(String word) {
            return switch (word) {
                case "genl" -> GENL;
                case "genl-all" -> GENL_ALL;
                case "rtnl" -> RTNL;
                default -> throw new IllegalArgumentException("unknown protocol in index.tsv: " + word);
            };
        }
    }

    /** Renders every capture listed in {@code rawDir/index.tsv}: relative path (folder/name.txt) to file text. */
    public static SortedMap<String, String> render(Path rawDir) throws IOException {
        List<Capture> captures = new ArrayList<>();
        for (String line : Files.readAllLines(rawDir.resolve("index.tsv"), StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", 3);
            if (f.length != 3) {
                throw new IllegalArgumentException("bad index.tsv line: " + line);
            }
            captures.add(new Capture(f[0], Protocol.parse(f[1]), f[2]));
        }
        SortedMap<String, String> files = new TreeMap<>();
        Map<String, StringBuilder> indexes = new LinkedHashMap<>();
        for (Capture c : captures) {
            String base = rawDir.resolve(c.path()).toString();
            List<String> trace = Files.readAllLines(Path.of(base + ".strace"), StandardCharsets.UTF_8);
            String stdout = Files.readString(Path.of(base + ".stdout"), StandardCharsets.UTF_8);
            String stderr = Files.readString(Path.of(base + ".stderr"), StandardCharsets.UTF_8);
            int exit = Integer.parseInt(Files.readString(Path.of(base + ".exit")).strip());
            Rendered r;
            try {
                r = renderOne(c, parseStrace(trace), stdout, stderr, exit);
            } catch (RuntimeException e) {
                throw new IllegalStateException(c.path() + ": " + e.getMessage(), e);
            }
            files.put(c.path() + ".txt", r.text());
            String folder = c.path().substring(0, c.path().indexOf('/'));
            StringBuilder index = indexes.computeIfAbsent(folder, k -> new StringBuilder(indexHeader(k)));
            index.append("\n## ").append(c.path().substring(folder.length() + 1)).append(".txt\n\n`")
                    .append(c.command()).append("` (exit ").append(exit).append(")\n\n");
            for (String s : r.summary()) {
                index.append("- ").append(s).append('\n');
            }
        }
        indexes.forEach((folder, text) -> files.put(folder + "/INDEX.md", text.toString()));
        return files;
    }

    private static String indexHeader(String folder) {
        return "# " + folder + ": the messages of each capture, in order\n\n"
                + "Generated by NetlinkGoldenWriter with the golden files (see README.md); do not edit by hand.\n"
                + "One line per netlink message: direction, type or command, and the attributes in the order they\n"
                + "appear on the wire (nested ones in braces; `[n]` is an array of n nested entries).\n";
    }

    record Rendered(String text, List<String> summary) {
    }

    static Rendered renderOne(Capture capture, List<Call> calls, String stdout, String stderr, int exit) {
        StringBuilder out = new StringBuilder();
        out.append(FIRST_LINE).append(" (integration-tests/lab/capture-ipvs-golden.sh; README.md explains the format)\n");
        out.append("command: ").append(capture.command()).append('\n');
        out.append("exit-status: ").append(exit).append('\n');
        appendOutput(out, "stdout| ", stdout);
        appendOutput(out, "stderr| ", stderr);
        List<String> summary = new ArrayList<>();
        Decoder decoder = new Decoder(capture.protocol() == Protocol.RTNL);
        List<Message> pendingElided = new ArrayList<>();
        List<Decoded> pendingElidedDecoded = new ArrayList<>();
        int datagram = 0;
        for (Call call : calls) {
            datagram++;
            List<byte[]> parts = split(call.data());
            int trailer = trailer(call.data(), parts);
            for (int i = 0; i < parts.size(); i++) {
                Message m = new Message(call.sent(), call.syscall(), call.fd(), datagram, i + 1, parts.size(),
                        parts.get(i), i == parts.size() - 1 ? trailer : 0);
                Decoded d = decoder.decode(m);
                if (capture.protocol() == Protocol.GENL && d.controller()) {
                    pendingElided.add(m);
                    pendingElidedDecoded.add(d);
                    continue;
                }
                flushElided(out, summary, pendingElided, pendingElidedDecoded);
                appendMessage(out, m, d);
                summary.add((m.sent() ? "send " : "recv ") + d.summary());
            }
        }
        flushElided(out, summary, pendingElided, pendingElidedDecoded);
        return new Rendered(out.toString(), summary);
    }

    private static void appendOutput(StringBuilder out, String prefix, String text) {
        if (text.isEmpty()) {
            out.append(prefix.strip()).append(" (empty)\n");
            return;
        }
        for (String line : text.split("\n", -1)) {
            out.append(prefix).append(line).append('\n');
        }
    }

    /** libnl opens a fresh socket per request and resolves the family each time: one comment stands for each run. */
    private static void flushElided(StringBuilder out, List<String> summary, List<Message> elided, List<Decoded> decoded) {
        if (elided.isEmpty()) {
            return;
        }
        List<String> words = new ArrayList<>();
        for (int i = 0; i < decoded.size(); i++) {
            String s = decoded.get(i).summary();
            words.add(s.startsWith("NLMSG_ERROR 0 ") ? "ack" : (elided.get(i).sent() ? "" : "reply ")
                    + s.split(" ")[0]);
        }
        String what = String.join(", ", words);
        if (words.size() % 3 == 0 && words.size() > 3) {
            String first = String.join(", ", words.subList(0, 3));
            boolean repeated = true;
            for (int i = 3; i < words.size(); i += 3) {
                repeated &= String.join(", ", words.subList(i, i + 3)).equals(first);
            }
            if (repeated) {
                what = (words.size() / 3) + " x (" + first + ")";
            }
        }
        out.append("\n# elided: datagrams ").append(elided.get(0).datagram()).append('-')
                .append(elided.get(elided.size() - 1).datagram()).append(", ").append(elided.size())
                .append(" generic netlink controller messages: ").append(what)
                .append("; ctrl-getfamily-ipvs.txt has the exchange in full\n");
        summary.add("(" + elided.size() + " controller messages elided: " + what + ")");
        elided.clear();
        decoded.clear();
    }

    private static void appendMessage(StringBuilder out, Message m, Decoded d) {
        out.append('\n').append("@ ").append(m.sent() ? "send " : "recv ").append(m.syscall())
                .append(" fd=").append(m.fd()).append(" datagram=").append(m.datagram());
        if (m.parts() > 1) {
            out.append(" part=").append(m.part()).append('/').append(m.parts());
        }
        out.append(" len=").append(m.bytes().length).append(" mask=").append(formatMask(d.mask())).append('\n');
        for (String c : d.comments()) {
            out.append("# ").append(c).append('\n');
        }
        if (m.trailer() > 0) {
            out.append("# the datagram goes on with ").append(m.trailer()).append(" zero bytes after this message (")
                    .append(m.syscall()).append(" sent ").append(m.datagramLength())
                    .append(" bytes; the kernel reads nlmsg_len and ignores the rest)\n");
        }
        byte[] b = m.bytes();
        for (int row = 0; row < b.length; row += 16) {
            out.append(String.format("%04x:", row));
            for (int i = row; i < Math.min(b.length, row + 16); i++) {
                out.append(i == row + 8 ? "  " : " ").append(String.format("%02x", b[i] & 0xff));
            }
            out.append('\n');
        }
    }

    private static String formatMask(List<int[]> mask) {
        if (mask.isEmpty()) {
            return "none";
        }
        StringJoiner j = new StringJoiner(",");
        for (int[] r : mask) {
            j.add(r[0] + "-" + (r[1] - 1));
        }
        return j.toString();
    }

    // ------------------------------------------------------------------------------------------------------------
    // Masking, for comparing two captures

    private static final Pattern BLOCK_HEADER = Pattern.compile("^@ .* mask=(\\S+)$");
    private static final Pattern HEX_ROW = Pattern.compile("^([0-9a-f]{4,}):((?: {1,2}[0-9a-f]{2})+)$");
    private static final Pattern VARYING_COMMENT = Pattern.compile("\\b(seq|pid)=\\d+");

    /**
     * The golden text with what legitimately differs between two captures blanked: the bytes in each message's
     * mask become {@code ..}, and {@code seq=N}/{@code pid=N} in comments become {@code seq=*}/{@code pid=*}.
     * Everything else (commands, output, lengths, masks, all other bytes and comments) is kept.
     */
    public static String masked(String golden) {
        StringBuilder out = new StringBuilder();
        boolean[] mask = new boolean[0];
        for (String line : golden.split("\n", -1)) {
            Matcher header = BLOCK_HEADER.matcher(line);
            Matcher hex = HEX_ROW.matcher(line);
            if (header.matches()) {
                mask = parseMask(header.group(1), line);
                out.append(line);
            } else if (hex.matches()) {
                int offset = Integer.parseInt(hex.group(1), 16);
                String[] bytes = hex.group(2).trim().split(" +");
                out.append(hex.group(1)).append(':');
                for (int i = 0; i < bytes.length; i++) {
                    int at = offset + i;
                    out.append(' ').append(at < mask.length && mask[at] ? ".." : bytes[i]);
                }
            } else if (line.startsWith("#")) {
                out.append(VARYING_COMMENT.matcher(line).replaceAll("$1=*"));
            } else {
                out.append(line);
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static boolean[] parseMask(String spec, String line) {
        boolean[] mask = new boolean[65536];
        if (spec.equals("none")) {
            return mask;
        }
        for (String range : spec.split(",")) {
            String[] ends = range.split("-");
            if (ends.length != 2) {
                throw new IllegalArgumentException("bad mask in: " + line);
            }
            for (int i = Integer.parseInt(ends[0]); i <= Integer.parseInt(ends[1]); i++) {
                mask[i] = true;
            }
        }
        return mask;
    }

    // ------------------------------------------------------------------------------------------------------------
    // strace output

    /** One traced sendmsg/sendto/recvmsg/recvfrom that carried data, with the bytes from strace's hex dump. */
    record Call(String syscall, int fd, boolean sent, long flags, long result, byte[] data) {
    }

    private static final Pattern PID_PREFIX = Pattern.compile("^(?:\\[pid\\s+\\d+\\] |\\d+ +)");
    private static final Pattern SYSCALL = Pattern.compile("^(sendmsg|sendto|recvmsg|recvfrom)\\((.*)\\) += (-?\\d+)(.*)$");
    private static final Pattern BUFFER = Pattern.compile("^\\* (\\d+) bytes in buffer (\\d+)$");
    private static final Pattern DUMP = Pattern.compile("^\\| ([0-9a-f]{5,})  (.*)$");
    private static final int MSG_PEEK = 0x2;

    /**
     * Reads the log of {@code strace -f -X raw -xx -e read=all -e write=all}. Calls with MSG_PEEK are dropped:
     * libnl peeks at every datagram before it reads it, so each would otherwise appear twice. Anything this cannot
     * read with certainty (interleaved processes, a dump shorter than the call's result) is an error, never a guess.
     */
    static List<Call> parseStrace(List<String> lines) {
        List<Call> calls = new ArrayList<>();
        String syscall = null;
        int fd = -1;
        long flags = 0;
        long result = -1;
        java.io.ByteArrayOutputStream data = null;
        int expectedOffset = 0;
        for (String raw : lines) {
            String line = PID_PREFIX.matcher(raw).replaceFirst("");
            String trimmed = line.strip();
            if (line.contains("<unfinished ...>") || line.contains(" resumed>")) {
                throw new IllegalStateException("interleaved system calls in the trace; cannot pair them: " + raw);
            }
            Matcher call = SYSCALL.matcher(line);
            Matcher buffer = BUFFER.matcher(trimmed);
            Matcher dump = DUMP.matcher(trimmed);
            if (call.matches()) {
                addCall(calls, syscall, fd, flags, result, data);
                syscall = call.group(1);
                List<String> args = splitArguments(call.group(2));
                fd = Integer.parseInt(args.get(0).trim());
                result = Long.parseLong(call.group(3));
                flags = switch (syscall) {
                    case "recvmsg" -> parseNumber(args.get(2));
                    case "recvfrom" -> parseNumber(args.get(3));
                    default -> 0;
                };
                data = new java.io.ByteArrayOutputStream();
                expectedOffset = 0;
            } else if (buffer.matches()) {
                if (data == null) {
                    throw new IllegalStateException("hex dump without a system call: " + raw);
                }
                expectedOffset = 0;
            } else if (dump.matches()) {
                if (data == null) {
                    throw new IllegalStateException("hex dump without a system call: " + raw);
                }
                int offset = Integer.parseInt(dump.group(1), 16);
                if (offset != expectedOffset) {
                    throw new IllegalStateException("hex dump offset " + offset + " where " + expectedOffset
                            + " was expected: " + raw);
                }
                // strace pads the 16 hex columns to a fixed width of 49 characters, the ASCII column follows.
                String columns = dump.group(2);
                String hex = columns.substring(0, Math.min(49, columns.length())).trim();
                for (String b : hex.split("\\s+")) {
                    data.write(Integer.parseInt(b, 16));
                    expectedOffset++;
                }
            } else if (line.startsWith("sendmsg(") || line.startsWith("sendto(") || line.startsWith("recvmsg(")
                    || line.startsWith("recvfrom(")) {
                throw new IllegalStateException("cannot read this system call line: " + raw);
            }
        }
        addCall(calls, syscall, fd, flags, result, data);
        return calls;
    }

    private static void addCall(List<Call> calls, String syscall, int fd, long flags, long result,
                                java.io.ByteArrayOutputStream data) {
        if (syscall == null) {
            return;
        }
        boolean sent = syscall.startsWith("send");
        if (!sent && (flags & MSG_PEEK) != 0) {
            return;
        }
        if (result < 0) {
            return; // EAGAIN and the like carry no message
        }
        byte[] bytes = data.toByteArray();
        if (bytes.length != result) {
            throw new IllegalStateException(syscall + " on fd " + fd + " returned " + result + " but strace dumped "
                    + bytes.length + " bytes (is -e read=all -e write=all -s 65536 set?)");
        }
        calls.add(new Call(syscall, fd, sent, flags, result, bytes));
    }

    private static long parseNumber(String word) {
        String w = word.trim();
        return w.startsWith("0x") ? Long.parseLong(w.substring(2), 16) : Long.parseLong(w);
    }

    /** Splits strace's argument list at top-level commas (outside braces, brackets, parentheses and strings). */
    static List<String> splitArguments(String args) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < args.length(); i++) {
            char c = args.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '{' || c == '[' || c == '(') {
                depth++;
            } else if (c == '}' || c == ']' || c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(args.substring(start, i).trim());
                start = i + 1;
            }
        }
        out.add(args.substring(start).trim());
        return out;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Netlink messages

    /** One netlink message; {@code trailer} counts the zero bytes after it when it ends its datagram. */
    record Message(boolean sent, String syscall, int fd, int datagram, int part, int parts, byte[] bytes, int trailer) {
        int datagramLength() {
            return align4(bytes.length) + trailer;
        }
    }

    /**
     * Splits a datagram into its netlink messages (each nlmsg_len long, the next one at a 4-byte boundary).
     * iproute2 sends some dump requests as the whole request struct (sizeof(req)), so zero bytes may follow the
     * last message; they are returned as the last element's trailer count, anything else is an error.
     */
    static List<byte[]> split(byte[] datagram) {
        List<byte[]> out = new ArrayList<>();
        int off = 0;
        while (off < datagram.length) {
            if (datagram.length - off < 16 || u32(datagram, off) == 0) {
                for (int i = off; i < datagram.length; i++) {
                    if (datagram[i] != 0) {
                        throw new IllegalStateException("trailing bytes after the last message are not zero: offset " + i);
                    }
                }
                break;
            }
            int len = u32(datagram, off);
            if (len < 16 || off + len > datagram.length) {
                throw new IllegalStateException("nlmsg_len " + len + " at offset " + off + " in a datagram of "
                        + datagram.length + " bytes: not netlink?");
            }
            out.add(java.util.Arrays.copyOfRange(datagram, off, off + len));
            off += align4(len);
        }
        return out;
    }

    /** How many zero bytes follow the last message of a datagram (see {@link #split}). */
    static int trailer(byte[] datagram, List<byte[]> parts) {
        int used = 0;
        for (byte[] p : parts) {
            used += align4(p.length);
        }
        return Math.max(0, datagram.length - Math.min(used, datagram.length));
    }

    record Decoded(List<String> comments, List<int[]> mask, String summary, boolean controller) {
    }

    // Well-known numbers from the uapi headers.
    private static final int NLMSG_NOOP = 1;
    private static final int NLMSG_ERROR = 2;
    private static final int NLMSG_DONE = 3;
    private static final int GENL_ID_CTRL = 0x10;
    private static final int NLM_F_CAPPED = 0x100;
    private static final int NLM_F_ACK_TLVS = 0x200;

    /** Decodes messages in order; it learns the IPVS family id from the controller's reply on the way. */
    static final class Decoder {
        private final boolean rtnl;
        private final Map<Integer, String> genlFamilies = new HashMap<>();
        private List<String> comments;
        private List<int[]> mask;

        Decoder(boolean rtnl) {
            this.rtnl = rtnl;
            genlFamilies.put(GENL_ID_CTRL, "nlctrl");
        }

        Decoded decode(Message m) {
            comments = new ArrayList<>();
            mask = new ArrayList<>();
            byte[] b = m.bytes();
            int len = u32(b, 0);
            int type = u16(b, 4);
            int flags = u16(b, 6);
            mask.add(new int[] {8, 16}); // nlmsg_seq (libnl and ip(8) seed it from the clock) and nlmsg_pid (port id)
            comments.add(String.format("nlmsghdr len=%d type=0x%04x (%s) flags=0x%04x (%s) seq=%d pid=%d", len, type,
                    typeName(type), flags, flagNames(type, flags, b, m.sent()), u32(b, 8) & 0xffffffffL,
                    u32(b, 12) & 0xffffffffL));
            String summary;
            boolean controller = false;
            if (type == NLMSG_ERROR) {
                summary = decodeError(b, flags);
                controller = b.length >= 36 && u16(b, 24) == GENL_ID_CTRL && !rtnl && u32(b, 16) == 0;
            } else if (type == NLMSG_DONE) {
                summary = decodeDone(b, flags);
            } else if (type == NLMSG_NOOP) {
                summary = "NLMSG_NOOP";
            } else if (rtnl) {
                summary = decodeRtnl(b, type);
            } else {
                summary = decodeGenl(b, type);
                controller = type == GENL_ID_CTRL;
            }
            return new Decoded(comments, mask, summary, controller);
        }

        private String typeName(int type) {
            switch (type) {
                case NLMSG_NOOP: return "NLMSG_NOOP";
                case NLMSG_ERROR: return "NLMSG_ERROR";
                case NLMSG_DONE: return "NLMSG_DONE";
                case 4: return "NLMSG_OVERRUN";
                default: break;
            }
            if (rtnl) {
                String n = RTM_TYPES.get(type);
                return n != null ? n : "rtnetlink type " + type;
            }
            if (type == GENL_ID_CTRL) {
                return "GENL_ID_CTRL";
            }
            String family = genlFamilies.get(type);
            return family != null ? "genl family " + family : "unknown genl family";
        }

        private String flagNames(int type, int flags, byte[] b, boolean sent) {
            StringJoiner j = new StringJoiner("|");
            String[] low = {"REQUEST", "MULTI", "ACK", "ECHO", "DUMP_INTR", "DUMP_FILTERED"};
            for (int i = 0; i < low.length; i++) {
                if ((flags & (1 << i)) != 0) {
                    j.add(low[i]);
                }
            }
            int high = flags & 0xf00;
            String[] names = null;
            if (type == NLMSG_ERROR || type == NLMSG_DONE) {
                names = new String[] {"CAPPED", "ACK_TLVS", "0x400", "0x800"};
            } else if (sent && isGetRequest(type, b)) {
                names = new String[] {"ROOT", "MATCH", "ATOMIC", "0x800"};
            } else if (sent && rtnl && type >= 16 && type % 4 == 1) {
                names = new String[] {"NONREC", "BULK", "0x400", "0x800"};
            } else if (sent) {
                names = new String[] {"REPLACE", "EXCL", "CREATE", "APPEND"};
            }
            for (int i = 0; i < 4; i++) {
                if ((high & (0x100 << i)) != 0) {
                    j.add(names != null ? names[i] : String.format("0x%x", 0x100 << i));
                }
            }
            int rest = flags & ~0xf3f;
            if (rest != 0) {
                j.add(String.format("0x%x", rest));
            }
            String s = j.toString();
            return s.isEmpty() ? "none" : s;
        }

        private boolean isGetRequest(int type, byte[] b) {
            if (rtnl) {
                return type >= 16 && type % 4 == 2;
            }
            if (b.length < 17) {
                return false;
            }
            int cmd = b[16] & 0xff;
            if (type == GENL_ID_CTRL) {
                return cmd == 3;
            }
            return cmd == 4 || cmd == 8 || cmd == 11 || cmd == 13 || cmd == 15;
        }

        private String decodeError(byte[] b, int flags) {
            if (b.length < 20) {
                comments.add("nlmsgerr truncated");
                return "NLMSG_ERROR (truncated)";
            }
            int error = u32(b, 16);
            if (b.length < 36) {
                comments.add("nlmsgerr error=" + error + " (" + errno(error) + "), echoed header truncated");
                return "NLMSG_ERROR " + error;
            }
            int echoedLen = u32(b, 20);
            mask.add(new int[] {28, 36}); // the echoed request's seq and pid
            boolean capped = (flags & NLM_F_CAPPED) != 0;
            comments.add(String.format("nlmsgerr error=%d (%s); echoed request header: len=%d type=0x%04x flags=0x%04x"
                            + " seq=%d pid=%d; %s", error, errno(error), echoedLen, u16(b, 24), u16(b, 26),
                    u32(b, 28) & 0xffffffffL, u32(b, 32) & 0xffffffffL,
                    capped ? "capped (header only)" : "followed by the request's " + (echoedLen - 16) + " payload bytes"));
            int tlvs = 20 + (capped ? 16 : align4(echoedLen));
            List<String> extack = new ArrayList<>();
            if ((flags & NLM_F_ACK_TLVS) != 0) {
                comments.add("extended ack attributes (NLM_F_ACK_TLVS):");
                extack = attributes(b, tlvs, b.length, NLMSGERR_ATTRS, 1);
            } else if (tlvs < b.length) {
                comments.add((b.length - tlvs) + " bytes after the echoed request without NLM_F_ACK_TLVS");
            }
            String what = error == 0 ? "0 (ack)" : error + " " + errno(error);
            return "NLMSG_ERROR " + what + (extack.isEmpty() ? "" : " extack " + String.join(" ", extack));
        }

        private String decodeDone(byte[] b, int flags) {
            if (b.length < 20) {
                comments.add("NLMSG_DONE without a status word");
                return "NLMSG_DONE";
            }
            int status = u32(b, 16);
            comments.add("NLMSG_DONE status=" + status);
            List<String> extack = new ArrayList<>();
            if ((flags & NLM_F_ACK_TLVS) != 0) {
                comments.add("extended ack attributes (NLM_F_ACK_TLVS):");
                extack = attributes(b, 20, b.length, NLMSGERR_ATTRS, 1);
            }
            return "NLMSG_DONE " + status + (extack.isEmpty() ? "" : " extack " + String.join(" ", extack));
        }

        private String decodeGenl(byte[] b, int type) {
            if (b.length < 20) {
                comments.add("genlmsghdr truncated");
                return "genl (truncated)";
            }
            int cmd = b[16] & 0xff;
            String family = genlFamilies.get(type);
            boolean ipvs = "IPVS".equals(family);
            Map<Integer, Attr> attrs;
            String cmdName;
            if (type == GENL_ID_CTRL) {
                cmdName = CTRL_CMDS.getOrDefault(cmd, "CTRL_CMD_" + cmd);
                attrs = CTRL_ATTRS;
            } else if (ipvs) {
                cmdName = IPVS_CMDS.getOrDefault(cmd, "IPVS_CMD_" + cmd);
                attrs = cmd == 14 || cmd == 15 ? IPVS_INFO_ATTRS : IPVS_CMD_ATTRS;
            } else {
                cmdName = "cmd " + cmd;
                attrs = Map.of();
            }
            comments.add(String.format("genlmsghdr cmd=%d (%s) version=%d reserved=%d", cmd, cmdName, b[17] & 0xff,
                    u16(b, 18)));
            List<String> names = attributes(b, 20, b.length, attrs, 1);
            if (type == GENL_ID_CTRL) {
                learnFamily(b);
            }
            return withAttributes(cmdName, names);
        }

        /** A controller reply names a family and its id: later messages of that type decode as that family. */
        private void learnFamily(byte[] b) {
            Integer id = null;
            String name = null;
            for (int off = 20; off + 4 <= b.length; ) {
                int len = u16(b, off);
                int t = u16(b, off + 2) & 0x3fff;
                if (len < 4 || off + len > b.length) {
                    break;
                }
                if (t == 1 && len >= 6) {
                    id = u16(b, off + 4);
                } else if (t == 2) {
                    name = cString(b, off + 4, len - 4);
                }
                off += align4(len);
            }
            if (id != null && name != null) {
                genlFamilies.put(id, name);
            }
        }

        private String decodeRtnl(byte[] b, int type) {
            String name = RTM_TYPES.getOrDefault(type, "RTM type " + type);
            int group = type >= 16 ? (type - 16) / 4 : -1;
            if (group == 0 && b.length >= 32) { // links: struct ifinfomsg, 16 bytes
                int index = u32(b, 20);
                comments.add(String.format("ifinfomsg family=%d type=%d (%s) index=%d flags=0x%x (%s) change=0x%x",
                        b[16] & 0xff, u16(b, 18), arphrd(u16(b, 18)), index, u32(b, 24), ifFlags(u32(b, 24)),
                        u32(b, 28)));
                return withAttributes(name, attributes(b, 32, b.length, IFLA_ATTRS, 1));
            }
            if (group == 1 && b.length >= 24) { // addresses: struct ifaddrmsg, 8 bytes
                comments.add(String.format("ifaddrmsg family=%d (%s) prefixlen=%d flags=0x%02x (%s) scope=%d (%s)"
                                + " index=%d", b[16] & 0xff, af(b[16] & 0xff), b[17] & 0xff, b[18] & 0xff,
                        ifaFlags(b[18] & 0xff), b[19] & 0xff, scope(b[19] & 0xff), u32(b, 20)));
                return withAttributes(name, attributes(b, 24, b.length, IFA_ATTRS, 1));
            }
            comments.add((b.length - 16) + " payload bytes not decoded");
            return name;
        }

        private static String withAttributes(String name, List<String> attributes) {
            return attributes.isEmpty() ? name : name + " " + String.join(" ", attributes);
        }

        /**
         * Decodes the attributes in [from, to) at the given depth, adding one comment per attribute; returns the
         * summary words (short names, nested ones with their children in braces).
         */
        private List<String> attributes(byte[] b, int from, int to, Map<Integer, Attr> specs, int depth) {
            List<String> names = new ArrayList<>();
            String indent = "  ".repeat(depth);
            int off = from;
            while (off + 4 <= to) {
                int len = u16(b, off);
                int rawType = u16(b, off + 2);
                int type = rawType & 0x3fff;
                if (len < 4 || off + len > to) {
                    comments.add(String.format("%s@0x%04x BAD ATTRIBUTE len=%d type=0x%04x (runs past its container)",
                            indent, off, len, rawType));
                    names.add("BAD");
                    return names;
                }
                Attr spec = specs.getOrDefault(type, specs.get(-1));
                String attrName = spec != null ? spec.name() : "attribute " + type;
                int payload = off + 4;
                int plen = len - 4;
                StringBuilder line = new StringBuilder(String.format("%s@0x%04x len=%d type=0x%04x%s %s", indent, off,
                        len, rawType, typeFlags(rawType), attrName));
                int padded = align4(len);
                if (padded != len && off + padded <= to) {
                    boolean zero = true;
                    for (int i = off + len; i < off + padded; i++) {
                        zero &= b[i] == 0;
                    }
                    line.append(" (+").append(padded - len).append(zero ? " pad)" : " pad, NOT ZERO)");
                }
                Kind kind = spec != null ? spec.kind() : Kind.BINARY;
                if (kind == Kind.NESTED) {
                    comments.add(line.append(": nested").toString());
                    List<String> inner = attributes(b, payload, off + len, spec.nested(), depth + 1);
                    names.add(shortName(attrName, spec) + (spec.nested().containsKey(-1) ? "[" + inner.size() + "]"
                            : "{" + String.join(" ", inner) + "}"));
                } else {
                    String value = value(kind, spec, b, payload, plen);
                    if (kind == Kind.VARIES) {
                        mask.add(new int[] {payload, payload + plen});
                    }
                    comments.add(line.append(": ").append(value).toString());
                    names.add(shortName(attrName, spec));
                }
                off += padded;
            }
            if (off < to && off + 4 > to && to - off != 0) {
                comments.add(String.format("%s@0x%04x %d trailing bytes", indent, off, to - off));
            }
            return names;
        }

        private static String typeFlags(int rawType) {
            StringJoiner j = new StringJoiner("|", " (", ")").setEmptyValue("");
            if ((rawType & 0x8000) != 0) {
                j.add("NLA_F_NESTED");
            }
            if ((rawType & 0x4000) != 0) {
                j.add("NLA_F_NET_BYTEORDER");
            }
            return j.toString();
        }

        private static String shortName(String name, Attr spec) {
            if (spec == null) {
                return name.replace(' ', '_');
            }
            return name.replaceFirst("^.*_ATTR_", "").replaceFirst("^(IFLA_INET6_|IFLA_INET_|IFLA_|IFA_)", "");
        }

        private static String value(Kind kind, Attr spec, byte[] b, int p, int n) {
            LongFunction<String> sym = spec != null ? spec.symbol() : null;
            switch (kind) {
                case U8: return n == 1 ? number(b[p] & 0xff, sym) : unexpected(b, p, n);
                case U16: return n == 2 ? number(u16(b, p), sym) : unexpected(b, p, n);
                case U32: return n == 4 ? number(u32(b, p) & 0xffffffffL, sym) : unexpected(b, p, n);
                case U64: return n == 8 ? Long.toUnsignedString(u64(b, p)) : unexpected(b, p, n);
                case BE16:
                    return n == 2 ? (((b[p] & 0xff) << 8) | (b[p + 1] & 0xff)) + " (network byte order)"
                            : unexpected(b, p, n);
                case U16_EITHER:
                    return n == 2 ? String.format("bytes %02x %02x = %d in host order, %d in network order",
                            b[p] & 0xff, b[p + 1] & 0xff, u16(b, p), ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff))
                            : unexpected(b, p, n);
                case STRING: {
                    String s = cString(b, p, n);
                    boolean terminated = n > 0 && b[p + n - 1] == 0 && s.length() == n - 1;
                    return "\"" + s + "\"" + (terminated ? " (NUL-terminated)" : " (" + n + " bytes, not just a"
                            + " NUL-terminated string: " + hex(b, p, n) + ")");
                }
                case INADDR16: {
                    if (n != 16) {
                        return unexpected(b, p, n);
                    }
                    boolean v4 = true;
                    for (int i = 4; i < 16; i++) {
                        v4 &= b[p + i] == 0;
                    }
                    return v4 ? ipv4(b, p) + " (IPv4: the first 4 of the 16 bytes, the rest zero)" : ipv6(b, p);
                }
                case IP:
                    return n == 4 ? ipv4(b, p) : n == 16 ? ipv6(b, p) : unexpected(b, p, n);
                case NETMASK:
                    return n == 4 ? String.format("bytes %s = %s read as an IPv4 mask (network order); %d as a host-order"
                            + " u32", hex(b, p, 4), ipv4(b, p), u32(b, p) & 0xffffffffL) : unexpected(b, p, n);
                case SVC_FLAGS:
                    return n == 8 ? String.format("struct ip_vs_flags flags=0x%08x (%s) mask=0x%08x", u32(b, p),
                            svcFlags(u32(b, p)), u32(b, p + 4)) : unexpected(b, p, n);
                case VARIES:
                    return n + " bytes (vary between runs: masked)";
                case FLAG:
                    return n == 0 ? "flag (no payload)" : unexpected(b, p, n);
                case BINARY:
                default:
                    return n == 0 ? "empty" : n <= 20 ? "bytes " + hex(b, p, n) : n + " bytes";
            }
        }

        private static String number(long v, LongFunction<String> sym) {
            String s = Long.toString(v);
            if (sym != null) {
                String name = sym.apply(v);
                if (name != null && !name.isEmpty()) {
                    s += " (" + name + ")";
                }
            }
            return s;
        }

        private static String unexpected(byte[] b, int p, int n) {
            return "UNEXPECTED LENGTH " + n + ": " + hex(b, p, n);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Attribute tables (numbers from the uapi headers)

    enum Kind { U8, U16, U32, U64, BE16, U16_EITHER, STRING, INADDR16, IP, NETMASK, SVC_FLAGS, NESTED, BINARY, VARIES, FLAG }

    record Attr(String name, Kind kind, Map<Integer, Attr> nested, LongFunction<String> symbol) {
    }

    private static Attr a(String name, Kind kind) {
        return new Attr(name, kind, Map.of(), null);
    }

    private static Attr a(String name, Kind kind, LongFunction<String> symbol) {
        return new Attr(name, kind, Map.of(), symbol);
    }

    private static Attr nest(String name, Map<Integer, Attr> nested) {
        return new Attr(name, Kind.NESTED, nested, null);
    }

    @SafeVarargs
    private static Map<Integer, Attr> table(Map.Entry<Integer, Attr>... entries) {
        Map<Integer, Attr> m = new HashMap<>();
        for (Map.Entry<Integer, Attr> e : entries) {
            m.put(e.getKey(), e.getValue());
        }
        return Map.copyOf(m);
    }

    private static Map.Entry<Integer, Attr> e(int type, Attr attr) {
        return Map.entry(type, attr);
    }

    private static final Map<Integer, String> IPVS_CMDS = Map.ofEntries(Map.entry(1, "IPVS_CMD_NEW_SERVICE"),
            Map.entry(2, "IPVS_CMD_SET_SERVICE"), Map.entry(3, "IPVS_CMD_DEL_SERVICE"),
            Map.entry(4, "IPVS_CMD_GET_SERVICE"), Map.entry(5, "IPVS_CMD_NEW_DEST"), Map.entry(6, "IPVS_CMD_SET_DEST"),
            Map.entry(7, "IPVS_CMD_DEL_DEST"), Map.entry(8, "IPVS_CMD_GET_DEST"), Map.entry(9, "IPVS_CMD_NEW_DAEMON"),
            Map.entry(10, "IPVS_CMD_DEL_DAEMON"), Map.entry(11, "IPVS_CMD_GET_DAEMON"),
            Map.entry(12, "IPVS_CMD_SET_CONFIG"), Map.entry(13, "IPVS_CMD_GET_CONFIG"),
            Map.entry(14, "IPVS_CMD_SET_INFO"), Map.entry(15, "IPVS_CMD_GET_INFO"), Map.entry(16, "IPVS_CMD_ZERO"),
            Map.entry(17, "IPVS_CMD_FLUSH"));

    private static final Map<Integer, String> CTRL_CMDS = Map.of(1, "CTRL_CMD_NEWFAMILY", 2, "CTRL_CMD_DELFAMILY",
            3, "CTRL_CMD_GETFAMILY", 7, "CTRL_CMD_NEWMCAST_GRP", 9, "CTRL_CMD_GETMCAST_GRP", 10, "CTRL_CMD_GETPOLICY");

    private static final Map<Integer, Attr> CTRL_OP = table(
            e(1, a("CTRL_ATTR_OP_ID", Kind.U32, v -> IPVS_CMDS.get((int) v))),
            e(2, a("CTRL_ATTR_OP_FLAGS", Kind.U32, NetlinkGoldenWriter::genlOpFlags)));
    private static final Map<Integer, Attr> CTRL_MCAST_GRP = table(
            e(1, a("CTRL_ATTR_MCAST_GRP_NAME", Kind.STRING)), e(2, a("CTRL_ATTR_MCAST_GRP_ID", Kind.U32)));
    private static final Map<Integer, Attr> CTRL_ATTRS = table(
            e(1, a("CTRL_ATTR_FAMILY_ID", Kind.U16, v -> String.format("0x%x", v))),
            e(2, a("CTRL_ATTR_FAMILY_NAME", Kind.STRING)),
            e(3, a("CTRL_ATTR_VERSION", Kind.U32)),
            e(4, a("CTRL_ATTR_HDRSIZE", Kind.U32)),
            e(5, a("CTRL_ATTR_MAXATTR", Kind.U32)),
            e(6, nest("CTRL_ATTR_OPS", Map.of(-1, nest("op", CTRL_OP)))),
            e(7, nest("CTRL_ATTR_MCAST_GROUPS", Map.of(-1, nest("group", CTRL_MCAST_GRP)))),
            e(8, a("CTRL_ATTR_POLICY", Kind.BINARY)),
            e(9, a("CTRL_ATTR_OP_POLICY", Kind.BINARY)),
            e(10, a("CTRL_ATTR_OP", Kind.U32)));

    private static Map<Integer, Attr> stats(boolean wide) {
        Kind k = wide ? Kind.U64 : Kind.U32;
        Kind bytes = Kind.U64;
        return table(e(1, a("IPVS_STATS_ATTR_CONNS", k)), e(2, a("IPVS_STATS_ATTR_INPKTS", k)),
                e(3, a("IPVS_STATS_ATTR_OUTPKTS", k)), e(4, a("IPVS_STATS_ATTR_INBYTES", bytes)),
                e(5, a("IPVS_STATS_ATTR_OUTBYTES", bytes)), e(6, a("IPVS_STATS_ATTR_CPS", k)),
                e(7, a("IPVS_STATS_ATTR_INPPS", k)), e(8, a("IPVS_STATS_ATTR_OUTPPS", k)),
                e(9, a("IPVS_STATS_ATTR_INBPS", k)), e(10, a("IPVS_STATS_ATTR_OUTBPS", k)),
                e(11, a("IPVS_STATS_ATTR_PAD", Kind.BINARY)));
    }

    private static final Map<Integer, Attr> IPVS_SVC_ATTRS = table(
            e(1, a("IPVS_SVC_ATTR_AF", Kind.U16, NetlinkGoldenWriter::af)),
            e(2, a("IPVS_SVC_ATTR_PROTOCOL", Kind.U16, NetlinkGoldenWriter::ipProto)),
            e(3, a("IPVS_SVC_ATTR_ADDR", Kind.INADDR16)),
            e(4, a("IPVS_SVC_ATTR_PORT", Kind.BE16)),
            e(5, a("IPVS_SVC_ATTR_FWMARK", Kind.U32)),
            e(6, a("IPVS_SVC_ATTR_SCHED_NAME", Kind.STRING)),
            e(7, a("IPVS_SVC_ATTR_FLAGS", Kind.SVC_FLAGS)),
            e(8, a("IPVS_SVC_ATTR_TIMEOUT", Kind.U32, v -> "seconds")),
            e(9, a("IPVS_SVC_ATTR_NETMASK", Kind.NETMASK)),
            e(10, nest("IPVS_SVC_ATTR_STATS", stats(false))),
            e(11, a("IPVS_SVC_ATTR_PE_NAME", Kind.STRING)),
            e(12, nest("IPVS_SVC_ATTR_STATS64", stats(true))));

    private static final Map<Integer, Attr> IPVS_DEST_ATTRS = table(
            e(1, a("IPVS_DEST_ATTR_ADDR", Kind.INADDR16)),
            e(2, a("IPVS_DEST_ATTR_PORT", Kind.BE16)),
            e(3, a("IPVS_DEST_ATTR_FWD_METHOD", Kind.U32, NetlinkGoldenWriter::fwdMethod)),
            e(4, a("IPVS_DEST_ATTR_WEIGHT", Kind.U32)),
            e(5, a("IPVS_DEST_ATTR_U_THRESH", Kind.U32)),
            e(6, a("IPVS_DEST_ATTR_L_THRESH", Kind.U32)),
            e(7, a("IPVS_DEST_ATTR_ACTIVE_CONNS", Kind.U32)),
            e(8, a("IPVS_DEST_ATTR_INACT_CONNS", Kind.U32)),
            e(9, a("IPVS_DEST_ATTR_PERSIST_CONNS", Kind.U32)),
            e(10, nest("IPVS_DEST_ATTR_STATS", stats(false))),
            e(11, a("IPVS_DEST_ATTR_ADDR_FAMILY", Kind.U16, NetlinkGoldenWriter::af)),
            e(12, nest("IPVS_DEST_ATTR_STATS64", stats(true))),
            e(13, a("IPVS_DEST_ATTR_TUN_TYPE", Kind.U8, NetlinkGoldenWriter::tunType)),
            e(14, a("IPVS_DEST_ATTR_TUN_PORT", Kind.BE16)),
            e(15, a("IPVS_DEST_ATTR_TUN_FLAGS", Kind.U16, NetlinkGoldenWriter::tunFlags)));

    private static final Map<Integer, Attr> IPVS_DAEMON_ATTRS = table(
            e(1, a("IPVS_DAEMON_ATTR_STATE", Kind.U32, v -> v == 1 ? "MASTER" : v == 2 ? "BACKUP" : null)),
            e(2, a("IPVS_DAEMON_ATTR_MCAST_IFN", Kind.STRING)),
            e(3, a("IPVS_DAEMON_ATTR_SYNC_ID", Kind.U32)),
            e(4, a("IPVS_DAEMON_ATTR_SYNC_MAXLEN", Kind.U16)),
            e(5, a("IPVS_DAEMON_ATTR_MCAST_GROUP", Kind.IP)),
            e(6, a("IPVS_DAEMON_ATTR_MCAST_GROUP6", Kind.IP)),
            e(7, a("IPVS_DAEMON_ATTR_MCAST_PORT", Kind.U16_EITHER)),
            e(8, a("IPVS_DAEMON_ATTR_MCAST_TTL", Kind.U8)));

    private static final Map<Integer, Attr> IPVS_CMD_ATTRS = table(
            e(1, nest("IPVS_CMD_ATTR_SERVICE", IPVS_SVC_ATTRS)),
            e(2, nest("IPVS_CMD_ATTR_DEST", IPVS_DEST_ATTRS)),
            e(3, nest("IPVS_CMD_ATTR_DAEMON", IPVS_DAEMON_ATTRS)),
            e(4, a("IPVS_CMD_ATTR_TIMEOUT_TCP", Kind.U32, v -> "seconds")),
            e(5, a("IPVS_CMD_ATTR_TIMEOUT_TCP_FIN", Kind.U32, v -> "seconds")),
            e(6, a("IPVS_CMD_ATTR_TIMEOUT_UDP", Kind.U32, v -> "seconds")));

    private static final Map<Integer, Attr> IPVS_INFO_ATTRS = table(
            e(1, a("IPVS_INFO_ATTR_VERSION", Kind.U32,
                    v -> String.format("0x%06x = %d.%d.%d", v, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff))),
            e(2, a("IPVS_INFO_ATTR_CONN_TAB_SIZE", Kind.U32)));

    private static final Map<Integer, Attr> NLMSGERR_ATTRS = table(
            e(1, a("NLMSGERR_ATTR_MSG", Kind.STRING)),
            e(2, a("NLMSGERR_ATTR_OFFS", Kind.U32, v -> "byte offset of the offending attribute in the request")),
            e(3, a("NLMSGERR_ATTR_COOKIE", Kind.BINARY)),
            e(4, a("NLMSGERR_ATTR_POLICY", Kind.BINARY)),
            e(5, a("NLMSGERR_ATTR_MISS_TYPE", Kind.U32)),
            e(6, a("NLMSGERR_ATTR_MISS_NEST", Kind.U32)));

    private static final Map<Integer, String> RTM_TYPES = Map.of(16, "RTM_NEWLINK", 17, "RTM_DELLINK",
            18, "RTM_GETLINK", 19, "RTM_SETLINK", 20, "RTM_NEWADDR", 21, "RTM_DELADDR", 22, "RTM_GETADDR");

    private static final Map<Integer, Attr> IFLA_INET6_ATTRS = table(
            e(1, a("IFLA_INET6_FLAGS", Kind.U32, v -> String.format("0x%x", v))),
            e(2, a("IFLA_INET6_CONF", Kind.BINARY)),
            e(3, a("IFLA_INET6_STATS", Kind.VARIES)),
            e(4, a("IFLA_INET6_MCAST", Kind.BINARY)),
            e(5, a("IFLA_INET6_CACHEINFO", Kind.VARIES)),
            e(6, a("IFLA_INET6_ICMP6STATS", Kind.VARIES)),
            e(7, a("IFLA_INET6_TOKEN", Kind.IP)),
            e(8, a("IFLA_INET6_ADDR_GEN_MODE", Kind.U8)),
            e(9, a("IFLA_INET6_RA_MTU", Kind.U32)));

    private static final Map<Integer, Attr> IFLA_AF_SPEC = table(
            e(2, nest("AF_INET", table(e(1, a("IFLA_INET_CONF", Kind.BINARY))))),
            e(10, nest("AF_INET6", IFLA_INET6_ATTRS)));

    private static final Map<Integer, Attr> IFLA_LINKINFO = table(
            e(1, a("IFLA_INFO_KIND", Kind.STRING)), e(2, a("IFLA_INFO_DATA", Kind.BINARY)),
            e(3, a("IFLA_INFO_XSTATS", Kind.BINARY)), e(4, a("IFLA_INFO_SLAVE_KIND", Kind.STRING)),
            e(5, a("IFLA_INFO_SLAVE_DATA", Kind.BINARY)));

    private static final Map<Integer, Attr> IFLA_ATTRS = table(
            e(1, a("IFLA_ADDRESS", Kind.BINARY)), e(2, a("IFLA_BROADCAST", Kind.BINARY)),
            e(3, a("IFLA_IFNAME", Kind.STRING)), e(4, a("IFLA_MTU", Kind.U32)), e(5, a("IFLA_LINK", Kind.U32)),
            e(6, a("IFLA_QDISC", Kind.STRING)), e(7, a("IFLA_STATS", Kind.VARIES)),
            e(8, a("IFLA_COST", Kind.BINARY)), e(9, a("IFLA_PRIORITY", Kind.BINARY)),
            e(10, a("IFLA_MASTER", Kind.U32)), e(11, a("IFLA_WIRELESS", Kind.BINARY)),
            e(12, a("IFLA_PROTINFO", Kind.BINARY)), e(13, a("IFLA_TXQLEN", Kind.U32)),
            e(14, a("IFLA_MAP", Kind.BINARY)), e(15, a("IFLA_WEIGHT", Kind.U32)),
            e(16, a("IFLA_OPERSTATE", Kind.U8, NetlinkGoldenWriter::operState)),
            e(17, a("IFLA_LINKMODE", Kind.U8)), e(18, nest("IFLA_LINKINFO", IFLA_LINKINFO)),
            e(19, a("IFLA_NET_NS_PID", Kind.U32)), e(20, a("IFLA_IFALIAS", Kind.STRING)),
            e(21, a("IFLA_NUM_VF", Kind.U32)), e(22, a("IFLA_VFINFO_LIST", Kind.BINARY)),
            e(23, a("IFLA_STATS64", Kind.VARIES)), e(24, a("IFLA_VF_PORTS", Kind.BINARY)),
            e(25, a("IFLA_PORT_SELF", Kind.BINARY)), e(26, nest("IFLA_AF_SPEC", IFLA_AF_SPEC)),
            e(27, a("IFLA_GROUP", Kind.U32)), e(28, a("IFLA_NET_NS_FD", Kind.U32)),
            e(29, a("IFLA_EXT_MASK", Kind.U32, v -> String.format("0x%x", v))),
            e(30, a("IFLA_PROMISCUITY", Kind.U32)), e(31, a("IFLA_NUM_TX_QUEUES", Kind.U32)),
            e(32, a("IFLA_NUM_RX_QUEUES", Kind.U32)), e(33, a("IFLA_CARRIER", Kind.U8)),
            e(34, a("IFLA_PHYS_PORT_ID", Kind.BINARY)), e(35, a("IFLA_CARRIER_CHANGES", Kind.U32)),
            e(36, a("IFLA_PHYS_SWITCH_ID", Kind.BINARY)), e(37, a("IFLA_LINK_NETNSID", Kind.U32)),
            e(38, a("IFLA_PHYS_PORT_NAME", Kind.STRING)), e(39, a("IFLA_PROTO_DOWN", Kind.U8)),
            e(40, a("IFLA_GSO_MAX_SEGS", Kind.U32)), e(41, a("IFLA_GSO_MAX_SIZE", Kind.U32)),
            e(42, a("IFLA_PAD", Kind.BINARY)), e(43, a("IFLA_XDP", Kind.BINARY)),
            e(44, a("IFLA_EVENT", Kind.U32)), e(45, a("IFLA_NEW_NETNSID", Kind.U32)),
            e(46, a("IFLA_TARGET_NETNSID", Kind.U32)), e(47, a("IFLA_CARRIER_UP_COUNT", Kind.U32)),
            e(48, a("IFLA_CARRIER_DOWN_COUNT", Kind.U32)), e(49, a("IFLA_NEW_IFINDEX", Kind.U32)),
            e(50, a("IFLA_MIN_MTU", Kind.U32)), e(51, a("IFLA_MAX_MTU", Kind.U32)),
            e(52, a("IFLA_PROP_LIST", Kind.BINARY)), e(53, a("IFLA_ALT_IFNAME", Kind.STRING)),
            e(54, a("IFLA_PERM_ADDRESS", Kind.BINARY)), e(55, a("IFLA_PROTO_DOWN_REASON", Kind.BINARY)),
            e(56, a("IFLA_PARENT_DEV_NAME", Kind.STRING)), e(57, a("IFLA_PARENT_DEV_BUS_NAME", Kind.STRING)),
            e(58, a("IFLA_GRO_MAX_SIZE", Kind.U32)), e(59, a("IFLA_TSO_MAX_SIZE", Kind.U32)),
            e(60, a("IFLA_TSO_MAX_SEGS", Kind.U32)), e(61, a("IFLA_ALLMULTI", Kind.U32)));

    private static final Map<Integer, Attr> IFA_ATTRS = table(
            e(1, a("IFA_ADDRESS", Kind.IP)), e(2, a("IFA_LOCAL", Kind.IP)), e(3, a("IFA_LABEL", Kind.STRING)),
            e(4, a("IFA_BROADCAST", Kind.IP)), e(5, a("IFA_ANYCAST", Kind.IP)),
            e(6, a("IFA_CACHEINFO", Kind.VARIES)), e(7, a("IFA_MULTICAST", Kind.IP)),
            e(8, a("IFA_FLAGS", Kind.U32, v -> ifaFlags((int) v))), e(9, a("IFA_RT_PRIORITY", Kind.U32)),
            e(10, a("IFA_TARGET_NETNSID", Kind.U32)), e(11, a("IFA_PROTO", Kind.U8)));

    // ------------------------------------------------------------------------------------------------------------
    // Names of values

    static String af(long v) {
        return v == 2 ? "AF_INET" : v == 10 ? "AF_INET6" : v == 0 ? "AF_UNSPEC" : null;
    }

    private static String ipProto(long v) {
        return v == 6 ? "IPPROTO_TCP" : v == 17 ? "IPPROTO_UDP" : v == 132 ? "IPPROTO_SCTP" : null;
    }

    private static String fwdMethod(long v) {
        String[] names = {"MASQ (NAT)", "LOCALNODE", "TUNNEL", "DROUTE (DR)", "BYPASS"};
        int m = (int) (v & 7);
        String s = m < names.length ? "IP_VS_CONN_F_" + names[m] : "fwd " + m;
        return (v & ~7L) != 0 ? s + String.format(" + other bits 0x%x", v & ~7L) : s;
    }

    private static String tunType(long v) {
        return v == 0 ? "IPIP" : v == 1 ? "GUE" : v == 2 ? "GRE" : null;
    }

    private static String tunFlags(long v) {
        if (v == 0) {
            return "NOCSUM";
        }
        StringJoiner j = new StringJoiner("|");
        if ((v & 1) != 0) {
            j.add("CSUM");
        }
        if ((v & 2) != 0) {
            j.add("REMCSUM");
        }
        if ((v & ~3L) != 0) {
            j.add(String.format("0x%x", v & ~3L));
        }
        return j.toString();
    }

    private static String svcFlags(int v) {
        String[] names = {"PERSISTENT", "HASHED", "ONEPACKET", "SCHED1", "SCHED2", "SCHED3"};
        StringJoiner j = new StringJoiner("|");
        for (int i = 0; i < names.length; i++) {
            if ((v & (1 << i)) != 0) {
                j.add(names[i]);
            }
        }
        if ((v & ~0x3f) != 0) {
            j.add(String.format("0x%x", v & ~0x3f));
        }
        String s = j.toString();
        return s.isEmpty() ? "none" : s;
    }

    private static String genlOpFlags(long v) {
        StringJoiner j = new StringJoiner("|");
        String[] names = {"GENL_ADMIN_PERM", "GENL_CMD_CAP_DO", "GENL_CMD_CAP_DUMP", "GENL_CMD_CAP_HASPOL",
            "GENL_UNS_ADMIN_PERM"};
        for (int i = 0; i < names.length; i++) {
            if ((v & (1L << i)) != 0) {
                j.add(names[i]);
            }
        }
        return j.toString();
    }

    private static String operState(long v) {
        String[] names = {"UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP"};
        return v < names.length ? "IF_OPER_" + names[(int) v] : null;
    }

    private static String arphrd(int v) {
        return v == 772 ? "ARPHRD_LOOPBACK" : v == 1 ? "ARPHRD_ETHER" : v == 0 ? "unset" : "ARPHRD " + v;
    }

    private static String ifFlags(int v) {
        String[] names = {"UP", "BROADCAST", "DEBUG", "LOOPBACK", "POINTOPOINT", "NOTRAILERS", "RUNNING", "NOARP",
            "PROMISC", "ALLMULTI", "MASTER", "SLAVE", "MULTICAST", "PORTSEL", "AUTOMEDIA", "DYNAMIC", "LOWER_UP",
            "DORMANT", "ECHO"};
        StringJoiner j = new StringJoiner("|");
        for (int i = 0; i < names.length; i++) {
            if ((v & (1 << i)) != 0) {
                j.add(names[i]);
            }
        }
        String s = j.toString();
        return s.isEmpty() ? "none" : s;
    }

    static String ifaFlags(int v) {
        String[] names = {"SECONDARY", "NODAD", "OPTIMISTIC", "DADFAILED", "HOMEADDRESS", "DEPRECATED", "TENTATIVE",
            "PERMANENT", "MANAGETEMPADDR", "NOPREFIXROUTE", "MCAUTOJOIN", "STABLE_PRIVACY"};
        StringJoiner j = new StringJoiner("|");
        for (int i = 0; i < names.length; i++) {
            if ((v & (1 << i)) != 0) {
                j.add(names[i]);
            }
        }
        String s = j.toString();
        return s.isEmpty() ? "none" : s;
    }

    private static String scope(int v) {
        return switch (v) {
            case 0 -> "universe";
            case 200 -> "site";
            case 253 -> "link";
            case 254 -> "host";
            case 255 -> "nowhere";
            default -> "?";
        };
    }

    private static final Map<Integer, String> ERRNO = Map.ofEntries(Map.entry(1, "EPERM"), Map.entry(2, "ENOENT"),
            Map.entry(3, "ESRCH"), Map.entry(5, "EIO"), Map.entry(6, "ENXIO"), Map.entry(7, "E2BIG"),
            Map.entry(9, "EBADF"), Map.entry(11, "EAGAIN"), Map.entry(12, "ENOMEM"), Map.entry(13, "EACCES"),
            Map.entry(14, "EFAULT"), Map.entry(16, "EBUSY"), Map.entry(17, "EEXIST"), Map.entry(19, "ENODEV"),
            Map.entry(22, "EINVAL"), Map.entry(28, "ENOSPC"), Map.entry(34, "ERANGE"), Map.entry(90, "EMSGSIZE"),
            Map.entry(93, "EPROTONOSUPPORT"), Map.entry(95, "EOPNOTSUPP"), Map.entry(97, "EAFNOSUPPORT"),
            Map.entry(98, "EADDRINUSE"), Map.entry(99, "EADDRNOTAVAIL"), Map.entry(105, "ENOBUFS"),
            Map.entry(114, "EALREADY"));

    static String errno(int error) {
        if (error == 0) {
            return "success";
        }
        String name = ERRNO.get(-error);
        return name != null ? name : "errno " + (-error);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Bytes

    static int u16(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
    }

    static int u32(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    static long u64(byte[] b, int off) {
        return (u32(b, off) & 0xffffffffL) | ((long) u32(b, off + 4)) << 32;
    }

    static int align4(int n) {
        return (n + 3) & ~3;
    }

    private static String hex(byte[] b, int p, int n) {
        StringJoiner j = new StringJoiner(" ");
        for (int i = p; i < p + n; i++) {
            j.add(String.format("%02x", b[i] & 0xff));
        }
        return j.toString();
    }

    private static String cString(byte[] b, int p, int n) {
        int end = p;
        while (end < p + n && b[end] != 0) {
            end++;
        }
        return new String(b, p, end - p, StandardCharsets.UTF_8);
    }

    private static String ipv4(byte[] b, int p) {
        return (b[p] & 0xff) + "." + (b[p + 1] & 0xff) + "." + (b[p + 2] & 0xff) + "." + (b[p + 3] & 0xff);
    }

    /** RFC 5952 text: lower case, the longest run of two or more zero groups as "::". */
    static String ipv6(byte[] b, int p) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[p + 2 * i] & 0xff) << 8) | (b[p + 2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(g[i]));
        }
        return s.toString();
    }

    /** For callers that must not see checked exceptions (stream pipelines in the tests). */
    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
