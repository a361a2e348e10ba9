package io.jkeepalived.config.bind;

import static io.jkeepalived.config.testing.Expect.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.config.Severity;
import io.jkeepalived.config.model.AddressFamily;
import io.jkeepalived.config.model.Authentication;
import io.jkeepalived.config.model.NotifyScripts;
import io.jkeepalived.config.model.RouteSpec;
import io.jkeepalived.config.model.ScriptCommand;
import io.jkeepalived.config.model.TrackedInterface;
import io.jkeepalived.config.model.UnicastPeer;
import io.jkeepalived.config.model.VirtualAddress;
import io.jkeepalived.config.model.Vmac;
import io.jkeepalived.config.model.VrrpInstance;
import io.jkeepalived.config.model.VrrpInstance.InitialState;
import io.jkeepalived.config.testing.Expect;
import io.jkeepalived.config.testing.TestConf;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class VrrpInstanceBinderTest {

    /** A minimal instance with {@code body} inserted after line 3 (so body lines start at line 4). */
    private static String instance(String body) {
        return "vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 51\n" + body
                + "    virtual_ipaddress {\n        10.0.0.1\n    }\n}\n";
    }

    private static VrrpInstance only(TestConf.Bound b) {
        assertEquals(1, b.config().vrrp().instances().size(), b.report());
        return b.config().vrrp().instances().get(0);
    }

    /**
     * keepalived 2.2.7's defaults, as its -d dump shows them: priority 100, advert 1 s, version 2, BACKUP,
     * multicast 224.0.0.18, garp delay 5 / repeat 5 / refresh 0 / refresh repeat 1, lower priority delay 5 /
     * repeat 5, down timer adverts 3, accept, preempt.
     */
    @Test
    void defaults() {
        TestConf.Bound b = TestConf.bind(instance(""));
        Expect.clean(b);
        VrrpInstance.Builder e = VrrpInstance.builder("VI_1", 51);
        e.interfaceName = Optional.of("eth0");
        e.multicastGroup = Optional.of(ip("224.0.0.18"));
        e.virtualAddresses = List.of(VirtualAddress.of(ip("10.0.0.1")));
        VrrpInstance expected = e.build();
        assertEquals(expected, only(b));
        assertEquals(InitialState.BACKUP, expected.state());
        assertEquals(100, expected.priority());
        assertEquals(Duration.ofSeconds(1), expected.advertInterval());
        assertEquals(2, expected.version());
        assertEquals(AddressFamily.IPV4, expected.family());
        assertTrue(expected.accept());
        assertFalse(expected.nopreempt());
        assertEquals(Duration.ofSeconds(5), expected.garpMasterDelay());
        assertEquals(5, expected.garpMasterRepeat());
        assertEquals(3, expected.downTimerAdverts());
        assertEquals(32, expected.virtualAddresses().get(0).prefixLength(), "an IPv4 VIP defaults to /32");
    }

    /**
     * keepalived 2.2.7 derives a missing priority from the state: "state MASTER" alone means priority 255
     * (its -d dump of such an instance shows "Priority = 255"), and a missing state from the priority.
     */
    @Test
    void stateAndPriorityDeriveEachOther() {
        assertEquals(255, only(TestConf.bind(instance("    state MASTER\n"))).priority());
        VrrpInstance owner = only(TestConf.bind(instance("    priority 255\n")));
        assertEquals(InitialState.MASTER, owner.state());
        assertTrue(owner.addressOwner());
        VrrpInstance configured = only(TestConf.bind(instance("    state MASTER\n    priority 150\n")));
        assertEquals(InitialState.MASTER, configured.state(), "the model keeps the configured state");
        assertEquals(150, configured.priority());
    }

    /**
     * Ran keepalived 2.2.7 -t on priority 300, virtual_router_id 0 and advert_int abc: "number '300' outside range
     * [1, 255]" / "(VI_1) Priority not valid! must be between 1 & 255. Using default 100", "(VI_1): VRID '0' not
     * valid - must be between 1 & 255", "invalid number 'abc'" / "Advert interval (abc) not valid!".
     */
    @Test
    void outOfRangeValuesAreErrorsNamingTheKeywordAndTheRange() {
        TestConf.Bound b = TestConf.bind("""
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    state MASTER
                    priority 300
                    virtual_router_id 0
                    advert_int abc
                    advert_int 256
                    version 4
                    preempt_delay 1001
                    garp_master_repeat many
                    down_timer_adverts 101
                    unicast_ttl 256
                    mcast_src_ip 10.0.0.300
                    virtual_ipaddress {
                        10.0.0.1
                    }
                }
                """);
        Expect.reported(b, Severity.ERROR, 5, "priority", "from 1 to 255", "'300'");
        Expect.reported(b, Severity.ERROR, 5, "priority: using the default 100");
        Expect.reported(b, Severity.ERROR, 6, "virtual_router_id", "from 1 to 255", "'0'");
        Expect.reported(b, Severity.ERROR, 7, "advert_int", "seconds from 0.01 to 255", "'abc'");
        Expect.reported(b, Severity.ERROR, 8, "advert_int", "'256'");
        Expect.reported(b, Severity.ERROR, 9, "version", "from 2 to 3", "'4'");
        Expect.reported(b, Severity.ERROR, 10, "preempt_delay", "from 0 to 1000", "'1001'");
        Expect.reported(b, Severity.ERROR, 11, "garp_master_repeat", "'many'");
        Expect.reported(b, Severity.ERROR, 12, "down_timer_adverts", "from 1 to 100", "'101'");
        Expect.reported(b, Severity.ERROR, 13, "unicast_ttl", "from 0 to 255", "'256'");
        Expect.reported(b, Severity.ERROR, 14, "mcast_src_ip", "IPv4 or IPv6 address", "'10.0.0.300'");
        Expect.count(b, 11);
        VrrpInstance vi = only(b);
        assertEquals(51, vi.virtualRouterId(), "the bad VRID was dropped, the earlier one kept");
        assertEquals(100, vi.priority(), "keepalived sets 100 on a bad priority, so MASTER no longer means 255");
        assertEquals(InitialState.MASTER, vi.state());
        assertEquals(Duration.ofSeconds(1), vi.advertInterval());
        assertEquals(2, vi.version());
        assertEquals(5, vi.garpMasterRepeat());
        assertEquals(3, vi.downTimerAdverts());
        assertEquals(Optional.empty(), vi.sourceAddress());
    }

    /** keepalived 2.2.7 -t: "(VI_1) unknown state 'master', defaulting to BACKUP"; state is case-sensitive. */
    @Test
    void stateIsCaseSensitiveLikeKeepalived() {
        TestConf.Bound b = TestConf.bind(instance("    state master\n"));
        Expect.reported(b, Severity.ERROR, 4, "state", "MASTER or BACKUP (upper case)", "'master'", "using BACKUP");
        assertEquals(InitialState.BACKUP, only(b).state());
        TestConf.Bound twice = TestConf.bind(instance("    state MASTER\n    state BACKUP\n"));
        Expect.reported(twice, Severity.ERROR, 5, "state", "already set to MASTER; BACKUP ignored");
        assertEquals(InitialState.MASTER, only(twice).state());
    }

    /** Without these keepalived refuses to run VRRP; we refuse the instance, at its line. */
    @Test
    void instancesWithoutVridOrInterfaceOrNameAreLeftOut() {
        TestConf.Bound b = TestConf.bind("""
                vrrp_instance VI_1 {
                    interface eth0
                }
                vrrp_instance VI_2 {
                    virtual_router_id 2
                }
                vrrp_instance {
                    virtual_router_id 3
                }
                vrrp_instance VI_4 extra {
                }
                vrrp_instance VI_5
                """);
        Expect.reported(b, Severity.ERROR, 1, "vrrp_instance VI_1", "virtual router id must be set",
                "instance ignored");
        Expect.reported(b, Severity.ERROR, 4, "vrrp_instance VI_2", "no interface", "instance ignored");
        Expect.reported(b, Severity.ERROR, 7, "vrrp_instance", "exactly one name", "block ignored");
        Expect.reported(b, Severity.ERROR, 10, "vrrp_instance", "exactly one name", "'VI_4 extra'");
        Expect.reported(b, Severity.ERROR, 12, "vrrp_instance", "expected a block");
        Expect.count(b, 5);
        assertEquals(List.of(), b.config().vrrp().instances());
    }

    /** keepalived 2.2.7 -t: "(Line 43) vrrp instance VI_1 already defined"; the second is skipped. */
    @Test
    void duplicateInstanceNamesKeepTheFirst() {
        TestConf.Bound b = TestConf.bind(instance("") + """
                vrrp_instance VI_1 {
                    interface eth1
                    virtual_router_id 52
                }
                """);
        Expect.reported(b, Severity.ERROR, 8, "vrrp_instance VI_1 is already defined at test.conf:1",
                "this one is ignored");
        Expect.count(b, 1);
        assertEquals(51, only(b).virtualRouterId());
    }

    /** keepalived 2.2.7 -t: "VI_1 and VI_2 both use VRID 51 with IPv4 on interface eth0". */
    @Test
    void duplicateVridOnOneInterfaceAndGroupIsAnError() {
        TestConf.Bound b = TestConf.bind(instance("") + """
                vrrp_instance VI_2 {
                    interface eth0
                    virtual_router_id 51
                    virtual_ipaddress {
                        10.0.0.2
                    }
                }
                vrrp_instance VI_3 {
                    interface eth1
                    virtual_router_id 51
                    virtual_ipaddress {
                        10.0.0.3
                    }
                }
                vrrp_instance VI_4 {
                    interface eth0
                    virtual_router_id 51
                    mcast_dst_ip 224.0.0.20
                    virtual_ipaddress {
                        10.0.0.4
                    }
                }
                vrrp_instance VI_6 {
                    interface eth0
                    virtual_router_id 51
                    virtual_ipaddress {
                        fe80::1
                    }
                }
                """);
        Expect.reported(b, Severity.ERROR, 8, "vrrp_instance VI_2", "VRID 51 is already used by VI_1",
                "test.conf:1", "IPv4 on eth0", "instance ignored");
        Expect.count(b, 1);
        assertEquals(List.of("VI_1", "VI_3", "VI_4", "VI_6"),
                b.config().vrrp().instances().stream().map(VrrpInstance::name).toList(),
                "another interface, another multicast group or another family is another VRRP space");
    }

    @Test
    void virtualAddressOptions() {
        TestConf.Bound b = TestConf.bind("""
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    virtual_ipaddress {
                        192.168.11.100/24 dev eth0 label eth0:1 broadcast 192.168.11.255
                        192.168.1.201/24 brd + scope link
                        192.168.1.202/24 brd - scope 17 no_track -nodad home
                        192.168.1.203 peer 192.168.1.204 noprefixroute autojoin mngtmpaddr use_vmac
                        192.168.1.205 scope 0x11 preferred_lft 60
                    }
                    virtual_ipaddress_excluded {
                        2001:db8::1
                        2001:db8::2/64 dev eth1
                        2001:db8::3 preferred_lft forever
                    }
                }
                """);
        Expect.clean(b);
        VrrpInstance vi = only(b);
        List<VirtualAddress> v = vi.virtualAddresses();
        assertEquals(new VirtualAddress(ip("192.168.11.100"), 24, Optional.of("eth0"),
                Optional.of(ip("192.168.11.255")), Optional.empty(), Optional.of("eth0:1"), 0, false, false, false,
                false, false, false, false, OptionalLong.empty()), v.get(0));
        assertEquals(Optional.of(ip("192.168.1.255")), v.get(1).broadcast(), "brd + sets the host bits");
        assertEquals(VirtualAddress.SCOPE_LINK, v.get(1).scope());
        assertEquals(Optional.of(ip("192.168.1.0")), v.get(2).broadcast(), "brd - clears them");
        assertEquals(17, v.get(2).scope());
        assertTrue(v.get(2).noTrack() && v.get(2).noDad() && v.get(2).home());
        assertEquals(Optional.of(ip("192.168.1.204")), v.get(3).peer());
        assertTrue(v.get(3).noPrefixRoute() && v.get(3).autoJoin() && v.get(3).mngTmpAddr() && v.get(3).useVmac());
        assertEquals(17, v.get(4).scope(), "strtoul reads 0x11");
        assertEquals(OptionalLong.of(60), v.get(4).preferredLifetime());
        List<VirtualAddress> e = vi.excludedAddresses();
        // keepalived's -d dump: "2001:db8::1 dev eth0 scope global deprecated", "2001:db8::2/64 ... forever"
        assertEquals(OptionalLong.of(0), e.get(0).preferredLifetime(), "an IPv6 /128 is deprecated by default");
        assertEquals(128, e.get(0).prefixLength());
        assertEquals(OptionalLong.empty(), e.get(1).preferredLifetime());
        assertEquals(Optional.of("eth1"), e.get(1).device());
        assertEquals(OptionalLong.empty(), e.get(2).preferredLifetime());
        assertEquals(AddressFamily.IPV4, vi.family(), "excluded addresses do not decide the family");
    }

    /**
     * keepalived 2.2.7 -t on the same lines: "Invalid address prefix len 33 for address 10.1.1.1/33 - using 32",
     * "VRRP parsed invalid IP 10.1.1.300. skipping IP...", "Invalid scope 'bogus' specified for 10.1.1.4 -
     * ignoring", "Unknown configuration entry 'foo' for ip address - ignoring", "Cannot specify label for IPv6
     * addresses (fe80::1) - ignoring label", "(VI_1): address family must match VRRP instance [fe80::1] -
     * ignoring".
     */
    @Test
    void virtualAddressErrors() {
        TestConf.Bound b = TestConf.bind("""
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    virtual_ipaddress {
                        10.1.1.1/33
                        10.1.1.300
                        10.1.1.4 scope bogus
                        10.1.1.5 foo
                        fe80::1 label foo
                        10.1.1.6 brd 10.1.1.256
                        10.1.1.7 dev
                        10.1.1.8 dev eth0 dev eth1
                        10.1.1.9 label a-label-longer-than-15
                        10.1.1.10/31 brd +
                        vip.example.com
                    }
                    virtual_ipaddress_excluded {
                        2001:db8::1 brd 10.0.0.255
                        2001:db8::2 scope link
                    }
                }
                """);
        Expect.reported(b, Severity.ERROR, 5, "virtual_ipaddress", "prefix length from 0 to 32", "'/33'",
                "using /32");
        Expect.reported(b, Severity.ERROR, 6, "virtual_ipaddress", "IPv4 or IPv6 address[/prefix]", "'10.1.1.300'");
        Expect.reported(b, Severity.ERROR, 7, "virtual_ipaddress", "scope", "'bogus'", "scope ignored");
        Expect.reported(b, Severity.ERROR, 8, "virtual_ipaddress", "unknown option 'foo'");
        Expect.reported(b, Severity.ERROR, 9, "virtual_ipaddress", "IPv6 address takes no label");
        Expect.reported(b, Severity.ERROR, 9, "virtual_ipaddress", "fe80::1 is not of the instance's family IPV4");
        Expect.reported(b, Severity.ERROR, 10, "virtual_ipaddress", "brd", "'10.1.1.256'", "address 10.1.1.6 ignored");
        Expect.reported(b, Severity.ERROR, 11, "virtual_ipaddress", "missing the value after 'dev'");
        Expect.reported(b, Severity.ERROR, 12, "virtual_ipaddress", "dev given twice");
        Expect.reported(b, Severity.ERROR, 13, "virtual_ipaddress", "label", "longer than 15");
        Expect.reported(b, Severity.ERROR, 14, "virtual_ipaddress", "/31 is too long for a broadcast address");
        Expect.reported(b, Severity.ERROR, 15, "virtual_ipaddress", "'vip.example.com'");
        Expect.reported(b, Severity.ERROR, 18, "virtual_ipaddress_excluded", "IPv6 address has no broadcast");
        Expect.reported(b, Severity.ERROR, 19, "virtual_ipaddress_excluded", "IPv6 address takes no scope");
        Expect.count(b, 14);
        VrrpInstance vi = only(b);
        assertEquals(List.of("10.1.1.1/32", "10.1.1.4/32", "10.1.1.5/32", "10.1.1.10/31"),
                vi.virtualAddresses().stream().map(a -> Values.formatAddress(a.address()) + "/" + a.prefixLength())
                        .toList());
        assertEquals(Optional.empty(), vi.virtualAddresses().get(3).broadcast());
        assertEquals(List.of(ip("2001:db8::2")), vi.excludedAddresses().stream().map(VirtualAddress::address).toList());
    }

    /** keepalived 2.2.7 -t: "Truncating auth_pass to 8 characters"; "(VI_1) unknown authentication type 'pass'". */
    @Test
    void authentication() {
        TestConf.Bound b = TestConf.bind(instance("""
                    authentication {
                        auth_type AH
                        auth_pass secret-password
                    }
                """));
        Expect.reported(b, Severity.WARNING, 6, "auth_pass", "first 8 characters", "'secret-p'");
        Expect.count(b, 1);
        assertEquals(Optional.of(new Authentication(Authentication.Type.AH, "secret-p")), only(b).authentication());

        TestConf.Bound lower = TestConf.bind(instance("""
                    authentication {
                        auth_type pass
                        auth_pass 1111
                        auth_hmac
                    }
                """));
        Expect.reported(lower, Severity.ERROR, 5, "auth_type", "PASS or AH (upper case)", "'pass'");
        Expect.reported(lower, Severity.WARNING, 7, "'auth_hmac' is not supported by jkeepalived");
        // the unusable auth_type was reported; keepalived then ignores auth_pass silently, and so do we
        Expect.count(lower, 2);
        assertEquals(Optional.empty(), only(lower).authentication());

        TestConf.Bound noPass = TestConf.bind(instance("    authentication {\n        auth_type PASS\n    }\n"));
        Expect.reported(noPass, Severity.ERROR, 1, "authentication without auth_pass");
        assertEquals(Optional.empty(), only(noPass).authentication());
    }

    /** keepalived 2.2.7: "(VI_2) VRRP version 3 does not support authentication. Ignoring." */
    @Test
    void versionThreeDropsAuthenticationAndAdvertsInCentiseconds() {
        TestConf.Bound b = TestConf.bind(instance("""
                    version 3
                    advert_int 0.123
                    authentication {
                        auth_type PASS
                        auth_pass 1111
                    }
                """));
        Expect.reported(b, Severity.ERROR, 1, "VRRP version 3 does not support authentication");
        // keepalived 2.2.7 -t: "(VI_2) VRRPv3 advertisement interval 0.123000s must be in units of 10ms - rounding"
        Expect.reported(b, Severity.WARNING, 1, "VRRPv3 advert_int 0.123", "units of 10 ms", "using 0.12");
        Expect.count(b, 2);
        VrrpInstance vi = only(b);
        assertEquals(Duration.ofMillis(120), vi.advertInterval());
        assertEquals(3, vi.version());
        assertEquals(Optional.empty(), vi.authentication());
        assertEquals(Duration.ofMillis(40950), only(TestConf.bind(instance("    version 3\n    advert_int 41\n")))
                .advertInterval(), "VRRPv3 cannot say more than 40.95 s");
    }

    /** keepalived 2.2.7 -t: "(VI_1) VRRPv2 advertisement interval 1.500000s must be an integer. rounding". */
    @Test
    void versionTwoAdvertIntervalIsRoundedToWholeSeconds() {
        TestConf.Bound b = TestConf.bind(instance("    advert_int 1.5\n"));
        Expect.reported(b, Severity.WARNING, 1, "VRRPv2 advert_int 1.5 must be whole seconds; using 2");
        assertEquals(Duration.ofSeconds(2), only(b).advertInterval());
        assertEquals(Duration.ofSeconds(1), only(TestConf.bind(instance("    advert_int 0.2\n"))).advertInterval());
    }

    @Test
    void ipv6InstancesUseVersionThreeAndTheIpv6Group() {
        TestConf.Bound b = TestConf.bind("""
                vrrp_instance VI_6 {
                    interface eth0
                    virtual_router_id 51
                    advert_int 0.5
                    virtual_ipaddress {
                        fe80::1
                        2001:db8::10/64
                    }
                }
                """);
        Expect.clean(b);
        VrrpInstance vi = only(b);
        assertEquals(AddressFamily.IPV6, vi.family());
        assertEquals(3, vi.version());
        assertEquals(Duration.ofMillis(500), vi.advertInterval());
        assertEquals(Optional.of(ip("ff02::12")), vi.multicastGroup());
    }

    /**
     * keepalived reads "version" in file order: before the first IPv6 address it sticks (outside strict mode),
     * after it it is refused. Ran keepalived 2.2.7 -t / -d on both: VI_1 "VRRP Version = 2"; VI_2 "(Line 15)
     * (VI_2) vrrp_version 2 conflicts with configured or deduced version 0; ignoring." and version 3.
     */
    @Test
    void versionTwoOnIpv6DependsOnWhereItIsWritten() {
        TestConf.Bound b = TestConf.bind("""
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    version 2
                    virtual_ipaddress {
                        fe80::1
                    }
                }
                vrrp_instance VI_2 {
                    interface eth0
                    virtual_router_id 52
                    virtual_ipaddress {
                        fe80::2
                    }
                    version 2
                }
                """);
        Expect.reported(b, Severity.ERROR, 15, "version 2 conflicts", "ignored");
        Expect.count(b, 1);
        assertEquals(List.of(2, 3), b.config().vrrp().instances().stream().map(VrrpInstance::version).toList());
    }

    @Test
    void unicast() {
        TestConf.Bound b = TestConf.bind(instance("""
                    unicast_src_ip 10.0.0.2
                    unicast_peer {
                        10.0.0.3
                        10.0.0.4 min_ttl 10 max_ttl 64
                    }
                    unicast_ttl 10
                """));
        Expect.clean(b);
        VrrpInstance vi = only(b);
        assertTrue(vi.unicast());
        assertEquals(Optional.of(ip("10.0.0.2")), vi.sourceAddress());
        assertEquals(List.of(UnicastPeer.of(ip("10.0.0.3")), new UnicastPeer(ip("10.0.0.4"), 10, 64)),
                vi.unicastPeers());
        assertEquals(OptionalInt.of(10), vi.unicastTtl());
        assertEquals(Optional.empty(), vi.multicastGroup(), "a unicast instance has no multicast group");
        assertTrue(vi.checkUnicastSrc(), "a ttl range turns on the source check");
    }

    /**
     * keepalived 2.2.7 -t: "(VI_4) unknown unicast_peer option foo", "Configuration error: VRRP instance[VI_4]
     * and unicast peer address[fe80::1] MUST be of the same family !!! Skipping...", "(VI_3): Cannot use
     * unicast_ttl without unicast peers - resetting", "(VI_3) mcast_dst_ip 10.0.0.1 not multicast. Skipping...".
     */
    @Test
    void unicastErrors() {
        TestConf.Bound b = TestConf.bind(instance("""
                    unicast_peer {
                        10.0.0.3 foo 1
                        fe80::1
                        10.0.0.5 min_ttl 100 max_ttl 10
                    }
                    mcast_dst_ip 10.0.0.1
                """));
        Expect.reported(b, Severity.ERROR, 5, "unicast_peer", "unknown option 'foo'");
        Expect.reported(b, Severity.ERROR, 6, "unicast_peer", "fe80::1 is not of the instance's family IPV4");
        Expect.reported(b, Severity.ERROR, 7, "unicast_peer", "min_ttl 100 > max_ttl 10");
        Expect.reported(b, Severity.ERROR, 9, "mcast_dst_ip", "multicast address", "'10.0.0.1'");
        Expect.count(b, 4);
        assertEquals(2, only(b).unicastPeers().size());

        TestConf.Bound noPeers = TestConf.bind(instance("    unicast_ttl 10\n    unicast_src_ip 10.0.0.2\n"));
        Expect.reported(noPeers, Severity.ERROR, 4, "unicast_ttl", "without unicast peers");
        Expect.reported(noPeers, Severity.WARNING, 1, "unicast keyword was given without any unicast_peer",
                "multicast is used");
        assertFalse(only(noPeers).unicast());
        assertEquals(Optional.of(ip("224.0.0.18")), only(noPeers).multicastGroup());
    }

    @Test
    void unicastWithoutInterfaceNeedsASourceAddress() {
        TestConf.Bound ok = TestConf.bind("""
                vrrp_instance VI_1 {
                    virtual_router_id 51
                    unicast_src_ip 10.0.0.2
                    unicast_peer {
                        10.0.0.3
                    }
                    virtual_ipaddress {
                        10.0.0.1 dev eth0
                        10.0.0.9
                    }
                }
                """);
        Expect.reported(ok, Severity.ERROR, 1, "virtual_ipaddress 10.0.0.9", "no dev and no instance interface");
        Expect.count(ok, 1);
        assertEquals(Optional.empty(), only(ok).interfaceName());

        TestConf.Bound bad = TestConf.bind("""
                vrrp_instance VI_1 {
                    virtual_router_id 51
                    unicast_peer {
                        10.0.0.3
                    }
                    virtual_ipaddress {
                        10.0.0.1 dev eth0
                    }
                }
                """);
        Expect.reported(bad, Severity.ERROR, 1, "without 'interface' needs unicast_src_ip", "instance ignored");
        assertEquals(List.of(), bad.config().vrrp().instances());
    }

    @Test
    void trackInterfaceWeightsAndTheirLimits() {
        TestConf.Bound b = TestConf.bind(instance("""
                    track_interface {
                        eth1
                        eth2 weight -10
                        eth3 weight 20 reverse
                        eth4 weight 254
                        eth5 weight 300
                        eth6 metric 3
                        eth7 weight
                        eth1
                        eth0 weight 5
                        eth8 weight 1 sideways
                    }
                """));
        // keepalived 2.2.7 -t: "(VI_1) weight for eth0 cannot be +/-254. Setting to +/-253"
        Expect.reported(b, Severity.WARNING, 8, "track_interface eth4", "+/-254", "using 253");
        Expect.reported(b, Severity.ERROR, 9, "track_interface eth5", "from -253 to 253", "'300'", "using 0");
        Expect.reported(b, Severity.ERROR, 10, "track_interface eth6", "unknown option 'metric'", "line ignored");
        Expect.reported(b, Severity.ERROR, 11, "track_interface eth7", "missing the value after 'weight'");
        Expect.reported(b, Severity.ERROR, 12, "track_interface eth1", "already tracked");
        // keepalived 2.2.7 -t: "(VI_1) Ignoring track_interface eth0 since own interface"
        Expect.reported(b, Severity.ERROR, 13, "track_interface eth0", "own interface");
        Expect.reported(b, Severity.ERROR, 14, "track_interface eth8", "unknown weight option 'sideways'");
        Expect.count(b, 7);
        assertEquals(List.of(new TrackedInterface("eth1", 0, false), new TrackedInterface("eth2", -10, false),
                new TrackedInterface("eth3", 20, true), new TrackedInterface("eth4", 253, false),
                new TrackedInterface("eth5", 0, false), new TrackedInterface("eth8", 1, false)),
                only(b).trackInterfaces());
    }

    /** keepalived 2.2.7: "(VI_2) ignoring tracked script chk_used with weights due to address_owner". */
    @Test
    void theAddressOwnerIgnoresTrackingWeights() {
        TestConf.Bound b = TestConf.bind("""
                vrrp_script chk {
                    script /bin/true
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    priority 255
                    track_interface {
                        eth1 weight 10
                        eth2
                    }
                    track_script {
                        chk weight 10
                    }
                    virtual_ipaddress {
                        10.0.0.1
                    }
                }
                """);
        Expect.reported(b, Severity.ERROR, 9, "tracked interface eth1", "address owner");
        Expect.reported(b, Severity.ERROR, 13, "tracked script chk with weight 10", "address owner");
        // the script is now tracked by nothing (kept apart, never run), and it runs without script security
        Expect.reported(b, Severity.WARNING, 2, "SECURITY VIOLATION");
        Expect.count(b, 3);
        assertEquals("chk", b.config().vrrp().untrackedScripts().get(0).name());
        assertEquals(List.of(new TrackedInterface("eth2", 0, false)), only(b).trackInterfaces());
        assertEquals(List.of(), only(b).trackScripts());
    }

    /**
     * Notify scripts keep their command line as one word; the words after it are the user and group (as
     * keepalived's notify_script_init() reads them).
     */
    @Test
    void notifyScripts() {
        TestConf.Bound b = TestConf.bind(instance("""
                    notify_master "/etc/keepalived/notify.sh MASTER 'VI 1'"
                    notify_backup /etc/keepalived/backup.sh keepalived_script
                    notify_fault /etc/keepalived/fault.sh nobody nogroup
                    notify_stop /etc/keepalived/stop.sh
                    notify /etc/keepalived/any.sh
                    notify_master_rx_lower_pri /etc/keepalived/lower.sh
                    notify_master /etc/keepalived/second.sh
                    smtp_alert
                    notify_priority_changes yes
                """));
        // keepalived: "(VI_1) notify_master script already specified - ignoring /etc/keepalived/second.sh"
        Expect.reported(b, Severity.ERROR, 10, "notify_master", "already specified", "second.sh");
        Expect.reported(b, Severity.WARNING, 4, "SECURITY VIOLATION");
        Expect.count(b, 2);
        VrrpInstance vi = only(b);
        NotifyScripts n = vi.notifyScripts();
        ScriptCommand master = n.master().orElseThrow();
        assertEquals("/etc/keepalived/notify.sh MASTER 'VI 1'", master.commandLine());
        assertEquals(List.of("/etc/keepalived/notify.sh", "MASTER", "VI 1"), master.argv());
        assertEquals(new ScriptCommand("/etc/keepalived/backup.sh", Optional.of("keepalived_script"),
                Optional.empty()), n.backup().orElseThrow());
        assertEquals(new ScriptCommand("/etc/keepalived/fault.sh", Optional.of("nobody"), Optional.of("nogroup")),
                n.fault().orElseThrow());
        assertEquals(Optional.of(ScriptCommand.of("/etc/keepalived/stop.sh")), n.stop());
        assertEquals(Optional.of(ScriptCommand.of("/etc/keepalived/any.sh")), n.any());
        assertEquals(Optional.of(ScriptCommand.of("/etc/keepalived/lower.sh")), n.masterRxLowerPri());
        assertTrue(vi.smtpAlert());
        assertTrue(vi.notifyPriorityChanges());
    }

    /**
     * keepalived 2.2.7 -t with vrrp_strict: "(VI_1) State MASTER must match being address owner", "(VI_1) Strict
     * mode does not support authentication. Ignoring.", "(VI_1) preempt_delay is incompatible with strict mode -
     * resetting", "(VI_1) preempt_delay is incompatible with nopreempt mode - resetting".
     */
    @Test
    void strictModeRules() {
        TestConf.Bound b = TestConf.bind("""
                global_defs {
                    vrrp_strict
                }
                vrrp_instance VI_1 {
                    state MASTER
                    interface eth0
                    virtual_router_id 51
                    priority 100
                    nopreempt
                    preempt_delay 10
                    garp_lower_prio_repeat 3
                    higher_prio_send_advert
                    down_timer_adverts 5
                    accept
                    authentication {
                        auth_type PASS
                        auth_pass 1111
                    }
                    virtual_ipaddress {
                        10.0.0.1
                    }
                }
                """);
        Expect.reported(b, Severity.ERROR, 4, "in strict mode, state MASTER goes with priority 255", "using BACKUP");
        Expect.reported(b, Severity.ERROR, 4, "strict mode does not support authentication");
        Expect.reported(b, Severity.ERROR, 4, "preempt_delay is incompatible with strict mode");
        Expect.reported(b, Severity.ERROR, 4, "preempt_delay is incompatible with nopreempt");
        Expect.reported(b, Severity.ERROR, 4, "down_timer_adverts is incompatible with strict mode");
        Expect.reported(b, Severity.ERROR, 4, "accept mode with VRRP version 2", "using no_accept");
        Expect.reported(b, Severity.ERROR, 4, "garp_lower_prio_repeat; using 0");
        Expect.reported(b, Severity.ERROR, 4, "higher_prio_send_advert to be off");
        Expect.count(b, 8);
        VrrpInstance vi = only(b);
        assertTrue(vi.strictMode());
        assertEquals(InitialState.BACKUP, vi.state());
        assertEquals(Optional.empty(), vi.authentication());
        assertEquals(Duration.ZERO, vi.preemptDelay());
        assertTrue(vi.nopreempt());
        assertFalse(vi.accept());
        assertEquals(0, vi.garpLowerPrioRepeat());
        assertEquals(Duration.ZERO, vi.garpLowerPrioDelay());
        assertTrue(vi.lowerPrioNoAdvert());
        assertFalse(vi.higherPrioSendAdvert());
        assertEquals(3, vi.downTimerAdverts());

        TestConf.Bound v3 = TestConf.bind("global_defs {\n    vrrp_strict\n}\n" + instance("    version 3\n"));
        Expect.clean(v3);
        assertFalse(only(v3).accept(), "strict mode defaults to no_accept below priority 255");
        TestConf.Bound off = TestConf.bind("global_defs {\n    vrrp_strict\n}\n" + instance("    strict_mode off\n"));
        Expect.clean(off);
        assertFalse(only(off).strictMode(), "strict_mode overrides vrrp_strict per instance");
        TestConf.Bound unicast = TestConf.bind(instance("    strict_mode\n    unicast_peer {\n        10.0.0.9\n"
                + "    }\n"));
        Expect.reported(unicast, Severity.ERROR, 1, "unicast peers are not supported in strict mode",
                "instance ignored");
    }

    /**
     * keepalived's rules for VMACs (vrrp_end_handler, vrrp_complete_instance): "(VI_1) unicast with use_vmac
     * requires vmac_xmit_base - setting", "(VI_1) vmac_xmit_base is only valid with a vmac", "(VI_1) xmit_base
     * is incompatible with strict mode - resetting".
     */
    @Test
    void vmacRules() {
        TestConf.Bound unicast = TestConf.bind(instance("    use_vmac\n    unicast_peer {\n        10.0.0.9\n"
                + "    }\n"));
        Expect.reported(unicast, Severity.WARNING, 1, "use_vmac requires vmac_xmit_base; setting it");
        assertTrue(only(unicast).vmacXmitBase());
        TestConf.Bound alone = TestConf.bind(instance("    vmac_xmit_base\n"));
        Expect.reported(alone, Severity.ERROR, 1, "vmac_xmit_base is only valid with use_vmac");
        assertFalse(only(alone).vmacXmitBase());
        TestConf.Bound strict = TestConf.bind(instance("    strict_mode\n    use_vmac vrrp1 02:00:00:00:00:09\n"
                + "    vmac_xmit_base\n"));
        Expect.reported(strict, Severity.ERROR, 1, "VMAC address cannot be given in strict mode");
        Expect.reported(strict, Severity.ERROR, 1, "vmac_xmit_base is incompatible with strict mode");
        assertEquals(Optional.of(new Vmac(Optional.of("vrrp1"), Optional.empty())), only(strict).useVmac());
        TestConf.Bound bad = TestConf.bind(instance("    use_vmac 02:00:zz:00:00:09 a/b\n"));
        Expect.reported(bad, Severity.ERROR, 4, "use_vmac", "MAC address", "'02:00:zz:00:00:09'");
        Expect.reported(bad, Severity.ERROR, 4, "use_vmac", "invalid VMAC interface name 'a/b'");
    }

    /** keepalived 2.2.7: "(VI_3) nopreempt is incompatible with priority 255. resetting nopreempt". */
    @Test
    void preemptRules() {
        TestConf.Bound owner = TestConf.bind(instance("    priority 255\n    nopreempt\n"));
        Expect.reported(owner, Severity.ERROR, 1, "nopreempt is incompatible with priority 255");
        assertFalse(only(owner).nopreempt());
        TestConf.Bound master = TestConf.bind(instance("    state MASTER\n    priority 150\n    preempt_delay 4.12\n"));
        Expect.reported(master, Severity.ERROR, 1, "preempt_delay does not work with state MASTER");
        assertEquals(Duration.ZERO, only(master).preemptDelay());
        TestConf.Bound backup = TestConf.bind(instance("    nopreempt\n    preempt\n    preempt_delay 4.12\n"));
        Expect.clean(backup);
        assertEquals(Duration.ofMillis(4120), only(backup).preemptDelay());
        assertFalse(only(backup).nopreempt(), "preempt, for backwards compatibility, undoes nopreempt");
    }

    @Test
    void instanceValuesOverrideGlobalOnesAndInheritTheRest() {
        TestConf.Bound b = TestConf.bind("""
                global_defs {
                    vrrp_garp_master_delay 10
                    vrrp_garp_master_repeat 2
                    vrrp_garp_master_refresh 60
                    vrrp_lower_prio_no_advert
                    vrrp_skip_check_adv_addr
                    vrrp_check_unicast_src
                    smtp_alert_vrrp on
                    vrrp_version 3
                    vrrp_mcast_group4 224.0.0.99
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    garp_master_repeat 1
                    garp_master_refresh_repeat 3
                    garp_lower_prio_delay 1
                    skip_check_adv_addr off
                    smtp_alert false
                    unicast_peer {
                        10.0.0.8
                    }
                    virtual_ipaddress {
                        10.0.0.1
                    }
                }
                vrrp_instance VI_2 {
                    interface eth0
                    virtual_router_id 52
                    virtual_ipaddress {
                        10.0.0.2
                    }
                }
                """);
        Expect.clean(b);
        VrrpInstance one = b.config().vrrp().instances().get(0);
        VrrpInstance two = b.config().vrrp().instances().get(1);
        assertEquals(Duration.ofSeconds(10), one.garpMasterDelay());
        assertEquals(1, one.garpMasterRepeat());
        assertEquals(Duration.ofSeconds(60), one.garpMasterRefresh());
        assertEquals(3, one.garpMasterRefreshRepeat());
        assertEquals(Duration.ofSeconds(1), one.garpLowerPrioDelay());
        assertEquals(2, one.garpLowerPrioRepeat(), "from vrrp_garp_master_repeat via vrrp_garp_lower_prio_repeat");
        assertTrue(one.lowerPrioNoAdvert());
        // keepalived 2.2.7's -d dump of "skip_check_adv_addr off" shows "Skip checking advert IP addresses":
        // its handler sets the flag for any valid boolean. We take the value as the manual describes it.
        assertFalse(one.skipCheckAdvAddr(), "off means off here");
        assertTrue(two.skipCheckAdvAddr());
        assertFalse(one.smtpAlert());
        assertTrue(two.smtpAlert());
        assertTrue(one.checkUnicastSrc(), "vrrp_check_unicast_src applies to unicast instances");
        assertFalse(two.checkUnicastSrc());
        assertEquals(3, two.version());
        assertEquals(Optional.of(ip("224.0.0.99")), two.multicastGroup());
    }

    @Test
    void deprecatedUnsupportedAndUnknownInsideAnInstance() {
        TestConf.Bound b = TestConf.bind(instance("""
                    vmac_garp_intvl 10
                    track_file {
                        f1
                    }
                    debug 2
                    bogus_kw 1
                    bogus_blk {
                        priority 10
                    }
                    use_vmac vrrp51 00:00:5e:00:01
                    vmac_xmit_base
                    virtual_routes {
                        10.1.0.0/16 via 10.0.0.254 dev eth0 no_track
                    }
                    virtual_rules {
                        from 10.1.0.0/16 table 100
                    }
                """));
        Expect.reported(b, Severity.WARNING, 4, "'vmac_garp_intvl' is deprecated; use 'garp_extra_if'");
        Expect.reported(b, Severity.WARNING, 4, "'garp_extra_if' is not supported by jkeepalived; ignored");
        // keepalived 2.2.7: "(VI_1) track file f1 not found, ignoring..."
        Expect.reported(b, Severity.ERROR, 6, "track_file f1: no track_file of that name; ignored");
        Expect.reported(b, Severity.WARNING, 8, "'debug' is not supported");
        Expect.reported(b, Severity.WARNING, 9, "Unknown keyword 'bogus_kw'");
        // keepalived instead reads "priority 10" at the instance level and lets the next '}' close the instance
        Expect.reported(b, Severity.WARNING, 10, "Unknown keyword 'bogus_blk' (its block is skipped)");
        // keepalived 2.2.7 -t on this text flags every line from 13 to 24 (its '}' at 12 closed the instance)
        Expect.reported(b, Severity.WARNING, 11, "skipped with the block of 'bogus_blk'");
        for (int line : new int[] {13, 14, 15, 16, 18, 19, 21, 22}) {
            Expect.reported(b, Severity.WARNING, line, "keepalived 2.2.7 reads this line one block further out");
        }
        for (int line : new int[] {17, 20, 23, 24}) {
            Expect.reported(b, Severity.WARNING, line, "keepalived 2.2.7 pairs this '}' with another '{'");
        }
        Expect.count(b, 19);
        VrrpInstance vi = only(b);
        assertEquals(100, vi.priority());
        assertEquals(Optional.of(new Vmac(Optional.of("vrrp51"), Optional.of("00:00:5e:00:01"))), vi.useVmac());
        assertTrue(vi.vmacXmitBase());
        assertEquals(List.of(new RouteSpec(List.of("10.1.0.0/16", "via", "10.0.0.254", "dev", "eth0", "no_track"))),
                vi.virtualRoutes());
        assertTrue(vi.virtualRoutes().get(0).noTrack());
        assertEquals(List.of(new RouteSpec(List.of("from", "10.1.0.0/16", "table", "100"))), vi.virtualRules());
    }

    /** keepalived 2.2.7 -t: "(VI_1) No VIP specified; at least one is sensible" (and required for VRRPv3). */
    @Test
    void instancesWithoutVirtualAddresses() {
        TestConf.Bound v2 = TestConf.bind("vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 51\n}\n");
        Expect.reported(v2, Severity.WARNING, 1, "no virtual_ipaddress; at least one is sensible");
        Expect.count(v2, 1);
        assertEquals(1, v2.config().vrrp().instances().size());
        TestConf.Bound v3 = TestConf.bind("vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 51\n"
                + "    version 3\n}\n");
        Expect.reported(v3, Severity.ERROR, 1, "no virtual_ipaddress", "required", "instance ignored");
        assertEquals(List.of(), v3.config().vrrp().instances());
    }

    /** Adverts carry at most 255 addresses (fewer if the MTU says so); keepalived moves the rest to eVIPs. */
    @Test
    void tooManyVirtualAddressesBecomeExcluded() {
        StringBuilder vips = new StringBuilder("    virtual_ipaddress {\n");
        for (int k = 0; k < 100; k++) {
            vips.append("        2001:db8::").append(Integer.toHexString(k + 1)).append('\n');
        }
        vips.append("    }\n");
        TestConf.Bound b = TestConf.bind("vrrp_instance VI_6 {\n    interface eth0\n    virtual_router_id 51\n"
                + vips + "}\n");
        Expect.reported(b, Severity.WARNING, 1, "100 virtual addresses exceed the 89 an advert can carry");
        assertEquals(89, only(b).virtualAddresses().size());
        assertEquals(11, only(b).excludedAddresses().size());
    }
}
