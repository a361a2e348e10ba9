package io.jkeepalived.check.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.jkeepalived.check.pool.LocalAddresses.LocalAddress;

class HaSuspendTest {
    private final List<String> calls = new ArrayList<>();
    private final HaSuspend ha = new HaSuspend((pool, suspended) -> calls.add(pool + (suspended ? " off" : " on")));

    private static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static LocalAddress at(int ifIndex, String address) {
        return new LocalAddress(ifIndex, ip(address));
    }

    @Test
    void checkersRunOnlyWhileAnAddressOfTheVirtualServerIsLocal() {
        ha.watch(0, Set.of(ip("192.0.2.1")), "TCP 192.0.2.1:80");
        ha.watch(3, Set.of(ip("192.0.2.10"), ip("192.0.2.11")), "group web");
        ha.reset(Set.of(at(1, "127.0.0.1"), at(2, "192.0.2.11")));
        assertEquals(List.of("0 off", "3 on"), calls, "first state of every watched pool");
        assertTrue(ha.suspended(0));
        assertFalse(ha.suspended(3));
        assertFalse(ha.suspended(7), "a pool without ha_suspend is never suspended");

        calls.clear();
        ha.added(at(2, "192.0.2.1"));              // the VIP arrives (this node became VRRP master)
        ha.added(at(2, "192.0.2.1"));              // an RTM_NEWADDR that only updates it: no change
        ha.added(at(3, "192.0.2.1"));              // the same address on a second interface
        ha.removed(at(2, "192.0.2.1"));            // still on interface 3: stays active
        assertEquals(List.of("0 on"), calls);
        ha.removed(at(3, "192.0.2.1"));
        assertEquals(List.of("0 on", "0 off"), calls);

        calls.clear();
        ha.removed(at(2, "192.0.2.11"));
        ha.added(at(2, "192.0.2.10"));             // another address of the group
        assertEquals(List.of("3 off", "3 on"), calls);
        ha.removed(at(9, "192.0.2.77"));           // unknown: nothing
        assertEquals(2, calls.size());
    }

    @Test
    void aResetAfterLostNotificationsGivesTheExactState() {
        ha.watch(0, Set.of(ip("2001:db8::1")), "TCP [2001:db8::1]:80");
        ha.reset(Set.of(at(2, "2001:db8::1")));
        ha.reset(Set.of());
        ha.reset(Set.of());
        assertEquals(List.of("0 on", "0 off"), calls);
    }
}
