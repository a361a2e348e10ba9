package io.jkeepalived.config.lvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.config.Diagnostic;
import io.jkeepalived.config.Severity;
import io.jkeepalived.config.dump.LvsWriter;
import io.jkeepalived.config.model.LvsConfig;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * parse(write(model)) == model for the canonical writer, and the written text is a fixed point:
 * write(parse(write(model))) == write(model). The second parse must be free of errors; the only warnings it may
 * repeat are the ones the model itself implies: a checker left on port 0, a quorum above a total weight of 0,
 * and real/sorry server ports that differ from a group's ports (keepalived warns about those but keeps them).
 */
class LvsRoundTripTest {

    static boolean impliedByTheModel(String message) {
        return message.contains("no port to connect to") || message.contains("total weight 0")
                || message.contains(" of group ") && message.contains("port");
    }

    static String write(LvsConfig config) {
        StringBuilder out = new StringBuilder();
        new LvsWriter().write(config, out);
        return out.toString();
    }

    static void assertRoundTrip(LvsConfig model) {
        String text = write(model);
        Lvs again = Lvs.bind(text);
        List<Diagnostic> unexpected = again.diagnostics.stream()
                .filter(d -> d.severity() != Severity.WARNING
                        || !impliedByTheModel(d.message()))
                .collect(Collectors.toList());
        assertEquals(List.of(), unexpected, () -> "re-reading the canonical text:\n" + text);
        assertEquals(model, again.config, () -> "canonical text:\n" + text);
        assertEquals(text, write(again.config));
    }

    @ParameterizedTest
    @ValueSource(strings = {"seed000-master.conf", "seed000-backup.conf", "seed001-master.conf",
            "seed001-dual-vip2.conf", "seed001-reference.conf", "seed001-udp.conf", "seed002-dr.conf",
            "seed002-nat.conf"})
    void seeds(String name) {
        assertRoundTrip(LvsSeedsTest.seed(name).config);
    }

    @Test
    void canonicalTextOfSeed000Master() {
        assertEquals("""
                virtual_server 192.168.11.100 80 {
                    ip_family inet
                    protocol TCP
                    lvs_sched rr
                    lvs_method DR
                    quorum 1
                    hysteresis 0
                    smtp_alert no
                    weight 1
                    delay_loop 3
                    connect_timeout 5
                    sorry_server 127.0.0.1 80
                    sorry_server_lvs_method DR
                    real_server 192.168.12.121 80 {
                        weight 1
                        lvs_method DR
                        inhibit_on_failure no
                        alpha no
                        delay_loop 3
                        connect_timeout 5
                        uthreshold 0
                        lthreshold 0
                        smtp_alert yes
                        HTTP_GET {
                            connect_ip 192.168.12.121
                            connect_port 80
                            connect_timeout 3
                            fwmark 0
                            delay_loop 3
                            retry 3
                            delay_before_retry 3
                            warmup 3
                            alpha no
                            log_all_failures no
                            http_protocol 1.0
                            enable_sni no
                            fast_recovery no
                            url {
                                path /index.html
                                status_code 200
                            }
                        }
                    }
                    real_server 192.168.12.122 80 {
                        weight 1
                        lvs_method DR
                        inhibit_on_failure no
                        alpha no
                        delay_loop 3
                        connect_timeout 5
                        uthreshold 0
                        lthreshold 0
                        smtp_alert yes
                        HTTP_GET {
                            connect_ip 192.168.12.122
                            connect_port 80
                            connect_timeout 3
                            fwmark 0
                            delay_loop 3
                            retry 3
                            delay_before_retry 3
                            warmup 3
                            alpha no
                            log_all_failures no
                            http_protocol 1.0
                            enable_sni no
                            fast_recovery no
                            url {
                                path /index.html
                                status_code 200
                            }
                        }
                    }
                }
                """, write(LvsSeedsTest.seed("seed000-master.conf").config));
    }

    /** Everything the model can hold at once, written by hand. */
    static final String EVERYTHING = """
            SSL {
                password "secret words"
                ca /etc/ssl/ca.pem
                certificate /etc/ssl/client.pem
                key /etc/ssl/client.key
            }
            virtual_server_group web {
                192.0.2.10 80
                192.0.2.20-25 80
                192.0.2.30-192.0.3.2 443
                198.51.100.0/30 8080
                fwmark 7
            }
            virtual_server_group v6 {
                2001:db8::10-1f 80
                2001:db8::/126 81
                fwmark 9 inet6
            }
            virtual_server group web {
                protocol TCP
                lvs_sched sh
                sh-port
                sh-fallback
                flag-3
                lvs_method TUN type gue port 6080 csum
                persistence_timeout 600
                persistence_granularity 255.255.255.0
                persistence_engine sip
                virtualhost www.example.org
                alpha
                omega
                quorum 3
                hysteresis 1
                quorum_up "/usr/local/bin/quorum up" nobody nogroup
                quorum_down /usr/local/bin/quorum-down
                inhibit_on_failure
                smtp_alert yes
                weight 2
                delay_loop 2.5
                connect_timeout 0.75
                retry 4
                delay_before_retry 0.5
                warmup 0
                sorry_server 192.0.2.200 80
                sorry_server_lvs_method NAT
                sorry_server_inhibit
                real_server 192.0.2.101 80 {
                    weight 3
                    lvs_method TUN type gre csum
                    uthreshold 1000
                    lthreshold 10
                    notify_up "/bin/notify 'rs up'" root
                    notify_down /bin/notify-down
                    alpha off
                    inhibit_on_failure no
                    smtp_alert no
                    virtualhost rs.example.org
                    HTTP_GET {
                        connect_ip 192.0.2.111
                        connect_port 8080
                        bindto 192.0.2.1
                        bind_port 40000
                        bind_if eth0
                        connect_timeout 2
                        fwmark 33
                        retry 0
                        delay_before_retry 1.5
                        warmup 9
                        delay_loop 4
                        alpha yes
                        log_all_failures yes
                        virtualhost check.example.org
                        http_protocol 1.1
                        enable_sni
                        fast_recovery yes
                        url {
                            path /health
                            digest 9B3A0C85A887A256D6939DA88AABD8CD
                            status_code 200-204 301 404 203
                            virtualhost url.example.org
                            regex "OK|ready now"
                            regex_no_match
                            regex_options caseless multiline
                            regex_min_offset 2
                            regex_max_offset 200
                        }
                        url {
                            path /
                        }
                    }
                    SSL_GET {
                        url {
                            path /tls
                        }
                    }
                    MISC_CHECK {
                        misc_path "/usr/bin/check --host '192.0.2.101 x'"
                        misc_timeout 7
                        misc_dynamic
                        user nobody nogroup
                        retry 2
                    }
                    MISC_CHECK {
                        misc_path /usr/bin/other
                    }
                    SMTP_CHECK {
                        helo_name mx.example.org
                    }
                    DNS_CHECK {
                        type aaaa
                        name www.example.org
                    }
                    DNS_CHECK {
                    }
                    UDP_CHECK {
                        payload Ab12f 3 456
                        require_reply 0x 1X
                        min_reply_length 2
                        max_reply_length 600
                    }
                    PING_CHECK {
                    }
                    FILE_CHECK {
                        track_file load
                        weight -5 reverse
                    }
                    FILE_CHECK {
                        track_file other
                    }
                    BFD_CHECK {
                        name bfd1
                    }
                    TCP_CHECK {
                        connect_port 81
                    }
                }
                real_server 192.0.2.102 {
                    lvs_method NAT
                    TCP_CHECK {
                        connect_port 80
                    }
                }
            }
            virtual_server group v6 {
                protocol SCTP
                lvs_sched mh
                mh-port
                lvs_method TUN type ipip
                persistence_granularity 64
                real_server 2001:db8::100 80 {
                }
                real_server 192.0.2.9 80 {
                }
            }
            virtual_server fwmark 42 {
                lvs_sched wlc
                flag-1
                ops
                lvs_method DR
                ha_suspend
                real_server 198.51.100.7 {
                    PING_CHECK {
                    }
                }
            }
            virtual_server 2001:db8::1 443 {
                protocol UDP
                lvs_sched lblcr
                ops
                real_server 2001:db8::2 8443 {
                    lvs_method NAT
                    UDP_CHECK {
                        require_reply
                    }
                }
            }
            virtual_server 198.51.100.1 {
                protocol TCP
                lvs_method DR
                lvs_sched rr
                real_server 198.51.100.2 {
                    weight 0
                    TCP_CHECK {
                    }
                }
            }
            """;

    @Test
    void everythingTheModelHolds() {
        Lvs lvs = Lvs.bind(EVERYTHING);
        assertEquals(5, lvs.config.virtualServers().size(), () -> String.join("\n", lvs.problems()));
        assertRoundTrip(lvs.config);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987, 1597, 2584, 4181, 6765, 10946})
    void seededRandomConfigurations(long seed) {
        Random random = new Random(seed);
        for (int round = 0; round < 10; round++) {
            String text = RandomLvsConfig.generate(random);
            Lvs lvs = Lvs.bind(text);
            assertTrue(!lvs.config.virtualServers().isEmpty() || text.isEmpty(), () -> "nothing survived:\n" + text
                    + "\n" + String.join("\n", lvs.problems()));
            try {
                assertRoundTrip(lvs.config);
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + " round " + round + ", generated:\n" + text, e);
            }
        }
    }

    @Test
    void randomConfigurationsCoverEveryCheckerKind() {
        Random random = new Random(7);
        String all = IntStream.range(0, 40).mapToObj(i -> RandomLvsConfig.generate(random))
                .collect(Collectors.joining("\n"));
        for (String kind : List.of("HTTP_GET", "SSL_GET", "TCP_CHECK", "MISC_CHECK", "SMTP_CHECK", "DNS_CHECK",
                "UDP_CHECK", "PING_CHECK", "FILE_CHECK", "BFD_CHECK", "virtual_server group", "fwmark", "TUN")) {
            assertTrue(all.contains(kind), kind);
        }
    }
}
