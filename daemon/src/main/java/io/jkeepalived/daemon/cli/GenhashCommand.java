package io.jkeepalived.daemon.cli;

import io.jkeepalived.check.Genhash;
import io.jkeepalived.check.HttpProtocol;
import io.jkeepalived.daemon.ExitCodes;
import io.jkeepalived.daemon.Host;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code jkeepalived genhash ...} (also {@code jkeepalived -T ...}): keepalived's genhash, which prints the MD5
 * digest of a web page's body for the {@code digest} of an HTTP_GET/SSL_GET url.
 *
 * <p>Same options ({@code -s -p -u -S -I -V -P -t -v -h}, and their long forms, with getopt's syntax), same
 * output and exit status as keepalived 2.2.7's: the digest on stdout and 0; a failure's message ("Connection
 * failed", "Timeout connecting", ...) on stdout and still 0; "no data received from remote webserver" on stderr
 * and 0; a usage error: the message and the usage on stderr, 1. With {@code -v}, the header and body hex dumps
 * are laid out as keepalived prints them when the response arrives in one read (keepalived prints one dump per
 * read, so its layout for a response that arrives in pieces depends on the timing). {@code -m} (fwmark) is
 * refused: it needs SO_MARK, which the checkers do not set.
 */
@Command(name = "genhash", description = "keepalived's genhash: print the MD5 digest of a web page's body.")
public final class GenhashCommand implements Callable<Integer> {
    private static final String DELIM_BEGIN = "-----------------------[";
    private static final String DELIM_END = "]-----------------------\n";
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    @Parameters(paramLabel = "OPTION")
    List<String> words = new ArrayList<>();

    private final Host host;

    public GenhashCommand(Host host) {
        this.host = Objects.requireNonNull(host, "host");
    }

    @Override
    public Integer call() {
        return run(words, "jkeepalived genhash", 2);
    }

    /** keepalived's long options: name, short letter, takes an argument. */
    private record LongOption(String name, char letter, boolean argument) {
    }

    private static final List<LongOption> LONG_OPTIONS = List.of(
            new LongOption("help", 'h', false), new LongOption("verbose", 'v', false),
            new LongOption("use-ssl", 'S', false), new LongOption("use-sni", 'I', false),
            new LongOption("server", 's', true), new LongOption("use-virtualhost", 'V', true),
            new LongOption("port", 'p', true), new LongOption("url", 'u', true),
            new LongOption("fwmark", 'm', true), new LongOption("protocol", 'P', true),
            new LongOption("timeout", 't', true));
    private static final String SHORT_WITH_ARGUMENT = "sVpumPt";
    private static final String SHORT_FLAGS = "hvSI";

    /** What the command line asked for. */
    private static final class Parsed {
        boolean verbose;
        boolean ssl;
        boolean sni;
        InetAddress server;
        int port = -1;
        String url;
        String virtualhost;
        HttpProtocol protocol = HttpProtocol.HTTP_1_0;
        Duration timeout = Genhash.DEFAULT_TIMEOUT;
        boolean badOption;
        final List<String> operands = new ArrayList<>();
    }

    /** Thrown for a value genhash rejects at once (it prints the message, then the usage). */
    private static final class Rejected extends Exception {
        Rejected(String message) {
            super(message);
        }
    }

    /**
     * Runs genhash with {@code args} (the words after {@code genhash} or {@code -T}).
     *
     * @param prog     how the usage names the command
     * @param minWords fewer words and genhash prints only the usage (keepalived: 2 for genhash, 1 after -T)
     */
    public int run(List<String> args, String prog, int minWords) {
        PrintStream out = host.out();
        PrintStream err = host.err();
        Parsed p;
        try {
            p = args.size() < minWords ? null : parse(args, err);
        } catch (Rejected e) {
            err.println(e.getMessage());
            usage(err, prog);
            return ExitCodes.FAILURE;
        }
        if (p == null) {
            usage(err, prog);
            return ExitCodes.FAILURE;
        }
        Genhash.Request request = new Genhash.Request(new InetSocketAddress(p.server, p.port), p.url, p.ssl, p.sni,
                Optional.ofNullable(p.virtualhost), p.protocol, p.timeout, p.verbose);
        long start = System.nanoTime();
        Genhash.Result result;
        try {
            result = Genhash.fetch(request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.FAILURE;
        }
        StringBuilder text = new StringBuilder();
        if (result.digest().isPresent()) {
            if (p.verbose) {
                verboseResponse(text, result);
            }
            text.append(result.digest().get()).append('\n');
        } else if (result.noData()) {
            out.print(text);
            out.flush();
            err.println(result.failure());
        } else {
            text.append(result.failure()).append('\n');
        }
        if (p.verbose) {
            text.append("\nGlobal response time for [").append(p.url).append("] = ")
                    .append((System.nanoTime() - start) / 1000).append(" usecs\n");
        }
        out.print(text);
        out.flush();
        return ExitCodes.OK;
    }

    private static void verboseResponse(StringBuilder text, Genhash.Result result) {
        text.append(DELIM_BEGIN).append("    HTTP Header Buffer    ").append(DELIM_END);
        dump(text, result.header());
        text.append(DELIM_BEGIN).append(" HTTP Header Ascii Buffer ").append(DELIM_END);
        text.append(new String(result.header(), StandardCharsets.ISO_8859_1)).append('\n');
        if (result.body().length > 0) {
            text.append(DELIM_BEGIN).append("        HTML Buffer        ").append(DELIM_END);
            dump(text, result.body());
        }
        text.append('\n');
        text.append(DELIM_BEGIN).append("    HTML hash resulting    ").append(DELIM_END);
        dump(text, HexFormat.of().parseHex(result.digest().get()));
        text.append(DELIM_BEGIN).append(" HTML hash final resulting ").append(DELIM_END);
    }

    /** keepalived's dump_buffer: decimal offset, 16 hex bytes split by " -", then the printable characters. */
    static void dump(StringBuilder text, byte[] bytes) {
        int count = bytes.length;
        int rounded = count % 16 == 0 ? count : count + 16 - count % 16;
        for (int i = 0; i < rounded; i++) {
            if (i % 16 == 0) {
                text.append(String.format("%04d ", i & 0xffff));
            }
            text.append(i < count ? String.format("%3s", String.format("%02x", bytes[i] & 0xff)) : "   ");
            if ((i + 1) % 8 == 0) {
                if ((i + 1) % 16 != 0) {
                    text.append(" -");
                } else {
                    text.append("   ");
                    for (int j = i - 15; j <= i; j++) {
                        if (j < count) {
                            int c = bytes[j] & 0xff;
                            text.append(c >= 0x20 && c <= 0x7e ? (char) c : '.');
                        } else {
                            text.append(' ');
                        }
                    }
                    text.append('\n');
                }
            }
        }
    }

    /**
     * getopt_long over genhash's options, keepalived's way: options may come in any order among operands, short
     * ones cluster, values attach or follow, long names may be shortened while unambiguous. Returns null when
     * keepalived would print only the usage.
     */
    private static Parsed parse(List<String> args, PrintStream err) throws Rejected {
        Parsed p = new Parsed();
        int i = 0;
        while (i < args.size()) {
            String word = args.get(i);
            if (word.equals("--")) {
                p.operands.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (word.startsWith("--")) {
                i = longOption(args, i, p, err);
            } else if (word.startsWith("-") && word.length() > 1) {
                i = shortCluster(args, i, p, err);
            } else {
                p.operands.add(word);
                i++;
            }
        }
        if (p.badOption) {
            return null;
        }
        if (!p.operands.isEmpty()) {
            err.println("Unexpected argument(s): " + String.join(" ", p.operands));
            return null;
        }
        if (p.server == null || p.port < 0 || p.url == null) {
            return null;
        }
        return p;
    }

    private static int longOption(List<String> args, int i, Parsed p, PrintStream err) throws Rejected {
        String word = args.get(i);
        String body = word.substring(2);
        int eq = body.indexOf('=');
        String name = eq < 0 ? body : body.substring(0, eq);
        LongOption match = null;
        int matches = 0;
        for (LongOption o : LONG_OPTIONS) {
            if (o.name().equals(name)) {
                match = o;
                matches = 1;
                break;
            }
            if (!name.isEmpty() && o.name().startsWith(name)) {
                match = o;
                matches++;
            }
        }
        if (matches != 1 || (!match.argument() && eq >= 0)) {
            err.println("Unknown option " + word);
            p.badOption = true;
            return i + 1;
        }
        if (!match.argument()) {
            apply(match.letter(), null, p);
            return i + 1;
        }
        if (eq >= 0) {
            apply(match.letter(), body.substring(eq + 1), p);
            return i + 1;
        }
        if (i + 1 >= args.size()) {
            err.println("Missing parameter for option --" + match.name());
            p.badOption = true;
            return i + 1;
        }
        apply(match.letter(), args.get(i + 1), p);
        return i + 2;
    }

    private static int shortCluster(List<String> args, int i, Parsed p, PrintStream err) throws Rejected {
        String word = args.get(i);
        for (int k = 1; k < word.length(); k++) {
            char c = word.charAt(k);
            if (SHORT_FLAGS.indexOf(c) >= 0) {
                apply(c, null, p);
            } else if (SHORT_WITH_ARGUMENT.indexOf(c) >= 0) {
                if (k + 1 < word.length()) {
                    apply(c, word.substring(k + 1), p);
                    return i + 1;
                }
                if (i + 1 >= args.size()) {
                    err.println("Missing parameter for option -" + c);
                    p.badOption = true;
                    return i + 1;
                }
                apply(c, args.get(i + 1), p);
                return i + 2;
            } else {
                err.println("Unknown option -" + c);
                p.badOption = true;
            }
        }
        return i + 1;
    }

    private static void apply(char option, String value, Parsed p) throws Rejected {
        switch (option) {
            case 'h' -> p.badOption = true;
            case 'v' -> p.verbose = true;
            case 'S' -> p.ssl = true;
            case 'I' -> p.sni = true;
            case 's' -> p.server = ipLiteral(value);
            case 'V' -> p.virtualhost = value;
            case 'p' -> p.port = port(value);
            case 'u' -> p.url = value;
            case 'm' -> throw new Rejected("fwmark (-m) is not supported by jkeepalived");
            case 'P' -> {
                try {
                    p.protocol = HttpProtocol.fromKeyword(value);
                } catch (IllegalArgumentException e) {
                    throw new Rejected("invalid HTTP protocol version '" + value + "'");
                }
            }
            case 't' -> p.timeout = timeout(value);
            default -> throw new IllegalStateException("option -" + option);
        }
    }

    /** keepalived takes an IP address only, never a name (no DNS lookup here either). */
    private static InetAddress ipLiteral(String value) throws Rejected {
        boolean v4 = IPV4.matcher(value).matches();
        boolean v6 = value.indexOf(':') >= 0 && value.matches("[0-9A-Fa-f:.%a-zA-Z]+");
        if (v4 || v6) {
            try {
                InetAddress a = InetAddress.getByName(value);
                if (v4 && value.split("\\.").length == 4 && a.getAddress().length == 4) {
                    for (String part : value.split("\\.")) {
                        if (Integer.parseInt(part) > 255) {
                            throw new UnknownHostException(value);
                        }
                    }
                }
                return a;
            } catch (UnknownHostException | NumberFormatException e) {
                // fall through to the rejection
            }
        }
        throw new Rejected("server should be an IP, not " + value);
    }

    private static int port(String value) throws Rejected {
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535 && !value.startsWith("+")) {
                return port;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new Rejected("invalid port number '" + value + "'");
    }

    private static Duration timeout(String value) throws Rejected {
        String v = value.replaceFirst("^[ \t]+", "");
        if (v.isEmpty() || !v.chars().allMatch(Character::isDigit)) {
            throw new Rejected("invalid timeout '" + value + "'");
        }
        long seconds = Long.parseLong(v.length() > 12 ? "999999999999" : v);
        return seconds == 0 ? Duration.ofMillis(1) : Duration.ofSeconds(seconds);
    }

    private static void usage(PrintStream err, String prog) {
        err.print("Usage: " + prog + " -s ADDRESS -p PORT -u PATH [OPTION...]\n"
                + "Print the MD5 digest of a web page's body, as the digest of an HTTP_GET or SSL_GET url needs it\n"
                + "(keepalived's genhash).\n"
                + "  -s, --server=ADDRESS         the server's IP address (not a host name)\n"
                + "  -p, --port=PORT              its TCP port\n"
                + "  -u, --url=PATH               the path to fetch\n"
                + "  -S, --use-ssl                fetch over TLS, accepting any certificate (SSL_GET)\n"
                + "  -I, --use-sni                send the virtual host (-V) as the TLS server name\n"
                + "  -V, --use-virtualhost=NAME   the Host header (default ADDRESS:PORT)\n"
                + "  -P, --protocol=1.0|1.0c|1.1  the HTTP version; 1.0c adds \"Connection: close\" to 1.0\n"
                + "  -t, --timeout=SECONDS        give up after this long (default 4295, as keepalived)\n"
                + "  -v, --verbose                also dump the response header and body\n"
                + "  -h, --help                   print this help and exit with status 1, as keepalived\n");
        err.flush();
    }
}
