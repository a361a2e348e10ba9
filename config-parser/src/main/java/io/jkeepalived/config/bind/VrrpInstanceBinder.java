package io.jkeepalived.config.bind;

import io.jkeepalived.config.Diagnostics;
import io.jkeepalived.config.SourceLocation;
import io.jkeepalived.config.Statement;
import io.jkeepalived.config.model.AddressFamily;
import io.jkeepalived.config.model.Authentication;
import io.jkeepalived.config.model.GlobalDefs;
import io.jkeepalived.config.model.NotifyScripts;
import io.jkeepalived.config.model.RouteSpec;
import io.jkeepalived.config.model.ScriptCommand;
import io.jkeepalived.config.model.TrackedFile;
import io.jkeepalived.config.model.TrackedInterface;
import io.jkeepalived.config.model.TrackedScript;
import io.jkeepalived.config.model.UnicastPeer;
import io.jkeepalived.config.model.VirtualAddress;
import io.jkeepalived.config.model.Vmac;
import io.jkeepalived.config.model.VrrpInstance;
import io.jkeepalived.config.model.VrrpInstance.InitialState;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Reads one {@code vrrp_instance NAME { ... }} block and completes it into a {@link VrrpInstance}.
 *
 * <p>Reading follows keepalived 2.2.7's vrrp_parser.c handler by handler; completion follows
 * vrrp_complete_instance() (defaults from global_defs, strict-mode rules, version limits, address-owner and
 * sync-group weight rules). Where keepalived would refuse to start VRRP at all because of one instance
 * (no VRID, no interface, no VIP where one is required), we report an ERROR at that instance and leave only it
 * out of the model.
 */
final class VrrpInstanceBinder {
    /** keepalived assumes this MTU when it sizes adverts before it knows the interface. */
    private static final int DEFAULT_MTU = 1500;

    final String name;
    final SourceLocation location;
    final int order;
    private final Diagnostics diagnostics;

    private InitialState state;
    String interfaceName;
    private Vmac vmac;
    private boolean vmacXmitBase;
    private boolean dontTrackPrimary;
    private final List<TrackRef> trackInterfaces = new ArrayList<>();
    final List<TrackRef> trackScripts = new ArrayList<>();
    final List<TrackRef> trackFiles = new ArrayList<>();
    private InetAddress sourceAddress;
    private boolean unicastConfigured;
    private boolean trackSrcIp;
    private InetAddress mcastDestination;
    private SourceLocation mcastDestinationLocation;
    private final List<UnicastPeer> peers = new ArrayList<>();
    private boolean peerTtlGiven;
    private Integer unicastTtl;
    private SourceLocation unicastTtlLocation;
    private boolean unicastFaultNoPeer;
    private boolean checkUnicastSrc;
    Integer virtualRouterId;
    private Integer priority;
    private Duration advertInterval;
    private Integer version;
    AddressFamily family;
    private Authentication.Type authType;
    /** An auth_type line was written, even one we could not use (its error already says so). */
    private boolean authTypeWritten;
    private String authPassword;
    private final List<VirtualAddress> vips = new ArrayList<>();
    private final List<VirtualAddress> excludedVips = new ArrayList<>();
    private final List<RouteSpec> routes = new ArrayList<>();
    private final List<RouteSpec> rules = new ArrayList<>();
    private boolean promoteSecondaries;
    private Boolean accept;
    private boolean nopreempt;
    private Duration preemptDelay = Duration.ZERO;
    private Boolean strictMode;
    private Boolean skipCheckAdvAddr;
    private ScriptCommand notifyMaster;
    private ScriptCommand notifyBackup;
    private ScriptCommand notifyFault;
    private ScriptCommand notifyStop;
    private ScriptCommand notifyAny;
    private ScriptCommand notifyMasterRxLowerPri;
    private Boolean smtpAlert;
    private Boolean notifyPriorityChanges;
    private Duration garpMasterDelay;
    private Integer garpMasterRepeat;
    private Duration garpMasterRefresh;
    private Integer garpMasterRefreshRepeat;
    private Duration garpLowerPrioDelay;
    private Integer garpLowerPrioRepeat;
    private Integer downTimerAdverts;
    private Boolean lowerPrioNoAdvert;
    private Boolean higherPrioSendAdvert;
    /** lvs_sync_daemon_interface, the deprecated per-instance form of global lvs_sync_daemon. */
    String lvsSyncInterface;
    SourceLocation lvsSyncInterfaceLocation;

    VrrpInstanceBinder(String name, SourceLocation location, int order, Diagnostics diagnostics) {
        this.name = name;
        this.location = location;
        this.order = order;
        this.diagnostics = diagnostics;
    }

    void read(List<Statement> block) {
        BlockReader r = new BlockReader(diagnostics);
        r.line("state", this::state);
        r.line("interface", a -> a.word(0, "an interface name").ifPresent(v -> {
            a.atMost(1);
            if (v.length() > AddressReader.MAX_IFNAME) {
                a.error("interface name '" + v + "' is longer than " + AddressReader.MAX_IFNAME
                        + " characters; ignored");
                return;
            }
            interfaceName = v;
        }));
        r.line("use_vmac", this::useVmac);
        r.line("vmac_xmit_base", a -> {
            a.noValue();
            vmacXmitBase = true;
        });
        r.line("dont_track_primary", a -> {
            a.noValue();
            dontTrackPrimary = true;
        });
        r.block("track_interface", s -> s.children().forEach(line ->
                TrackRef.read(line, "track_interface", false, order, diagnostics).ifPresent(t -> {
                    if (trackInterfaces.stream().anyMatch(x -> x.name().equals(t.name()))) {
                        diagnostics.error(line.location(), "track_interface " + t.name() + ": already tracked; "
                                + "duplicate ignored");
                    } else {
                        trackInterfaces.add(t);
                    }
                })));
        r.block("track_script", s -> s.children().forEach(line ->
                TrackRef.read(line, "track_script", true, order, diagnostics).ifPresent(trackScripts::add)));
        r.block("track_file", s -> s.children().forEach(line ->
                TrackRef.readFile(line, order, diagnostics).ifPresent(trackFiles::add)));
        r.line("mcast_src_ip", a -> sourceAddress(a));
        r.line("unicast_src_ip", a -> {
            unicastConfigured = true;
            sourceAddress(a);
        });
        r.line("track_src_ip", a -> {
            a.noValue();
            trackSrcIp = true;
        });
        r.line("mcast_dst_ip", this::multicastDestination);
        r.block("unicast_peer", s -> {
            unicastConfigured = true;
            s.children().forEach(this::unicastPeer);
        });
        r.line("unicast_ttl", a -> a.integer(0, 0, 255).ifPresent(v -> {
            a.atMost(1);
            unicastTtl = (int) v;
            unicastTtlLocation = a.location();
        }));
        r.line("unicast_fault_no_peer", a -> {
            a.noValue();
            unicastConfigured = true;
            unicastFaultNoPeer = true;
        });
        r.line("check_unicast_src", a -> {
            a.noValue();
            unicastConfigured = true;
            checkUnicastSrc = true;
        });
        r.line("native_ipv6", a -> {
            a.noValue();
            if (family == AddressFamily.IPV4) {
                a.error("cannot be used with IPv4 addresses; ignored");
                return;
            }
            family = AddressFamily.IPV6;
            version = 3;
        });
        r.line("virtual_router_id", a -> a.integer(0, 1, 255).ifPresent(v -> {
            a.atMost(1);
            virtualRouterId = (int) v;
        }));
        r.line("priority", a -> {
            a.atMost(1);
            OptionalLong v = a.integer(0, 1, 255);
            // keepalived sets the default explicitly on a bad value, so that state MASTER no longer implies 255
            priority = v.isPresent() ? (int) v.getAsLong() : 100;
            if (v.isEmpty()) {
                diagnostics.error(a.location(), "priority: using the default 100");
            }
        });
        r.line("advert_int", a -> a.seconds(0, 0.01, 255).ifPresent(v -> {
            a.atMost(1);
            advertInterval = v;
        }));
        r.line("version", this::version);
        r.block("authentication", this::authentication);
        AddressReader vipReader = new AddressReader(diagnostics, "virtual_ipaddress", false);
        r.block("virtual_ipaddress", s -> s.children().forEach(line -> vipReader.read(line).ifPresent(vip -> {
            AddressFamily f = vip.family();
            if (family == null) {
                family = f;
            } else if (family != f) {
                diagnostics.error(line.location(), "virtual_ipaddress: " + line.keyword() + " is not of the "
                        + "instance's family " + family + "; ignored (use virtual_ipaddress_excluded to mix)");
                return;
            }
            vips.add(vip);
        })));
        AddressReader evipReader = new AddressReader(diagnostics, "virtual_ipaddress_excluded", false);
        r.block("virtual_ipaddress_excluded", s -> s.children().forEach(line ->
                evipReader.read(line).ifPresent(excludedVips::add)));
        r.block("virtual_routes", s -> s.children().forEach(line -> routes.add(new RouteSpec(line.words()))));
        r.block("virtual_rules", s -> s.children().forEach(line -> rules.add(new RouteSpec(line.words()))));
        r.line("promote_secondaries", a -> {
            a.noValue();
            promoteSecondaries = true;
        });
        r.line("accept", a -> {
            a.noValue();
            accept = true;
        });
        r.line("no_accept", a -> {
            a.noValue();
            accept = false;
        });
        r.line("nopreempt", a -> {
            a.noValue();
            nopreempt = true;
        });
        r.line("preempt", a -> {
            a.noValue();
            nopreempt = false;
        });
        r.line("preempt_delay", a -> {
            a.atMost(1);
            preemptDelay = a.seconds(0, 0, 1000).orElse(Duration.ZERO);
        });
        r.line("strict_mode", a -> flag(a, v -> strictMode = v));
        // keepalived 2.2.7 (and 2.4) turn this on even for "skip_check_adv_addr off"; we honour the value
        r.line("skip_check_adv_addr", a -> flag(a, v -> skipCheckAdvAddr = v));
        r.line("notify_master", a -> notify(a, notifyMaster, v -> notifyMaster = v));
        r.line("notify_backup", a -> notify(a, notifyBackup, v -> notifyBackup = v));
        r.line("notify_fault", a -> notify(a, notifyFault, v -> notifyFault = v));
        r.line("notify_stop", a -> notify(a, notifyStop, v -> notifyStop = v));
        r.line("notify", a -> notify(a, notifyAny, v -> notifyAny = v));
        r.line("notify_master_rx_lower_pri", a -> notify(a, notifyMasterRxLowerPri, v -> notifyMasterRxLowerPri = v));
        r.line("smtp_alert", a -> flag(a, v -> smtpAlert = v));
        r.line("notify_priority_changes", a -> flag(a, v -> notifyPriorityChanges = v));
        r.line("garp_master_delay", a -> a.wholeSeconds(0, 0, Integer.MAX_VALUE).ifPresent(v -> {
            a.atMost(1);
            garpMasterDelay = v;
        }));
        r.line("garp_master_repeat", a -> repeat(a, v -> garpMasterRepeat = v));
        r.line("garp_master_refresh", a -> {
            a.atMost(1);
            garpMasterRefresh = a.wholeSeconds(0, 0, Integer.MAX_VALUE).orElse(Duration.ZERO);
        });
        r.line("garp_master_refresh_repeat", a -> repeat(a, v -> garpMasterRefreshRepeat = v));
        r.line("garp_lower_prio_delay", a -> a.wholeSeconds(0, 0, Integer.MAX_VALUE).ifPresent(v -> {
            a.atMost(1);
            garpLowerPrioDelay = v;
        }));
        r.line("garp_lower_prio_repeat", a -> a.integer(0, 0, Integer.MAX_VALUE).ifPresent(v -> {
            a.atMost(1);
            garpLowerPrioRepeat = (int) v;
        }));
        r.line("down_timer_adverts", a -> a.integer(0, 1, 100).ifPresent(v -> {
            a.atMost(1);
            downTimerAdverts = (int) v;
        }));
        r.line("lower_prio_no_advert", a -> flag(a, v -> lowerPrioNoAdvert = v));
        r.line("higher_prio_send_advert", a -> flag(a, v -> higherPrioSendAdvert = v));
        r.line("lvs_sync_daemon_interface", a -> a.word(0, "an interface name").ifPresent(v -> {
            a.atMost(1);
            a.warn("is deprecated; use 'lvs_sync_daemon " + v + " inst " + name + "' in global_defs");
            lvsSyncInterface = v;
            lvsSyncInterfaceLocation = a.location();
        }));
        r.alias("vmac_garp_intvl", "garp_extra_if");
        r.unsupported("use_vmac_addr", "use_ipvlan", "vrf", "track_process", "track_bfd",
                "old_unicast_checksum", "debug", "notify_deleted", "kernel_rx_buf_size", "linkbeat_use_polling",
                "garp_extra_if",
                // keepalived 2.4 additions
                "no_virtual_ipaddress", "owner_ignore_adverts", "v3_checksum_as_v2");
        r.read(block);
    }

    private void state(Args a) {
        Optional<String> v = a.word(0, "MASTER or BACKUP");
        if (v.isEmpty()) {
            return;
        }
        a.atMost(1);
        switch (v.get()) {
            case "MASTER":
                state = InitialState.MASTER;
                break;
            case "BACKUP":
                if (state == InitialState.MASTER) {
                    a.error("state was already set to MASTER; BACKUP ignored");
                } else {
                    state = InitialState.BACKUP;
                }
                break;
            default:
                // keepalived compares case-sensitively: "master" is not MASTER
                a.error("expected MASTER or BACKUP (upper case), got '" + v.get() + "'; using BACKUP");
                state = InitialState.BACKUP;
                break;
        }
    }

    private void useVmac(Args a) {
        Optional<String> ifname = Optional.empty();
        Optional<String> mac = Optional.empty();
        a.atMost(2);
        for (int i = 0; i < Math.min(2, a.count()); i++) {
            String w = a.all().get(i);
            if (w.indexOf(':') >= 0) {
                if (!w.matches("([0-9A-Fa-f]{1,2}:){4}[0-9A-Fa-f]{1,2}(:[0-9A-Fa-f]{1,2})?:?")) {
                    a.error("expected a MAC address of 5 or 6 octets, got '" + w + "'; ignored");
                } else {
                    mac = Optional.of(w);
                }
            } else if (w.length() > AddressReader.MAX_IFNAME || w.equals(".") || w.equals("..")
                    || w.contains("/")) {
                a.error("invalid VMAC interface name '" + w + "'; ignored");
            } else {
                ifname = Optional.of(w);
            }
        }
        vmac = new Vmac(ifname, mac);
    }

    private void sourceAddress(Args a) {
        a.atMost(1);
        a.address(0).ifPresent(address -> {
            AddressFamily f = AddressFamily.of(address);
            if (family != null && family != f) {
                a.error("'" + a.all().get(0) + "' is not of the instance's family " + family + "; ignored");
                return;
            }
            family = f;
            sourceAddress = address;
        });
    }

    private void multicastDestination(Args a) {
        a.atMost(1);
        a.address(0).ifPresent(address -> {
            AddressFamily f = AddressFamily.of(address);
            if (family != null && family != f) {
                a.error("'" + a.all().get(0) + "' is not of the instance's family " + family + "; ignored");
                return;
            }
            if (family == null) {
                family = f;
            }
            boolean ok = address instanceof Inet6Address ? address.isMCLinkLocal() : address.isMulticastAddress();
            if (!ok) {
                a.error("expected a" + (f == AddressFamily.IPV6 ? " link-local (ff02::/16)" : "")
                        + " multicast address, got '" + a.all().get(0) + "'; ignored");
                return;
            }
            mcastDestination = address;
            mcastDestinationLocation = a.location();
        });
    }

    private void unicastPeer(Statement line) {
        List<String> w = line.words();
        Optional<InetAddress> address = Values.parseAddress(w.get(0));
        if (address.isEmpty()) {
            diagnostics.error(line.location(), "unicast_peer: expected an IPv4 or IPv6 address, got '" + w.get(0)
                    + "'; ignored");
            return;
        }
        AddressFamily f = AddressFamily.of(address.get());
        if (family != null && family != f) {
            diagnostics.error(line.location(), "unicast_peer: " + w.get(0) + " is not of the instance's family "
                    + family + "; ignored");
            return;
        }
        family = f;
        int minTtl = 0;
        int maxTtl = 255;
        for (int i = 1; i < w.size(); i += 2) {
            String option = w.get(i);
            if (i + 1 >= w.size()) {
                diagnostics.error(line.location(), "unicast_peer: missing the value after '" + option + "'");
                break;
            }
            if (!option.equals("min_ttl") && !option.equals("max_ttl")) {
                diagnostics.error(line.location(), "unicast_peer: unknown option '" + option
                        + "', expected min_ttl or max_ttl; the rest of the line is ignored");
                break;
            }
            OptionalLong ttl = Values.parseInteger(w.get(i + 1));
            if (ttl.isEmpty() || ttl.getAsLong() < 0 || ttl.getAsLong() > 255) {
                diagnostics.error(line.location(), "unicast_peer: " + option + ": expected a number from 0 to 255, "
                        + "got '" + w.get(i + 1) + "'; ignored");
                continue;
            }
            if (option.equals("min_ttl")) {
                minTtl = (int) ttl.getAsLong();
            } else {
                maxTtl = (int) ttl.getAsLong();
            }
            peerTtlGiven = true;
        }
        if (minTtl > maxTtl) {
            diagnostics.error(line.location(), "unicast_peer: min_ttl " + minTtl + " > max_ttl " + maxTtl
                    + ": every advert from " + w.get(0) + " will be discarded");
        }
        peers.add(new UnicastPeer(address.get(), minTtl, maxTtl));
    }

    private void version(Args a) {
        a.atMost(1);
        a.integer(0, 2, 3).ifPresent(v -> {
            if ((version != null && version != (int) v) || (v == 2 && family == AddressFamily.IPV6)) {
                a.error("version " + v + " conflicts with the configured or deduced version "
                        + (version != null ? version : 3) + "; ignored");
                return;
            }
            version = (int) v;
        });
    }

    private void authentication(Statement block) {
        BlockReader r = new BlockReader(diagnostics);
        r.line("auth_type", a -> {
            authTypeWritten = true;
            Optional<String> v = a.word(0, "PASS or AH");
            if (v.isEmpty()) {
                return;
            }
            a.atMost(1);
            switch (v.get()) {
                case "PASS":
                    authType = Authentication.Type.PASS;
                    break;
                case "AH":
                    authType = Authentication.Type.AH;
                    break;
                default:
                    a.error("expected PASS or AH (upper case), got '" + v.get() + "'; ignored");
                    break;
            }
        });
        r.line("auth_pass", a -> a.word(0, "a password").ifPresent(v -> {
            a.atMost(1);
            byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > Authentication.MAX_PASSWORD_BYTES) {
                String kept = truncate(v, Authentication.MAX_PASSWORD_BYTES);
                a.warn("only the first 8 characters are used: '" + kept + "'");
                v = kept;
            }
            authPassword = v;
        }));
        // keepalived 2.4's VRRPv3 HMAC authentication
        r.unsupported("auth_hmac", "key", "active_key", "anti_replay", "time_window", "mode");
        r.read(block.children());
    }

    private static String truncate(String s, int maxBytes) {
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (used + len > maxBytes) {
                break;
            }
            out.appendCodePoint(cp);
            used += len;
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    private static void flag(Args a, java.util.function.Consumer<Boolean> set) {
        a.atMost(1);
        a.flag(0).ifPresent(set);
    }

    private static void repeat(Args a, java.util.function.Consumer<Integer> set) {
        a.integer(0, 0, Integer.MAX_VALUE).ifPresent(v -> {
            a.atMost(1);
            if (v == 0) {
                a.warn("must be greater than 0; using 1");
                v = 1;
            }
            set.accept((int) v);
        });
    }

    private static void notify(Args a, ScriptCommand current, java.util.function.Consumer<ScriptCommand> set) {
        if (current != null) {
            a.error("already specified; '" + String.join(" ", a.all()) + "' ignored");
            return;
        }
        GlobalDefsBinder.scriptCommand(a).ifPresent(set);
    }

    /** Whether the instance has what keepalived needs before anything else (chk_min_cfg()). */
    boolean minimalConfig() {
        if (virtualRouterId == null) {
            error("the virtual router id must be set (virtual_router_id 1-255); instance ignored");
            return false;
        }
        if (interfaceName == null && !(unicastConfigured && !peers.isEmpty())) {
            error("no interface: set 'interface', or unicast_peer with unicast_src_ip; instance ignored");
            return false;
        }
        return true;
    }

    /**
     * Effective values, as vrrp_complete_instance() computes them; empty (with an ERROR) when keepalived would
     * refuse the instance.
     *
     * @param scripts            the resolved track_script entries of this instance, in order
     * @param inSyncGroup        whether the instance belongs to a sync group
     * @param syncTrackingWeight the group's sync_group_tracking_weight
     * @param groupNotifyChanges the group's effective notify_priority_changes, when in a group
     */
    Optional<VrrpInstance> complete(GlobalDefs g, List<ResolvedTrack> scripts, List<ResolvedFile> files,
                                    boolean inSyncGroup,
                                    boolean syncTrackingWeight, Optional<Boolean> groupNotifyChanges) {
        VrrpInstance.Builder b = VrrpInstance.builder(name, virtualRouterId);
        boolean strict = strictMode != null ? strictMode : g.vrrpStrict();
        int ver;
        if (family == AddressFamily.IPV6 && version != null && version == 2 && strict) {
            error("cannot use IPv6 with VRRP version 2 in strict mode; using version 3");
            ver = 3;
        } else if (version != null) {
            ver = version;
        } else {
            ver = family == AddressFamily.IPV6 ? 3 : g.vrrpVersion();
        }
        AddressFamily fam = family == null ? AddressFamily.IPV4 : family;
        boolean unicast = !peers.isEmpty();

        List<VirtualAddress> addresses = new ArrayList<>();
        List<VirtualAddress> excluded = new ArrayList<>();
        resolveDevices(vips, addresses, "virtual_ipaddress");
        resolveDevices(excludedVips, excluded, "virtual_ipaddress_excluded");
        if (addresses.isEmpty()) {
            if (ver == 3 || strict || fam == AddressFamily.IPV6) {
                error("no virtual_ipaddress; at least one is required with VRRP version 3, IPv6 or strict mode; "
                        + "instance ignored");
                return Optional.empty();
            }
            diagnostics.warn(location, where() + "no virtual_ipaddress; at least one is sensible");
        }

        int prio = priority != null ? priority : (state == InitialState.MASTER ? 255 : 100);
        InitialState st;
        if (state == null) {
            st = prio == 255 ? InitialState.MASTER : InitialState.BACKUP;
        } else if (strict && (state == InitialState.MASTER) != (prio == 255)) {
            error("in strict mode, state MASTER goes with priority 255 and only with it; using "
                    + (prio == 255 ? "MASTER" : "BACKUP"));
            st = prio == 255 ? InitialState.MASTER : InitialState.BACKUP;
        } else {
            st = state;
        }

        Optional<Authentication> auth = Optional.empty();
        if (authType != null) {
            if (strict) {
                error("strict mode does not support authentication; authentication ignored");
            } else if (ver == 3) {
                error("VRRP version 3 does not support authentication; authentication ignored");
            } else if (authPassword == null || authPassword.isEmpty()) {
                error("authentication without auth_pass; authentication ignored");
            } else if (fam == AddressFamily.IPV6 && authType == Authentication.Type.AH) {
                error("AH authentication cannot be used with IPv6; authentication ignored");
            } else {
                auth = Optional.of(new Authentication(authType, authPassword));
                if (authType == Authentication.Type.AH && st == InitialState.MASTER && prio != 255) {
                    error("initial state MASTER is incompatible with AH authentication below priority 255; "
                            + "using BACKUP");
                    st = InitialState.BACKUP;
                }
            }
        } else if (authPassword != null && !authTypeWritten) {
            diagnostics.warn(location, where() + "auth_pass without auth_type; no authentication is used");
        }

        if (strict && unicast) {
            error("unicast peers are not supported in strict mode; instance ignored");
            return Optional.empty();
        }
        if (interfaceName == null) {
            if (sourceAddress == null) {
                error("a unicast instance without 'interface' needs unicast_src_ip; instance ignored");
                return Optional.empty();
            }
            if (fam == AddressFamily.IPV6 && sourceAddress.isLinkLocalAddress()) {
                error("a unicast instance without 'interface' needs a non link-local unicast_src_ip; "
                        + "instance ignored");
                return Optional.empty();
            }
        }
        if (unicastConfigured && !unicast && !unicastFaultNoPeer) {
            diagnostics.warn(location, where() + "a unicast keyword was given without any unicast_peer; "
                    + "multicast is used (deprecated: add peers or remove the unicast keywords)");
        }
        Vmac useVmac = vmac;
        boolean xmitBase = vmacXmitBase;
        if (useVmac != null && unicastConfigured) {
            if (interfaceName == null) {
                error("use_vmac with unicast needs an interface; use_vmac ignored");
                useVmac = null;
            } else if (!xmitBase) {
                diagnostics.warn(location, where() + "unicast with use_vmac requires vmac_xmit_base; setting it");
                xmitBase = true;
            }
        }
        if (strict && useVmac != null && useVmac.macAddress().isPresent()) {
            error("a VMAC address cannot be given in strict mode; MAC address ignored");
            useVmac = new Vmac(useVmac.interfaceName(), Optional.empty());
        }
        if (xmitBase && useVmac == null) {
            error("vmac_xmit_base is only valid with use_vmac; ignored");
            xmitBase = false;
        } else if (xmitBase && strict) {
            error("vmac_xmit_base is incompatible with strict mode; ignored");
            xmitBase = false;
        }

        // adverts carry at most 255 addresses, and no more than fit in the interface's MTU
        int header = fam == AddressFamily.IPV4 ? 14 + 20 + 8 + (ver == 2 ? 8 + (auth.isPresent()
                && auth.get().type() == Authentication.Type.AH ? 24 : 0) : 0) : 14 + 40 + 8;
        int maxAddresses = Math.min(255, (DEFAULT_MTU - header) / (fam == AddressFamily.IPV4 ? 4 : 16));
        if (addresses.size() > maxAddresses) {
            diagnostics.warn(location, where() + addresses.size() + " virtual addresses exceed the "
                    + maxAddresses + " an advert can carry; the rest are treated as virtual_ipaddress_excluded");
            List<VirtualAddress> moved = new ArrayList<>(addresses.subList(maxAddresses, addresses.size()));
            addresses = new ArrayList<>(addresses.subList(0, maxAddresses));
            moved.addAll(excluded);
            excluded = moved;
        }

        boolean noPreempt = nopreempt;
        Duration delay = preemptDelay;
        if (prio == 255 && noPreempt) {
            error("nopreempt is incompatible with priority 255; nopreempt ignored");
            noPreempt = false;
        }
        if (st == InitialState.MASTER) {
            if (noPreempt) {
                error("nopreempt does not work with state MASTER; nopreempt ignored");
                noPreempt = false;
            }
            if (!delay.isZero()) {
                error("preempt_delay does not work with state MASTER; preempt_delay ignored");
                delay = Duration.ZERO;
            }
        }
        if (!delay.isZero()) {
            if (strict) {
                error("preempt_delay is incompatible with strict mode; preempt_delay ignored");
            }
            if (noPreempt) {
                error("preempt_delay is incompatible with nopreempt; preempt_delay ignored");
            }
            if (strict || noPreempt) {
                delay = Duration.ZERO;
            }
        }
        int downAdverts = downTimerAdverts != null ? downTimerAdverts : g.vrrpDownTimerAdverts();
        if (downAdverts != 3 && strict) {
            error("down_timer_adverts is incompatible with strict mode; using 3");
            downAdverts = 3;
        }

        boolean acc = accept != null ? accept : (prio == 255 || !strict);
        if (acc && prio != 255 && strict && ver == 2) {
            error("accept mode with VRRP version 2 does not comply with RFC 3768 in strict mode; using no_accept");
            acc = false;
        }

        Optional<InetAddress> group = Optional.empty();
        if (!unicast) {
            group = Optional.of(mcastDestination != null ? mcastDestination
                    : fam == AddressFamily.IPV4 ? g.vrrpMcastGroup4() : g.vrrpMcastGroup6());
        } else if (mcastDestination != null) {
            diagnostics.error(mcastDestinationLocation, "mcast_dst_ip: a multicast destination cannot be used "
                    + "with unicast peers; ignored");
        }
        OptionalInt ttl = OptionalInt.empty();
        if (unicastTtl != null) {
            if (unicast) {
                ttl = OptionalInt.of(unicastTtl);
            } else {
                diagnostics.error(unicastTtlLocation, "unicast_ttl: cannot be used without unicast peers; ignored");
            }
        }

        int lowerPrioRepeat;
        if (garpLowerPrioRepeat == null) {
            lowerPrioRepeat = strict ? 0 : g.vrrpGarpLowerPrioRepeat();
        } else if (strict && garpLowerPrioRepeat != 0) {
            error("strict mode requires no garp_lower_prio_repeat; using 0");
            lowerPrioRepeat = 0;
        } else {
            lowerPrioRepeat = garpLowerPrioRepeat;
        }
        Duration lowerPrioDelay;
        if (garpLowerPrioDelay == null) {
            lowerPrioDelay = strict ? Duration.ZERO : g.vrrpGarpLowerPrioDelay();
        } else if (strict && !garpLowerPrioDelay.isZero()) {
            error("strict mode requires no garp_lower_prio_delay; using 0");
            lowerPrioDelay = Duration.ZERO;
        } else {
            lowerPrioDelay = garpLowerPrioDelay;
        }
        boolean lowerNoAdvert;
        if (lowerPrioNoAdvert == null) {
            lowerNoAdvert = strict || g.vrrpLowerPrioNoAdvert();
        } else if (strict && !lowerPrioNoAdvert) {
            error("strict mode requires lower_prio_no_advert; using it");
            lowerNoAdvert = true;
        } else {
            lowerNoAdvert = lowerPrioNoAdvert;
        }
        boolean higherSend;
        if (higherPrioSendAdvert == null) {
            higherSend = !strict && g.vrrpHigherPrioSendAdvert();
        } else if (strict && higherPrioSendAdvert) {
            error("strict mode requires higher_prio_send_advert to be off; turning it off");
            higherSend = false;
        } else {
            higherSend = higherPrioSendAdvert;
        }

        Duration advert = advertInterval(ver);

        // sync-group members (without sync_group_tracking_weight) and address owners ignore tracking weights
        List<TrackedInterface> interfaces = new ArrayList<>();
        List<TrackedScript> tracked = new ArrayList<>();
        boolean syncNoWeights = inSyncGroup && !syncTrackingWeight;
        for (TrackRef t : trackInterfaces) {
            if (t.name().equals(interfaceName)) {
                diagnostics.error(t.location(), where() + "track_interface " + t.name() + " is the instance's own "
                        + "interface, which it always tracks (see dont_track_primary); ignored");
                continue;
            }
            int weight = t.weight().orElse(0);
            boolean reverse = t.reverse().orElse(false);
            if (weight != 0 && (syncNoWeights || prio == 255)) {
                diagnostics.error(t.location(), where() + "tracked interface " + t.name() + ": weight ignored "
                        + (syncNoWeights ? "in a sync group (set sync_group_tracking_weight to keep it)"
                        : "for the address owner (priority 255); interface not tracked"));
                if (!syncNoWeights) {
                    continue;
                }
                weight = 0;
            }
            interfaces.add(new TrackedInterface(t.name(), weight, reverse));
        }
        for (ResolvedTrack r : scripts) {
            TrackedScript s = r.script();
            if (s.weight() != 0 && (syncNoWeights || prio == 255)) {
                diagnostics.error(r.location(), where() + "tracked script " + s.name() + " with weight " + s.weight()
                        + " ignored " + (syncNoWeights ? "in a sync group (set sync_group_tracking_weight to "
                        + "keep it)" : "for the address owner (priority 255)"));
                continue;
            }
            tracked.add(s);
        }
        // keepalived: a file tracked with its default weight 1 is tracked with weight 0 instead, any other
        // non-zero weight drops the file
        List<TrackedFile> trackedFiles = new ArrayList<>();
        for (ResolvedFile r : files) {
            TrackedFile f = r.file();
            if (f.weight() != 0 && (syncNoWeights || prio == 255)) {
                String why = syncNoWeights ? "in a sync group (set sync_group_tracking_weight to keep it)"
                        : "for the address owner (priority 255)";
                if (r.defaultWeight()) {
                    diagnostics.error(r.location(), where() + "tracked file " + f.name() + ": weight ignored " + why
                            + "; tracked with weight 0 (write 'weight 0' to say so)");
                    f = new TrackedFile(f.name(), 0, f.reverse());
                } else {
                    diagnostics.error(r.location(), where() + "tracked file " + f.name() + " with weight "
                            + f.weight() + " ignored " + why);
                    continue;
                }
            }
            trackedFiles.add(f);
        }

        b.state = st;
        b.interfaceName = Optional.ofNullable(interfaceName);
        b.useVmac = Optional.ofNullable(useVmac);
        b.vmacXmitBase = xmitBase;
        b.dontTrackPrimary = dontTrackPrimary;
        b.trackInterfaces = interfaces;
        b.trackScripts = tracked;
        b.trackFiles = trackedFiles;
        b.sourceAddress = Optional.ofNullable(sourceAddress);
        b.trackSrcIp = trackSrcIp && sourceAddress != null;
        b.multicastGroup = group;
        b.unicastPeers = peers;
        b.unicastTtl = ttl;
        b.unicastFaultNoPeer = unicastFaultNoPeer;
        b.checkUnicastSrc = unicast && (checkUnicastSrc || g.vrrpCheckUnicastSrc() || peerTtlGiven);
        b.priority = prio;
        b.advertInterval = advert;
        b.version = ver;
        b.family = fam;
        b.authentication = auth;
        b.virtualAddresses = addresses;
        b.excludedAddresses = excluded;
        b.virtualRoutes = routes;
        b.virtualRules = rules;
        b.promoteSecondaries = promoteSecondaries;
        b.accept = acc;
        b.nopreempt = noPreempt;
        b.preemptDelay = delay;
        b.strictMode = strict;
        b.skipCheckAdvAddr = skipCheckAdvAddr != null ? skipCheckAdvAddr : g.vrrpSkipCheckAdvAddr();
        b.notifyScripts = new NotifyScripts(Optional.ofNullable(notifyMaster), Optional.ofNullable(notifyBackup),
                Optional.ofNullable(notifyFault), Optional.ofNullable(notifyStop), Optional.ofNullable(notifyAny),
                Optional.ofNullable(notifyMasterRxLowerPri));
        b.smtpAlert = smtpAlert != null ? smtpAlert : g.smtpAlertVrrp();
        b.notifyPriorityChanges = notifyPriorityChanges != null ? notifyPriorityChanges
                : groupNotifyChanges.orElse(g.vrrpNotifyPriorityChanges());
        b.garpMasterDelay = garpMasterDelay != null ? garpMasterDelay : g.vrrpGarpMasterDelay();
        b.garpMasterRepeat = garpMasterRepeat != null ? garpMasterRepeat : g.vrrpGarpMasterRepeat();
        b.garpMasterRefresh = garpMasterRefresh != null ? garpMasterRefresh : g.vrrpGarpMasterRefresh();
        b.garpMasterRefreshRepeat = garpMasterRefreshRepeat != null ? garpMasterRefreshRepeat
                : g.vrrpGarpMasterRefreshRepeat();
        b.garpLowerPrioDelay = lowerPrioDelay;
        b.garpLowerPrioRepeat = lowerPrioRepeat;
        b.downTimerAdverts = downAdverts;
        b.lowerPrioNoAdvert = lowerNoAdvert;
        b.higherPrioSendAdvert = higherSend;
        return Optional.of(b.build());
    }

    /**
     * keepalived's advert interval limits: VRRPv2 sends whole seconds below 256, VRRPv3 centiseconds below
     * 40.96 s. Other values are rounded or clamped with a warning, as keepalived does.
     */
    private Duration advertInterval(int ver) {
        Duration d = advertInterval != null ? advertInterval : Duration.ofSeconds(1);
        BigDecimal seconds = BigDecimal.valueOf(d.toNanos()).movePointLeft(9);
        if (ver == 2) {
            if (d.getNano() != 0) {
                BigDecimal rounded = seconds.setScale(0, RoundingMode.HALF_UP);
                if (rounded.signum() == 0) {
                    rounded = BigDecimal.ONE;
                }
                diagnostics.warn(location, where() + "VRRPv2 advert_int " + seconds.stripTrailingZeros()
                        .toPlainString() + " must be whole seconds; using " + rounded.toPlainString());
                return Duration.ofSeconds(rounded.longValueExact());
            }
            return d;
        }
        if (seconds.compareTo(new BigDecimal("40.96")) >= 0) {
            diagnostics.warn(location, where() + "VRRPv3 advert_int " + seconds.stripTrailingZeros().toPlainString()
                    + " must be less than 40.96 s; using 40.95");
            return Duration.ofMillis(40950);
        }
        BigDecimal centis = seconds.movePointRight(2);
        if (centis.stripTrailingZeros().scale() > 0) {
            BigDecimal rounded = centis.setScale(0, RoundingMode.HALF_UP);
            if (rounded.signum() == 0) {
                rounded = BigDecimal.ONE;
            }
            Duration result = Duration.ofMillis(Math.min(4095, rounded.longValueExact()) * 10);
            diagnostics.warn(location, where() + "VRRPv3 advert_int " + seconds.stripTrailingZeros().toPlainString()
                    + " must be in units of 10 ms; using " + Values.formatSeconds(result));
            return result;
        }
        return d;
    }

    /**
     * keepalived puts an address without {@code dev} on the instance's interface; without an interface
     * (unicast-only instances) such an address cannot be added and is dropped.
     */
    private void resolveDevices(List<VirtualAddress> from, List<VirtualAddress> to, String block) {
        for (VirtualAddress a : from) {
            if (a.device().isEmpty() && interfaceName == null) {
                error(block + " " + Values.formatAddress(a.address()) + ": no dev and no instance interface; "
                        + "address ignored");
                continue;
            }
            to.add(a);
        }
    }

    /** A track_script entry resolved against its vrrp_script, with the line it came from. */
    record ResolvedTrack(TrackedScript script, SourceLocation location) {
    }

    /**
     * A track_file entry resolved against its track_file, with the line it came from; {@code defaultWeight} when
     * the effective weight is 1, which keepalived cannot tell from its default.
     */
    record ResolvedFile(TrackedFile file, SourceLocation location, boolean defaultWeight) {
    }

    private String where() {
        return "vrrp_instance " + name + ": ";
    }

    private void error(String message) {
        diagnostics.error(location, where() + message);
    }
}
