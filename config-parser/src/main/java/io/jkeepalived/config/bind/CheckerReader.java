package io.jkeepalived.config.bind;

import io.jkeepalived.config.Diagnostics;
import io.jkeepalived.config.Statement;
import io.jkeepalived.config.bind.LvsDrafts.CheckerDraft;
import io.jkeepalived.config.bind.LvsDrafts.RealServerDraft;
import io.jkeepalived.config.model.ScriptCommand;
import io.jkeepalived.config.model.lvs.BfdCheck;
import io.jkeepalived.config.model.lvs.DnsCheck;
import io.jkeepalived.config.model.lvs.FileCheck;
import io.jkeepalived.config.model.lvs.HttpCheck;
import io.jkeepalived.config.model.lvs.HttpCheck.HttpProtocol;
import io.jkeepalived.config.model.lvs.HttpUrl;
import io.jkeepalived.config.model.lvs.HttpUrl.StatusRange;
import io.jkeepalived.config.model.lvs.MiscCheck;
import io.jkeepalived.config.model.lvs.PingCheck;
import io.jkeepalived.config.model.lvs.SmtpCheck;
import io.jkeepalived.config.model.lvs.TcpCheck;
import io.jkeepalived.config.model.lvs.UdpCheck;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads one checker block inside a {@code real_server}. Values a checker does not set stay unset here; the
 * finisher resolves them from the real server and virtual server. A checker keepalived would drop (an HTTP
 * check without a URL, a MISC_CHECK without misc_path, ...) is reported and dropped here.
 */
final class CheckerReader {
    static final Set<String> KINDS = Set.of("HTTP_GET", "SSL_GET", "TCP_CHECK", "MISC_CHECK", "SMTP_CHECK",
            "DNS_CHECK", "UDP_CHECK", "PING_CHECK", "FILE_CHECK", "BFD_CHECK");
    /** Linux IFNAMSIZ - 1. */
    private static final int IFNAME_MAX = 15;
    private static final Set<String> REGEX_OPTIONS = Set.of("allow_empty_class", "alt_bsux", "auto_callout",
            "caseless", "dollar_endonly", "dotall", "dupnames", "extended", "firstline", "match_unset_backref",
            "multiline", "never_ucp", "never_utf", "no_auto_capture", "no_auto_possess", "no_dotstar_anchor",
            "no_start_optimize", "ucp", "ungreedy", "utf", "never_backslash_c", "alt_circumflex", "alt_verbnames",
            "use_offset_limit");

    private final Diagnostics diagnostics;
    /**
     * One String per distinct url path and virtualhost: thousands of checkers repeat the same few, and the model
     * keeps each one.
     */
    private final Map<String, String> sharedTexts = new HashMap<>();

    CheckerReader(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    private String shared(String text) {
        String earlier = sharedTexts.putIfAbsent(text, text);
        return earlier != null ? earlier : text;
    }

    private Optional<CheckerDraft> read(Statement s, RealServerDraft rs) {
        new Args(s, diagnostics).atMost(0);
        return switch (s.keyword()) {
            case "HTTP_GET", "SSL_GET" -> http(s, rs);
            case "TCP_CHECK" -> simple(s, rs, TcpCheck::new);
            case "PING_CHECK" -> simple(s, rs, PingCheck::new);
            case "UDP_CHECK" -> udp(s, rs);
            case "DNS_CHECK" -> dns(s, rs);
            case "MISC_CHECK" -> misc(s);
            case "FILE_CHECK" -> file(s);
            case "BFD_CHECK" -> bfd(s);
            default -> throw new IllegalArgumentException(s.keyword());
        };
    }

    // ---- settings every scheduled checker has, and connection options ----

    private static final Set<String> CONNECTION = Set.of("connect_ip", "connect_port", "bindto", "bind_port",
            "bind_if", "connect_timeout", "fwmark");
    private static final Set<String> SCHEDULE = Set.of("retry", "delay_before_retry", "warmup", "delay_loop",
            "alpha", "log_all_failures", "nb_get_retry");

    /** True when {@code c} was one of the common keywords of {@code d}'s kind (and has been handled). */
    private boolean common(CheckerDraft d, RealServerDraft rs, Statement c) {
        boolean connection = d.network && CONNECTION.contains(c.keyword());
        if (!connection && !SCHEDULE.contains(c.keyword())) {
            return false;
        }
        Args a = LvsBinder.line(diagnostics, c);
        if (connection) {
            connection(d, rs, a);
        } else {
            schedule(d, a);
        }
        return true;
    }

    private static void schedule(CheckerDraft d, Args a) {
        switch (a.keyword()) {
            case "retry" -> a.integer(0, 0, LvsBinder.UINT32_MAX).ifPresent(v -> d.retry = v);
            case "delay_before_retry" -> a.secondsAtLeast(0, 0).ifPresent(v -> d.delayBeforeRetry = v);
            case "warmup" -> a.secondsAtLeast(0, 0).ifPresent(v -> d.warmup = v);
            case "delay_loop" -> a.secondsAtLeast(0, 0.000001).ifPresent(v -> d.delayLoop = v);
            case "alpha" -> a.flag(0).ifPresent(v -> d.alpha = v);
            case "log_all_failures" -> a.flag(0).ifPresent(v -> d.logAllFailures = v);
            case "nb_get_retry" -> {
                a.warn("not a " + d.keyword + " keyword: keepalived ignores it here (only HTTP_GET and SSL_GET"
                        + " take it), so it is ignored and retry is unchanged; use 'retry'");
                return;
            }
            default -> throw new IllegalArgumentException(a.keyword());
        }
        a.atMost(1);
    }

    private static void connection(CheckerDraft d, RealServerDraft rs, Args a) {
        switch (a.keyword()) {
            case "connect_ip" -> a.address(0).ifPresent(ip -> {
                if (d.bindTo != null && d.bindTo.getClass() != ip.getClass()) {
                    a.error("address family differs from bindto's; ignored");
                } else {
                    d.connectIp = ip;
                }
            });
            case "connect_port" -> a.port(0).ifPresent(p -> d.connectPort = p);
            case "bindto" -> a.address(0).ifPresent(ip -> {
                InetAddress destination = d.connectIp != null ? d.connectIp : rs.address;
                if (destination.getClass() != ip.getClass()) {
                    a.error("address family differs from the address checked (" + Values.formatAddress(destination)
                            + "); ignored");
                } else {
                    d.bindTo = ip;
                }
            });
            case "bind_port" -> a.port(0).ifPresent(p -> d.bindPort = p);
            case "bind_if" -> a.word(0, "an interface name").ifPresent(name -> {
                if (name.length() > IFNAME_MAX) {
                    a.error("interface name longer than " + IFNAME_MAX + " characters; ignored");
                } else {
                    d.bindInterface = name;
                }
            });
            case "connect_timeout" -> a.seconds(0, 0.000001, 4294.967295).ifPresent(v -> d.connectTimeout = v);
            case "fwmark" -> a.integer(0, 0, LvsBinder.UINT32_MAX).ifPresent(v -> d.fwmark = v);
            default -> throw new IllegalArgumentException(a.keyword());
        }
        a.atMost(1);
    }

    /** keepalived drops a checker of an IPv6 link-local address that has no bind_if. */
    private boolean linkLocalNeedsInterface(CheckerDraft d, RealServerDraft rs) {
        InetAddress destination = d.connectIp != null ? d.connectIp : rs.address;
        if (destination instanceof Inet6Address && destination.isLinkLocalAddress() && d.bindInterface == null) {
            diagnostics.error(d.location, d.keyword + ": the link-local address " + Values.formatAddress(destination)
                    + " needs bind_if; checker ignored");
            return true;
        }
        return false;
    }

    private interface NetworkFactory {
        io.jkeepalived.config.model.lvs.Checker build(io.jkeepalived.config.model.lvs.CheckerSettings settings,
                                                      io.jkeepalived.config.model.lvs.Connection connection);
    }

    private Optional<CheckerDraft> simple(Statement s, RealServerDraft rs, NetworkFactory factory) {
        CheckerDraft d = new CheckerDraft(s.keyword(), s.location(), true, true);
        for (Statement c : s.children()) {
            if (!common(d, rs, c)) {
                LvsBinder.unknown(diagnostics, c);
            }
        }
        if (linkLocalNeedsInterface(d, rs)) {
            return Optional.empty();
        }
        d.factory = r -> factory.build(r.settings(), r.connection());
        return Optional.of(d);
    }

    // ---- HTTP_GET / SSL_GET ----

    private static final class UrlDraft {
        String path;
        String digest;
        final List<StatusRange> codes = new ArrayList<>();
        String virtualhost;
        String regex;
        boolean noMatch;
        final List<String> options = new ArrayList<>();
        long minOffset;
        Long maxOffset;
    }

    private Optional<CheckerDraft> http(Statement s, RealServerDraft rs) {
        boolean tls = s.keyword().equals("SSL_GET");
        CheckerDraft d = new CheckerDraft(s.keyword(), s.location(), true, true);
        d.defaultDelayBeforeRetry = Values.seconds(3);
        List<HttpUrl> urls = new ArrayList<>();
        String[] virtualhost = {null};
        HttpProtocol[] protocol = {HttpProtocol.HTTP_1_0};
        boolean[] sni = {false};
        boolean[] fastRecovery = {false};
        for (Statement c : s.children()) {
            if (c.keyword().equals("url")) {
                url(c).ifPresent(urls::add);
                continue;
            }
            if (!c.keyword().equals("nb_get_retry") && common(d, rs, c)) {
                continue;
            }
            Args a = new Args(c, diagnostics);
            switch (c.keyword()) {
                case "nb_get_retry" -> {
                    a.warn("deprecated; read as 'retry', as keepalived does; use 'retry'");
                    a.integer(0, 0, LvsBinder.UINT32_MAX).ifPresent(v -> d.retry = v);
                }
                case "virtualhost" -> a.word(0, "a host name").ifPresent(v -> virtualhost[0] = shared(v));
                case "http_protocol" -> a.word(0, "1.0, 1.0C or 1.1").ifPresent(v -> {
                    switch (v) {
                        case "1.0" -> protocol[0] = HttpProtocol.HTTP_1_0;
                        case "1.1" -> protocol[0] = HttpProtocol.HTTP_1_1;
                        case "1.0C", "1.0c" -> protocol[0] = HttpProtocol.HTTP_1_0C;
                        default -> a.error("expected 1.0, 1.0C or 1.1, got '" + v + "'");
                    }
                });
                case "enable_sni" -> a.flag(0).ifPresent(v -> sni[0] = v);
                case "fast_recovery" -> a.flag(0).ifPresent(v -> fastRecovery[0] = v);
                default -> {
                    LvsBinder.unknown(diagnostics, c);
                    continue;
                }
            }
            a.noBlock();
        }
        if (urls.isEmpty()) {
            diagnostics.error(s.location(), s.keyword() + ": no usable url; checker ignored");
            return Optional.empty();
        }
        if (linkLocalNeedsInterface(d, rs)) {
            return Optional.empty();
        }
        Optional<String> own = Optional.ofNullable(virtualhost[0]);
        d.factory = r -> new HttpCheck(tls, r.settings(), r.connection(), urls, own.or(r::virtualhost), protocol[0],
                sni[0], fastRecovery[0]);
        return Optional.of(d);
    }

    private Optional<HttpUrl> url(Statement s) {
        new Args(s, diagnostics).atMost(0);
        UrlDraft u = new UrlDraft();
        for (Statement c : s.children()) {
            Args a = new Args(c, diagnostics);
            switch (c.keyword()) {
                case "path" -> a.word(0, "a path").ifPresent(v -> u.path = shared(v));
                case "digest" -> digest(u, a);
                case "status_code" -> statusCodes(u, a);
                case "virtualhost" -> a.word(0, "a host name").ifPresent(v -> u.virtualhost = shared(v));
                case "regex" -> {
                    a.atMost(1);
                    a.word(0, "a regular expression").ifPresent(v -> u.regex = v);
                }
                case "regex_no_match" -> u.noMatch = true;
                case "regex_options" -> {
                    for (String option : a.all()) {
                        if (!REGEX_OPTIONS.contains(option)) {
                            a.warn("unknown option '" + option + "' ignored");
                        } else if (!u.options.contains(option)) {
                            u.options.add(option);
                        }
                    }
                }
                case "regex_min_offset" -> a.integer(0, 0, Long.MAX_VALUE / 2).ifPresent(v -> u.minOffset = v);
                case "regex_max_offset" -> a.integer(0, 0, Long.MAX_VALUE / 2).ifPresent(v -> u.maxOffset = v);
                case "regex_stack" -> {
                    LvsBinder.unsupported(diagnostics, c);
                    continue;
                }
                default -> {
                    LvsBinder.unknown(diagnostics, c);
                    continue;
                }
            }
            a.noBlock();
        }
        if (u.path == null) {
            diagnostics.error(s.location(), "url: no path; url ignored");
            return Optional.empty();
        }
        Optional<HttpUrl.Regex> regex = Optional.empty();
        if (u.regex != null) {
            OptionalLong max = u.maxOffset == null ? OptionalLong.empty() : OptionalLong.of(u.maxOffset);
            long min = u.minOffset;
            if (max.isPresent() && min > max.getAsLong()) {
                diagnostics.warn(s.location(), "url: regex_min_offset " + min + " is beyond regex_max_offset "
                        + max.getAsLong() + "; both ignored, as keepalived does");
                min = 0;
                max = OptionalLong.empty();
            }
            regex = Optional.of(new HttpUrl.Regex(u.regex, u.noMatch, u.options, min, max));
        } else if (u.noMatch || !u.options.isEmpty() || u.minOffset != 0 || u.maxOffset != null) {
            diagnostics.warn(s.location(), "url: regex options without a regex; ignored");
        }
        List<StatusRange> codes = u.codes.isEmpty() ? HttpUrl.DEFAULT_STATUS_CODES : u.codes;
        return Optional.of(new HttpUrl(u.path, Optional.ofNullable(u.digest), codes,
                Optional.ofNullable(u.virtualhost), regex));
    }

    private static void digest(UrlDraft u, Args a) {
        Optional<String> w = a.word(0, "an MD5 digest (32 hex digits)");
        if (w.isEmpty()) {
            return;
        }
        if (u.digest != null) {
            a.error("a url takes one digest; '" + w.get() + "' ignored");
        } else if (!w.get().matches("[0-9A-Fa-f]{32}")) {
            a.error("expected an MD5 digest of 32 hex digits, got '" + w.get() + "'");
        } else {
            u.digest = w.get().toLowerCase(Locale.ROOT);
        }
    }

    private static void statusCodes(UrlDraft u, Args a) {
        if (a.count() == 0) {
            a.error("missing a status code or range such as 200-299");
        }
        for (String word : a.all()) {
            // CODE or FIRST-LAST, each 1 to 3 digits; anything else reads as -1 and is reported below.
            int dash = word.indexOf('-');
            int first = threeDigits(word, 0, dash < 0 ? word.length() : dash);
            int last = dash < 0 ? first : threeDigits(word, dash + 1, word.length());
            if (first < 0 || last < 0) {
                first = -1;
                last = -1;
            }
            if (first < 100 || last > 599 || first > last) {
                a.error("expected a status code from 100 to 599 or a range such as 200-299, got '" + word + "'");
                continue;
            }
            u.codes.add(new StatusRange(first, last));
        }
    }

    /** The number written as 1 to 3 ASCII digits in {@code word[from, to)}, or -1. */
    private static int threeDigits(String word, int from, int to) {
        if (to - from < 1 || to - from > 3) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = word.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    // ---- UDP_CHECK, DNS_CHECK, SMTP_CHECK ----

    private Optional<CheckerDraft> udp(Statement s, RealServerDraft rs) {
        CheckerDraft d = new CheckerDraft(s.keyword(), s.location(), true, true);
        String[] payload = {null};
        String[] reply = {null};
        boolean[] requireReply = {false};
        int[] min = {0};
        int[] max = {255};
        for (Statement c : s.children()) {
            if (common(d, rs, c)) {
                continue;
            }
            Args a = new Args(c, diagnostics);
            switch (c.keyword()) {
                case "payload" -> {
                    if (a.count() == 0) {
                        a.error("missing the payload (hex digits)");
                    } else {
                        parseHex(String.join(" ", a.all()), false).ifPresentOrElse(v -> payload[0] = v,
                                () -> a.error("expected hex digits, got '" + String.join(" ", a.all()) + "'"));
                    }
                }
                case "require_reply" -> {
                    requireReply[0] = true;
                    if (a.count() > 0) {
                        parseHex(String.join(" ", a.all()), true).ifPresentOrElse(v -> reply[0] = v,
                                () -> a.error("expected hex digits (x for any), got '" + String.join(" ", a.all())
                                        + "'"));
                    }
                }
                case "min_reply_length" -> a.integer(0, 0, 65535).ifPresent(v -> min[0] = (int) v);
                case "max_reply_length" -> a.integer(0, 0, 65535).ifPresent(v -> max[0] = (int) v);
                default -> {
                    LvsBinder.unknown(diagnostics, c);
                    continue;
                }
            }
            a.noBlock();
        }
        if (min[0] > max[0]) {
            diagnostics.warn(s.location(), "UDP_CHECK: min_reply_length " + min[0] + " > max_reply_length " + max[0]
                    + "; the check can never succeed");
        }
        if (linkLocalNeedsInterface(d, rs)) {
            return Optional.empty();
        }
        d.factory = r -> new UdpCheck(r.settings(), r.connection(), Optional.ofNullable(payload[0]), requireReply[0],
                Optional.ofNullable(reply[0]), min[0], max[0]);
        return Optional.of(d);
    }

    /**
     * keepalived's free hex format: blanks separate groups, each group read two digits a byte with a lone
     * last digit as a byte of its own ({@code "Ab12f 3"} is AB 12 0F 03). With {@code wildcard}, x stands for
     * any nibble. The result is lower case, two digits a byte.
     */
    static Optional<String> parseHex(String text, boolean wildcard) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t') {
                i++;
                continue;
            }
            Optional<Character> high = hexDigit(c, wildcard);
            if (high.isEmpty()) {
                return Optional.empty();
            }
            i++;
            if (i < text.length() && text.charAt(i) != ' ' && text.charAt(i) != '\t') {
                Optional<Character> low = hexDigit(text.charAt(i), wildcard);
                if (low.isEmpty()) {
                    return Optional.empty();
                }
                out.append(high.get()).append(low.get());
                i++;
            } else {
                out.append('0').append(high.get());
            }
        }
        return out.length() == 0 ? Optional.empty() : Optional.of(out.toString());
    }

    private static Optional<Character> hexDigit(char c, boolean wildcard) {
        if (Character.digit(c, 16) >= 0) {
            return Optional.of(Character.toLowerCase(c));
        }
        if (wildcard && (c == 'x' || c == 'X')) {
            return Optional.of('x');
        }
        return Optional.empty();
    }

    private Optional<CheckerDraft> dns(Statement s, RealServerDraft rs) {
        CheckerDraft d = new CheckerDraft(s.keyword(), s.location(), true, true);
        d.defaultRetry = 3;
        d.defaultDelayBeforeRetry = null;
        DnsCheck.QueryType[] type = {DnsCheck.QueryType.SOA};
        String[] name = {null};
        for (Statement c : s.children()) {
            if (common(d, rs, c)) {
                continue;
            }
            Args a = new Args(c, diagnostics);
            switch (c.keyword()) {
                case "type" -> a.word(0, "a query type").ifPresent(v -> {
                    try {
                        type[0] = DnsCheck.QueryType.valueOf(v.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        a.error("expected one of A, NS, CNAME, SOA, MX, TXT, AAAA, RRSIG, DNSKEY, got '" + v + "'");
                    }
                });
                case "name" -> a.word(0, "a domain name").ifPresent(v -> {
                    if (name[0] != null) {
                        a.error("set twice; '" + v + "' ignored");
                    } else if (v.startsWith(".") && v.length() > 1 || v.contains("..")) {
                        a.error("'" + v + "' has an empty label; ignored");
                    } else {
                        name[0] = v;
                    }
                });
                default -> {
                    LvsBinder.unknown(diagnostics, c);
                    continue;
                }
            }
            a.noBlock();
        }
        if (linkLocalNeedsInterface(d, rs)) {
            return Optional.empty();
        }
        String queryName = name[0] == null ? "" : name[0];
        d.factory = r -> new DnsCheck(r.settings(), r.connection(), type[0], queryName);
        return Optional.of(d);
    }

    /** Every checker one checker block stands for: one, except an SMTP_CHECK with (deprecated) host blocks. */
    List<CheckerDraft> readAll(Statement s, RealServerDraft rs) {
        if (s.keyword().equals("SMTP_CHECK")) {
            new Args(s, diagnostics).atMost(0);
            return smtp(s, rs);
        }
        return read(s, rs).map(List::of).orElse(List.of());
    }

    /**
     * SMTP_CHECK, with keepalived 2.2.7's deprecated {@code host} sub-blocks (check_smtp.c): each host is a checker
     * of its own, with the host's connection options (address and port defaulting to the real server's) and the
     * SMTP_CHECK's schedule and HELO name (a schedule keyword inside a host block sets them for all). The
     * SMTP_CHECK's own connection is checked too when it sets any connection option or has no valid host;
     * otherwise the first host takes its place.
     */
    private List<CheckerDraft> smtp(Statement s, RealServerDraft rs) {
        CheckerDraft d = new CheckerDraft(s.keyword(), s.location(), true, true);
        String[] helo = {SmtpCheck.DEFAULT_HELO};
        boolean ownConnection = false;
        List<CheckerDraft> hosts = new ArrayList<>();
        for (Statement c : s.children()) {
            if (c.keyword().equals("host")) {
                smtpHost(c, d, rs).ifPresent(hosts::add);
                continue;
            }
            if (common(d, rs, c)) {
                ownConnection |= CONNECTION.contains(c.keyword());
                continue;
            }
            if (c.keyword().equals("helo_name")) {
                LvsBinder.line(diagnostics, c).word(0, "a HELO name").ifPresent(v -> helo[0] = v);
            } else {
                LvsBinder.unknown(diagnostics, c);
            }
        }
        List<CheckerDraft> drafts = new ArrayList<>();
        if (ownConnection || hosts.isEmpty()) {
            if (!linkLocalNeedsInterface(d, rs)) {
                drafts.add(d);
            }
        }
        for (CheckerDraft h : hosts) {
            h.alpha = d.alpha;
            h.retry = d.retry;
            h.delayLoop = d.delayLoop;
            h.delayBeforeRetry = d.delayBeforeRetry;
            h.warmup = d.warmup;
            h.logAllFailures = d.logAllFailures;
            drafts.add(h);
        }
        for (CheckerDraft draft : drafts) {
            draft.factory = r -> new SmtpCheck(r.settings(), r.connection(), helo[0]);
        }
        return drafts;
    }

    private Optional<CheckerDraft> smtpHost(Statement host, CheckerDraft smtp, RealServerDraft rs) {
        new Args(host, diagnostics).atMost(0);
        diagnostics.warn(host.location(), "the SMTP_CHECK host block is deprecated: each host is checked as an"
                + " SMTP_CHECK of its own; better define separate SMTP_CHECKs");
        CheckerDraft h = new CheckerDraft(smtp.keyword, host.location(), true, true);
        for (Statement c : host.children()) {
            if (CONNECTION.contains(c.keyword())) {
                common(h, rs, c);
            } else if (!common(smtp, rs, c)) {
                LvsBinder.unknown(diagnostics, c);
            }
        }
        return linkLocalNeedsInterface(h, rs) ? Optional.empty() : Optional.of(h);
    }

    // ---- MISC_CHECK, FILE_CHECK, BFD_CHECK ----

    private Optional<CheckerDraft> misc(Statement s) {
        CheckerDraft d = new CheckerDraft(s.keyword(), s.location(), true, false);
        d.defaultRetry = 0;
        String[] path = {null};
        String[] user = {null};
        String[] group = {null};
        Long[] timeout = {null};
        boolean[] dynamic = {false};
        for (Statement c : s.children()) {
            if (common(d, null, c)) {
                continue;
            }
            Args a = new Args(c, diagnostics);
            switch (c.keyword()) {
                case "misc_path" -> a.word(0, "a program").ifPresent(v -> {
                    a.atMost(1);
                    if (Values.splitCommand(v).isEmpty()) {
                        a.error("the program is empty, or cannot be split into words (an unmatched quote?)");
                    } else {
                        path[0] = v;
                    }
                });
                case "misc_timeout" -> a.integer(0, 0, 4294).ifPresent(v -> timeout[0] = v);
                case "misc_dynamic" -> {
                    LvsBinder.bareFlag(a);
                    dynamic[0] = true;
                }
                case "user" -> a.word(0, "a user name").ifPresent(v -> {
                    a.atMost(2);
                    user[0] = v;
                    group[0] = a.count() > 1 ? a.all().get(1) : null;
                });
                default -> {
                    LvsBinder.unknown(diagnostics, c);
                    continue;
                }
            }
            a.noBlock();
        }
        if (path[0] == null) {
            diagnostics.error(s.location(), "MISC_CHECK: no misc_path; checker ignored");
            return Optional.empty();
        }
        ScriptCommand script = new ScriptCommand(path[0], Optional.ofNullable(user[0]),
                Optional.ofNullable(group[0]));
        Duration own = timeout[0] == null || timeout[0] == 0 ? null : Duration.ofSeconds(timeout[0]);
        d.factory = r -> new MiscCheck(r.settings(), script, own != null ? own : r.vsDelayLoop(), dynamic[0]);
        return Optional.of(d);
    }

    private Optional<CheckerDraft> file(Statement s) {
        CheckerDraft d = new CheckerDraft(s.keyword(), s.location(), false, false);
        String[] trackFile = {null};
        OptionalInt[] weight = {OptionalInt.empty()};
        boolean[] reverse = {false};
        for (Statement c : s.children()) {
            Args a = new Args(c, diagnostics);
            switch (c.keyword()) {
                case "track_file" -> a.word(0, "a track_file name").ifPresent(v -> trackFile[0] = v);
                case "weight" -> {
                    OptionalLong w = a.integer(0, -LvsBinder.WEIGHT_MAX, LvsBinder.WEIGHT_MAX);
                    if (w.isEmpty()) {
                        break;
                    }
                    boolean rev = false;
                    if (a.count() > 1) {
                        String option = a.all().get(1);
                        if (option.equals("reverse")) {
                            rev = true;
                        } else if (!option.equals("noreverse")) {
                            a.error("expected reverse or noreverse after the weight, got '" + option + "'");
                            break;
                        }
                        a.atMost(2);
                    }
                    weight[0] = OptionalInt.of((int) w.getAsLong());
                    reverse[0] = rev;
                }
                default -> {
                    LvsBinder.unknown(diagnostics, c);
                    continue;
                }
            }
            a.noBlock();
        }
        if (trackFile[0] == null) {
            diagnostics.error(s.location(), "FILE_CHECK: no track_file; checker ignored");
            return Optional.empty();
        }
        FileCheck check = new FileCheck(trackFile[0], weight[0], reverse[0]);
        d.factory = r -> check;
        return Optional.of(d);
    }

    private Optional<CheckerDraft> bfd(Statement s) {
        CheckerDraft d = new CheckerDraft(s.keyword(), s.location(), false, false);
        String[] name = {null};
        for (Statement c : s.children()) {
            Args a = new Args(c, diagnostics);
            switch (c.keyword()) {
                case "name" -> {
                    if (a.count() != 1) {
                        a.error("expected exactly one BFD instance name; checker ignored");
                        return Optional.empty();
                    }
                    if (name[0] != null) {
                        a.error("a BFD_CHECK follows one instance; checker ignored");
                        return Optional.empty();
                    }
                    name[0] = a.all().get(0);
                }
                case "alpha" -> a.flag(0).ifPresent(v -> d.alpha = v);
                default -> {
                    LvsBinder.unknown(diagnostics, c);
                    continue;
                }
            }
            a.noBlock();
        }
        if (name[0] == null) {
            diagnostics.error(s.location(), "BFD_CHECK: no name; checker ignored");
            return Optional.empty();
        }
        String bfdName = name[0];
        d.factory = r -> new BfdCheck(bfdName, r.alpha());
        return Optional.of(d);
    }
}
