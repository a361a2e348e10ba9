package io.jkeepalived.check;

/**
 * keepalived's retry logic of one checker, as a pure state machine: it sees attempt results and decides
 * transitions and the next delay. One instance per checker, used from one thread.
 *
 * <p>Common to all kinds (keepalived 2.2.7, check_data.c): a checker starts up, or down with {@code alpha}; and
 * its retry counter starts full, so that at start-up <em>one</em> failure is enough to take a server down
 * ("for non alpha mode, one failure is enough initially"). After the first verdict, a live server goes down after
 * 1 + retry consecutive failures spaced delay_before_retry.
 */
interface CheckerPolicy {
    boolean isUp();

    /** The url the next attempt fetches (HTTP_GET/SSL_GET), else 0. */
    default int nextUrl() {
        return 0;
    }

    Step onResult(ProbeResult result);

    static CheckerPolicy forChecker(CheckerConfig config, int configuredWeight) {
        CheckerSpec spec = config.spec();
        if (spec instanceof HttpCheck http) {
            return new HttpRetryPolicy(config.timing(), http.urls().size(), http.fastRecovery());
        }
        if (spec instanceof MiscCheck misc) {
            return new MiscRetryPolicy(config.timing(), misc.dynamic(), configuredWeight);
        }
        if (spec instanceof DnsCheck || spec instanceof UdpCheck) {
            return new DnsRetryPolicy(config.timing());
        }
        if (spec instanceof PingCheck) {
            // check_ping.c's icmp_epilog decides exactly as udp_epilog does.
            return new DnsRetryPolicy(config.timing());
        }
        if (spec instanceof FileCheck) {
            throw new IllegalArgumentException("a FILE_CHECK's policy needs the file's value: see FileCheckPolicy");
        }
        if (spec instanceof SmtpCheck) {
            return new SmtpRetryPolicy(config.timing());
        }
        return new TcpRetryPolicy(config.timing());
    }
}
