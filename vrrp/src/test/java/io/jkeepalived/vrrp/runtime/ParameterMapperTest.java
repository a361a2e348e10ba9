package io.jkeepalived.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.config.model.VrrpInstance;
import io.jkeepalived.vrrp.AuthData;
import io.jkeepalived.vrrp.AuthType;
import io.jkeepalived.vrrp.GarpSettings;
import io.jkeepalived.vrrp.VrrpParameters;
import io.jkeepalived.vrrp.VrrpVersion;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterMapperTest {
    private static VrrpInstance first(String conf) {
        return Conf.parse(conf).vrrp().instances().get(0);
    }

    @Test
    void seed000sMasterMapsWithItsGroupPasswordAndGlobalGarpDefaults() throws Exception {
        VrrpInstance m = first("global_defs {\n vrrp_mcast_group4 224.39.39.39\n vrrp_garp_master_repeat 3\n}\n"
                + "vrrp_instance VI_1 {\n state MASTER\n interface eth0\n virtual_router_id 220\n priority 100\n"
                + " advert_int 2\n authentication {\n auth_type PASS\n auth_pass weidong\n }\n"
                + " virtual_ipaddress {\n 192.168.11.100/24 dev eth0 label eth0:1 broadcast 192.168.11.255\n }\n}\n");
        VrrpParameters p = ParameterMapper.map(m, InetAddress.getByName("192.168.11.101"));
        assertEquals(220, p.vrid());
        assertEquals(100, p.priority());
        assertEquals(VrrpVersion.V2, p.version());
        assertEquals(200, p.intervalCentis());
        assertEquals(AuthType.PASS, p.authType());
        assertEquals(AuthData.ofPassword("weidong"), p.authData());
        assertEquals(List.of(InetAddress.getByName("192.168.11.100")), p.virtualAddresses());
        assertEquals(new GarpSettings(Duration.ofSeconds(5), 3, Duration.ZERO, 1, Duration.ofSeconds(5), 3), p.garp());
        assertTrue(p.preempt());
        assertFalse(p.unicast());
        assertEquals(InetAddress.getByName("192.168.11.101"), p.primaryAddress());
        assertEquals(InetAddress.getByName("224.39.39.39"), m.multicastGroup().orElseThrow());
    }

    @Test
    void nopreemptPreemptDelayExcludedAddressesAndVersion3() throws Exception {
        VrrpInstance delayed = first("vrrp_instance VI_5 {\n state BACKUP\n preempt_delay 4\n interface eth0\n"
                + " virtual_router_id 5\n virtual_ipaddress {\n 192.0.2.5\n }\n}\n");
        assertEquals(Duration.ofSeconds(4), ParameterMapper.map(delayed, InetAddress.getByName("192.0.2.1")).preemptDelay());
        VrrpInstance m = first("vrrp_instance VI_6 {\n state BACKUP\n nopreempt\n interface eth0\n"
                + " virtual_router_id 61\n version 3\n advert_int 0.5\n virtual_ipaddress {\n 192.0.2.61\n }\n"
                + " virtual_ipaddress_excluded {\n 2001:db8::61\n }\n garp_master_refresh 30\n}\n");
        VrrpParameters p = ParameterMapper.map(m, InetAddress.getByName("192.0.2.1"));
        assertFalse(p.preempt());
        assertEquals(VrrpVersion.V3, p.version());
        assertEquals(50, p.intervalCentis());
        assertEquals(List.of(InetAddress.getByName("2001:db8::61")), p.excludedAddresses());
        assertEquals(Duration.ofSeconds(30), p.garp().masterRefresh());
        assertEquals(AuthType.NONE, p.authType());
    }

    @Test
    void whatThisBuildCannotRunIsRefusedWithTheInstanceName() {
        VrrpInstance ah = first("vrrp_instance VI_AH {\n interface eth0\n virtual_router_id 9\n authentication {\n"
                + " auth_type AH\n auth_pass x\n }\n virtual_ipaddress {\n 192.0.2.9\n }\n}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParameterMapper.map(ah, InetAddress.getByName("192.0.2.1")));
        assertEquals("(VI_AH) auth_type AH is not supported by jkeepalived", e.getMessage());
    }
}
