package io.jkeepalived.daemon.status;

import io.jkeepalived.check.CheckerStatus;
import io.jkeepalived.check.pool.PoolStatus;
import io.jkeepalived.daemon.check.CheckerService.VirtualServerStatus;
import io.jkeepalived.ipvs.IpvsText;
import io.jkeepalived.ipvs.RealServerDest;
import io.jkeepalived.ipvs.VirtualService;
import io.jkeepalived.libc.Libc;
import io.jkeepalived.vrrp.DropReason;
import io.jkeepalived.vrrp.IpFamily;
import io.jkeepalived.vrrp.runtime.VrrpSnapshot;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The status document: a {@link StatusReport} as JSON, field names in snake_case, stable across releases
 * (docs/cli.md, "Status", lists them; new fields may be added, none renamed or removed without bumping
 * {@code format}). Instants are ISO-8601 UTC strings; durations are whole seconds with an {@code _s} suffix;
 * addresses are plain text ("192.0.2.1", "2001:db8::1"); unknown values are null, never left out.
 */
public final class StatusJson {
    /** Bumped when a field is renamed or removed or changes meaning. */
    public static final int FORMAT = 1;

    private StatusJson() {
    }

    public static String write(StatusReport report) {
        JsonWriter w = new JsonWriter().beginObject();
        w.field("format", FORMAT);
        w.field("generated_at", report.at().toString());
        daemon(w, report);
        w.name("parts").beginObject()
                .field("vrrp", report.vrrp().state().name().toLowerCase(Locale.ROOT))
                .field("checkers", report.checkers().state().name().toLowerCase(Locale.ROOT))
                .endObject();
        Optional<VrrpSnapshot> vrrp = report.vrrp().snapshot();
        w.name("vrrp_instances").beginArray();
        vrrp.ifPresent(s -> s.instances().forEach(i -> instance(w, report, s, i)));
        w.endArray();
        w.name("vrrp_sync_groups").beginArray();
        vrrp.ifPresent(s -> s.syncGroups().forEach(g -> {
            w.beginObject().field("name", g.name()).field("state", g.state().name());
            w.name("members").beginArray();
            g.members().forEach(w::value);
            w.endArray().endObject();
        }));
        w.endArray();
        w.name("vrrp_unrouted_drops");
        if (vrrp.isPresent()) {
            drops(w, vrrp.get().unroutedDrops());
        } else {
            w.nullValue();
        }
        w.name("virtual_servers").beginArray();
        report.checkers().snapshot().ifPresent(list -> list.forEach(vs -> virtualServer(w, report, vs)));
        w.endArray();
        w.name("errors").beginArray();
        report.errors().forEach(w::value);
        w.endArray();
        return w.endObject().toString();
    }

    private static void daemon(JsonWriter w, StatusReport report) {
        StatusReport.Daemon d = report.daemon();
        w.name("daemon").beginObject()
                .field("version", d.version())
                .field("pid", d.pid())
                .field("config_file", d.configFile().toString())
                .field("config_id", d.configId())
                .field("started_at", d.startedAt().toString())
                .field("uptime_s", Math.max(0, Duration.between(d.startedAt(), report.at()).toSeconds()))
                .field("control_socket", d.controlSocket().map(Object::toString).orElse(null));
        w.name("last_reload");
        if (d.lastReload().isPresent()) {
            StatusReport.Reload r = d.lastReload().get();
            w.beginObject().field("at", r.at().toString()).field("result", r.result())
                    .field("message", r.message()).endObject();
        } else {
            w.nullValue();
        }
        w.endObject();
    }

    /** The wall-clock instant of something {@code ageNanos} before a snapshot taken at {@code takenAtNanos}. */
    private static String instant(StatusReport report, long takenAtNanos, long ageNanos) {
        Instant at = report.at().minusNanos(Math.max(0, report.nanoAt() - takenAtNanos) + Math.max(0, ageNanos));
        return at.toString();
    }

    private static void instance(JsonWriter w, StatusReport report, VrrpSnapshot s, VrrpSnapshot.Instance i) {
        w.beginObject()
                .field("name", i.name())
                .field("interface", i.interfaceName())
                .field("vrid", i.vrid())
                .field("family", i.family() == IpFamily.IPV6 ? "inet6" : "inet")
                .field("version", i.version())
                .field("state", i.state().name())
                .field("priority", i.priority())
                .field("effective_priority", i.effectivePriority())
                .field("master_address", i.masterAddress().map(StatusJson::address).orElse(null))
                .field("master_since", i.masterSinceAgeNanos().map(age -> instant(report, s.takenAtNanos(), age))
                        .orElse(null));
        w.name("last_transition");
        if (i.lastTransition().isPresent()) {
            VrrpSnapshot.Transition t = i.lastTransition().get();
            w.beginObject().field("at", instant(report, s.takenAtNanos(), t.ageNanos()))
                    .field("from", t.from().name()).field("to", t.to().name())
                    .field("cause", t.cause().name().toLowerCase(Locale.ROOT)).endObject();
        } else {
            w.nullValue();
        }
        w.name("virtual_ipaddresses").beginArray();
        for (VrrpSnapshot.Vip v : i.virtualAddresses()) {
            w.beginObject().field("address", address(v.address())).field("prefix_length", v.prefixLength())
                    .field("device", v.device()).field("excluded", v.excluded()).field("present", v.present())
                    .endObject();
        }
        w.endArray();
        w.field("sync_group", i.syncGroup().orElse(null));
        w.name("tracked").beginArray();
        for (VrrpSnapshot.Tracked t : i.tracked()) {
            w.beginObject().field("type", t.type()).field("name", t.name()).field("weight", t.weight())
                    .field("reverse", t.reverse()).field("status", t.status()).endObject();
        }
        w.endArray();
        VrrpSnapshot.Counters c = i.counters();
        w.name("counters").beginObject()
                .field("adverts_sent", c.advertsSent())
                .field("adverts_received", c.advertsReceived())
                .field("priority_zero_sent", c.priorityZeroSent())
                .field("priority_zero_received", c.priorityZeroReceived())
                .field("became_master", c.becameMaster())
                .field("released_master", c.releasedMaster())
                .field("send_errors", c.sendErrors())
                .field("dropped_total", c.dropped())
                .endObject();
        w.name("drops");
        drops(w, i.drops());
        w.endObject();
    }

    /** Every reason, zero or not, in {@link DropReason}'s order, under its stable key. */
    private static void drops(JsonWriter w, Map<DropReason, Long> drops) {
        w.beginObject();
        for (DropReason r : DropReason.values()) {
            w.field(r.key(), drops.getOrDefault(r, 0L));
        }
        w.endObject();
    }

    private static void virtualServer(JsonWriter w, StatusReport report, VirtualServerStatus vs) {
        PoolStatus pool = vs.pool();
        VirtualService service = pool.services().get(0);
        w.beginObject()
                .field("service", service.describe())
                .field("address", service.fwmark() != 0 ? null : address(service.address()))
                .name("port");
        if (service.fwmark() != 0) {
            w.nullValue().field("fwmark", Integer.toUnsignedLong(service.fwmark()));
        } else {
            w.value(service.port()).name("fwmark").nullValue();
        }
        w.field("family", service.family() == Libc.AF_INET6 ? "inet6" : "inet")
                .field("protocol", service.fwmark() != 0 ? null : IpvsText.protocol(service.protocol()))
                .field("group", vs.group().orElse(null))
                .field("services", pool.services().size())
                .field("scheduler", service.scheduler());
        w.name("persistence");
        if (service.isPersistent()) {
            w.beginObject().field("timeout_s", Integer.toUnsignedLong(service.timeoutSeconds()))
                    .field("netmask", service.netmaskText()).endObject();
        } else {
            w.nullValue();
        }
        w.name("quorum").beginObject()
                .field("quorum", pool.quorum())
                .field("hysteresis", pool.hysteresis())
                .field("live_weight", pool.liveWeight())
                .field("up", pool.quorumUp())
                .endObject();
        w.name("sorry_server");
        if (pool.sorry().isPresent()) {
            RealServerDest d = pool.sorry().get().destination();
            w.beginObject().field("address", address(d.address())).field("port", d.port())
                    .field("active", pool.sorryActive()).endObject();
        } else {
            w.nullValue();
        }
        w.name("real_servers").beginArray();
        for (int m = 0; m < pool.members().size(); m++) {
            PoolStatus.Member member = pool.members().get(m);
            List<CheckerStatus> checkers = m < vs.checkers().size() ? vs.checkers().get(m) : List.of();
            realServer(w, report, member, checkers);
        }
        w.endArray();
        w.endObject();
    }

    private static void realServer(JsonWriter w, StatusReport report, PoolStatus.Member member,
                                   List<CheckerStatus> checkers) {
        RealServerDest d = member.destination();
        boolean up = member.health() != null && member.health().alive();
        w.beginObject()
                .field("address", address(d.address()))
                .field("port", d.port())
                .field("forwarding", d.method().keepalivedName())
                .field("weight", d.weight())
                .name("effective_weight");
        if (member.health() == null) {
            w.nullValue();
        } else {
            w.value(member.health().weight());
        }
        w.field("up", up)
                .field("inhibit_on_failure", member.inhibitOnFailure())
                .field("failures", checkers.stream().mapToLong(CheckerStatus::failures).sum());
        w.name("checkers").beginArray();
        for (CheckerStatus c : checkers) {
            w.beginObject()
                    .field("type", c.kind().name())
                    .field("target", c.target())
                    .field("up", c.up())
                    .field("attempts", c.attempts())
                    .field("failures", c.failures())
                    .field("consecutive_failures", c.consecutiveFailures());
            w.name("last_check");
            if (c.last().isPresent()) {
                CheckerStatus.LastCheck l = c.last().get();
                // The checkers' loop took its copy just before the report: the age is from about report.at().
                w.beginObject().field("at", report.at().minusNanos(Math.max(0, l.ageNanos())).toString())
                        .field("result", l.result()).field("detail", l.detail()).endObject();
            } else {
                w.nullValue();
            }
            w.endObject();
        }
        w.endArray();
        w.endObject();
    }

    private static String address(InetAddress a) {
        // RFC 5952's compressed form for IPv6 (what ip(8) prints), not Java's full one.
        return a == null ? null : IpvsText.host(a);
    }
}
