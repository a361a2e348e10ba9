package io.jkeepalived.config.lvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.config.model.lvs.BfdCheck;
import io.jkeepalived.config.model.lvs.CheckerSettings;
import io.jkeepalived.config.model.lvs.DnsCheck;
import io.jkeepalived.config.model.lvs.HttpCheck;
import io.jkeepalived.config.model.lvs.MiscCheck;
import io.jkeepalived.config.model.lvs.RealServer;
import io.jkeepalived.config.model.lvs.TcpCheck;
import io.jkeepalived.config.model.lvs.VirtualServer;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Inheritance virtual server -> real server -> checker as keepalived 2.2.7's validate_check_config does it (2.4.3
 * is the same): a value set at a level is the default below it; retry, delay_before_retry and warmup left unset
 * everywhere fall to the checker kind's default; warmup to the checker's delay_loop.
 */
class LvsInheritanceTest {

    private static Duration s(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    @Test
    void eachLevelOverridesTheOneAbove() {
        VirtualServer vs = Lvs.bind("""
                virtual_server 192.0.2.1 80 {
                    protocol TCP
                    lvs_sched rr
                    lvs_method DR
                    delay_loop 20
                    connect_timeout 4
                    retry 5
                    delay_before_retry 6
                    warmup 7
                    alpha
                    inhibit_on_failure
                    weight 3
                    real_server 192.0.2.2 80 {
                        TCP_CHECK {
                        }
                        TCP_CHECK {
                            delay_loop 2
                            connect_timeout 0.5
                            retry 0
                            delay_before_retry 0.25
                            warmup 0
                            alpha no
                        }
                    }
                    real_server 192.0.2.3 80 {
                        delay_loop 10
                        connect_timeout 3
                        retry 2
                        delay_before_retry 1.5
                        warmup 8
                        alpha no
                        inhibit_on_failure no
                        weight 9
                        TCP_CHECK {
                        }
                    }
                }
                """).assertClean().vs();
        RealServer fromVs = vs.realServers().get(0);
        assertEquals(vs.checkDefaults(), fromVs.checkDefaults());
        assertTrue(fromVs.alpha());
        assertTrue(fromVs.inhibitOnFailure());
        assertEquals(3, fromVs.weight());
        TcpCheck inherited = (TcpCheck) fromVs.checkers().get(0);
        assertEquals(new CheckerSettings(s(20), 5, s(6), s(7), true, false), inherited.settings());
        assertEquals(s(4), inherited.connection().timeout());
        TcpCheck own = (TcpCheck) fromVs.checkers().get(1);
        assertEquals(new CheckerSettings(s(2), 0, s(0.25), Duration.ZERO, false, false), own.settings());
        assertEquals(s(0.5), own.connection().timeout());

        RealServer rs = vs.realServers().get(1);
        assertFalse(rs.alpha());
        assertFalse(rs.inhibitOnFailure());
        assertEquals(9, rs.weight());
        TcpCheck fromRs = (TcpCheck) rs.checkers().get(0);
        assertEquals(new CheckerSettings(s(10), 2, s(1.5), s(8), false, false), fromRs.settings());
        assertEquals(s(3), fromRs.connection().timeout());
    }

    /**
     * With nothing set anywhere: delay_loop 60 s, connect_timeout 5 s, retry and delay_before_retry from the
     * checker kind (1 and 1 s; HTTP 3 s; MISC retry 0; DNS retry 3 and delay_loop), warmup = delay_loop.
     */
    @Test
    void kindDefaultsApplyOnlyWhenNoLevelSetsAValue() {
        Lvs lvs = Lvs.bind("""
                virtual_server 192.0.2.1 80 {
                    protocol TCP
                    lvs_sched rr
                    lvs_method DR
                    real_server 192.0.2.2 80 {
                        TCP_CHECK {
                        }
                        HTTP_GET {
                            url {
                                path /
                            }
                        }
                        MISC_CHECK {
                            misc_path /bin/true
                        }
                        DNS_CHECK {
                        }
                    }
                    real_server 192.0.2.3 80 {
                        retry 4
                        delay_before_retry 2
                        HTTP_GET {
                            url {
                                path /
                            }
                        }
                        MISC_CHECK {
                            misc_path /bin/true
                        }
                        DNS_CHECK {
                        }
                    }
                }
                """).assertClean();
        RealServer bare = lvs.vs().realServers().get(0);
        assertEquals(new CheckerSettings(s(60), 1, s(1), s(60), false, false),
                ((TcpCheck) bare.checkers().get(0)).settings());
        assertEquals(s(5), ((TcpCheck) bare.checkers().get(0)).connection().timeout());
        assertEquals(new CheckerSettings(s(60), 1, s(3), s(60), false, false),
                ((HttpCheck) bare.checkers().get(1)).settings());
        assertEquals(new CheckerSettings(s(60), 0, s(1), s(60), false, false),
                ((MiscCheck) bare.checkers().get(2)).settings());
        assertEquals(new CheckerSettings(s(60), 3, s(60), s(60), false, false),
                ((DnsCheck) bare.checkers().get(3)).settings());
        RealServer set = lvs.vs().realServers().get(1);
        for (int i = 0; i < 3; i++) {
            CheckerSettings settings = ((io.jkeepalived.config.model.lvs.Checker.Scheduled) set.checkers().get(i))
                    .settings();
            assertEquals(4, settings.retry(), "a real server's retry beats every kind default");
            assertEquals(s(2), settings.delayBeforeRetry());
        }
    }

    @Test
    void virtualhostChainForHttpChecks() {
        Lvs lvs = Lvs.bind("""
                virtual_server 192.0.2.1 80 {
                    protocol TCP
                    lvs_sched rr
                    lvs_method DR
                    virtualhost vs.example.org
                    real_server 192.0.2.2 80 {
                        HTTP_GET {
                            url {
                                path /
                            }
                        }
                        HTTP_GET {
                            virtualhost check.example.org
                            url {
                                path /
                                virtualhost url.example.org
                            }
                        }
                    }
                    real_server 192.0.2.3 80 {
                        virtualhost rs.example.org
                        HTTP_GET {
                            url {
                                path /
                            }
                        }
                    }
                }
                """).assertClean();
        RealServer first = lvs.vs().realServers().get(0);
        assertEquals(Optional.of("vs.example.org"), first.virtualhost());
        assertEquals(Optional.of("vs.example.org"), ((HttpCheck) first.checkers().get(0)).virtualhost());
        HttpCheck own = (HttpCheck) first.checkers().get(1);
        assertEquals(Optional.of("check.example.org"), own.virtualhost());
        assertEquals(Optional.of("url.example.org"), own.urls().get(0).virtualhost());
        assertEquals(Optional.of("rs.example.org"),
                ((HttpCheck) lvs.vs().realServers().get(1).checkers().get(0)).virtualhost());
    }

    /** MISC_CHECK's timeout default is the virtual server's delay_loop, not the checker's (check_misc.c). */
    @Test
    void miscTimeoutFollowsTheVirtualServersDelayLoop() {
        MiscCheck misc = (MiscCheck) Lvs.bind("""
                virtual_server 192.0.2.1 80 {
                    protocol TCP
                    lvs_sched rr
                    lvs_method DR
                    delay_loop 12
                    real_server 192.0.2.2 80 {
                        delay_loop 4
                        MISC_CHECK {
                            misc_path /bin/true
                            delay_loop 2
                            misc_timeout 0
                        }
                    }
                }
                """).assertClean().rs().checkers().get(0);
        assertEquals(s(12), misc.timeout());
        assertEquals(s(2), misc.settings().delayLoop());
    }

    @Test
    void bfdCheckTakesTheRealServersAlpha() {
        RealServer rs = Lvs.bind("""
                virtual_server 192.0.2.1 80 {
                    protocol TCP
                    lvs_sched rr
                    lvs_method DR
                    alpha
                    real_server 192.0.2.2 80 {
                        BFD_CHECK {
                            name b1
                        }
                        BFD_CHECK {
                            name b2
                            alpha no
                        }
                    }
                }
                """).assertClean().rs();
        assertEquals(new BfdCheck("b1", true), rs.checkers().get(0));
        assertEquals(new BfdCheck("b2", false), rs.checkers().get(1));
    }

    /** keepalived's smtp_alert defaults differ by level: no for virtual servers, yes for real servers. */
    @Test
    void smtpAlertIsNotInherited() {
        VirtualServer vs = Lvs.bind("""
                virtual_server 192.0.2.1 80 {
                    protocol TCP
                    lvs_sched rr
                    lvs_method DR
                    smtp_alert no
                    real_server 192.0.2.2 80 {
                    }
                }
                """).assertClean().vs();
        assertFalse(vs.smtpAlert());
        assertTrue(vs.realServers().get(0).smtpAlert());
    }
}
