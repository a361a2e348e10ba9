package io.jkeepalived.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.rtnl.HardwareAddress;
import io.jkeepalived.rtnl.InterfaceAddress;
import io.jkeepalived.rtnl.Link;
import io.jkeepalived.rtnl.OperState;
import io.jkeepalived.rtnl.Rtnl;
import io.jkeepalived.rtnl.RtnlEvent;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InterfaceRegistryTest {
    private static final int UP = Rtnl.IFF_UP | Rtnl.IFF_RUNNING | Rtnl.IFF_LOWER_UP;

    private static Link link(int index, String name, int flags) {
        return new Link(index, name, 1, flags, OperState.UP, HardwareAddress.parse("02:00:00:00:00:0" + index), 1500,
                0, "veth");
    }

    private static InterfaceAddress addr(int index, String a, int prefix, int flags) throws Exception {
        return InterfaceAddress.of(index, InetAddress.getByName(a), prefix).withFlags(flags);
    }

    @Test
    void thePrimaryAddressIsTheFirstNonSecondaryThatIsNotOneOfOurVips() throws Exception {
        InterfaceRegistry r = new InterfaceRegistry();
        r.reset(List.of(link(2, "eth0", UP)), List.of(
                addr(2, "192.0.2.100", 32, 0),                      // our VIP, left over from a crash
                addr(2, "192.0.2.1", 24, 0),
                addr(2, "192.0.2.5", 24, Rtnl.IFA_F_SECONDARY),
                addr(2, "fe80::1", 64, 0)));
        assertEquals(Optional.of(InetAddress.getByName("192.0.2.1")),
                r.primaryIpv4("eth0", List.of(InetAddress.getByName("192.0.2.100"))).map(a -> (InetAddress) a));
        assertEquals("fe80:0:0:0:0:0:0:1", r.linkLocal("eth0").orElseThrow().getHostAddress());
        assertEquals(Optional.of("eth0"), r.interfaceOf(InetAddress.getByName("192.0.2.5")));
        assertTrue(r.primaryIpv4("eth9", List.of()).isEmpty());
    }

    @Test
    void linkAndAddressEventsKeepItCurrent() throws Exception {
        InterfaceRegistry r = new InterfaceRegistry();
        r.reset(List.of(link(2, "eth0", UP)), List.of(addr(2, "192.0.2.1", 24, 0)));
        assertTrue(r.usable("eth0"));
        assertEquals(2, r.index("eth0"));
        assertEquals("eth0", r.apply(new RtnlEvent.LinkEvent(RtnlEvent.Change.NEW, link(2, "eth0", Rtnl.IFF_UP))));
        assertFalse(r.usable("eth0"), "no carrier: IFF_RUNNING is gone");
        assertNull(r.apply(new RtnlEvent.AddressEvent(RtnlEvent.Change.NEW, addr(2, "192.0.2.7", 24, 0))));
        assertTrue(r.hasAddress("eth0", InetAddress.getByName("192.0.2.7")));
        r.apply(new RtnlEvent.AddressEvent(RtnlEvent.Change.DELETED, addr(2, "192.0.2.7", 24, 0)));
        assertFalse(r.hasAddress("eth0", InetAddress.getByName("192.0.2.7")));
        // A rename is a NEW link event with the same index.
        assertEquals("lan0", r.apply(new RtnlEvent.LinkEvent(RtnlEvent.Change.NEW, link(2, "lan0", UP))));
        assertEquals(0, r.index("eth0"));
        assertEquals(2, r.index("lan0"));
        assertEquals("lan0", r.apply(new RtnlEvent.LinkEvent(RtnlEvent.Change.DELETED, link(2, "lan0", UP))));
        assertEquals(0, r.index("lan0"));
        assertTrue(r.mac("lan0").isEmpty());
    }
}
