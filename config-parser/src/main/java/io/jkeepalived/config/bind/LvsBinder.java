package io.jkeepalived.config.bind;

import io.jkeepalived.config.Diagnostics;
import io.jkeepalived.config.Statement;
import io.jkeepalived.config.bind.LvsDrafts.GroupDraft;
import io.jkeepalived.config.bind.LvsDrafts.RealServerDraft;
import io.jkeepalived.config.bind.LvsDrafts.SorryDraft;
import io.jkeepalived.config.bind.LvsDrafts.SslDraft;
import io.jkeepalived.config.bind.LvsDrafts.VirtualServerDraft;
import io.jkeepalived.config.model.GlobalDefs;
import io.jkeepalived.config.model.LvsConfig;
import io.jkeepalived.config.model.ScriptCommand;
import io.jkeepalived.config.model.lvs.ForwardingMethod;
import io.jkeepalived.config.model.lvs.ForwardingMethod.TunnelChecksum;
import io.jkeepalived.config.model.lvs.ForwardingMethod.TunnelType;
import io.jkeepalived.config.model.lvs.IpFamily;
import io.jkeepalived.config.model.lvs.PersistenceGranularity;
import io.jkeepalived.config.model.lvs.Protocol;
import io.jkeepalived.config.model.lvs.Scheduler;
import io.jkeepalived.config.model.lvs.SchedulerFlag;
import io.jkeepalived.config.model.lvs.VirtualServerGroup;
import io.jkeepalived.config.model.lvs.VirtualServerId;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Binds the checker side of keepalived.conf: {@code virtual_server}, {@code virtual_server_group} and
 * {@code SSL}; {@code bfd_instance} is recognised and ignored with a warning ({@code track_file}, which FILE_CHECK
 * names, is read by the VRRP binder into {@code VrrpConfig.trackFiles}).
 *
 * <p>Reading follows keepalived's parser, including where it depends on order (a real server takes the
 * virtual server's {@code lvs_method} as set when its {@code real_server} line is read). Defaults,
 * inheritance and cross-references are applied in {@link #finish(GlobalDefs)}, as keepalived does after
 * reading the whole file. Decisions where we differ are in docs/config-language.md.
 */
public final class LvsBinder {
    static final long UINT32_MAX = 0xFFFF_FFFFL;
    static final int WEIGHT_MAX = Integer.MAX_VALUE;
    /** keepalived's LVS_MAX_TIMEOUT: 31 days. */
    static final long PERSISTENCE_MAX_SECONDS = 86_400L * 31;
    /** IPVS's persistence engine names are at most 15 characters. */
    static final int PE_NAME_MAX = 15;

    private static final Set<String> TOP_LEVEL = Set.of("virtual_server", "virtual_server_group", "SSL",
            "bfd_instance");
    private static final String SCHEDULER_NAMES = Arrays.stream(Scheduler.values())
            .map(Scheduler::kernelName).collect(Collectors.joining(", "));

    private final Diagnostics diagnostics;
    private final CheckerReader checkers;
    private final List<GroupDraft> groups = new ArrayList<>();
    private final List<VirtualServerDraft> virtualServers = new ArrayList<>();
    private SslDraft ssl;

    public LvsBinder(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
        this.checkers = new CheckerReader(diagnostics);
    }

    /** Whether {@code keyword} is a top-level keyword of this part of the configuration. */
    public boolean accepts(String keyword) {
        return TOP_LEVEL.contains(keyword);
    }

    public void bind(Statement statement) {
        switch (statement.keyword()) {
            case "virtual_server" -> bindVirtualServer(statement);
            case "virtual_server_group" -> bindGroup(statement);
            case "SSL" -> bindSsl(statement);
            default -> unsupported(diagnostics, statement);
        }
    }

    /** The model, once every statement was bound; global defaults are applied here. */
    public LvsConfig finish(GlobalDefs globalDefs) {
        return finish(globalDefs, Optional.empty());
    }

    /**
     * @param checkerSmtpAlert global_defs' smtp_alert_checker, else smtp_alert, when either was written: the default
     *                         of every virtual and real server's smtp_alert (without them keepalived defaults a
     *                         virtual server to no and a real server to yes)
     */
    public LvsConfig finish(GlobalDefs globalDefs, Optional<Boolean> checkerSmtpAlert) {
        return new LvsFinisher(diagnostics, globalDefs, checkerSmtpAlert).finish(ssl, groups, virtualServers);
    }

    // ---- shared reporting, also used by CheckerReader ----

    static void unknown(Diagnostics diagnostics, Statement s) {
        diagnostics.warn(s.location(), "Unknown keyword '" + s.keyword() + "'"
                + (s.hasBlock() ? " (its block is skipped)" : ""));
        diagnostics.blockSkipped(s);
    }

    static void unsupported(Diagnostics diagnostics, Statement s) {
        diagnostics.warn(s.location(), s.keyword() + ": not supported by jkeepalived; ignored"
                + (s.hasBlock() ? " (its block is skipped)" : ""));
    }

    /** Arguments of a keyword that takes no block. */
    static Args line(Diagnostics diagnostics, Statement s) {
        Args a = new Args(s, diagnostics);
        a.noBlock();
        return a;
    }

    /**
     * keepalived's flags at the virtual server level take no argument: whatever follows is ignored and the
     * flag is turned on. We do the same, and say so when an argument would read as "off".
     */
    static void bareFlag(Args a) {
        if (a.count() > 0) {
            boolean off = Values.parseBoolean(a.all().get(0)).map(b -> !b).orElse(false);
            a.warn("no argument expected here; '" + String.join(" ", a.all()) + "' ignored"
                    + (off ? " and the option still turned on, as keepalived does" : ""));
        }
    }

    /** keepalived's port words: "0" (any number of zeros) means none; otherwise 1 to 65535. */
    static OptionalInt parsePort(String word) {
        if (allZeros(word)) {
            return OptionalInt.of(0);
        }
        OptionalLong v = Values.parseInteger(word);
        if (v.isEmpty() || v.getAsLong() < 1 || v.getAsLong() > 65535 || word.startsWith("+")) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) v.getAsLong());
    }

    /** {@code 0+}, without compiling a regex for every real server. */
    private static boolean allZeros(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (word.charAt(i) != '0') {
                return false;
            }
        }
        return !word.isEmpty();
    }

    /**
     * A server address word. keepalived reads only what comes before a {@code -} or {@code /}; we do the same
     * and warn, so {@code 10.0.0.1/24} is 10.0.0.1.
     */
    static Optional<InetAddress> serverAddress(Args a, String word) {
        int cut = firstOf(word, '-', '/');
        Optional<InetAddress> address = Values.parseAddress(cut < 0 ? word : word.substring(0, cut));
        if (address.isPresent() && cut >= 0) {
            a.warn("ignoring '" + word.substring(cut) + "' after the address " + word.substring(0, cut)
                    + ", as keepalived does");
        }
        return address;
    }

    private static int firstOf(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }

    /**
     * {@code NAT|DR|TUN [type ipip|gue|gre] [port N] [nocsum|csum|remcsum]}, keepalived's spelling only. Like
     * keepalived, a bad tunnel option does not undo the method itself: it is reported and TUN keeps the default
     * tunnel (ipip); words after NAT or DR are ignored.
     */
    static Optional<ForwardingMethod> forwarding(Args a) {
        Optional<String> w = a.word(0, "NAT, DR or TUN");
        if (w.isEmpty()) {
            return Optional.empty();
        }
        List<String> words = a.all();
        switch (w.get()) {
            case "NAT", "DR" -> {
                if (words.size() > 1) {
                    a.warn("tunnel options only apply to TUN; '" + String.join(" ", words.subList(1, words.size()))
                            + "' ignored");
                }
                return Optional.of(w.get().equals("NAT") ? ForwardingMethod.NAT : ForwardingMethod.DR);
            }
            case "TUN" -> {
                return Optional.of(tunnel(a, words).orElse(ForwardingMethod.TUN));
            }
            default -> {
                a.error("expected NAT, DR or TUN, got '" + w.get() + "'");
                return Optional.empty();
            }
        }
    }

    private static Optional<ForwardingMethod> tunnel(Args a, List<String> words) {
        String fallback = "; using TUN type ipip";
        TunnelType type = TunnelType.IPIP;
        int port = 0;
        TunnelChecksum checksum = TunnelChecksum.NOCSUM;
        for (int i = 1; i < words.size(); i++) {
            String option = words.get(i);
            switch (option) {
                case "type" -> {
                    if (i + 1 >= words.size()) {
                        a.error("missing tunnel type after 'type' (ipip, gue or gre)" + fallback);
                        return Optional.empty();
                    }
                    String t = words.get(++i);
                    switch (t) {
                        case "ipip" -> type = TunnelType.IPIP;
                        case "gue" -> type = TunnelType.GUE;
                        case "gre" -> type = TunnelType.GRE;
                        default -> {
                            a.error("expected tunnel type ipip, gue or gre, got '" + t + "'" + fallback);
                            return Optional.empty();
                        }
                    }
                }
                case "port" -> {
                    if (i + 1 >= words.size()) {
                        a.error("missing port after 'port'" + fallback);
                        return Optional.empty();
                    }
                    String p = words.get(++i);
                    OptionalInt value = parsePort(p);
                    if (value.isEmpty() || value.getAsInt() == 0) {
                        a.error("expected a tunnel port from 1 to 65535, got '" + p + "'" + fallback);
                        return Optional.empty();
                    }
                    port = value.getAsInt();
                }
                case "nocsum" -> checksum = TunnelChecksum.NOCSUM;
                case "csum" -> checksum = TunnelChecksum.CSUM;
                case "remcsum" -> checksum = TunnelChecksum.REMCSUM;
                default -> {
                    a.error("unknown tunnel option '" + option + "' (expected type, port, nocsum, csum or remcsum)"
                            + fallback);
                    return Optional.empty();
                }
            }
        }
        if ((type == TunnelType.GUE) != (port != 0)) {
            a.error((type == TunnelType.GUE ? "a gue tunnel needs 'port N'" : "only gue tunnels take a port")
                    + fallback);
            return Optional.empty();
        }
        if (type == TunnelType.IPIP && checksum != TunnelChecksum.NOCSUM) {
            a.error("ipip tunnels take no checksum option" + fallback);
            return Optional.empty();
        }
        if (type == TunnelType.GRE && checksum == TunnelChecksum.REMCSUM) {
            a.error("gre tunnels do not support remcsum" + fallback);
            return Optional.empty();
        }
        return Optional.of(ForwardingMethod.tunnel(type, port, checksum));
    }

    /**
     * {@code keyword SCRIPT [USER [GROUP]]}: the same reading as every other script line (keepalived keeps the
     * command as one word and splits it when it runs it).
     */
    static Optional<ScriptCommand> script(Args a) {
        return GlobalDefsBinder.scriptCommand(a);
    }

    // ---- virtual_server_group ----

    private void bindGroup(Statement s) {
        Args a = new Args(s, diagnostics);
        Optional<String> name = a.word(0, "a group name");
        if (name.isEmpty()) {
            return;
        }
        a.atMost(1);
        GroupDraft group = new GroupDraft(s.location(), name.get());
        for (Statement entry : s.children()) {
            Args e = line(diagnostics, entry);
            if (entry.keyword().equals("fwmark")) {
                groupFwmark(group, e);
            } else {
                groupRange(group, entry, e);
            }
        }
        String title = "virtual_server_group " + group.name;
        boolean v4 = group.ranges.stream().anyMatch(r -> r.first() instanceof Inet4Address)
                || group.fwmarks.stream().anyMatch(f -> f.family().equals(Optional.of(IpFamily.INET)));
        boolean v6 = group.ranges.stream().anyMatch(r -> r.first() instanceof Inet6Address)
                || group.fwmarks.stream().anyMatch(f -> f.family().equals(Optional.of(IpFamily.INET6)));
        if (group.ranges.isEmpty() && group.fwmarks.isEmpty()) {
            diagnostics.error(s.location(), title + ": no entries; the group is ignored");
            return;
        }
        if (v4 && v6 && group.fwmarks.stream().anyMatch(f -> f.family().isEmpty())) {
            // keepalived finds this when the block ends and reports it at the '}'
            diagnostics.error(s.end() != null ? s.end() : s.location(), title + " (at " + s.location() + "): holds IPv4 and IPv6 entries, so every fwmark needs"
                    + " 'inet' or 'inet6'; the group is ignored");
            return;
        }
        groups.add(group);
    }

    private void groupFwmark(GroupDraft group, Args e) {
        OptionalLong mark = e.integer(0, 1, UINT32_MAX);
        if (mark.isEmpty()) {
            return;
        }
        Optional<IpFamily> family = Optional.empty();
        if (e.count() > 1) {
            String f = e.all().get(1);
            switch (f) {
                case "inet" -> family = Optional.of(IpFamily.INET);
                case "inet6" -> family = Optional.of(IpFamily.INET6);
                default -> {
                    e.error("expected inet or inet6 after the mark, got '" + f + "'");
                    return;
                }
            }
            e.atMost(2);
        }
        group.fwmarks.add(new VirtualServerGroup.FwmarkEntry(mark.getAsLong(), family));
    }

    /** {@code ADDRESS[-END|/PREFIX] [PORT]}: one address, a range, or a whole prefix. */
    private void groupRange(GroupDraft group, Statement entry, Args e) {
        String spec = entry.keyword();
        String where = "virtual_server_group " + group.name + ": ";
        int port = 0;
        if (e.count() > 0) {
            OptionalInt p = parsePort(e.all().get(0));
            if (p.isEmpty()) {
                diagnostics.error(entry.location(), where + "expected a port from 1 to 65535 after " + spec
                        + ", got '" + e.all().get(0) + "'; entry ignored");
                return;
            }
            port = p.getAsInt();
            e.atMost(1);
        }
        int cut = firstOf(spec, '-', '/');
        String startWord = cut < 0 ? spec : spec.substring(0, cut);
        Optional<InetAddress> first = Values.parseAddress(startWord);
        if (first.isEmpty()) {
            diagnostics.error(entry.location(), where + "expected an IP address, range or prefix, got '" + spec
                    + "'; entry ignored");
            return;
        }
        InetAddress start = first.get();
        InetAddress end = start;
        if (cut >= 0 && spec.charAt(cut) == '/') {
            Optional<InetAddress> last = prefixEnd(start, spec.substring(cut + 1));
            if (last.isEmpty()) {
                diagnostics.error(entry.location(), where + "'" + spec + "' is not a network prefix (bad length,"
                        + " or host bits set); entry ignored");
                return;
            }
            end = last.get();
        } else if (cut >= 0) {
            String tail = spec.substring(cut + 1);
            Optional<InetAddress> last = rangeEnd(start, tail);
            if (last.isEmpty()) {
                diagnostics.error(entry.location(), where + "bad range end '" + tail + "' in '" + spec
                        + "' (expected a full address, or the last " + (start instanceof Inet4Address
                        ? "byte in decimal, 0-255" : "16-bit group in hex") + "); entry ignored");
                return;
            }
            end = last.get();
            boolean fullEnd = tail.indexOf('.') >= 0 || tail.indexOf(':') >= 0;
            int order = unsigned(end).compareTo(unsigned(start));
            if (fullEnd ? order < 0 : order <= 0) {
                diagnostics.error(entry.location(), where + "range '" + spec + "' does not end after it starts;"
                        + " entry ignored");
                return;
            }
        }
        group.ranges.add(new VirtualServerGroup.AddressRange(start, end, port));
    }

    private static BigInteger unsigned(InetAddress a) {
        return new BigInteger(1, a.getAddress());
    }

    /** The end of {@code start-TAIL}: a full address of the same family, or the last byte / 16-bit group. */
    private static Optional<InetAddress> rangeEnd(InetAddress start, String tail) {
        boolean v4 = start instanceof Inet4Address;
        if (v4 ? tail.indexOf('.') >= 0 : tail.indexOf(':') >= 0) {
            return Values.parseAddress(tail).filter(a -> a.getClass() == start.getClass());
        }
        if (!tail.matches(v4 ? "[0-9]{1,3}" : "[0-9A-Fa-f]{1,4}")) {
            return Optional.empty();
        }
        int last = Integer.parseInt(tail, v4 ? 10 : 16);
        if (v4 && last > 255) {
            return Optional.empty();
        }
        byte[] b = start.getAddress();
        if (v4) {
            b[3] = (byte) last;
        } else {
            b[14] = (byte) (last >> 8);
            b[15] = (byte) last;
        }
        return Optional.of(byAddress(b));
    }

    /** The last address of {@code start/LENGTH}; empty if the length is bad or {@code start} has host bits. */
    private static Optional<InetAddress> prefixEnd(InetAddress start, String length) {
        int bits = start.getAddress().length * 8;
        if (!length.matches("[0-9]{1,3}")) {
            return Optional.empty();
        }
        int prefix = Integer.parseInt(length);
        if (prefix < 1 || prefix > bits) {
            return Optional.empty();
        }
        BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
        BigInteger value = unsigned(start);
        if (!value.and(hostMask).equals(BigInteger.ZERO)) {
            return Optional.empty();
        }
        byte[] raw = value.or(hostMask).toByteArray();
        byte[] b = new byte[bits / 8];
        int copy = Math.min(raw.length, b.length);
        System.arraycopy(raw, raw.length - copy, b, b.length - copy, copy);
        return Optional.of(byAddress(b));
    }

    static InetAddress byAddress(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    // ---- SSL ----

    private void bindSsl(Statement s) {
        Args a = new Args(s, diagnostics);
        a.atMost(0);
        if (ssl != null) {
            a.warn("a second SSL block replaces the first");
        }
        ssl = new SslDraft();
        for (Statement c : s.children()) {
            Args ca = new Args(c, diagnostics);
            switch (c.keyword()) {
                case "password" -> ssl.password = sslValue(ca, ssl.password, "a password");
                case "ca" -> ssl.caFile = sslValue(ca, ssl.caFile, "a CA file");
                case "certificate" -> ssl.certificateFile = sslValue(ca, ssl.certificateFile, "a certificate file");
                case "key" -> ssl.keyFile = sslValue(ca, ssl.keyFile, "a key file");
                default -> {
                    unknown(diagnostics, c);
                    continue;
                }
            }
            ca.noBlock();
        }
    }

    private static String sslValue(Args a, String previous, String what) {
        Optional<String> w = a.word(0, what);
        if (w.isEmpty()) {
            return previous;
        }
        a.atMost(1);
        if (previous != null) {
            a.warn("set twice; the last one is used");
        }
        return w.get();
    }

    // ---- virtual_server ----

    private void bindVirtualServer(Statement s) {
        Args a = new Args(s, diagnostics);
        Optional<VirtualServerDraft> created = newVirtualServer(a);
        if (created.isEmpty()) {
            return;
        }
        VirtualServerDraft vs = created.get();
        for (Statement c : s.children()) {
            virtualServerKeyword(vs, c);
        }
        endVirtualServer(vs);
        virtualServers.add(vs);
    }

    private Optional<VirtualServerDraft> newVirtualServer(Args a) {
        String skipped = a.statement().hasBlock() ? "; its block is skipped" : "";
        Optional<String> first = a.word(0, "an address, 'fwmark N' or 'group NAME'" + skipped);
        if (first.isEmpty()) {
            return Optional.empty();
        }
        String written = String.join(" ", a.all());
        switch (first.get()) {
            case "group" -> {
                Optional<String> name = a.word(1, "a group name after 'group'" + skipped);
                if (name.isEmpty()) {
                    return Optional.empty();
                }
                a.atMost(2);
                return Optional.of(new VirtualServerDraft(a.location(), new VirtualServerId.Group(name.get()),
                        "group " + name.get()));
            }
            case "fwmark" -> {
                Optional<String> w = a.word(1, "a mark after 'fwmark'" + skipped);
                if (w.isEmpty()) {
                    return Optional.empty();
                }
                OptionalLong mark = Values.parseInteger(w.get());
                if (mark.isEmpty() || mark.getAsLong() < 1 || mark.getAsLong() > UINT32_MAX) {
                    a.error("expected a fwmark from 1 to 4294967295, got '" + w.get() + "'" + skipped);
                    return Optional.empty();
                }
                a.atMost(2);
                return Optional.of(new VirtualServerDraft(a.location(), new VirtualServerId.Fwmark(mark.getAsLong()),
                        "fwmark " + mark.getAsLong()));
            }
            default -> {
                Optional<InetAddress> address = serverAddress(a, first.get());
                if (address.isEmpty()) {
                    a.error("expected an IPv4 or IPv6 address, 'fwmark N' or 'group NAME', got '" + first.get() + "'"
                            + skipped);
                    return Optional.empty();
                }
                int port = 0;
                if (a.count() > 1) {
                    OptionalInt p = parsePort(a.all().get(1));
                    if (p.isEmpty()) {
                        a.error("expected a port from 1 to 65535, got '" + a.all().get(1) + "'" + skipped);
                        return Optional.empty();
                    }
                    port = p.getAsInt();
                }
                a.atMost(2);
                VirtualServerDraft vs = new VirtualServerDraft(a.location(),
                        new VirtualServerId.Ip(address.get(), port), written);
                vs.family = IpFamily.of(address.get());
                return Optional.of(vs);
            }
        }
    }

    private void virtualServerKeyword(VirtualServerDraft vs, Statement c) {
        String keyword = c.keyword();
        if (keyword.equals("real_server")) {
            bindRealServer(vs, c);
            return;
        }
        Args a = new Args(c, diagnostics);
        switch (keyword) {
            case "ip_family" -> ipFamily(vs, a);
            case "retry" -> a.integer(0, 1, UINT32_MAX).ifPresent(v -> vs.retry = v);
            case "delay_before_retry" -> a.secondsAtLeast(0, 0).ifPresent(v -> vs.delayBeforeRetry = v);
            case "warmup" -> a.secondsAtLeast(0, 0).ifPresent(v -> vs.warmup = v);
            case "connect_timeout" -> a.seconds(0, 0.000001, 4294.967295).ifPresent(v -> vs.connectTimeout = v);
            case "delay_loop" -> a.secondsAtLeast(0, 0.000001).ifPresent(v -> vs.delayLoop = v);
            case "inhibit_on_failure" -> {
                bareFlag(a);
                vs.inhibit = true;
            }
            case "lb_algo", "lvs_sched" -> scheduler(vs, a);
            case "ops" -> {
                bareFlag(a);
                vs.onePacket = true;
            }
            case "hashed" -> a.warn("no effect (keepalived ignores it too); ignored");
            case "flag-1", "flag-2", "flag-3" -> {
                bareFlag(a);
                vs.flags.add(SchedulerFlag.values()[keyword.charAt(5) - '1']);
            }
            case "sh-port", "sh-fallback", "mh-port", "mh-fallback" -> schedulerFlag(vs, a);
            case "lb_kind", "lvs_method" -> forwarding(a).ifPresent(m -> vs.method = m);
            case "persistence_engine" -> persistenceEngine(vs, a);
            case "persistence_timeout" -> persistenceTimeout(vs, a);
            case "persistence_granularity" -> granularity(vs, a);
            case "protocol" -> {
                a.atMost(1);
                a.oneOf(0, List.of("TCP", "UDP", "SCTP")).ifPresent(p -> vs.protocol = Protocol.valueOf(p));
            }
            case "ha_suspend" -> {
                bareFlag(a);
                vs.haSuspend = true;
            }
            case "smtp_alert" -> {
                a.atMost(1);
                a.flag(0).ifPresent(v -> vs.smtpAlert = v);
            }
            case "virtualhost" -> a.word(0, "a host name").ifPresent(v -> vs.virtualhost = v);
            case "alpha" -> {
                bareFlag(a);
                vs.alpha = true;
            }
            case "omega" -> {
                bareFlag(a);
                vs.omega = true;
            }
            case "quorum_up" -> vs.quorumUp = onceScript(a, vs.quorumUp);
            case "quorum_down" -> vs.quorumDown = onceScript(a, vs.quorumDown);
            case "quorum" -> {
                a.atMost(1);
                OptionalLong q = a.integer(0, 1, UINT32_MAX);
                if (q.isEmpty()) {
                    a.warn("quorum set to 1, as keepalived does");
                }
                vs.quorum = q.orElse(1);
            }
            case "hysteresis" -> a.integer(0, 0, UINT32_MAX).ifPresent(v -> vs.hysteresis = v);
            case "weight" -> a.integer(0, 1, WEIGHT_MAX).ifPresent(v -> vs.weight = (int) v);
            case "sorry_server" -> sorryServer(vs, a);
            case "sorry_server_inhibit" -> {
                bareFlag(a);
                if (vs.sorry == null) {
                    a.error("comes before or without sorry_server; ignored");
                } else {
                    vs.sorry.inhibit = true;
                }
            }
            case "sorry_server_lvs_method" -> {
                if (vs.sorry == null) {
                    a.error("comes before or without sorry_server; ignored");
                } else {
                    forwarding(a).ifPresent(m -> vs.sorry.method = m);
                }
            }
            case "nat_mask" -> a.warn("obsolete, no effect (keepalived 2.2.7 reports it as an unknown keyword);"
                    + " ignored");
            case "snmp_name" -> {
                unsupported(diagnostics, c);
                return;
            }
            default -> {
                unknown(diagnostics, c);
                return;
            }
        }
        a.noBlock();
    }

    private ScriptCommand onceScript(Args a, ScriptCommand previous) {
        if (previous != null) {
            a.error("already set; this one is ignored");
            return previous;
        }
        return script(a).orElse(null);
    }

    private static void ipFamily(VirtualServerDraft vs, Args a) {
        a.atMost(1);
        Optional<String> w = a.word(0, "inet or inet6");
        if (w.isEmpty()) {
            return;
        }
        IpFamily family;
        switch (w.get()) {
            case "inet" -> family = IpFamily.INET;
            case "inet6" -> family = IpFamily.INET6;
            default -> {
                a.error("expected inet or inet6, got '" + w.get() + "'");
                return;
            }
        }
        if (vs.family != null && vs.family != family) {
            a.error(w.get() + " conflicts with the " + vs.family.keyword()
                    + " family of the addresses read so far; ignored");
            return;
        }
        vs.family = family;
    }

    private static void scheduler(VirtualServerDraft vs, Args a) {
        a.atMost(1);
        Optional<String> w = a.word(0, "a scheduler (" + SCHEDULER_NAMES + ")");
        if (w.isEmpty()) {
            return;
        }
        Optional<Scheduler> scheduler = Scheduler.byKernelName(w.get());
        if (scheduler.isEmpty()) {
            a.error("expected one of " + SCHEDULER_NAMES + ", got '" + w.get() + "'");
            return;
        }
        vs.scheduler = scheduler.get();
    }

    /** keepalived only takes sh-* after {@code lvs_sched sh} and mh-* after {@code lvs_sched mh}. */
    private void schedulerFlag(VirtualServerDraft vs, Args a) {
        bareFlag(a);
        String keyword = a.keyword();
        Scheduler needed = keyword.startsWith("sh") ? Scheduler.SH : Scheduler.MH;
        if (vs.scheduler != needed) {
            a.error("only applies to the " + needed.kernelName() + " scheduler, which must be set before it"
                    + " (lvs_sched " + needed.kernelName() + "); ignored");
            return;
        }
        vs.flags.add(keyword.endsWith("fallback") ? SchedulerFlag.FLAG_1 : SchedulerFlag.FLAG_2);
    }

    private static void persistenceEngine(VirtualServerDraft vs, Args a) {
        a.atMost(1);
        Optional<String> w = a.word(0, "an engine name");
        if (w.isEmpty()) {
            return;
        }
        String name = w.get();
        if (name.length() > PE_NAME_MAX) {
            a.warn("engine name longer than " + PE_NAME_MAX + " characters; cut to '"
                    + name.substring(0, PE_NAME_MAX) + "', as keepalived does");
            name = name.substring(0, PE_NAME_MAX);
        }
        vs.persistenceEngine = name;
    }

    private static void persistenceTimeout(VirtualServerDraft vs, Args a) {
        if (a.count() == 0) {
            vs.persistenceTimeout = io.jkeepalived.config.model.lvs.VirtualServer.DEFAULT_PERSISTENCE_TIMEOUT;
            return;
        }
        a.atMost(1);
        a.integer(0, 1, PERSISTENCE_MAX_SECONDS).ifPresent(v -> vs.persistenceTimeout = Values.seconds(v));
    }

    private static void granularity(VirtualServerDraft vs, Args a) {
        a.atMost(1);
        Optional<String> w = a.word(0, "a netmask (IPv4) or prefix length (IPv6)");
        if (w.isEmpty()) {
            return;
        }
        IpFamily family = vs.family != null ? vs.family : w.get().indexOf('.') >= 0 ? IpFamily.INET : IpFamily.INET6;
        if (family == IpFamily.INET6) {
            OptionalLong length = Values.parseInteger(w.get());
            if (length.isEmpty() || length.getAsLong() < 1 || length.getAsLong() > 128) {
                a.error("expected an IPv6 prefix length from 1 to 128, got '" + w.get() + "'");
                return;
            }
            vs.granularity = new PersistenceGranularity.Ipv6PrefixLength((int) length.getAsLong());
        } else {
            Optional<InetAddress> mask = Values.parseAddress(w.get()).filter(m -> m instanceof Inet4Address);
            if (mask.isEmpty()) {
                a.error("expected an IPv4 netmask such as 255.255.255.0, got '" + w.get() + "'");
                return;
            }
            vs.granularity = new PersistenceGranularity.Ipv4Netmask((Inet4Address) mask.get());
        }
        if (vs.family == null) {
            vs.family = family;
        }
    }

    private void sorryServer(VirtualServerDraft vs, Args a) {
        Optional<String> w = a.word(0, "an address");
        if (w.isEmpty()) {
            return;
        }
        Optional<InetAddress> address = serverAddress(a, w.get());
        if (address.isEmpty()) {
            a.error("expected an IPv4 or IPv6 address, got '" + w.get() + "'; no sorry server");
            return;
        }
        int port = 0;
        if (a.count() > 1) {
            OptionalInt p = parsePort(a.all().get(1));
            if (p.isEmpty()) {
                a.error("expected a port from 1 to 65535, got '" + a.all().get(1) + "'; no sorry server");
                return;
            }
            port = p.getAsInt();
        }
        a.atMost(2);
        if (vs.sorry != null) {
            a.warn("a second sorry_server replaces the one at line " + vs.sorry.location.line());
        }
        vs.sorry = new SorryDraft(a.location(), address.get(), port, vs.method);
    }

    /** Address families, as keepalived settles them when the virtual_server block ends. */
    private void endVirtualServer(VirtualServerDraft vs) {
        SorryDraft sorry = vs.sorry;
        if (sorry != null && !tunnelled(sorry.method)) {
            IpFamily f = IpFamily.of(sorry.address);
            if (vs.family == null) {
                vs.family = f;
            } else if (vs.family != f) {
                diagnostics.error(sorry.location, "sorry_server " + Values.formatAddress(sorry.address)
                        + ": its address family differs from the virtual server's; no sorry server");
                vs.sorry = null;
            }
        }
        if (vs.family == null && !vs.isGroup()) {
            // Only a fwmark service whose servers are all tunnelled gets here: keepalived takes their common
            // family, and IPv4 when they mix or there are none.
            List<IpFamily> seen = new ArrayList<>();
            if (vs.sorry != null) {
                seen.add(IpFamily.of(vs.sorry.address));
            }
            vs.realServers.forEach(rs -> seen.add(IpFamily.of(rs.address)));
            boolean mixed = seen.stream().distinct().count() > 1;
            vs.family = mixed || seen.isEmpty() ? IpFamily.INET : seen.get(0);
        }
    }

    static boolean tunnelled(ForwardingMethod method) {
        return method != null && method.kind() == ForwardingMethod.Kind.TUN;
    }

    // ---- real_server ----

    private void bindRealServer(VirtualServerDraft vs, Statement s) {
        Args a = new Args(s, diagnostics);
        String skipped = s.hasBlock() ? "; the real server and its block are skipped" : "; the real server is skipped";
        Optional<String> w = a.word(0, "an address" + skipped);
        if (w.isEmpty()) {
            return;
        }
        Optional<InetAddress> address = serverAddress(a, w.get());
        if (address.isEmpty()) {
            a.error("expected an IPv4 or IPv6 address, got '" + w.get() + "'" + skipped);
            return;
        }
        int port = 0;
        if (a.count() > 1) {
            OptionalInt p = parsePort(a.all().get(1));
            if (p.isEmpty()) {
                a.error("expected a port from 1 to 65535, got '" + a.all().get(1) + "'" + skipped);
                return;
            }
            port = p.getAsInt();
        }
        a.atMost(2);
        RealServerDraft rs = new RealServerDraft(s.location(), address.get(), port, vs.method);
        for (Statement c : s.children()) {
            realServerKeyword(vs, rs, c);
        }
        if (!tunnelled(rs.method)) {
            IpFamily f = IpFamily.of(rs.address);
            if (vs.family == null) {
                vs.family = f;
            } else if (vs.family != f) {
                diagnostics.error(s.location(), rs.describe() + ": its address family differs from the virtual"
                        + " server's (only tunnelled servers may differ); real server ignored");
                return;
            }
        }
        vs.realServers.add(rs);
    }

    private void realServerKeyword(VirtualServerDraft vs, RealServerDraft rs, Statement c) {
        if (CheckerReader.KINDS.contains(c.keyword())) {
            checkers.readAll(c, rs).forEach(rs.checkers::add);
            return;
        }
        Args a = new Args(c, diagnostics);
        switch (c.keyword()) {
            case "weight" -> {
                a.atMost(1);
                a.integer(0, 0, WEIGHT_MAX).ifPresent(v -> rs.weight = (int) v);
            }
            case "lvs_method" -> forwarding(a).ifPresent(m -> rs.method = m);
            case "uthreshold" -> a.integer(0, 0, UINT32_MAX).ifPresent(v -> rs.upperThreshold = v);
            case "lthreshold" -> a.integer(0, 0, UINT32_MAX).ifPresent(v -> rs.lowerThreshold = v);
            case "inhibit_on_failure" -> {
                a.atMost(1);
                a.flag(0).ifPresent(v -> rs.inhibit = v);
            }
            case "notify_up" -> rs.notifyUp = onceScript(a, rs.notifyUp);
            case "notify_down" -> rs.notifyDown = onceScript(a, rs.notifyDown);
            case "alpha" -> {
                a.atMost(1);
                a.flag(0).ifPresent(v -> rs.alpha = v);
            }
            case "retry" -> a.integer(0, 1, UINT32_MAX).ifPresent(v -> rs.retry = v);
            case "delay_before_retry" -> a.secondsAtLeast(0, 0).ifPresent(v -> rs.delayBeforeRetry = v);
            case "warmup" -> a.secondsAtLeast(0, 0).ifPresent(v -> rs.warmup = v);
            case "connect_timeout" -> a.seconds(0, 0.000001, 4294.967295).ifPresent(v -> rs.connectTimeout = v);
            case "delay_loop" -> a.secondsAtLeast(0, 0.000001).ifPresent(v -> rs.delayLoop = v);
            case "smtp_alert" -> {
                a.atMost(1);
                a.flag(0).ifPresent(v -> rs.smtpAlert = v);
            }
            case "virtualhost" -> a.word(0, "a host name").ifPresent(v -> rs.virtualhost = v);
            case "snmp_name" -> {
                unsupported(diagnostics, c);
                return;
            }
            default -> {
                unknown(diagnostics, c);
                return;
            }
        }
        a.noBlock();
    }
}
