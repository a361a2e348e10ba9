package io.jkeepalived.config.bind;

import io.jkeepalived.config.Diagnostics;
import io.jkeepalived.config.SourceLocation;
import io.jkeepalived.config.Statement;
import io.jkeepalived.config.model.AddressFamily;
import io.jkeepalived.config.model.GlobalDefs;
import io.jkeepalived.config.model.NotifyScripts;
import io.jkeepalived.config.model.RouteSpec;
import io.jkeepalived.config.model.ScriptCommand;
import io.jkeepalived.config.model.TrackFile;
import io.jkeepalived.config.model.TrackedFile;
import io.jkeepalived.config.model.TrackedInterface;
import io.jkeepalived.config.model.TrackedScript;
import io.jkeepalived.config.model.VirtualAddress;
import io.jkeepalived.config.model.VrrpConfig;
import io.jkeepalived.config.model.VrrpInstance;
import io.jkeepalived.config.model.VrrpScript;
import io.jkeepalived.config.model.VrrpSyncGroup;
import io.jkeepalived.config.source.EscapedWords;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Binds the VRRP top-level keywords: {@code vrrp_script}, {@code vrrp_sync_group}, {@code vrrp_instance},
 * {@code static_ipaddress}, {@code static_routes}, {@code static_rules}; the other VRRP top-level keywords of
 * keepalived are recognised and reported as not supported.
 *
 * <p>{@link #finish(GlobalDefs)} resolves cross-references the way keepalived 2.2.7 does: track_script names
 * only scripts defined earlier in the file; sync groups name instances anywhere; instances without the minimum
 * configuration, or that keepalived's completion rejects, are left out with an ERROR; duplicate VRIDs on one
 * interface are an ERROR and the later instance is left out; unused scripts are dropped with a WARNING.
 */
public final class VrrpBinder {
    /** bfd_instance is left to the LVS binder, which reports it the same way. */
    private static final Set<String> UNSUPPORTED = Set.of("track_group", "garp_group", "linkbeat_interfaces",
            "vrrp_track_process", "interface_up_down_delays");

    private final Diagnostics diagnostics;
    private final List<ScriptDraft> scripts = new ArrayList<>();
    private final List<GroupDraft> groups = new ArrayList<>();
    private final List<FileDraft> trackFiles = new ArrayList<>();
    private final List<VrrpInstanceBinder> instances = new ArrayList<>();
    private final List<VirtualAddress> staticAddresses = new ArrayList<>();
    private final List<SourceLocation> staticAddressLocations = new ArrayList<>();
    private final List<RouteSpec> staticRoutes = new ArrayList<>();
    private final List<RouteSpec> staticRules = new ArrayList<>();
    private int order;
    private LegacySyncInterface legacySyncInterface;

    public VrrpBinder(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** Whether {@code keyword} is a top-level keyword of this part of the configuration. */
    public boolean accepts(String keyword) {
        return switch (keyword) {
            case "vrrp_script", "vrrp_sync_group", "vrrp_instance", "static_ipaddress", "static_routes",
                    "static_rules", "track_file", "vrrp_track_file" -> true;
            default -> UNSUPPORTED.contains(keyword);
        };
    }

    public void bind(Statement statement) {
        order++;
        String keyword = statement.keyword();
        if (keyword.equals("vrrp_track_file")) {
            // deprecated, but keepalived 2.2.7 only logs that at start (-t is silent), so we say nothing either
            keyword = "track_file";
        }
        if (UNSUPPORTED.contains(keyword)) {
            diagnostics.warn(statement.location(), "'" + keyword + "' is not supported by jkeepalived; ignored");
            return;
        }
        if (!statement.hasBlock()) {
            diagnostics.error(statement.location(), keyword + ": expected a block '{ ... }'; ignored");
            return;
        }
        switch (keyword) {
            case "vrrp_script" -> script(statement);
            case "vrrp_sync_group" -> group(statement);
            case "vrrp_instance" -> instance(statement);
            case "track_file" -> trackFile(statement);
            case "static_ipaddress" -> {
                AddressReader reader = new AddressReader(diagnostics, "static_ipaddress", true);
                for (Statement line : statement.children()) {
                    reader.read(line).ifPresent(a -> {
                        staticAddresses.add(a);
                        staticAddressLocations.add(line.location());
                    });
                }
            }
            case "static_routes" -> statement.children().forEach(l -> staticRoutes.add(new RouteSpec(l.words())));
            default -> statement.children().forEach(l -> staticRules.add(new RouteSpec(l.words())));
        }
    }

    /** keepalived requires exactly one name after these keywords and skips the block otherwise. */
    private Optional<String> name(Statement statement) {
        if (statement.args().size() != 1) {
            diagnostics.error(statement.location(), statement.keyword() + ": expected exactly one name, got '"
                    + String.join(" ", statement.args()) + "'; block ignored");
            return Optional.empty();
        }
        return Optional.of(statement.args().get(0));
    }

    private void instance(Statement statement) {
        Optional<String> name = name(statement);
        if (name.isEmpty()) {
            return;
        }
        for (VrrpInstanceBinder other : instances) {
            if (other.name.equals(name.get())) {
                diagnostics.error(statement.location(), "vrrp_instance " + name.get() + " is already defined at "
                        + other.location + "; this one is ignored");
                return;
            }
        }
        VrrpInstanceBinder instance = new VrrpInstanceBinder(name.get(), statement.location(), order, diagnostics);
        instance.read(statement.children());
        instances.add(instance);
    }

    private void script(Statement statement) {
        Optional<String> name = name(statement);
        if (name.isEmpty()) {
            return;
        }
        ScriptDraft s = new ScriptDraft(name.get(), statement.location(), order);
        BlockReader r = new BlockReader(diagnostics);
        r.line("script", a -> {
            Optional<String> command = a.word(0, "a script (quote it when it has arguments)");
            if (command.isEmpty()) {
                return;
            }
            if (a.count() > 1) {
                a.warn("only '" + command.get() + "' is run; quote the whole command line to pass arguments ("
                        + "ignoring '" + String.join(" ", a.all().subList(1, a.count())) + "')");
            }
            if (command.get().isBlank()) {
                a.error("expected a script, got an empty string");
                return;
            }
            Optional<String> unsplittable = EscapedWords.split(command.get()).problem();
            if (unsplittable.isPresent()) {
                // keepalived: "Unable to parse script '...' - ignoring"
                a.error("cannot split the command into program and arguments: " + unsplittable.get()
                        + "; script ignored");
                return;
            }
            s.commandLine = command.get();
        });
        r.line("interval", a -> a.wholeSeconds(0, 0, Integer.MAX_VALUE / 1_000_000).ifPresent(v -> {
            a.atMost(1);
            if (v.isZero()) {
                a.warn("must be greater than 0; using 1");
                v = Duration.ofSeconds(1);
            }
            s.interval = v;
        }));
        r.line("timeout", a -> a.wholeSeconds(0, 0, Integer.MAX_VALUE / 1_000_000).ifPresent(v -> {
            a.atMost(1);
            if (v.isZero()) {
                a.warn("must be greater than 0; using 1");
                v = Duration.ofSeconds(1);
            }
            s.timeout = v;
        }));
        r.line("weight", a -> {
            a.integer(0, -253, 253).ifPresent(v -> s.weight = (int) v);
            if (a.count() >= 2) {
                a.atMost(2);
                if (a.all().get(1).equals("reverse")) {
                    s.weightReverse = true;
                } else {
                    a.error("unknown option '" + a.all().get(1) + "', expected reverse; ignored");
                }
            }
        });
        r.line("rise", a -> {
            a.atMost(1);
            s.rise = (int) a.integer(0, 1, Integer.MAX_VALUE).orElse(1);
        });
        r.line("fall", a -> {
            a.atMost(1);
            s.fall = (int) a.integer(0, 1, Integer.MAX_VALUE).orElse(1);
        });
        r.line("user", a -> a.word(0, "a user name").ifPresent(user -> {
            a.atMost(2);
            s.user = Optional.of(user);
            s.group = a.count() > 1 ? Optional.of(a.all().get(1)) : Optional.empty();
        }));
        r.line("init_fail", a -> {
            a.noValue();
            s.initFail = true;
        });
        r.read(statement.children());
        if (s.commandLine == null) {
            // keepalived finds this when the block ends and reports it at the '}'
            SourceLocation at = statement.end() != null ? statement.end() : statement.location();
            diagnostics.error(at, "vrrp_script " + s.name + " (at " + statement.location() + "): no 'script' given;"
                    + " ignored");
            return;
        }
        for (ScriptDraft other : scripts) {
            if (other.name.equals(s.name)) {
                // keepalived keeps both and always finds the first by name; the second is never used
                diagnostics.error(statement.location(), "vrrp_script " + s.name + " is already defined at "
                        + other.location + "; this one is ignored");
                return;
            }
        }
        scripts.add(s);
    }

    /** {@code track_file NAME { file PATH; weight W [reverse]; init_file [VALUE] [overwrite] }}. */
    private void trackFile(Statement statement) {
        Optional<String> name = name(statement);
        if (name.isEmpty()) {
            return;
        }
        FileDraft f = new FileDraft(name.get(), statement.location(), order);
        BlockReader r = new BlockReader(diagnostics);
        r.line("file", a -> a.word(0, "a file name").ifPresent(v -> {
            if (f.path != null) {
                a.error("already given for track_file " + f.name + "; '" + v + "' ignored");
                return;
            }
            a.atMost(1);
            f.path = v;
        }));
        r.line("weight", a -> {
            if (f.weightGiven) {
                a.error("already given for track_file " + f.name + "; ignored");
                return;
            }
            a.integer(0, -254, 254).ifPresent(v -> {
                f.weight = (int) v;
                f.weightGiven = true;
            });
            if (a.count() >= 2) {
                a.atMost(2);
                if (a.all().get(1).equals("reverse")) {
                    f.weightReverse = true;
                } else {
                    a.error("unknown option '" + a.all().get(1) + "', expected reverse; ignored");
                }
            }
        });
        r.line("init_file", a -> {
            int value = 0;
            boolean overwrite = false;
            for (String w : a.all()) {
                if (w.equals("overwrite")) {
                    overwrite = true;
                } else {
                    OptionalLong v = Values.parseInteger(w);
                    if (v.isEmpty() || v.getAsLong() < Integer.MIN_VALUE || v.getAsLong() > Integer.MAX_VALUE) {
                        a.error("expected a number or 'overwrite', got '" + w + "'; using 0");
                    } else {
                        value = (int) v.getAsLong();
                    }
                }
            }
            f.init = Optional.of(new TrackFile.Init(value, overwrite));
        });
        r.read(statement.children());
        if (f.path == null) {
            // keepalived finds this when the block ends and reports it at the '}'
            diagnostics.error(statement.end() != null ? statement.end() : statement.location(), "track_file " + f.name
                    + " (at " + statement.location() + "): no 'file' given; ignored");
            return;
        }
        for (FileDraft other : trackFiles) {
            if (other.name.equals(f.name)) {
                diagnostics.error(statement.location(), "track_file " + f.name + " is already defined at "
                        + other.location + "; this one is ignored");
                return;
            }
        }
        trackFiles.add(f);
    }

    private void group(Statement statement) {
        Optional<String> name = name(statement);
        if (name.isEmpty()) {
            return;
        }
        for (GroupDraft other : groups) {
            if (other.name.equals(name.get())) {
                diagnostics.error(statement.location(), "vrrp_sync_group " + name.get() + " is already defined at "
                        + other.location + "; this one is ignored");
                return;
            }
        }
        GroupDraft g = new GroupDraft(name.get(), statement.location(), order);
        BlockReader r = new BlockReader(diagnostics);
        r.block("group", s -> {
            if (g.members != null) {
                diagnostics.error(s.location(), "group: already given for sync group " + g.name + "; ignored");
                return;
            }
            g.members = new ArrayList<>();
            g.memberLocations = new ArrayList<>();
            for (Statement line : s.children()) {
                for (String w : line.words()) {
                    g.members.add(w);
                    g.memberLocations.add(line.location());
                }
            }
            if (g.members.isEmpty()) {
                diagnostics.warn(s.location(), "group: sync group " + g.name + " has an empty group block");
            }
        });
        r.block("track_interface", s -> s.children().forEach(line ->
                TrackRef.read(line, "track_interface", false, g.order, diagnostics).ifPresent(t -> {
                    if (g.trackInterfaces.stream().anyMatch(x -> x.name().equals(t.name()))) {
                        diagnostics.error(line.location(), "track_interface " + t.name() + ": already tracked; "
                                + "duplicate ignored");
                    } else {
                        g.trackInterfaces.add(t);
                    }
                })));
        r.block("track_script", s -> s.children().forEach(line ->
                TrackRef.read(line, "track_script", true, g.order, diagnostics).ifPresent(g.trackScripts::add)));
        r.line("notify_master", a -> notify(a, g.notify, "master"));
        r.line("notify_backup", a -> notify(a, g.notify, "backup"));
        r.line("notify_fault", a -> notify(a, g.notify, "fault"));
        r.line("notify_stop", a -> notify(a, g.notify, "stop"));
        r.line("notify", a -> notify(a, g.notify, "any"));
        r.line("smtp_alert", a -> flag(a, v -> g.smtpAlert = v));
        r.line("sync_group_tracking_weight", a -> {
            a.noValue();
            g.trackingWeight = true;
        });
        r.alias("global_tracking", "sync_group_tracking_weight");
        r.line("notify_priority_changes", a -> flag(a, v -> g.notifyPriorityChanges = v));
        r.block("track_file", s -> s.children().forEach(line ->
                TrackRef.readFile(line, g.order, diagnostics).ifPresent(g.trackFiles::add)));
        r.unsupported("track_process", "track_bfd");
        r.read(statement.children());
        groups.add(g);
    }

    private static void flag(Args a, Consumer<Boolean> set) {
        a.atMost(1);
        a.flag(0).ifPresent(set);
    }

    private static void notify(Args a, Map<String, ScriptCommand> scripts, String which) {
        if (scripts.containsKey(which)) {
            a.error("already specified; '" + String.join(" ", a.all()) + "' ignored");
            return;
        }
        GlobalDefsBinder.scriptCommand(a).ifPresent(s -> scripts.put(which, s));
    }

    /** The model, once every statement was bound; global defaults are applied here. */
    public VrrpConfig finish(GlobalDefs globalDefs) {
        Map<String, ScriptDraft> scriptsByName = new LinkedHashMap<>();
        scripts.forEach(s -> scriptsByName.put(s.name, s));
        Set<String> usedScripts = new HashSet<>();

        // 1. keepalived's chk_min_cfg(): without a VRID or an interface nothing can run
        Map<String, VrrpInstanceBinder> candidates = new LinkedHashMap<>();
        Set<String> rejected = new HashSet<>();
        for (VrrpInstanceBinder i : instances) {
            if (i.minimalConfig()) {
                candidates.put(i.name, i);
            } else {
                rejected.add(i.name);
            }
        }

        // 2. sync groups, as vrrp_sync_set_group() builds them
        Map<String, GroupDraft> groupOf = new HashMap<>();
        List<GroupDraft> liveGroups = new ArrayList<>();
        for (GroupDraft g : groups) {
            if (g.members == null) {
                diagnostics.error(g.location, "vrrp_sync_group " + g.name + ": no 'group { ... }' of instances; "
                        + "ignored");
                continue;
            }
            g.resolved = new ArrayList<>();
            for (int k = 0; k < g.members.size(); k++) {
                String member = g.members.get(k);
                SourceLocation at = g.memberLocations.get(k);
                if (rejected.contains(member)) {
                    diagnostics.error(at, "vrrp_sync_group " + g.name + ": instance " + member
                            + " was rejected (see above); left out of the group");
                } else if (!candidates.containsKey(member)) {
                    diagnostics.error(at, "vrrp_sync_group " + g.name + ": no vrrp_instance named " + member
                            + "; ignored");
                } else if (groupOf.containsKey(member)) {
                    diagnostics.error(at, "vrrp_sync_group " + g.name + ": instance " + member + " is already in "
                            + "sync group " + groupOf.get(member).name + "; an instance can be in only one group");
                } else {
                    g.resolved.add(member);
                    groupOf.put(member, g);
                }
            }
            if (g.resolved.isEmpty()) {
                diagnostics.error(g.location, "vrrp_sync_group " + g.name + ": no usable instance; group ignored");
                continue;
            }
            if (g.resolved.size() == 1) {
                diagnostics.warn(g.location, "vrrp_sync_group " + g.name + " has only one instance; this is "
                        + "probably not what you want");
            }
            liveGroups.add(g);
        }

        // 3. complete every instance
        List<VrrpInstance> completed = new ArrayList<>();
        Map<String, VrrpInstanceBinder> binderOf = new HashMap<>();
        for (VrrpInstanceBinder i : candidates.values()) {
            GroupDraft g = groupOf.get(i.name);
            List<VrrpInstanceBinder.ResolvedTrack> tracks = resolveScripts(i.trackScripts, "vrrp_instance "
                    + i.name, scriptsByName);
            List<VrrpInstanceBinder.ResolvedFile> files = resolveFiles(i.trackFiles, "vrrp_instance " + i.name);
            Optional<Boolean> groupChanges = g == null ? Optional.empty()
                    : Optional.of(g.notifyPriorityChanges != null ? g.notifyPriorityChanges
                    : globalDefs.vrrpNotifyPriorityChanges());
            Optional<VrrpInstance> done = i.complete(globalDefs, tracks, files, g != null, g != null && g.trackingWeight,
                    groupChanges);
            if (done.isPresent()) {
                completed.add(done.get());
                binderOf.put(i.name, i);
            } else if (g != null) {
                g.resolved.remove(i.name);
            }
        }

        // 4. duplicate VRIDs: same family, same interface, same multicast group (or overlapping unicast peers)
        List<VrrpInstance> kept = new ArrayList<>();
        for (VrrpInstance i : completed) {
            Optional<VrrpInstance> clash = kept.stream().filter(k -> sameVrrpSpace(k, i)).findFirst();
            if (clash.isPresent()) {
                VrrpInstance k = clash.get();
                diagnostics.error(binderOf.get(i.name()).location, "vrrp_instance " + i.name() + ": VRID "
                        + i.virtualRouterId() + " is already used by " + k.name() + " (at "
                        + binderOf.get(k.name()).location + ") with IPv" + (i.family() == AddressFamily.IPV4 ? 4 : 6)
                        + " on " + i.interfaceName().orElse("the same peers") + "; instance ignored");
                GroupDraft g = groupOf.get(i.name());
                if (g != null) {
                    g.resolved.remove(i.name());
                }
                continue;
            }
            kept.add(i);
        }
        for (VrrpInstance i : kept) {
            i.trackScripts().forEach(t -> usedScripts.add(t.name()));
        }

        // 5. sync groups of the surviving instances
        List<VrrpSyncGroup> syncGroups = new ArrayList<>();
        for (GroupDraft g : liveGroups) {
            if (g.resolved.isEmpty()) {
                diagnostics.error(g.location, "vrrp_sync_group " + g.name + ": no usable instance left; group "
                        + "ignored");
                continue;
            }
            List<TrackedInterface> trackInterfaces = g.trackInterfaces.stream()
                    .map(t -> new TrackedInterface(t.name(), t.weight().orElse(0), t.reverse().orElse(false)))
                    .toList();
            List<TrackedScript> trackScripts = resolveScripts(g.trackScripts, "vrrp_sync_group " + g.name,
                    scriptsByName).stream().map(VrrpInstanceBinder.ResolvedTrack::script).toList();
            trackScripts.forEach(t -> usedScripts.add(t.name()));
            List<TrackedFile> groupFiles = resolveFiles(g.trackFiles, "vrrp_sync_group " + g.name).stream()
                    .map(VrrpInstanceBinder.ResolvedFile::file).toList();
            NotifyScripts notify = new NotifyScripts(Optional.ofNullable(g.notify.get("master")),
                    Optional.ofNullable(g.notify.get("backup")), Optional.ofNullable(g.notify.get("fault")),
                    Optional.ofNullable(g.notify.get("stop")), Optional.ofNullable(g.notify.get("any")),
                    Optional.empty());
            syncGroups.add(new VrrpSyncGroup(g.name, g.resolved, trackInterfaces, trackScripts, groupFiles, notify,
                    g.smtpAlert != null ? g.smtpAlert : globalDefs.smtpAlertVrrp(), g.trackingWeight,
                    g.notifyPriorityChanges != null ? g.notifyPriorityChanges
                            : globalDefs.vrrpNotifyPriorityChanges()));
            warnMixedOwnership(g, kept);
        }

        // 6. keepalived removes scripts nothing tracks when it starts ("Warning - script X is not used" in its
        // log; -t says nothing), but they still count for its script-security check
        List<VrrpScript> usedScriptModels = new ArrayList<>();
        List<VrrpScript> untrackedScriptModels = new ArrayList<>();
        for (ScriptDraft s : scripts) {
            (usedScripts.contains(s.name) ? usedScriptModels : untrackedScriptModels).add(s.toModel());
        }

        // 7. the deprecated per-instance lvs_sync_daemon_interface
        for (VrrpInstanceBinder i : instances) {
            if (i.lvsSyncInterface != null && kept.stream().anyMatch(k -> k.name().equals(i.name))) {
                if (legacySyncInterface != null) {
                    diagnostics.error(i.lvsSyncInterfaceLocation, "lvs_sync_daemon_interface: already given in "
                            + "vrrp_instance " + legacySyncInterface.instance() + "; ignored");
                } else {
                    legacySyncInterface = new LegacySyncInterface(i.lvsSyncInterface, i.name,
                            i.lvsSyncInterfaceLocation);
                }
            }
        }

        List<VirtualAddress> statics = new ArrayList<>();
        for (VirtualAddress a : staticAddresses) {
            statics.add(a.device().isPresent() ? a : new VirtualAddress(a.address(), a.prefixLength(),
                    Optional.of(globalDefs.defaultInterface()), a.broadcast(), a.peer(), a.label(), a.scope(),
                    a.home(), a.noDad(), a.mngTmpAddr(), a.noPrefixRoute(), a.autoJoin(), a.noTrack(), a.useVmac(),
                    a.preferredLifetime()));
        }
        return new VrrpConfig(usedScriptModels, syncGroups, kept, statics, staticRoutes, staticRules,
                trackFiles.stream().map(FileDraft::toModel).toList(), untrackedScriptModels);
    }

    /** The deprecated {@code lvs_sync_daemon_interface} of a surviving instance, if one was given. */
    Optional<LegacySyncInterface> legacyLvsSyncInterface() {
        return Optional.ofNullable(legacySyncInterface);
    }

    /** {@code lvs_sync_daemon_interface IF} inside vrrp_instance {@code instance}. */
    record LegacySyncInterface(String interfaceName, String instance, SourceLocation location) {
    }

    /**
     * keepalived resolves a track_script name when it reads the line, so a script defined later in the file is
     * "not found"; the entry takes the script's weight and reverse unless it gives its own.
     */
    private List<VrrpInstanceBinder.ResolvedTrack> resolveScripts(List<TrackRef> refs, String owner,
                                                                  Map<String, ScriptDraft> byName) {
        List<VrrpInstanceBinder.ResolvedTrack> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (TrackRef ref : refs) {
            ScriptDraft s = byName.get(ref.name());
            if (s == null) {
                diagnostics.error(ref.location(), owner + ": track_script " + ref.name() + ": no vrrp_script "
                        + "of that name; ignored");
                continue;
            }
            if (s.order > ref.order()) {
                diagnostics.error(ref.location(), owner + ": track_script " + ref.name() + ": vrrp_script "
                        + ref.name() + " is defined only later, at " + s.location + "; keepalived does not see it "
                        + "here, so it is ignored (define the script first)");
                continue;
            }
            if (!seen.add(ref.name())) {
                diagnostics.error(ref.location(), owner + ": track_script " + ref.name() + ": already tracked; "
                        + "duplicate ignored");
                continue;
            }
            out.add(new VrrpInstanceBinder.ResolvedTrack(new TrackedScript(ref.name(),
                    ref.weight().orElse(s.weight), ref.reverse().orElse(s.weightReverse)), ref.location()));
        }
        return out;
    }

    /** As {@link #resolveScripts}: a track_file must be defined before the line naming it. */
    private List<VrrpInstanceBinder.ResolvedFile> resolveFiles(List<TrackRef> refs, String owner) {
        List<VrrpInstanceBinder.ResolvedFile> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (TrackRef ref : refs) {
            FileDraft f = trackFiles.stream().filter(d -> d.name.equals(ref.name())).findFirst().orElse(null);
            if (f == null || f.order > ref.order()) {
                diagnostics.error(ref.location(), owner + ": track_file " + ref.name() + ": no track_file of that "
                        + "name" + (f == null ? "" : " defined before this line (it is at " + f.location
                        + "; define it first)") + "; ignored");
                continue;
            }
            if (!seen.add(ref.name())) {
                diagnostics.error(ref.location(), owner + ": track_file " + ref.name() + ": already tracked; "
                        + "duplicate ignored");
                continue;
            }
            out.add(new VrrpInstanceBinder.ResolvedFile(new TrackedFile(ref.name(), ref.weight().orElse(f.weight),
                    ref.reverse().orElse(f.weightReverse)), ref.location(),
                    ref.weight().orElse(f.weight) == 1));
        }
        return out;
    }

    /**
     * keepalived's check_vrid_conflicts(): two instances conflict when they share VRID and family and would
     * share a socket: both multicast on the same interface to the same group, or both unicast on the same
     * interface from the same source address with a common peer.
     */
    private static boolean sameVrrpSpace(VrrpInstance a, VrrpInstance b) {
        if (a.family() != b.family() || a.virtualRouterId() != b.virtualRouterId() || a.unicast() != b.unicast()) {
            return false;
        }
        if (a.unicast()) {
            if (a.interfaceName().isPresent() && b.interfaceName().isPresent()
                    && !a.interfaceName().equals(b.interfaceName())) {
                return false;
            }
            if (a.sourceAddress().isEmpty() || b.sourceAddress().isEmpty()
                    || !a.sourceAddress().equals(b.sourceAddress())) {
                // keepalived compares the interfaces' addresses at run time; without a configured source
                // address both default to the same interface address, so treat that as the same
                if (a.sourceAddress().isPresent() || b.sourceAddress().isPresent()) {
                    return false;
                }
            }
            Set<InetAddress> peers = new HashSet<>();
            a.unicastPeers().forEach(p -> peers.add(p.address()));
            return b.unicastPeers().stream().anyMatch(p -> peers.contains(p.address()));
        }
        return a.interfaceName().equals(b.interfaceName()) && a.multicastGroup().equals(b.multicastGroup());
    }

    private void warnMixedOwnership(GroupDraft g, List<VrrpInstance> instances) {
        long owners = instances.stream().filter(i -> g.resolved.contains(i.name()))
                .filter(i -> i.state() == VrrpInstance.InitialState.MASTER && i.addressOwner()).count();
        if (owners > 0 && owners < g.resolved.size()) {
            diagnostics.warn(g.location, "vrrp_sync_group " + g.name + " has some members as address owner "
                    + "(state MASTER, priority 255) and some not; this won't work");
        }
    }

    /** A vrrp_script as read. */
    private static final class ScriptDraft {
        final String name;
        final SourceLocation location;
        final int order;
        String commandLine;
        Optional<String> user = Optional.empty();
        Optional<String> group = Optional.empty();
        Duration interval = Duration.ofSeconds(1);
        Duration timeout;
        int weight;
        boolean weightReverse;
        int rise = 1;
        int fall = 1;
        boolean initFail;

        ScriptDraft(String name, SourceLocation location, int order) {
            this.name = name;
            this.location = location;
            this.order = order;
        }

        VrrpScript toModel() {
            // keepalived waits one interval for a script without a timeout
            return new VrrpScript(name, new ScriptCommand(commandLine, user, group), interval,
                    timeout != null ? timeout : interval, weight, weightReverse, rise, fall, initFail);
        }
    }

    /** A track_file as read. */
    private static final class FileDraft {
        final String name;
        final SourceLocation location;
        final int order;
        String path;
        int weight = 1;
        boolean weightGiven;
        boolean weightReverse;
        Optional<TrackFile.Init> init = Optional.empty();

        FileDraft(String name, SourceLocation location, int order) {
            this.name = name;
            this.location = location;
            this.order = order;
        }

        TrackFile toModel() {
            return new TrackFile(name, path, weight, weightReverse, init);
        }
    }

    /** A vrrp_sync_group as read. */
    private static final class GroupDraft {
        final String name;
        final SourceLocation location;
        final int order;
        List<String> members;
        List<SourceLocation> memberLocations;
        List<String> resolved;
        final List<TrackRef> trackInterfaces = new ArrayList<>();
        final List<TrackRef> trackScripts = new ArrayList<>();
        final List<TrackRef> trackFiles = new ArrayList<>();
        final Map<String, ScriptCommand> notify = new HashMap<>();
        Boolean smtpAlert;
        boolean trackingWeight;
        Boolean notifyPriorityChanges;

        GroupDraft(String name, SourceLocation location, int order) {
            this.name = name;
            this.location = location;
            this.order = order;
        }
    }
}
