package io.jkeepalived.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.jkeepalived.config.model.VrrpInstance;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Which instance of a reloaded configuration is the same virtual router as a running one (keepalived's rule). */
class VirtualRouterKeyTest {
    private static VirtualRouterKey key(String body) throws Exception {
        return key("VI_1", body);
    }

    private static VirtualRouterKey key(String name, String body) throws Exception {
        VrrpInstance m = Conf.parse("vrrp_instance " + name + " {\n" + body + " virtual_ipaddress {\n  192.0.2.100/24\n }\n}\n")
                .vrrp().instances().get(0);
        String ifName = m.interfaceName().orElse("eth0");
        InetAddress primary = m.sourceAddress().orElse(InetAddress.getByName("192.0.2.1"));
        return VirtualRouterKey.of(m, ifName, ParameterMapper.map(m, primary));
    }

    @Test
    void interfaceVridAndGroupMakeTheRouterPriorityAndNameDoNot() throws Exception {
        VirtualRouterKey base = key(" interface eth0\n virtual_router_id 51\n priority 100\n");
        assertEquals(base, key(" interface eth0\n virtual_router_id 51\n priority 200\n nopreempt\n advert_int 3\n"));
        assertEquals(base, key("OTHER_NAME", " interface eth0\n virtual_router_id 51\n"));
        assertNotEquals(base, key(" interface eth0\n virtual_router_id 52\n"));
        assertNotEquals(base, key(" interface eth1\n virtual_router_id 51\n"));
        assertNotEquals(base, key(" interface eth0\n virtual_router_id 51\n mcast_dst_ip 224.0.0.19\n"));
        assertNotEquals(base, key(" interface eth0\n virtual_router_id 51\n unicast_peer {\n  192.0.2.2\n }\n"));
        // mcast_src_ip is not part of it (keepalived compares the group), unicast_src_ip is
        assertEquals(base, key(" interface eth0\n virtual_router_id 51\n mcast_src_ip 192.0.2.5\n"));
        VirtualRouterKey unicast = key(" interface eth0\n virtual_router_id 51\n unicast_src_ip 192.0.2.1\n"
                + " unicast_peer {\n  192.0.2.2\n }\n");
        assertEquals(unicast, key(" interface eth0\n virtual_router_id 51\n unicast_src_ip 192.0.2.1\n"
                + " unicast_peer {\n  192.0.2.3\n }\n"));
        assertNotEquals(unicast, key(" interface eth0\n virtual_router_id 51\n unicast_src_ip 192.0.2.7\n"
                + " unicast_peer {\n  192.0.2.2\n }\n"));
    }
}
