package io.jkeepalived.daemon.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The status document (as {@link JsonReader} reads it) as tables for people: the daemon, the VRRP instances,
 * the virtual servers with their real servers. Made from the JSON, not from the daemon's objects, so that what a
 * person reads is exactly what a script reading {@code --json} gets.
 */
public final class StatusTable {
    private StatusTable() {
    }

    public static String render(Map<?, ?> doc) {
        StringBuilder out = new StringBuilder();
        Map<?, ?> d = map(doc.get("daemon"));
        out.append("jkeepalived ").append(d.get("version")).append(", pid ").append(d.get("pid"))
                .append(", up ").append(duration(number(d.get("uptime_s")))).append(" (since ")
                .append(d.get("started_at")).append(")\n");
        out.append("Configuration: ").append(d.get("config_file")).append(" (config id ").append(d.get("config_id"))
                .append(")\n");
        Object reload = d.get("last_reload");
        if (reload instanceof Map<?, ?> r) {
            out.append("Last reload: ").append(r.get("at")).append(' ').append(r.get("result")).append(": ")
                    .append(r.get("message")).append('\n');
        } else {
            out.append("Last reload: none since start\n");
        }
        Map<?, ?> parts = map(doc.get("parts"));
        out.append('\n').append("VRRP (").append(parts.get("vrrp")).append(")\n");
        List<?> instances = list(doc.get("vrrp_instances"));
        if (instances.isEmpty()) {
            out.append("  no instance\n");
        } else {
            Table t = new Table("INSTANCE", "INTERFACE", "VRID", "STATE", "PRIO", "EFFECTIVE", "SINCE", "VIPS",
                    "ADVERTS OUT/IN", "DROPPED");
            for (Object o : instances) {
                Map<?, ?> i = map(o);
                Map<?, ?> c = map(i.get("counters"));
                Object last = i.get("last_transition");
                List<String> vips = new ArrayList<>();
                for (Object v : list(i.get("virtual_ipaddresses"))) {
                    Map<?, ?> vip = map(v);
                    vips.add(vip.get("address") + "/" + vip.get("prefix_length")
                            + (Boolean.TRUE.equals(vip.get("present")) ? "" : " (absent)"));
                }
                t.row(str(i.get("name")), str(i.get("interface")), str(i.get("vrid")), str(i.get("state")),
                        str(i.get("priority")), str(i.get("effective_priority")),
                        last instanceof Map<?, ?> l ? str(l.get("at")) : "-",
                        vips.isEmpty() ? "-" : String.join(" ", vips),
                        c.get("adverts_sent") + "/" + c.get("adverts_received"), str(c.get("dropped_total")));
            }
            t.appendTo(out);
            for (Object o : instances) {
                Map<?, ?> i = map(o);
                List<String> tracked = new ArrayList<>();
                for (Object x : list(i.get("tracked"))) {
                    Map<?, ?> tr = map(x);
                    tracked.add(tr.get("type") + " " + tr.get("name") + " " + tr.get("status"));
                }
                if (!tracked.isEmpty()) {
                    out.append("  ").append(i.get("name")).append(" tracks: ").append(String.join(", ", tracked))
                            .append('\n');
                }
            }
        }
        out.append('\n').append("Virtual servers (").append(parts.get("checkers")).append(")\n");
        List<?> servers = list(doc.get("virtual_servers"));
        if (servers.isEmpty()) {
            out.append("  no virtual server\n");
        }
        for (Object o : servers) {
            Map<?, ?> vs = map(o);
            Map<?, ?> q = map(vs.get("quorum"));
            out.append("  ").append(vs.get("service")).append("  ").append(vs.get("scheduler"))
                    .append("  quorum ").append(Boolean.TRUE.equals(q.get("up")) ? "up" : "DOWN")
                    .append(" (live weight ").append(q.get("live_weight")).append(", quorum ").append(q.get("quorum"))
                    .append(')');
            if (vs.get("sorry_server") instanceof Map<?, ?> sorry) {
                out.append("  sorry server ").append(sorry.get("address")).append(':').append(sorry.get("port"))
                        .append(Boolean.TRUE.equals(sorry.get("active")) ? " ACTIVE" : " standby");
            }
            out.append('\n');
            Table t = new Table("    REAL SERVER", "WEIGHT", "STATE", "CHECKER", "LAST CHECK", "FAILURES");
            for (Object r : list(vs.get("real_servers"))) {
                Map<?, ?> rs = map(r);
                List<String> kinds = new ArrayList<>();
                String lastCheck = "-";
                for (Object c : list(rs.get("checkers"))) {
                    Map<?, ?> ch = map(c);
                    kinds.add(str(ch.get("type")));
                    if (ch.get("last_check") instanceof Map<?, ?> l) {
                        lastCheck = l.get("result") + " " + l.get("at");
                    }
                }
                t.row("    " + rs.get("address") + ":" + rs.get("port"), str(rs.get("effective_weight")),
                        Boolean.TRUE.equals(rs.get("up")) ? "UP" : "DOWN",
                        kinds.isEmpty() ? "-" : String.join(",", kinds), lastCheck, str(rs.get("failures")));
            }
            t.appendTo(out);
        }
        List<?> errors = list(doc.get("errors"));
        if (!errors.isEmpty()) {
            out.append('\n').append("Incomplete:\n");
            errors.forEach(e -> out.append("  ").append(e).append('\n'));
        }
        return out.toString();
    }

    private static Map<?, ?> map(Object o) {
        return o instanceof Map<?, ?> m ? m : Map.of();
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }

    private static String str(Object o) {
        return o == null ? "-" : o.toString();
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    /** "3d04h", "2h05m", "4m10s", "12s". */
    static String duration(long seconds) {
        long d = seconds / 86400;
        long h = seconds % 86400 / 3600;
        long m = seconds % 3600 / 60;
        long s = seconds % 60;
        if (d > 0) {
            return String.format("%dd%02dh", d, h);
        }
        if (h > 0) {
            return String.format("%dh%02dm", h, m);
        }
        if (m > 0) {
            return String.format("%dm%02ds", m, s);
        }
        return s + "s";
    }

    /** Columns padded to their widest cell. */
    private static final class Table {
        private final List<String[]> rows = new ArrayList<>();

        Table(String... header) {
            rows.add(header);
        }

        void row(String... cells) {
            rows.add(cells);
        }

        void appendTo(StringBuilder out) {
            int[] width = new int[rows.get(0).length];
            for (String[] r : rows) {
                for (int i = 0; i < r.length; i++) {
                    width[i] = Math.max(width[i], r[i].length());
                }
            }
            for (String[] r : rows) {
                StringBuilder line = new StringBuilder(r[0].startsWith(" ") ? "" : "  ");
                for (int i = 0; i < r.length; i++) {
                    line.append(r[i]);
                    if (i < r.length - 1) {
                        line.append(" ".repeat(width[i] - r[i].length() + 2));
                    }
                }
                out.append(line.toString().stripTrailing()).append('\n');
            }
        }
    }
}
