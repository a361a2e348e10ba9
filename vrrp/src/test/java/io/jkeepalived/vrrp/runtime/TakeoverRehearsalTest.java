package io.jkeepalived.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.libc.Errno;
import io.jkeepalived.netlink.NetlinkErrorException;
import io.jkeepalived.rtnl.InterfaceAddress;
import io.jkeepalived.vrrp.VrrpScheduler;
import io.jkeepalived.vrrp.vip.AddressTable;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rehearsal asks only for what the kernel must refuse, and keeps quiet about the refusals. */
class TakeoverRehearsalTest {
    private final List<InterfaceAddress> adds = new ArrayList<>();
    private final List<Integer> frameInterfaces = new ArrayList<>();

    private final AddressTable refusingTable = new AddressTable() {
        @Override
        public void add(InterfaceAddress address) throws IOException {
            adds.add(address);
            throw new NetlinkErrorException("RTM_NEWADDR", Errno.ENODEV, null, 0);
        }

        @Override
        public void delete(InterfaceAddress address) throws IOException {
            throw new AssertionError("a rehearsal never deletes through the table");
        }
    };

    private final VrrpScheduler noTimers = new VrrpScheduler() {
        @Override
        public long nanoTime() {
            return 0;
        }

        @Override
        public Timer schedule(long delayNanos, Runnable task) {
            throw new AssertionError("no timer: announcements are not paced in a rehearsal");
        }
    };

    @Test
    void eachRoundAsksForTheAddressesAndFramesOfATakeoverOnAnInterfaceThatCannotExistAndLogsNothing()
            throws Exception {
        InetAddress v4 = InetAddress.getByName("192.0.2.0");
        InetAddress v6 = InetAddress.getByName("2001:db8::");
        TakeoverRehearsal rehearsal = new TakeoverRehearsal(refusingTable, (ifIndex, frame, ethertype, mac) -> {
            frameInterfaces.add(ifIndex);
            throw new IOException("ENXIO");
        }, noTimers, List.of(v4, v6));
        try (LogCapture log = new LogCapture()) {
            rehearsal.once();
            rehearsal.once();
            assertEquals(List.of(), log.lines);
        }
        assertEquals(4, adds.size());
        for (InterfaceAddress a : adds) {
            assertEquals(TakeoverRehearsal.NOWHERE, a.ifIndex());
        }
        assertEquals(List.of(v4, v6, v4, v6), adds.stream().map(InterfaceAddress::address).toList());
        // garp_master_repeat 5, for each of the two addresses, in each of the two rounds.
        assertEquals(20, frameInterfaces.size());
        assertTrue(frameInterfaces.stream().allMatch(i -> i == TakeoverRehearsal.NOWHERE));
    }
}
