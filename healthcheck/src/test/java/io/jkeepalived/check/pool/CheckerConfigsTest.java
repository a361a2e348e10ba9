package io.jkeepalived.check.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import io.jkeepalived.exec.ScriptAdmission;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jkeepalived.check.CheckTiming;
import io.jkeepalived.check.CheckerConfig;
import io.jkeepalived.check.ConnectTarget;
import io.jkeepalived.check.CheckerKind;
import io.jkeepalived.check.DnsCheck;
import io.jkeepalived.check.FileCheck;
import io.jkeepalived.check.HttpCheck;
import io.jkeepalived.check.HttpProtocol;
import io.jkeepalived.check.MiscCheck;
import io.jkeepalived.check.PingCheck;
import io.jkeepalived.check.StatusCodes;
import io.jkeepalived.check.TcpCheck;
import io.jkeepalived.check.UdpCheck;
import io.jkeepalived.check.UrlCheck;
import io.jkeepalived.config.ConfigParser;
import io.jkeepalived.config.ParseOptions;
import io.jkeepalived.config.ParseResult;
import io.jkeepalived.config.model.lvs.VirtualServer;

class CheckerConfigsTest {
    @TempDir
    Path dir;

    @Test
    void everyImplementedKindWithItsEffectiveSettings() throws IOException {
        Path file = dir.resolve("keepalived.conf");
        Files.writeString(file, """
                virtual_server 192.0.2.10 80 {
                    protocol TCP
                    delay_loop 10
                    virtualhost vs.example
                    real_server 10.0.0.1 8080 {
                        TCP_CHECK {
                            connect_port 9000
                            connect_timeout 2
                            retry 4
                        }
                        HTTP_GET {
                            url {
                                path /health
                                digest 0123456789abcdef0123456789abcdef
                                status_code 200 301
                            }
                            http_protocol 1.1
                            alpha
                        }
                        MISC_CHECK {
                            misc_path "/bin/check a"
                            misc_timeout 3
                            misc_dynamic
                        }
                        SMTP_CHECK {
                        }
                    }
                }
                """);
        ParseResult result = new ConfigParser(new ParseOptions("jkv-pl")).parse(file);
        assertTrue(result.runnable(), result.diagnostics().toString());
        VirtualServer vs = result.config().lvs().virtualServers().get(0);
        List<String> unsupported = new ArrayList<>();
        List<CheckerConfig> configs = CheckerConfigs.from(vs, vs.realServers().get(0),
                s -> new ScriptAdmission.Admission(true, s.argv(), Optional.empty(), false, Optional.empty()),
                unsupported::add);

        InetAddress rs = InetAddress.getByName("10.0.0.1");
        assertEquals(4, configs.size());
        assertEquals(new CheckerConfig(new TcpCheck(ConnectTarget.of(new InetSocketAddress(rs, 9000),
                Duration.ofSeconds(2))), new CheckTiming(Duration.ofSeconds(10), Duration.ofSeconds(1), 4,
                Duration.ofSeconds(10), false)), configs.get(0));

        HttpCheck http = (HttpCheck) configs.get(1).spec();
        assertEquals(new InetSocketAddress(rs, 8080), http.target().destination());
        assertEquals(HttpProtocol.HTTP_1_1, http.protocol());
        assertEquals(Optional.of("vs.example"), http.virtualServerVirtualhost());
        assertEquals(List.of(UrlCheck.of("/health").withDigest("0123456789abcdef0123456789abcdef")
                .withStatusCodes(StatusCodes.of(200, 301))), http.urls());
        assertTrue(configs.get(1).timing().alpha());
        assertEquals(Duration.ofSeconds(3), configs.get(1).timing().delayBeforeRetry(), "HTTP_GET default");

        MiscCheck misc = (MiscCheck) configs.get(2).spec();
        assertEquals(List.of("/bin/check", "a"), misc.command().args());
        assertEquals(Duration.ofSeconds(3), misc.timeout());
        assertTrue(misc.dynamic());
        assertEquals(0, configs.get(2).timing().retry(), "MISC_CHECK default");

        // SMTP_CHECK: the real server's port (not 25), keepalived's HELO name, the common defaults.
        assertEquals(new CheckerConfig(new io.jkeepalived.check.SmtpCheck(ConnectTarget.of(new InetSocketAddress(rs,
                8080), ConnectTarget.DEFAULT_CONNECT_TIMEOUT), "smtpchecker.keepalived.org"), new CheckTiming(
                Duration.ofSeconds(10), Duration.ofSeconds(1), 1, Duration.ofSeconds(10), false)), configs.get(3));
        assertEquals(List.of(), unsupported);
    }

    @Test
    void smtpCheckWithItsOwnSettings() throws IOException {
        Path file = dir.resolve("smtp.conf");
        Files.writeString(file, """
                virtual_server 192.0.2.25 25 {
                    protocol TCP
                    delay_loop 15
                    real_server 10.0.0.5 25 {
                        SMTP_CHECK {
                            helo_name lb1.example.com
                            connect_ip 10.0.0.6
                            connect_port 587
                            bindto 10.0.0.9
                            connect_timeout 7
                            retry 2
                            delay_before_retry 3
                        }
                    }
                }
                """);
        ParseResult result = new ConfigParser(new ParseOptions("jkv-sc")).parse(file);
        assertTrue(result.runnable(), result.diagnostics().toString());
        VirtualServer vs = result.config().lvs().virtualServers().get(0);
        List<String> unsupported = new ArrayList<>();
        List<CheckerConfig> configs = CheckerConfigs.from(vs, vs.realServers().get(0),
                s -> new ScriptAdmission.Admission(true, s.argv(), Optional.empty(), false, Optional.empty()),
                unsupported::add);
        assertEquals(List.of(), unsupported);
        assertEquals(List.of(new CheckerConfig(new io.jkeepalived.check.SmtpCheck(new ConnectTarget(
                new InetSocketAddress(InetAddress.getByName("10.0.0.6"), 587),
                Optional.of(InetAddress.getByName("10.0.0.9")), 0, Duration.ofSeconds(7)), "lb1.example.com"),
                new CheckTiming(Duration.ofSeconds(15), Duration.ofSeconds(3), 2, Duration.ofSeconds(15), false))),
                configs);
    }

    @Test
    void dnsAndUdpChecksWithKeepalivedsDefaultsAndTheirOwnSettings() throws IOException {
        Path file = dir.resolve("dns.conf");
        Files.writeString(file, """
                virtual_server 192.0.2.53 53 {
                    protocol UDP
                    delay_loop 6
                    real_server 10.0.0.2 53 {
                        DNS_CHECK {
                        }
                        UDP_CHECK {
                            payload 01 02ab
                            require_reply ab x0
                            min_reply_length 2
                        }
                        DNS_CHECK {
                            type A
                            name www.example.org
                            connect_ip 10.0.0.3
                            connect_port 5353
                            bindto 10.0.0.9
                            connect_timeout 2
                            retry 1
                            delay_before_retry 1
                        }
                    }
                }
                """);
        ParseResult result = new ConfigParser(new ParseOptions("jkv-ud")).parse(file);
        assertTrue(result.runnable(), result.diagnostics().toString());
        VirtualServer vs = result.config().lvs().virtualServers().get(0);
        List<String> unsupported = new ArrayList<>();
        List<CheckerConfig> configs = CheckerConfigs.from(vs, vs.realServers().get(0),
                s -> new ScriptAdmission.Admission(true, s.argv(), Optional.empty(), false, Optional.empty()),
                unsupported::add);
        assertEquals(List.of(), unsupported);
        InetAddress rs = InetAddress.getByName("10.0.0.2");
        // check_dns.c: retry 3, delay_before_retry = delay_loop, root SOA, the real server's address and port.
        assertEquals(new CheckerConfig(new DnsCheck(ConnectTarget.of(new InetSocketAddress(rs, 53),
                ConnectTarget.DEFAULT_CONNECT_TIMEOUT), 6, ""), new CheckTiming(Duration.ofSeconds(6),
                Duration.ofSeconds(6), 3, Duration.ofSeconds(6), false)), configs.get(0));
        assertEquals(new CheckerConfig(new DnsCheck(new ConnectTarget(new InetSocketAddress(
                InetAddress.getByName("10.0.0.3"), 5353), Optional.of(InetAddress.getByName("10.0.0.9")), 0,
                Duration.ofSeconds(2)), 1, "www.example.org"), new CheckTiming(Duration.ofSeconds(6),
                Duration.ofSeconds(1), 1, Duration.ofSeconds(6), false)), configs.get(2));
        // UDP_CHECK: the common defaults (retry 1, delay_before_retry 1 s), max_reply_length 255.
        assertEquals(new CheckerConfig(new UdpCheck(ConnectTarget.of(new InetSocketAddress(rs, 53),
                ConnectTarget.DEFAULT_CONNECT_TIMEOUT), Optional.of("0102ab"), true, Optional.of("abx0"), 2, 255),
                new CheckTiming(Duration.ofSeconds(6), Duration.ofSeconds(1), 1, Duration.ofSeconds(6), false)),
                configs.get(1));
    }
    @Test
    void pingChecksTakeOnlyTheAddressAndTimeoutAsKeepalivedDoes() throws IOException {
        Path file = dir.resolve("ping.conf");
        Files.writeString(file, """
                virtual_server 192.0.2.80 80 {
                    protocol TCP
                    delay_loop 4
                    real_server 10.0.0.2 80 {
                        PING_CHECK {
                        }
                        PING_CHECK {
                            connect_ip 2001:db8::2
                            connect_port 7
                            bindto 2001:db8::9
                            bind_port 4000
                            connect_timeout 2
                            retry 2
                            delay_before_retry 3
                        }
                    }
                }
                """);
        ParseResult result = new ConfigParser(new ParseOptions("jkv-pc")).parse(file);
        assertTrue(result.runnable(), result.diagnostics().toString());
        VirtualServer vs = result.config().lvs().virtualServers().get(0);
        List<String> unsupported = new ArrayList<>();
        List<CheckerConfig> configs = CheckerConfigs.from(vs, vs.realServers().get(0),
                s -> new ScriptAdmission.Admission(true, s.argv(), Optional.empty(), false, Optional.empty()),
                unsupported::add);
        // check_api.c's common defaults: retry 1, delay_before_retry 1 s, connect_timeout 5 s.
        assertEquals(new CheckerConfig(new PingCheck(InetAddress.getByName("10.0.0.2"),
                ConnectTarget.DEFAULT_CONNECT_TIMEOUT), new CheckTiming(Duration.ofSeconds(4), Duration.ofSeconds(1),
                1, Duration.ofSeconds(4), false)), configs.get(0));
        assertEquals(new CheckerConfig(new PingCheck(InetAddress.getByName("2001:db8::2"), Duration.ofSeconds(2)),
                new CheckTiming(Duration.ofSeconds(4), Duration.ofSeconds(3), 2, Duration.ofSeconds(4), false)),
                configs.get(1));
        assertEquals(List.of("PING_CHECK of real server 10.0.0.2 port 80: bindto 2001:db8:0:0:0:0:0:9, bind_port"
                + " 4000 ignored, as keepalived 2.2.7 ignores them for PING_CHECK"), unsupported);
    }

    @Test
    void fileCheckTakesItsOwnWeightAndReverseElseTheTrackFilesAndIsLeftOutWithoutOne() throws IOException {
        Path file = dir.resolve("keepalived.conf");
        Files.writeString(file, """
                track_file drain {
                    file /run/drain
                    weight 3 reverse
                }
                virtual_server 192.0.2.10 80 {
                    protocol TCP
                    real_server 10.0.0.1 80 {
                        FILE_CHECK {
                            track_file drain
                        }
                        FILE_CHECK {
                            track_file drain
                            weight 0
                        }
                        FILE_CHECK {
                            track_file drain
                            weight -7 reverse
                        }
                        FILE_CHECK {
                            track_file nowhere
                        }
                    }
                }
                """);
        ParseResult result = new ConfigParser(new ParseOptions("jkv-fc")).parse(file);
        assertTrue(result.runnable(), result.diagnostics().toString());
        VirtualServer vs = result.config().lvs().virtualServers().get(0);
        List<String> unsupported = new ArrayList<>();
        List<CheckerConfig> configs = CheckerConfigs.from(vs, vs.realServers().get(0),
                s -> new ScriptAdmission.Admission(true, s.argv(), Optional.empty(), false, Optional.empty()),
                name -> result.config().vrrp().trackFiles().stream().filter(t -> t.name().equals(name)).findFirst(),
                unsupported::add);
        CheckTiming none = CheckTiming.keepalivedDefaults(CheckerKind.FILE_CHECK, CheckTiming.DEFAULT_DELAY_LOOP);
        assertEquals(List.of(new CheckerConfig(new FileCheck("drain", "/run/drain", 3, true), none),
                new CheckerConfig(new FileCheck("drain", "/run/drain", 0, false), none),
                new CheckerConfig(new FileCheck("drain", "/run/drain", -7, true), none)), configs);
        assertEquals(List.of("FILE_CHECK of real server 10.0.0.1 port 80: track_file nowhere is not declared; the"
                + " FILE_CHECK is ignored, as keepalived 2.2.7 ignores it"), unsupported);
    }
}
