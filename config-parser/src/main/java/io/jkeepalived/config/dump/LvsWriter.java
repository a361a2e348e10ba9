package io.jkeepalived.config.dump;

import io.jkeepalived.config.bind.Values;
import io.jkeepalived.config.model.LvsConfig;
import io.jkeepalived.config.model.ScriptCommand;
import io.jkeepalived.config.model.lvs.BfdCheck;
import io.jkeepalived.config.model.lvs.CheckDefaults;
import io.jkeepalived.config.model.lvs.Checker;
import io.jkeepalived.config.model.lvs.CheckerSettings;
import io.jkeepalived.config.model.lvs.Connection;
import io.jkeepalived.config.model.lvs.DnsCheck;
import io.jkeepalived.config.model.lvs.FileCheck;
import io.jkeepalived.config.model.lvs.ForwardingMethod;
import io.jkeepalived.config.model.lvs.HttpCheck;
import io.jkeepalived.config.model.lvs.HttpUrl;
import io.jkeepalived.config.model.lvs.MiscCheck;
import io.jkeepalived.config.model.lvs.PersistenceGranularity;
import io.jkeepalived.config.model.lvs.PingCheck;
import io.jkeepalived.config.model.lvs.RealServer;
import io.jkeepalived.config.model.lvs.SchedulerFlag;
import io.jkeepalived.config.model.lvs.SmtpCheck;
import io.jkeepalived.config.model.lvs.SorryServer;
import io.jkeepalived.config.model.lvs.SslClientConfig;
import io.jkeepalived.config.model.lvs.TcpCheck;
import io.jkeepalived.config.model.lvs.UdpCheck;
import io.jkeepalived.config.model.lvs.VirtualServer;
import io.jkeepalived.config.model.lvs.VirtualServerGroup;
import io.jkeepalived.config.model.lvs.VirtualServerId;
import io.jkeepalived.config.source.EscapedWords;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Writes the checker side of the model as keepalived.conf text in the canonical form of docs/dump-format.md
 * ("LVS"): SSL, then groups, then virtual servers, each in model order; a fixed keyword order; 4-space
 * indentation; every effective value written, so that reading the text back gives the same model.
 */
public final class LvsWriter {
    private static final String INDENT = "    ";

    public void write(LvsConfig lvs, StringBuilder out) {
        lvs.ssl().ifPresent(ssl -> ssl(ssl, out));
        for (VirtualServerGroup group : lvs.groups()) {
            group(group, out);
        }
        for (VirtualServer vs : lvs.virtualServers()) {
            virtualServer(vs, out);
        }
    }

    private static void ssl(SslClientConfig ssl, StringBuilder out) {
        Block b = new Block(out, 0, "SSL");
        ssl.password().ifPresent(v -> b.line("password", word(v)));
        ssl.caFile().ifPresent(v -> b.line("ca", word(v)));
        ssl.certificateFile().ifPresent(v -> b.line("certificate", word(v)));
        ssl.keyFile().ifPresent(v -> b.line("key", word(v)));
        b.end();
    }

    private static void group(VirtualServerGroup group, StringBuilder out) {
        Block b = new Block(out, 0, "virtual_server_group " + word(group.name()));
        for (VirtualServerGroup.AddressRange r : group.ranges()) {
            String spec = address(r.first()) + (r.single() ? "" : "-" + address(r.last()));
            b.line(spec + (r.port() == 0 ? "" : " " + r.port()));
        }
        for (VirtualServerGroup.FwmarkEntry f : group.fwmarks()) {
            b.line("fwmark " + f.mark() + f.family().map(x -> " " + x.keyword()).orElse(""));
        }
        b.end();
    }

    private static void virtualServer(VirtualServer vs, StringBuilder out) {
        Block b = new Block(out, 0, "virtual_server " + id(vs.id()));
        vs.family().ifPresent(f -> b.line("ip_family", f.keyword()));
        vs.protocol().ifPresent(p -> b.line("protocol", p.name()));
        b.line("lvs_sched", vs.scheduler().kernelName());
        for (SchedulerFlag flag : SchedulerFlag.values()) {
            if (vs.schedulerFlags().contains(flag)) {
                b.line(flag.keyword(vs.scheduler()));
            }
        }
        if (vs.onePacketScheduling()) {
            b.line("ops");
        }
        b.line("lvs_method", method(vs.forwardingMethod()));
        vs.persistenceTimeout().ifPresent(t -> b.line("persistence_timeout", String.valueOf(t.toSeconds())));
        vs.persistenceGranularity().ifPresent(g -> b.line("persistence_granularity", granularity(g)));
        vs.persistenceEngine().ifPresent(e -> b.line("persistence_engine", word(e)));
        if (vs.haSuspend()) {
            b.line("ha_suspend");
        }
        vs.virtualhost().ifPresent(v -> b.line("virtualhost", word(v)));
        if (vs.alpha()) {
            b.line("alpha");
        }
        if (vs.omega()) {
            b.line("omega");
        }
        if (vs.quorum() > 0) {
            b.line("quorum", String.valueOf(vs.quorum()));
        }
        b.line("hysteresis", String.valueOf(vs.hysteresis()));
        vs.quorumUp().ifPresent(s -> b.line("quorum_up", script(s)));
        vs.quorumDown().ifPresent(s -> b.line("quorum_down", script(s)));
        if (vs.inhibitOnFailure()) {
            b.line("inhibit_on_failure");
        }
        b.line("smtp_alert", yesNo(vs.smtpAlert()));
        b.line("weight", String.valueOf(vs.weight()));
        checkDefaults(vs.checkDefaults(), b);
        vs.sorryServer().ifPresent(s -> sorry(s, b));
        for (RealServer rs : vs.realServers()) {
            realServer(rs, b);
        }
        b.end();
    }

    private static void sorry(SorryServer s, Block b) {
        b.line("sorry_server", address(s.address()) + (s.port() == 0 ? "" : " " + s.port()));
        b.line("sorry_server_lvs_method", method(s.forwardingMethod()));
        if (s.inhibitOnFailure()) {
            b.line("sorry_server_inhibit");
        }
    }

    private static void checkDefaults(CheckDefaults d, Block b) {
        b.line("delay_loop", seconds(d.delayLoop()));
        b.line("connect_timeout", seconds(d.connectTimeout()));
        d.retry().ifPresent(r -> b.line("retry", String.valueOf(r)));
        d.delayBeforeRetry().ifPresent(t -> b.line("delay_before_retry", seconds(t)));
        d.warmup().ifPresent(t -> b.line("warmup", seconds(t)));
    }

    private static void realServer(RealServer rs, Block parent) {
        // A checker connects to the port written on the real_server line; when that was none (port 0), the
        // line must again carry none. The IPVS port is the same either way: keepalived fills it in.
        boolean checksPortZero = rs.checkers().stream()
                .anyMatch(c -> c instanceof Checker.Network n && n.connection().port() == 0);
        String port = rs.port() == 0 || checksPortZero ? "" : " " + rs.port();
        Block b = parent.block("real_server " + address(rs.address()) + port);
        b.line("weight", String.valueOf(rs.weight()));
        b.line("lvs_method", method(rs.forwardingMethod()));
        b.line("inhibit_on_failure", yesNo(rs.inhibitOnFailure()));
        b.line("alpha", yesNo(rs.alpha()));
        checkDefaults(rs.checkDefaults(), b);
        b.line("uthreshold", String.valueOf(rs.upperThreshold()));
        b.line("lthreshold", String.valueOf(rs.lowerThreshold()));
        rs.notifyUp().ifPresent(s -> b.line("notify_up", script(s)));
        rs.notifyDown().ifPresent(s -> b.line("notify_down", script(s)));
        b.line("smtp_alert", yesNo(rs.smtpAlert()));
        rs.virtualhost().ifPresent(v -> b.line("virtualhost", word(v)));
        for (Checker checker : rs.checkers()) {
            checker(checker, b);
        }
        b.end();
    }

    private static void checker(Checker checker, Block parent) {
        Block b = parent.block(checker.keyword());
        if (checker instanceof Checker.Network n) {
            connection(n.connection(), b);
        }
        if (checker instanceof Checker.Scheduled s) {
            settings(s.settings(), b);
        }
        if (checker instanceof HttpCheck h) {
            http(h, b);
        } else if (checker instanceof MiscCheck m) {
            b.line("misc_path", EscapedWords.quote(m.script().commandLine()));
            long whole = m.timeout().toSeconds();
            if (m.timeout().equals(Duration.ofSeconds(whole)) && whole > 0) {
                b.line("misc_timeout", String.valueOf(whole));
            }
            if (m.dynamic()) {
                b.line("misc_dynamic");
            }
            m.script().user().ifPresent(u -> b.line("user", word(u) + m.script().group().map(g -> " " + word(g))
                    .orElse("")));
        } else if (checker instanceof SmtpCheck s) {
            b.line("helo_name", word(s.heloName()));
        } else if (checker instanceof DnsCheck d) {
            b.line("type", d.type().name());
            if (!d.name().isEmpty()) {
                b.line("name", word(d.name()));
            }
        } else if (checker instanceof UdpCheck u) {
            u.payload().ifPresent(p -> b.line("payload", p));
            if (u.requireReply()) {
                b.line("require_reply" + u.replyPattern().map(p -> " " + p).orElse(""));
            }
            b.line("min_reply_length", String.valueOf(u.minReplyLength()));
            b.line("max_reply_length", String.valueOf(u.maxReplyLength()));
        } else if (checker instanceof FileCheck f) {
            b.line("track_file", word(f.trackFile()));
            f.weight().ifPresent(w -> b.line("weight", w + (f.reverse() ? " reverse" : "")));
        } else if (checker instanceof BfdCheck f) {
            b.line("name", word(f.name()));
            b.line("alpha", yesNo(f.alpha()));
        } else if (!(checker instanceof TcpCheck) && !(checker instanceof PingCheck)) {
            throw new IllegalArgumentException("no writer for " + checker.keyword());
        }
        b.end();
    }

    private static void connection(Connection c, Block b) {
        b.line("connect_ip", address(c.address()));
        if (c.port() != 0) {
            b.line("connect_port", String.valueOf(c.port()));
        }
        c.bindAddress().ifPresent(a -> b.line("bindto", address(a)));
        if (c.bindPort() != 0) {
            b.line("bind_port", String.valueOf(c.bindPort()));
        }
        c.bindInterface().ifPresent(i -> b.line("bind_if", word(i)));
        b.line("connect_timeout", seconds(c.timeout()));
        b.line("fwmark", String.valueOf(c.fwmark()));
    }

    private static void settings(CheckerSettings s, Block b) {
        b.line("delay_loop", seconds(s.delayLoop()));
        b.line("retry", String.valueOf(s.retry()));
        b.line("delay_before_retry", seconds(s.delayBeforeRetry()));
        b.line("warmup", seconds(s.warmup()));
        b.line("alpha", yesNo(s.alpha()));
        b.line("log_all_failures", yesNo(s.logAllFailures()));
    }

    private static void http(HttpCheck h, Block b) {
        h.virtualhost().ifPresent(v -> b.line("virtualhost", word(v)));
        b.line("http_protocol", h.protocol().word());
        b.line("enable_sni", yesNo(h.enableSni()));
        b.line("fast_recovery", yesNo(h.fastRecovery()));
        for (HttpUrl url : h.urls()) {
            Block u = b.block("url");
            u.line("path", word(url.path()));
            url.digest().ifPresent(d -> u.line("digest", d));
            u.line("status_code", url.statusCodes().stream()
                    .map(r -> r.first() == r.last() ? String.valueOf(r.first()) : r.first() + "-" + r.last())
                    .collect(Collectors.joining(" ")));
            url.virtualhost().ifPresent(v -> u.line("virtualhost", word(v)));
            url.regex().ifPresent(r -> {
                u.line("regex", word(r.pattern()));
                if (r.noMatch()) {
                    u.line("regex_no_match");
                }
                if (!r.options().isEmpty()) {
                    u.line("regex_options", String.join(" ", r.options()));
                }
                u.line("regex_min_offset", String.valueOf(r.minOffset()));
                r.maxOffset().ifPresent(m -> u.line("regex_max_offset", String.valueOf(m)));
            });
            u.end();
        }
    }

    private static String id(VirtualServerId id) {
        if (id instanceof VirtualServerId.Ip ip) {
            return address(ip.address()) + (ip.port() == 0 ? "" : " " + ip.port());
        }
        if (id instanceof VirtualServerId.Fwmark f) {
            return "fwmark " + f.mark();
        }
        return "group " + word(((VirtualServerId.Group) id).name());
    }

    static String method(ForwardingMethod m) {
        if (m.kind() != ForwardingMethod.Kind.TUN) {
            return m.kind().name();
        }
        return "TUN type " + m.tunnelType().name().toLowerCase(Locale.ROOT)
                + (m.tunnelPort() == 0 ? "" : " port " + m.tunnelPort())
                + " " + m.checksum().name().toLowerCase(Locale.ROOT);
    }

    private static String granularity(PersistenceGranularity g) {
        if (g instanceof PersistenceGranularity.Ipv4Netmask m) {
            return address(m.mask());
        }
        return String.valueOf(((PersistenceGranularity.Ipv6PrefixLength) g).length());
    }

    /** Script lines are read with quotes and escapes by keepalived, hence {@link EscapedWords#quote}. */
    private static String script(ScriptCommand s) {
        return EscapedWords.quote(s.commandLine())
                + s.user().map(u -> " " + EscapedWords.quote(u)).orElse("")
                + s.group().map(g -> " " + EscapedWords.quote(g)).orElse("");
    }

    /** A configuration word, in double quotes when it holds blanks or characters the reader treats specially. */
    static String word(String w) {
        boolean plain = !w.isEmpty() && w.chars().noneMatch(c -> c == ' ' || c == '\t' || c == '"' || c == '#'
                || c == '!' || c == '{' || c == '}');
        return plain ? w : "\"" + w + "\"";
    }

    private static String address(InetAddress a) {
        return Values.formatAddress(a);
    }

    private static String seconds(Duration d) {
        return Values.formatSeconds(d);
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }

    /** One block being written: its lines are indented one level deeper than its opening line. */
    private static final class Block {
        private final StringBuilder out;
        private final int depth;

        Block(StringBuilder out, int depth, String opening) {
            this.out = out;
            this.depth = depth;
            int n = out.length();
            if (depth == 0 && n > 0 && !(n >= 2 && out.charAt(n - 1) == '\n' && out.charAt(n - 2) == '\n')) {
                out.append('\n');
            }
            indent(depth).append(opening).append(" {\n");
        }

        void line(String keyword, String... values) {
            indent(depth + 1).append(keyword);
            for (String v : values) {
                out.append(' ').append(v);
            }
            out.append('\n');
        }

        Block block(String opening) {
            return new Block(out, depth + 1, opening);
        }

        void end() {
            indent(depth).append("}\n");
        }

        private StringBuilder indent(int n) {
            return out.append(INDENT.repeat(n));
        }
    }
}
