package io.jkeepalived.check.pool;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import io.jkeepalived.check.CheckTiming;
import io.jkeepalived.check.CheckerConfig;
import io.jkeepalived.check.CheckerSpec;
import io.jkeepalived.check.ConnectTarget;
import io.jkeepalived.check.CheckerKind;
import io.jkeepalived.check.DnsCheck;
import io.jkeepalived.check.FileCheck;
import io.jkeepalived.check.HttpCheck;
import io.jkeepalived.check.HttpProtocol;
import io.jkeepalived.check.MiscCheck;
import io.jkeepalived.check.PingCheck;
import io.jkeepalived.check.StatusCodes;
import io.jkeepalived.check.TcpCheck;
import io.jkeepalived.check.UdpCheck;
import io.jkeepalived.check.UrlCheck;
import io.jkeepalived.config.model.ScriptCommand;
import io.jkeepalived.config.model.TrackFile;
import io.jkeepalived.config.model.lvs.Checker;
import io.jkeepalived.config.model.lvs.CheckerSettings;
import io.jkeepalived.config.model.lvs.Connection;
import io.jkeepalived.config.model.lvs.HttpUrl;
import io.jkeepalived.config.model.lvs.RealServer;
import io.jkeepalived.config.model.lvs.VirtualServer;
import io.jkeepalived.exec.ScriptAdmission;

/**
 * Translates a real server's checkers from the configuration model (effective values: the parser resolved the
 * checker / real server / virtual server inheritance) into the checkers' {@link CheckerConfig}s. What the
 * checkers cannot do yet is reported through {@code unsupported}, one sentence each, and left out.
 */
public final class CheckerConfigs {
    private CheckerConfigs() {
    }

    /**
     * @param scripts whether a MISC_CHECK script may run and as whom (the daemon applies {@code user},
     *                {@code script_user} and keepalived's script checks there); a script refused there is left
     *                out with a line through {@code unsupported}, as keepalived removes the checker
     */
    public static List<CheckerConfig> from(VirtualServer vs, RealServer rs,
                                           Function<ScriptCommand, ScriptAdmission.Admission> scripts,
                                           Consumer<String> unsupported) {
        return from(vs, rs, scripts, name -> Optional.empty(), unsupported);
    }

    /**
     * @param trackFiles the configuration's {@code track_file} of a name (FILE_CHECK): its path and default
     *                   weight. A FILE_CHECK naming none is left out with a line, as keepalived ignores it
     */
    public static List<CheckerConfig> from(VirtualServer vs, RealServer rs,
                                           Function<ScriptCommand, ScriptAdmission.Admission> scripts,
                                           Function<String, Optional<TrackFile>> trackFiles,
                                           Consumer<String> unsupported) {
        List<CheckerConfig> configs = new ArrayList<>();
        for (Checker checker : rs.checkers()) {
            String where = checker.keyword() + " of real server " + rs.address().getHostAddress() + " port "
                    + rs.port();
            if (checker instanceof io.jkeepalived.config.model.lvs.TcpCheck tcp) {
                configs.add(new CheckerConfig(new TcpCheck(target(tcp.connection(), where, unsupported)),
                        timing(tcp.settings())));
            } else if (checker instanceof io.jkeepalived.config.model.lvs.HttpCheck http) {
                List<UrlCheck> urls = new ArrayList<>();
                for (HttpUrl url : http.urls()) {
                    urls.add(url(url));
                    url.regex().ifPresent(r -> unsupported.accept(where + ": regex on url " + url.path()
                            + " is not implemented; only the status code and digest are checked"));
                }
                HttpCheck spec = new HttpCheck(target(http.connection(), where, unsupported), http.tls(),
                        HttpProtocol.fromKeyword(http.protocol().word()), urls, http.virtualhost(), rs.virtualhost(),
                        vs.virtualhost(), http.enableSni(), http.fastRecovery());
                configs.add(new CheckerConfig(spec, timing(http.settings())));
            } else if (checker instanceof io.jkeepalived.config.model.lvs.MiscCheck misc) {
                ScriptAdmission.Admission admission = scripts.apply(misc.script());
                if (!admission.runs()) {
                    unsupported.accept("Disabling " + where + ", misc_path " + misc.script().commandLine() + ": "
                            + admission.problem().orElse("refused") + "; the real server is judged by its other"
                            + " checkers (always up when it has none)");
                    continue;
                }
                if (admission.insecure()) {
                    unsupported.accept(where + ", misc_path " + misc.script().commandLine() + " is insecure: "
                            + admission.problem().orElse(""));
                }
                CheckerSpec spec = new MiscCheck(new io.jkeepalived.exec.ScriptCommand(misc.script().argv()),
                        misc.timeout(), misc.dynamic(), admission.runAs());
                configs.add(new CheckerConfig(spec, timing(misc.settings())));
            } else if (checker instanceof io.jkeepalived.config.model.lvs.DnsCheck dns) {
                configs.add(new CheckerConfig(new DnsCheck(target(dns.connection(), where, unsupported),
                        dns.type().code(), dns.name()), timing(dns.settings())));
            } else if (checker instanceof io.jkeepalived.config.model.lvs.UdpCheck udp) {
                configs.add(new CheckerConfig(new UdpCheck(target(udp.connection(), where, unsupported),
                        udp.payload(), udp.requireReply(), udp.replyPattern(), udp.minReplyLength(),
                        udp.maxReplyLength()), timing(udp.settings())));
            } else if (checker instanceof io.jkeepalived.config.model.lvs.PingCheck ping) {
                configs.add(new CheckerConfig(ping(ping.connection(), where, unsupported), timing(ping.settings())));
            } else if (checker instanceof io.jkeepalived.config.model.lvs.SmtpCheck smtp) {
                configs.add(new CheckerConfig(new io.jkeepalived.check.SmtpCheck(target(smtp.connection(), where,
                        unsupported), smtp.heloName()), timing(smtp.settings())));
            } else if (checker instanceof io.jkeepalived.config.model.lvs.FileCheck file) {
                Optional<TrackFile> declared = trackFiles.apply(file.trackFile());
                if (declared.isEmpty()) {
                    unsupported.accept(where + ": track_file " + file.trackFile() + " is not declared; the"
                            + " FILE_CHECK is ignored, as keepalived 2.2.7 ignores it");
                    continue;
                }
                TrackFile tf = declared.get();
                // check_file.c: FILE_CHECK's own weight (and its reverse) when given, else the track_file's.
                int weight = file.weight().orElse(tf.weight());
                boolean reverse = file.weight().isPresent() ? file.reverse() : tf.weightReverse();
                configs.add(new CheckerConfig(new FileCheck(tf.name(), tf.path(), weight, reverse),
                        CheckTiming.keepalivedDefaults(CheckerKind.FILE_CHECK, CheckTiming.DEFAULT_DELAY_LOOP)));
            } else {
                unsupported.accept(where + " is not implemented; the real server is judged by its other checkers"
                        + " (always up when it has none)");
            }
        }
        return configs;
    }

    private static ConnectTarget target(Connection c, String where, Consumer<String> unsupported) {
        c.bindInterface().ifPresent(i -> unsupported.accept(where + ": bind_if " + i + " is not implemented"));
        if (c.fwmark() != 0) {
            unsupported.accept(where + ": fwmark " + c.fwmark() + " is not implemented");
        }
        return new ConnectTarget(new InetSocketAddress(c.address(), c.port()), c.bindAddress(), c.bindPort(),
                c.timeout());
    }

    /**
     * keepalived's PING_CHECK takes only the destination and connect_timeout; the local-side options it accepts
     * and ignores are said once, so that nobody expects them to work.
     */
    private static PingCheck ping(Connection c, String where, Consumer<String> unsupported) {
        List<String> ignored = new ArrayList<>();
        c.bindAddress().ifPresent(a -> ignored.add("bindto " + a.getHostAddress()));
        if (c.bindPort() != 0) {
            ignored.add("bind_port " + c.bindPort());
        }
        c.bindInterface().ifPresent(i -> ignored.add("bind_if " + i));
        if (c.fwmark() != 0) {
            ignored.add("fwmark " + c.fwmark());
        }
        if (!ignored.isEmpty()) {
            unsupported.accept(where + ": " + String.join(", ", ignored) + " ignored, as keepalived 2.2.7 ignores"
                    + " them for PING_CHECK");
        }
        return new PingCheck(c.address(), c.timeout());
    }

    private static UrlCheck url(HttpUrl url) {
        StatusCodes codes = null;
        for (HttpUrl.StatusRange r : url.statusCodes()) {
            StatusCodes range = StatusCodes.range(r.first(), r.last());
            codes = codes == null ? range : codes.union(range);
        }
        UrlCheck check = UrlCheck.of(url.path()).withStatusCodes(codes);
        if (url.digest().isPresent()) {
            check = check.withDigest(url.digest().get());
        }
        if (url.virtualhost().isPresent()) {
            check = check.withVirtualhost(url.virtualhost().get());
        }
        return check;
    }

    private static CheckTiming timing(CheckerSettings s) {
        return new CheckTiming(s.delayLoop(), s.delayBeforeRetry(), (int) Math.min(Integer.MAX_VALUE, s.retry()),
                s.warmup(), s.alpha());
    }
}
