package io.jkeepalived.config.lvs;

import static io.jkeepalived.config.lvs.Lvs.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.config.model.ScriptCommand;
import io.jkeepalived.config.model.lvs.BfdCheck;
import io.jkeepalived.config.model.lvs.Checker;
import io.jkeepalived.config.model.lvs.CheckerSettings;
import io.jkeepalived.config.model.lvs.Connection;
import io.jkeepalived.config.model.lvs.DnsCheck;
import io.jkeepalived.config.model.lvs.FileCheck;
import io.jkeepalived.config.model.lvs.HttpCheck;
import io.jkeepalived.config.model.lvs.HttpUrl;
import io.jkeepalived.config.model.lvs.HttpUrl.StatusRange;
import io.jkeepalived.config.model.lvs.MiscCheck;
import io.jkeepalived.config.model.lvs.PingCheck;
import io.jkeepalived.config.model.lvs.SmtpCheck;
import io.jkeepalived.config.model.lvs.TcpCheck;
import io.jkeepalived.config.model.lvs.UdpCheck;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Every checker kind: its keywords, its defaults, its errors. */
class LvsCheckerTest {

    /** One checker block in a DR service with delay_loop 10 on real server 192.0.2.2:80. */
    static Lvs checker(String... lines) {
        StringBuilder text = new StringBuilder("""
                virtual_server 192.0.2.1 80 {
                    protocol TCP
                    lvs_sched rr
                    lvs_method DR
                    delay_loop 10
                    real_server 192.0.2.2 80 {
                """);
        for (String line : lines) {
            text.append("        ").append(line).append('\n');
        }
        text.append("    }\n}\n");
        return Lvs.bind(text.toString());
    }

    static <T extends Checker> T only(Lvs lvs, Class<T> kind) {
        List<Checker> checkers = lvs.rs().checkers();
        assertEquals(1, checkers.size(), () -> "checkers, problems: " + lvs.problems());
        return assertInstanceOf(kind, checkers.get(0));
    }

    private static Duration s(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    private static final Connection DEFAULT_CONNECTION = new Connection(ip("192.0.2.2"), 80, Optional.empty(), 0,
            Optional.empty(), s(5), 0);

    /**
     * keepalived 2.2.7 defaults (check_api.c queue_checker, check_http.c, validate_check_config): retry 1,
     * delay_before_retry 3 s for HTTP_GET/SSL_GET, warmup = delay_loop, status 200-299, HTTP/1.0.
     */
    @Test
    void httpGetDefaults() {
        HttpCheck http = only(checker("HTTP_GET {", "    url {", "        path /", "    }", "}").assertClean(),
                HttpCheck.class);
        assertFalse(http.tls());
        assertEquals(new CheckerSettings(s(10), 1, s(3), s(10), false, false), http.settings());
        assertEquals(DEFAULT_CONNECTION, http.connection());
        assertEquals(List.of(new HttpUrl("/", Optional.empty(), List.of(new StatusRange(200, 299)), Optional.empty(),
                Optional.empty())), http.urls());
        assertEquals(Optional.empty(), http.virtualhost());
        assertEquals(HttpCheck.HttpProtocol.HTTP_1_0, http.protocol());
        assertFalse(http.enableSni());
        assertFalse(http.fastRecovery());
        assertTrue(http.urls().get(0).accepts(204));
        assertFalse(http.urls().get(0).accepts(301));
    }

    @Test
    void httpGetEverything() {
        HttpCheck http = only(checker("SSL_GET {", "    connect_ip 192.0.2.20", "    connect_port 443",
                "    bindto 192.0.2.1", "    bind_port 5000", "    bind_if eth1", "    connect_timeout 2.5",
                "    fwmark 7", "    retry 4", "    delay_before_retry 0.25", "    warmup 0", "    delay_loop 2",
                "    alpha", "    log_all_failures yes", "    virtualhost www.example.org", "    http_protocol 1.0C",
                "    enable_sni", "    fast_recovery on",
                "    url {", "        path /a", "        digest 9B3A0C85A887A256D6939DA88AABD8CD",
                "        status_code 200-204 301 500-599 203", "        virtualhost a.example.org",
                "        regex \"up and running\"", "        regex_no_match", "        regex_options caseless dotall caseless",
                "        regex_min_offset 5", "        regex_max_offset 500", "    }",
                "    url {", "        path /b", "    }", "}").assertClean(), HttpCheck.class);
        assertTrue(http.tls());
        assertEquals("SSL_GET", http.keyword());
        assertEquals(new CheckerSettings(s(2), 4, s(0.25), Duration.ZERO, true, true), http.settings());
        assertEquals(new Connection(ip("192.0.2.20"), 443, Optional.of(ip("192.0.2.1")), 5000, Optional.of("eth1"),
                s(2.5), 7), http.connection());
        assertEquals(Optional.of("www.example.org"), http.virtualhost());
        assertEquals(HttpCheck.HttpProtocol.HTTP_1_0C, http.protocol());
        assertTrue(http.enableSni());
        assertTrue(http.fastRecovery());
        HttpUrl a = http.urls().get(0);
        assertEquals(Optional.of("9b3a0c85a887a256d6939da88aabd8cd"), a.digest());
        assertEquals(List.of(new StatusRange(200, 204), new StatusRange(301, 301), new StatusRange(500, 599)),
                a.statusCodes());
        assertEquals(Optional.of("a.example.org"), a.virtualhost());
        assertEquals(Optional.of(new HttpUrl.Regex("up and running", true, List.of("caseless", "dotall"), 5,
                OptionalLong.of(500))), a.regex());
        assertEquals("/b", http.urls().get(1).path());
    }

    /**
     * keepalived 2.2.7 with -t: "nb_get_retry is deprecated - please use 'retry'" and the value is used as
     * retry in HTTP_GET; in TCP_CHECK "Unknown keyword 'nb_get_retry'" (2.4.3 likewise: only check_http.c
     * installs it), so there retry stays at its default.
     */
    @Test
    void nbGetRetryIsAnAliasOnlyForHttpChecks() {
        HttpCheck http = only(checker("HTTP_GET {", "    nb_get_retry 5", "    url {", "        path /", "    }", "}")
                .assertProblems("test.conf:8: nb_get_retry: deprecated; read as 'retry', as keepalived does; use"
                        + " 'retry'"), HttpCheck.class);
        assertEquals(5, http.settings().retry());
        TcpCheck tcp = only(checker("TCP_CHECK {", "    nb_get_retry 5", "}").assertProblems(
                "test.conf:8: nb_get_retry: not a TCP_CHECK keyword: keepalived ignores it here (only HTTP_GET and"
                        + " SSL_GET take it), so it is ignored and retry is unchanged; use 'retry'"), TcpCheck.class);
        assertEquals(1, tcp.settings().retry());
    }

    /**
     * keepalived 2.2.7 with -t: "Invalid HTTP_GET status code '99'", "... '200-199'", "HTTP/SSL_GET checker url
     * has no path - ignoring", "Invalid checker connect_port '0'", "bindto address ::1 does not match address
     * family of connect_ip - skipping", "Invalid http_protocol version 2.0", "HTTP/SSL_GET checker has no urls
     * specified - ignoring" (after which 2.2.7 crashed with a segmentation fault), "digest '123' character
     * length should be 32 rather than 3", "Invalid nb_get_retry value 'x'".
     */
    @Test
    void httpGetErrors() {
        Lvs lvs = checker("HTTP_GET {", "    url {", "        status_code 99 200-199 300", "    }",
                "    connect_port 0", "    bindto ::1", "    http_protocol 2.0", "}",
                "HTTP_GET {", "    url {", "        path /", "        digest 123", "        digest" 
                        + " 0123456789abcdef0123456789abcdef", "        digest 0123456789abcdef0123456789abcdef",
                "        regex_options caseless fancy", "        regex_stack 1 2", "        status_code", "    }",
                "    nb_get_retry x", "    url", "}");
        lvs.assertProblems(
                "test.conf:9: error: status_code: expected a status code from 100 to 599 or a range such as 200-299,"
                        + " got '99'",
                "test.conf:9: error: status_code: expected a status code from 100 to 599 or a range such as 200-299,"
                        + " got '200-199'",
                "test.conf:8: error: url: no path; url ignored",
                "test.conf:11: error: connect_port: expected a number from 1 to 65535, got '0'",
                "test.conf:12: error: bindto: address family differs from the address checked (192.0.2.2); ignored",
                "test.conf:13: error: http_protocol: expected 1.0, 1.0C or 1.1, got '2.0'",
                "test.conf:7: error: HTTP_GET: no usable url; checker ignored",
                "test.conf:18: error: digest: expected an MD5 digest of 32 hex digits, got '123'",
                "test.conf:20: error: digest: a url takes one digest; '0123456789abcdef0123456789abcdef' ignored",
                "test.conf:21: regex_options: unknown option 'fancy' ignored",
                "test.conf:22: regex_stack: not supported by jkeepalived; ignored",
                "test.conf:23: error: status_code: missing a status code or range such as 200-299",
                "test.conf:16: url: regex options without a regex; ignored",
                "test.conf:25: nb_get_retry: deprecated; read as 'retry', as keepalived does; use 'retry'",
                "test.conf:25: error: nb_get_retry: expected a number from 0 to 4294967295, got 'x'",
                "test.conf:26: error: url: no path; url ignored");
        HttpCheck http = only(lvs, HttpCheck.class);
        assertEquals(List.of(new HttpUrl("/", Optional.of("0123456789abcdef0123456789abcdef"),
                HttpUrl.DEFAULT_STATUS_CODES, Optional.empty(), Optional.empty())), http.urls());
    }

    @Test
    void tcpCheck() {
        TcpCheck tcp = only(checker("TCP_CHECK {", "    connect_port 8080", "    connect_timeout 3", "}").assertClean(),
                TcpCheck.class);
        assertEquals(new CheckerSettings(s(10), 1, s(1), s(10), false, false), tcp.settings());
        assertEquals(new Connection(ip("192.0.2.2"), 8080, Optional.empty(), 0, Optional.empty(), s(3), 0),
                tcp.connection());
    }

    /**
     * keepalived 2.2.7 with -t: "Invalid connect_ip address 10.0.0.999 - ignoring", "Invalid retry connection
     * value '-3'", "Invalid delay_before_retry connection value '-1'", "Invalid fwmark connection value 'x'".
     */
    @Test
    void connectionErrors() {
        TcpCheck tcp = only(checker("TCP_CHECK {", "    connect_ip 10.0.0.999", "    retry -3",
                "    delay_before_retry -1", "    fwmark x", "    bind_if averyveryverylongname", "    bindto 2001:db8::1",
                "    connect_ip 192.0.2.9", "    bindto 192.0.2.1", "    connect_ip 2001:db8::9", "    delay_loop 0",
                "    bind_port 0", "}").assertProblems(
                "test.conf:8: error: connect_ip: expected an IPv4 or IPv6 address, got '10.0.0.999'",
                "test.conf:9: error: retry: expected a number from 0 to 4294967295, got '-3'",
                "test.conf:10: error: delay_before_retry: expected a time in seconds, got '-1'",
                "test.conf:11: error: fwmark: expected a number from 0 to 4294967295, got 'x'",
                "test.conf:12: error: bind_if: interface name longer than 15 characters; ignored",
                "test.conf:13: error: bindto: address family differs from the address checked (192.0.2.2); ignored",
                "test.conf:16: error: connect_ip: address family differs from bindto's; ignored",
                "test.conf:17: error: delay_loop: expected a time in seconds greater than 0, got '0'",
                "test.conf:18: error: bind_port: expected a number from 1 to 65535, got '0'"), TcpCheck.class);
        assertEquals(new Connection(ip("192.0.2.9"), 80, Optional.of(ip("192.0.2.1")), 0, Optional.empty(), s(5), 0),
                tcp.connection());
    }

    /** keepalived 2.2.7 with -t: "Checker link local address fe80::1 requires a bind_if"; the checker is dropped. */
    @Test
    void linkLocalNeedsAnInterface() {
        Lvs lvs = Lvs.bind("""
                virtual_server fe80::5 80 {
                    protocol TCP
                    lvs_sched rr
                    lvs_method DR
                    real_server fe80::1 80 {
                        TCP_CHECK {
                        }
                        TCP_CHECK {
                            bind_if eth0
                        }
                    }
                }
                """).assertProblems(
                "test.conf:6: error: TCP_CHECK: the link-local address fe80::1 needs bind_if; checker ignored");
        assertEquals(Optional.of("eth0"), ((TcpCheck) lvs.rs().checkers().get(0)).connection().bindInterface());
    }

    /** keepalived 2.2.7: MISC_CHECK retry defaults to 0 and misc_timeout to the virtual server's delay_loop. */
    @Test
    void miscCheck() {
        Lvs lvs = checker("MISC_CHECK {", "    misc_path \"/usr/local/bin/check --port 80 'a b'\"", "    misc_dynamic",
                "    user nobody nogroup", "}", "MISC_CHECK {", "    misc_path /bin/true", "    misc_timeout 7",
                "    delay_loop 3", "}").assertClean();
        MiscCheck first = (MiscCheck) lvs.rs().checkers().get(0);
        assertEquals(new ScriptCommand("/usr/local/bin/check --port 80 'a b'", Optional.of("nobody"),
                Optional.of("nogroup")), first.script());
        assertEquals(List.of("/usr/local/bin/check", "--port", "80", "a b"), first.script().argv());
        assertEquals(s(10), first.timeout());
        assertTrue(first.dynamic());
        assertEquals(new CheckerSettings(s(10), 0, s(1), s(10), false, false), first.settings());
        MiscCheck second = (MiscCheck) lvs.rs().checkers().get(1);
        assertEquals(s(7), second.timeout());
        assertFalse(second.dynamic());
        assertEquals(Optional.empty(), second.script().user());
    }

    /**
     * keepalived 2.2.7 with -t: "Unknown keyword 'connect_timeout'" (MISC_CHECK has no connection options),
     * "Invalid misc_timeout value '5000'", "No script path has been specified for MISC_CHECKER - skipping".
     */
    @Test
    void miscCheckErrors() {
        Lvs lvs = checker("MISC_CHECK {", "    connect_timeout 3", "    misc_timeout 5000", "}");
        lvs.assertProblems(
                "test.conf:8: Unknown keyword 'connect_timeout'",
                "test.conf:9: error: misc_timeout: expected a number from 0 to 4294, got '5000'",
                "test.conf:7: error: MISC_CHECK: no misc_path; checker ignored");
        assertEquals(List.of(), lvs.rs().checkers());
    }

    /** keepalived 2.2.7 check_dns.c: retry 3, delay_before_retry = delay_loop, type SOA, empty name. */
    @Test
    void dnsCheck() {
        Lvs lvs = checker("DNS_CHECK {", "}", "DNS_CHECK {", "    type aaaa", "    name www.example.org", "}")
                .assertClean();
        DnsCheck first = (DnsCheck) lvs.rs().checkers().get(0);
        assertEquals(new CheckerSettings(s(10), 3, s(10), s(10), false, false), first.settings());
        assertEquals(DnsCheck.QueryType.SOA, first.type());
        assertEquals("", first.name());
        DnsCheck second = (DnsCheck) lvs.rs().checkers().get(1);
        assertEquals(DnsCheck.QueryType.AAAA, second.type());
        assertEquals("www.example.org", second.name());
    }

    /** keepalived 2.2.7 with -t: "Unknown DNS check type FOO - ignoring", "DNS_CHECK name 'a..b' has empty label". */
    @Test
    void dnsCheckErrors() {
        DnsCheck dns = only(checker("DNS_CHECK {", "    type FOO", "    name a..b", "    name .x", "    name ok",
                "    name again", "}").assertProblems(
                "test.conf:8: error: type: expected one of A, NS, CNAME, SOA, MX, TXT, AAAA, RRSIG, DNSKEY, got 'FOO'",
                "test.conf:9: error: name: 'a..b' has an empty label; ignored",
                "test.conf:10: error: name: '.x' has an empty label; ignored",
                "test.conf:12: error: name: set twice; 'again' ignored"), DnsCheck.class);
        assertEquals("ok", dns.name());
    }

    /** The hex format of the keepalived.conf(5) UDP_CHECK example: "Ab12f 3 456 546443123". */
    @Test
    void udpCheck() {
        UdpCheck udp = only(checker("UDP_CHECK {", "    payload Ab12f 3 456 546443123", "    require_reply 0X ff",
                "    min_reply_length 2", "    max_reply_length 512", "}").assertClean(), UdpCheck.class);
        assertEquals(Optional.of("ab120f03450654644312" + "03"), udp.payload());
        assertTrue(udp.requireReply());
        assertEquals(Optional.of("0xff"), udp.replyPattern());
        assertEquals(2, udp.minReplyLength());
        assertEquals(512, udp.maxReplyLength());
        UdpCheck plain = only(checker("UDP_CHECK {", "}"), UdpCheck.class);
        assertEquals(Optional.empty(), plain.payload());
        assertFalse(plain.requireReply());
        assertEquals(0, plain.minReplyLength());
        assertEquals(255, plain.maxReplyLength());
    }

    /**
     * keepalived 2.2.7 with -t: "Invalid hex string for UDP_CHECK payload", "UDP_CHECK min length 70000 not valid
     * - must be between 0 & 65535"; a minimum above the maximum "will always fail".
     */
    @Test
    void udpCheckErrors() {
        UdpCheck udp = only(checker("UDP_CHECK {", "    payload zz", "    payload", "    payload 0x",
                "    min_reply_length 70000", "    min_reply_length 300", "    require_reply q", "}").assertProblems(
                "test.conf:8: error: payload: expected hex digits, got 'zz'",
                "test.conf:9: error: payload: missing the payload (hex digits)",
                "test.conf:10: error: payload: expected hex digits, got '0x'",
                "test.conf:11: error: min_reply_length: expected a number from 0 to 65535, got '70000'",
                "test.conf:13: error: require_reply: expected hex digits (x for any), got 'q'",
                "test.conf:7: UDP_CHECK: min_reply_length 300 > max_reply_length 255; the check can never succeed"),
                UdpCheck.class);
        assertEquals(Optional.empty(), udp.payload());
        assertTrue(udp.requireReply());
    }

    @Test
    void smtpPingFileAndBfdChecks() {
        Lvs lvs = checker("SMTP_CHECK {", "    helo_name mx.example.org", "    connect_port 25", "}",
                "SMTP_CHECK {", "    host {", "        connect_ip 192.0.2.30", "    }", "}",
                "PING_CHECK {", "}", "FILE_CHECK {", "    track_file load", "    weight -10 reverse", "}",
                "FILE_CHECK {", "    track_file other", "}", "BFD_CHECK {", "    name link1", "}")
                .assertProblems("test.conf:12: the SMTP_CHECK host block is deprecated: each host is checked as an"
                        + " SMTP_CHECK of its own; better define separate SMTP_CHECKs");
        List<Checker> checkers = lvs.rs().checkers();
        SmtpCheck smtp = (SmtpCheck) checkers.get(0);
        assertEquals("mx.example.org", smtp.heloName());
        assertEquals(25, smtp.connection().port());
        assertEquals(SmtpCheck.DEFAULT_HELO, ((SmtpCheck) checkers.get(1)).heloName());
        assertEquals(ip("192.0.2.30"), ((SmtpCheck) checkers.get(1)).connection().address());
        PingCheck ping = (PingCheck) checkers.get(2);
        assertEquals(new CheckerSettings(s(10), 1, s(1), s(10), false, false), ping.settings());
        assertEquals(new FileCheck("load", OptionalInt.of(-10), true), checkers.get(3));
        assertEquals(new FileCheck("other", OptionalInt.empty(), false), checkers.get(4));
        assertEquals(new BfdCheck("link1", false), checkers.get(5));
    }

    /**
     * SMTP_CHECK's deprecated host blocks as keepalived 2.2.7's check_smtp.c expands them: one checker per host
     * (the real server's address and port unless the host says otherwise), sharing the SMTP_CHECK's schedule and
     * HELO name; the SMTP_CHECK's own connection only when it sets a connection option.
     */
    @Test
    void smtpHostBlocksAreCheckersOfTheirOwn() {
        Lvs hostsOnly = checker("SMTP_CHECK {", "    helo_name lb1.example.org", "    retry 4",
                "    host {", "        connect_ip 192.0.2.30", "        connect_port 587", "        delay_loop 7", "    }",
                "    host {", "        connect_timeout 2", "        bogus 1", "    }", "}");
        List<Checker> checkers = hostsOnly.rs().checkers();
        assertEquals(2, checkers.size(), hostsOnly.problems().toString());
        SmtpCheck first = (SmtpCheck) checkers.get(0);
        SmtpCheck second = (SmtpCheck) checkers.get(1);
        assertEquals(new Connection(ip("192.0.2.30"), 587, Optional.empty(), 0, Optional.empty(), s(5), 0),
                first.connection());
        assertEquals(new Connection(ip("192.0.2.2"), 80, Optional.empty(), 0, Optional.empty(), s(2), 0),
                second.connection());
        for (SmtpCheck c : List.of(first, second)) {
            assertEquals("lb1.example.org", c.heloName());
            // delay_loop inside a host block sets the SMTP_CHECK's, for every host (warmup follows it).
            assertEquals(new CheckerSettings(s(7), 4, s(1), s(7), false, false), c.settings());
        }
        assertTrue(hostsOnly.problems().toString().contains("test.conf:17: Unknown keyword 'bogus'"),
                hostsOnly.problems().toString());

        Lvs withOwn = checker("SMTP_CHECK {", "    connect_port 25", "    host {", "        connect_ip 192.0.2.31",
                "    }", "}");
        List<Checker> both = withOwn.rs().checkers();
        assertEquals(2, both.size(), withOwn.problems().toString());
        assertEquals(new Connection(ip("192.0.2.2"), 25, Optional.empty(), 0, Optional.empty(), s(5), 0),
                ((SmtpCheck) both.get(0)).connection());
        assertEquals(ip("192.0.2.31"), ((SmtpCheck) both.get(1)).connection().address());
        assertEquals(80, ((SmtpCheck) both.get(1)).connection().port());
        // -d writes one SMTP_CHECK per host, which reads back to the same checkers.
        LvsRoundTripTest.assertRoundTrip(hostsOnly.config);
        LvsRoundTripTest.assertRoundTrip(withOwn.config);
    }

    /**
     * keepalived 2.2.7 with -t: "BFD_CHECK - No or too many names specified - skipping checker", "FILE_CHECK has
     * no track_file specified - ignoring".
     */
    @Test
    void fileAndBfdErrors() {
        Lvs lvs = checker("BFD_CHECK {", "    name a b", "}", "BFD_CHECK {", "}", "FILE_CHECK {", "    weight 5", "}",
                "FILE_CHECK {", "    track_file t", "    weight 3000000000", "    weight 1 sideways", "    retry 2", "}");
        lvs.assertProblems(
                "test.conf:8: error: name: expected exactly one BFD instance name; checker ignored",
                "test.conf:10: error: BFD_CHECK: no name; checker ignored",
                "test.conf:12: error: FILE_CHECK: no track_file; checker ignored",
                "test.conf:17: error: weight: expected a number from -2147483647 to 2147483647, got '3000000000'",
                "test.conf:18: error: weight: expected reverse or noreverse after the weight, got 'sideways'",
                "test.conf:19: Unknown keyword 'retry'");
        assertEquals(List.of(new FileCheck("t", OptionalInt.empty(), false)), lvs.rs().checkers());
    }

    @Test
    void aCheckerOfARealServerWithoutPortConnectsToPortZeroAsKeepalivedDoes() {
        Lvs lvs = Lvs.bind("""
                virtual_server 192.0.2.1 80 {
                    protocol TCP
                    lvs_sched rr
                    lvs_method DR
                    real_server 192.0.2.2 {
                        TCP_CHECK {
                        }
                    }
                }
                """).assertProblems("test.conf:6: TCP_CHECK: no port to connect to (real_server 192.0.2.2 has none and"
                + " connect_port is not set); like keepalived it will try port 0 and fail. Set connect_port");
        assertEquals(80, lvs.rs().port());
        assertEquals(0, ((TcpCheck) lvs.rs().checkers().get(0)).connection().port());
    }

    /** A checker connects to the port written on the real_server line, even when IPVS gets the virtual port. */
    @Test
    void aCheckerKeepsTheWrittenPortWhenIpvsGetsTheVirtualOne() {
        Lvs lvs = Lvs.bind("""
                virtual_server 192.0.2.1 80 {
                    protocol TCP
                    lvs_sched rr
                    lvs_method DR
                    real_server 192.0.2.2 8080 {
                        TCP_CHECK {
                        }
                    }
                }
                """);
        assertEquals(80, lvs.rs().port());
        assertEquals(8080, ((TcpCheck) lvs.rs().checkers().get(0)).connection().port());
    }

    @Test
    void unknownKeywordsInCheckersSkipTheirBlocks() {
        TcpCheck tcp = only(checker("TCP_CHECK {", "    mystery {", "        connect_port 1", "    }", "    connect_port 2",
                "    connect_port 3 {", "    }", "}").assertProblems(
                "test.conf:8: Unknown keyword 'mystery' (its block is skipped)",
                "test.conf:12: connect_port takes no block; its block is skipped"), TcpCheck.class);
        assertEquals(3, tcp.connection().port());
    }
}
