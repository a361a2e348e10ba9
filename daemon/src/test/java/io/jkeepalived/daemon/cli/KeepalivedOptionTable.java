package io.jkeepalived.daemon.cli;

import java.util.List;

/**
 * keepalived's own option table, transcribed from 2.2.7's and 2.4.3's long_options and getopt string
 * (keepalived/core/main.c): the reference the tests hold jkeepalived's command line against.
 */
final class KeepalivedOptionTable {
    enum Arg { NONE, REQUIRED, OPTIONAL }

    /** @param shortName the short letter, or 0 for long-only options */
    record KeepalivedOption(char shortName, String longName, Arg arg, boolean supported) {
        @Override
        public String toString() {
            return (shortName == 0 ? "" : "-" + shortName + " ") + "--" + longName;
        }
    }

    static final List<KeepalivedOption> ALL = List.of(
            new KeepalivedOption('f', "use-file", Arg.REQUIRED, true),
            new KeepalivedOption('P', "vrrp", Arg.NONE, true),
            new KeepalivedOption('C', "check", Arg.NONE, true),
            new KeepalivedOption('B', "no_bfd", Arg.NONE, false),
            new KeepalivedOption((char) 0, "all", Arg.NONE, false),
            new KeepalivedOption('l', "log-console", Arg.NONE, true),
            new KeepalivedOption('D', "log-detail", Arg.NONE, true),
            new KeepalivedOption('S', "log-facility", Arg.REQUIRED, false),
            new KeepalivedOption('g', "log-file", Arg.OPTIONAL, false),
            new KeepalivedOption('e', "all-config", Arg.NONE, false),
            new KeepalivedOption((char) 0, "flush-log-file", Arg.NONE, false),
            new KeepalivedOption('G', "no-syslog", Arg.NONE, false),
            new KeepalivedOption('u', "umask", Arg.REQUIRED, false),
            new KeepalivedOption('X', "release-vips", Arg.NONE, false),
            new KeepalivedOption('V', "dont-release-vrrp", Arg.NONE, false),
            new KeepalivedOption('I', "dont-release-ipvs", Arg.NONE, false),
            new KeepalivedOption('R', "dont-respawn", Arg.NONE, false),
            new KeepalivedOption('n', "dont-fork", Arg.NONE, true),
            new KeepalivedOption('d', "dump-conf", Arg.NONE, true),
            new KeepalivedOption('p', "pid", Arg.REQUIRED, true),
            new KeepalivedOption('r', "vrrp_pid", Arg.REQUIRED, true),
            new KeepalivedOption('T', "genhash", Arg.NONE, false),
            new KeepalivedOption('c', "checkers_pid", Arg.REQUIRED, true),
            new KeepalivedOption('a', "address-monitoring", Arg.NONE, false),
            new KeepalivedOption('b', "bfd_pid", Arg.REQUIRED, false),
            new KeepalivedOption('x', "snmp", Arg.NONE, false),
            new KeepalivedOption('A', "snmp-agent-socket", Arg.REQUIRED, false),
            new KeepalivedOption('m', "core-dump", Arg.NONE, false),
            new KeepalivedOption('M', "core-dump-pattern", Arg.OPTIONAL, false),
            new KeepalivedOption((char) 0, "no-mem-check", Arg.NONE, false),
            new KeepalivedOption('L', "mem-check-log", Arg.NONE, false),
            new KeepalivedOption('O', "openssl-mem-check", Arg.NONE, false),
            new KeepalivedOption('s', "namespace", Arg.REQUIRED, false),
            new KeepalivedOption('i', "config-id", Arg.REQUIRED, true),
            new KeepalivedOption((char) 0, "signum", Arg.REQUIRED, true),
            new KeepalivedOption('t', "config-test", Arg.OPTIONAL, true),
            new KeepalivedOption((char) 0, "config-fd", Arg.REQUIRED, false),
            new KeepalivedOption((char) 0, "ignore-sigint", Arg.NONE, false),
            new KeepalivedOption((char) 0, "perf", Arg.OPTIONAL, false),
            new KeepalivedOption((char) 0, "debug", Arg.OPTIONAL, false),
            new KeepalivedOption('v', "version", Arg.NONE, true),
            new KeepalivedOption('h', "help", Arg.NONE, true));

    /** The options jkeepalived accepts but ignores with a warning (genhash is refused: it is another program). */
    static List<KeepalivedOption> ignored() {
        return ALL.stream().filter(o -> !o.supported() && !o.longName().equals("genhash")).toList();
    }

    private KeepalivedOptionTable() {
    }
}
