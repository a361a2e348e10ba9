package io.jkeepalived.config.lvs;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random LVS configurations, as an operator might write them: every keyword the binder knows, in a
 * random order where keepalived allows it, values sometimes left to their defaults. Addresses come from the
 * documentation ranges; the text is only parsed.
 */
final class RandomLvsConfig {
    private static final String[] SCHEDULERS = {"rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq",
        "fo", "ovf", "mh", "twos"};
    private static final String[] TIMES = {"0.5", "1", "2", "3", "1.25", "10", "0.000001", "6", "0.1", "120"};
    private static final String[] METHODS = {"NAT", "DR", "TUN", "TUN type gue port 6080", "TUN type gue port 5555 csum",
        "TUN type gre", "TUN type gre csum", "TUN type ipip nocsum", "TUN type gue port 1 remcsum"};

    private final Random r;
    private final StringBuilder out = new StringBuilder();
    private int serial;

    private RandomLvsConfig(Random r) {
        this.r = r;
    }

    static String generate(Random random) {
        return new RandomLvsConfig(random).config();
    }

    private boolean p(int percent) {
        return r.nextInt(100) < percent;
    }

    private <T> T pick(T[] values) {
        return values[r.nextInt(values.length)];
    }

    private String time() {
        return pick(TIMES);
    }

    private String v4() {
        return "192.0.2." + (1 + r.nextInt(250));
    }

    private String v6() {
        return "2001:db8::" + Integer.toHexString(1 + r.nextInt(0xfff0));
    }

    private String address(boolean six) {
        return six ? v6() : v4();
    }

    private String config() {
        if (p(20)) {
            out.append("SSL {\n");
            if (p(50)) {
                out.append("    password \"pass word\"\n");
            }
            if (p(50)) {
                out.append("    ca /etc/ca.pem\n");
            }
            out.append("    certificate /etc/cert.pem\n    key /etc/key.pem\n}\n");
        }
        List<String> groups = new ArrayList<>();
        List<Boolean> groupSix = new ArrayList<>();
        int groupCount = r.nextInt(3);
        for (int g = 0; g < groupCount; g++) {
            boolean six = p(25);
            String name = "grp" + g;
            groups.add(name);
            groupSix.add(six);
            out.append("virtual_server_group ").append(name).append(" {\n");
            int entries = 1 + r.nextInt(4);
            int port = 1 + r.nextInt(9000);
            for (int e = 0; e < entries; e++) {
                out.append("    ");
                switch (r.nextInt(5)) {
                    case 0 -> out.append("fwmark ").append(1 + r.nextInt(1000)).append(p(50) ? (six ? " inet6" : " inet") : "");
                    case 1 -> out.append(six ? "2001:db8:1::" + (10 + e * 16) + "-" + (12 + e * 16) : "198.51.100." + (e * 20 + 1)
                            + "-" + (e * 20 + 9)).append(' ').append(port);
                    case 2 -> out.append(six ? "2001:db8:2::/124" : "203.0.113." + (e * 16) + "/28").append(' ').append(port);
                    case 3 -> out.append(six ? "2001:db8:3::1-2001:db8:3::1:0" : "198.51.100.200-198.51.101.3")
                            .append(' ').append(port);
                    default -> out.append(address(six)).append(' ').append(p(90) ? String.valueOf(port) : "");
                }
                out.append('\n');
            }
            out.append("}\n");
        }
        int virtualServers = 1 + r.nextInt(4);
        for (int v = 0; v < virtualServers; v++) {
            virtualServer(groups, groupSix);
        }
        return out.toString();
    }

    private void virtualServer(List<String> groups, List<Boolean> groupSix) {
        int kind = r.nextInt(100);
        boolean six;
        int port;
        boolean fwmark = false;
        if (kind < 15 && !groups.isEmpty()) {
            int g = r.nextInt(groups.size());
            six = groupSix.get(g);
            port = 0;
            out.append("virtual_server group ").append(groups.get(g)).append(" {\n");
        } else if (kind < 30) {
            six = p(20);
            port = 0;
            fwmark = true;
            out.append("virtual_server fwmark ").append(1 + serial++).append(" {\n");
        } else {
            six = p(20);
            port = p(95) ? 1 + r.nextInt(65535) : 0;
            out.append("virtual_server ").append(address(six)).append(port == 0 ? "" : " " + port).append(" {\n");
        }
        List<String> lines = new ArrayList<>();
        if (p(80)) {
            lines.add("protocol " + (p(60) ? "TCP" : p(50) ? "UDP" : "SCTP"));
        }
        String scheduler = p(90) ? pick(SCHEDULERS) : null;
        if (scheduler != null) {
            lines.add("lvs_sched " + scheduler);
        }
        boolean methodFirst = p(70);
        String method = p(80) ? pick(METHODS) : null;
        if (method != null && methodFirst) {
            lines.add("lvs_method " + method);
        }
        if (p(10)) {
            lines.add("ops");
        }
        if (p(20)) {
            lines.add("persistence_timeout" + (p(20) ? "" : " " + (1 + r.nextInt(3600))));
        }
        if (p(10)) {
            lines.add("persistence_granularity " + (six ? String.valueOf(1 + r.nextInt(128)) : "255.255." + pick(new String[] {"255.0", "0.0", "255.255", "240.0"})));
        }
        if (p(5)) {
            lines.add("persistence_engine sip");
        }
        for (String flag : new String[] {"ha_suspend", "alpha", "omega", "inhibit_on_failure"}) {
            if (p(10)) {
                lines.add(flag);
            }
        }
        if (p(20)) {
            lines.add("virtualhost www" + r.nextInt(9) + ".example.org");
        }
        if (p(20)) {
            lines.add("quorum " + (1 + r.nextInt(6)));
        }
        if (p(15)) {
            lines.add("hysteresis " + r.nextInt(4));
        }
        if (p(10)) {
            lines.add("quorum_up \"/usr/bin/q up\"" + (p(50) ? " nobody" : ""));
        }
        if (p(10)) {
            lines.add("quorum_down /usr/bin/qdown");
        }
        if (p(20)) {
            lines.add("smtp_alert " + (p(50) ? "yes" : "no"));
        }
        if (p(10)) {
            lines.add("weight " + (1 + r.nextInt(10)));
        }
        timers(lines, true);
        java.util.Collections.shuffle(lines, r);
        lines.forEach(l -> out.append("    ").append(l).append('\n'));
        if (scheduler != null && (scheduler.equals("sh") || scheduler.equals("mh"))) {
            if (p(50)) {
                out.append("    ").append(scheduler).append("-port\n");
            }
            if (p(50)) {
                out.append("    ").append(scheduler).append("-fallback\n");
            }
        }
        if (p(15)) {
            out.append("    flag-").append(1 + r.nextInt(3)).append('\n');
        }
        if (p(30)) {
            out.append("    sorry_server ").append(address(six)).append(p(70) ? " " + (port == 0 ? 80 : port) : "")
                    .append('\n');
            if (p(30)) {
                out.append("    sorry_server_lvs_method ").append(pick(METHODS)).append('\n');
            }
            if (p(20)) {
                out.append("    sorry_server_inhibit\n");
            }
        }
        int realServers = 1 + r.nextInt(4);
        for (int i = 0; i < realServers; i++) {
            realServer(six, port, fwmark);
        }
        if (method != null && !methodFirst) {
            out.append("    lvs_method ").append(method).append('\n');
        }
        out.append("}\n");
    }

    private void timers(List<String> lines, boolean virtualLevel) {
        if (p(50)) {
            lines.add("delay_loop " + time());
        }
        if (p(30)) {
            lines.add("connect_timeout " + time());
        }
        if (p(30)) {
            lines.add("retry " + (1 + r.nextInt(5)));
        }
        if (p(30)) {
            lines.add("delay_before_retry " + (p(20) ? "0" : time()));
        }
        if (p(20)) {
            lines.add("warmup " + (p(30) ? "0" : time()));
        }
    }

    private void realServer(boolean six, int vsPort, boolean fwmark) {
        int port = p(70) && vsPort != 0 ? vsPort : p(50) ? 1 + r.nextInt(65535) : 0;
        out.append("    real_server ").append(address(six)).append(port == 0 ? "" : " " + port).append(" {\n");
        List<String> lines = new ArrayList<>();
        if (p(60)) {
            lines.add("weight " + r.nextInt(5));
        }
        if (p(20)) {
            lines.add("lvs_method " + pick(METHODS));
        }
        if (p(10)) {
            lines.add("uthreshold " + r.nextInt(1000));
        }
        if (p(10)) {
            lines.add("lthreshold " + r.nextInt(10));
        }
        if (p(20)) {
            lines.add("inhibit_on_failure " + (p(50) ? "yes" : "no"));
        }
        if (p(10)) {
            lines.add("alpha" + (p(50) ? "" : " off"));
        }
        if (p(10)) {
            lines.add("notify_up \"/bin/up 'a b'\" root");
        }
        if (p(10)) {
            lines.add("notify_down /bin/down");
        }
        if (p(10)) {
            lines.add("smtp_alert " + (p(50) ? "on" : "off"));
        }
        if (p(10)) {
            lines.add("virtualhost rs.example.org");
        }
        timers(lines, false);
        java.util.Collections.shuffle(lines, r);
        lines.forEach(l -> out.append("        ").append(l).append('\n'));
        int checkers = r.nextInt(4);
        for (int c = 0; c < checkers; c++) {
            checker(six);
        }
        out.append("    }\n");
    }

    private void checker(boolean six) {
        String kind = pick(new String[] {"HTTP_GET", "SSL_GET", "TCP_CHECK", "MISC_CHECK", "SMTP_CHECK", "DNS_CHECK",
            "UDP_CHECK", "PING_CHECK", "FILE_CHECK", "BFD_CHECK"});
        String in = "            ";
        out.append("        ").append(kind).append(" {\n");
        switch (kind) {
            case "FILE_CHECK" -> {
                out.append(in).append("track_file tf").append(r.nextInt(3)).append('\n');
                if (p(50)) {
                    out.append(in).append("weight ").append(r.nextInt(21) - 10).append(p(50) ? " reverse" : "")
                            .append('\n');
                }
            }
            case "BFD_CHECK" -> {
                out.append(in).append("name bfd").append(r.nextInt(3)).append('\n');
                if (p(50)) {
                    out.append(in).append("alpha ").append(p(50) ? "yes" : "no").append('\n');
                }
            }
            case "MISC_CHECK" -> {
                out.append(in).append("misc_path \"/usr/bin/check -p ").append(r.nextInt(99)).append("\"\n");
                if (p(50)) {
                    out.append(in).append("misc_timeout ").append(r.nextInt(30)).append('\n');
                }
                if (p(30)) {
                    out.append(in).append("misc_dynamic\n");
                }
                if (p(30)) {
                    out.append(in).append("user nobody").append(p(50) ? " nogroup" : "").append('\n');
                }
                common(in, false);
            }
            default -> {
                common(in, true);
                switch (kind) {
                    case "HTTP_GET", "SSL_GET" -> {
                        if (p(30)) {
                            out.append(in).append("virtualhost h.example.org\n");
                        }
                        if (p(30)) {
                            out.append(in).append("http_protocol ").append(pick(new String[] {"1.0", "1.1", "1.0C"}))
                                    .append('\n');
                        }
                        if (p(20)) {
                            out.append(in).append("enable_sni\n");
                        }
                        if (p(20)) {
                            out.append(in).append("fast_recovery\n");
                        }
                        if (p(20)) {
                            out.append(in).append("nb_get_retry ").append(r.nextInt(4)).append('\n');
                        }
                        int urls = 1 + r.nextInt(2);
                        for (int u = 0; u < urls; u++) {
                            out.append(in).append("url {\n");
                            out.append(in).append("    path /p").append(u).append('\n');
                            if (p(30)) {
                                out.append(in).append("    status_code 200-299 404\n");
                            }
                            if (p(20)) {
                                out.append(in).append("    digest 0123456789abcdef0123456789ABCDEF\n");
                            }
                            if (p(20)) {
                                out.append(in).append("    virtualhost u.example.org\n");
                            }
                            if (p(20)) {
                                out.append(in).append("    regex \"ok\"\n");
                                if (p(50)) {
                                    out.append(in).append("    regex_options caseless\n");
                                }
                                if (p(50)) {
                                    out.append(in).append("    regex_max_offset 100\n");
                                }
                            }
                            out.append(in).append("}\n");
                        }
                    }
                    case "SMTP_CHECK" -> {
                        if (p(50)) {
                            out.append(in).append("helo_name mail.example.org\n");
                        }
                    }
                    case "DNS_CHECK" -> {
                        if (p(50)) {
                            out.append(in).append("type ").append(pick(new String[] {"A", "aaaa", "MX", "SOA"}))
                                    .append('\n');
                        }
                        if (p(50)) {
                            out.append(in).append("name example.org\n");
                        }
                    }
                    case "UDP_CHECK" -> {
                        if (p(50)) {
                            out.append(in).append("payload 01 02 ab\n");
                        }
                        if (p(50)) {
                            out.append(in).append("require_reply").append(p(50) ? " 0X ff" : "").append('\n');
                        }
                        if (p(30)) {
                            out.append(in).append("min_reply_length ").append(r.nextInt(10)).append('\n');
                        }
                        if (p(30)) {
                            out.append(in).append("max_reply_length ").append(10 + r.nextInt(500)).append('\n');
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        out.append("        }\n");
    }

    private void common(String in, boolean network) {
        if (network) {
            if (p(20)) {
                out.append(in).append("connect_ip ").append(v4()).append('\n');
            }
            if (p(40)) {
                out.append(in).append("connect_port ").append(1 + r.nextInt(65535)).append('\n');
            }
            if (p(10)) {
                out.append(in).append("bind_port ").append(1024 + r.nextInt(60000)).append('\n');
            }
            if (p(10)) {
                out.append(in).append("bind_if eth").append(r.nextInt(3)).append('\n');
            }
            if (p(30)) {
                out.append(in).append("connect_timeout ").append(time()).append('\n');
            }
            if (p(10)) {
                out.append(in).append("fwmark ").append(r.nextInt(100)).append('\n');
            }
        }
        if (p(30)) {
            out.append(in).append("retry ").append(r.nextInt(5)).append('\n');
        }
        if (p(20)) {
            out.append(in).append("delay_loop ").append(time()).append('\n');
        }
        if (p(20)) {
            out.append(in).append("delay_before_retry ").append(time()).append('\n');
        }
        if (p(10)) {
            out.append(in).append("warmup ").append(time()).append('\n');
        }
        if (p(10)) {
            out.append(in).append("alpha\n");
        }
        if (p(10)) {
            out.append(in).append("log_all_failures\n");
        }
    }
}
