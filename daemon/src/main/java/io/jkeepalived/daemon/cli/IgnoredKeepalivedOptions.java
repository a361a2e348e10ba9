package io.jkeepalived.daemon.cli;

import picocli.CommandLine.Option;

/**
 * keepalived's options (2.2.7 and 2.4.3) that jkeepalived does not implement yet. They are accepted, with their
 * argument when they take one, so that unit files and scripts written for keepalived keep working; each use
 * logs a warning. The fields only exist so that picocli knows each option's name and arity: nothing reads them.
 */
@SuppressWarnings("unused")
final class IgnoredKeepalivedOptions {
    @Option(names = {"-B", "--no_bfd"}, hidden = true)
    private boolean[] noBfd;

    @Option(names = "--all", hidden = true)
    private boolean[] all;

    @Option(names = {"-S", "--log-facility"}, hidden = true)
    private String logFacility;

    @Option(names = {"-g", "--log-file"}, arity = "0..1", hidden = true)
    private String logFile;

    @Option(names = "--flush-log-file", hidden = true)
    private boolean[] flushLogFile;

    @Option(names = {"-G", "--no-syslog"}, hidden = true)
    private boolean[] noSyslog;

    @Option(names = {"-e", "--all-config"}, hidden = true)
    private boolean[] allConfig;

    @Option(names = {"-u", "--umask"}, hidden = true)
    private String umask;

    @Option(names = {"-X", "--release-vips"}, hidden = true)
    private boolean[] releaseVips;

    @Option(names = {"-V", "--dont-release-vrrp"}, hidden = true)
    private boolean[] dontReleaseVrrp;

    @Option(names = {"-I", "--dont-release-ipvs"}, hidden = true)
    private boolean[] dontReleaseIpvs;

    @Option(names = {"-R", "--dont-respawn"}, hidden = true)
    private boolean[] dontRespawn;

    @Option(names = {"-a", "--address-monitoring"}, hidden = true)
    private boolean[] addressMonitoring;

    @Option(names = {"-b", "--bfd_pid"}, hidden = true)
    private String bfdPid;

    @Option(names = {"-x", "--snmp"}, hidden = true)
    private boolean[] snmp;

    @Option(names = {"-A", "--snmp-agent-socket"}, hidden = true)
    private String snmpAgentSocket;

    @Option(names = {"-m", "--core-dump"}, hidden = true)
    private boolean[] coreDump;

    @Option(names = {"-M", "--core-dump-pattern"}, arity = "0..1", hidden = true)
    private String coreDumpPattern;

    @Option(names = "--no-mem-check", hidden = true)
    private boolean[] noMemCheck;

    @Option(names = {"-L", "--mem-check-log"}, hidden = true)
    private boolean[] memCheckLog;

    @Option(names = {"-O", "--openssl-mem-check"}, hidden = true)
    private boolean[] opensslMemCheck;

    @Option(names = {"-s", "--namespace"}, hidden = true)
    private String namespace;

    @Option(names = "--config-fd", hidden = true)
    private String configFd;

    @Option(names = "--ignore-sigint", hidden = true)
    private boolean[] ignoreSigint;

    @Option(names = "--perf", arity = "0..1", hidden = true)
    private String perf;

    @Option(names = "--debug", arity = "0..1", hidden = true)
    private String debug;
}
