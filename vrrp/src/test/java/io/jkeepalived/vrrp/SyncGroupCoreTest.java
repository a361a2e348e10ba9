package io.jkeepalived.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The hooks a sync group drives: the master gate, promote and demote, on a fake clock. */
class SyncGroupCoreTest {

    private static VrrpParameters params(String name, int vrid, int priority) {
        return VrrpParameters.builder(name, vrid, Golden.ip("192.0.2.2")).priority(priority)
                .virtualAddresses(Golden.ips("192.0.2." + (100 + vrid))).build();
    }

    @Test
    void aClosedGateKeepsTheWishAndWaitsAnotherMasterDownInterval() {
        FakeScheduler clock = new FakeScheduler();
        AtomicReference<Boolean> open = new AtomicReference<>(false);
        Harness h = new Harness(params("VI_1", 1, 100), i -> open.get(), clock).start(0);
        h.run(4);
        assertEquals(VrrpState.BACKUP, h.instance.state());
        assertTrue(h.instance.wantsMaster(), "the timer ran out: it wants MASTER");
        open.set(true);
        // Denied at 3.609375, asked again one master down interval later.
        h.run(7.3);
        assertEquals(List.of("0 INIT->BACKUP STARTUP prio 100", "7.21875 BACKUP->MASTER MASTER_DOWN prio 100"),
                h.transitions());
    }

    @Test
    void anAcceptedAdvertClearsTheWish() {
        FakeScheduler clock = new FakeScheduler();
        Harness h = new Harness(params("VI_1", 1, 100), i -> false, clock).start(0);
        h.run(4);
        assertTrue(h.instance.wantsMaster());
        h.advert(4.5, "192.0.2.1", 150).run(4.6);
        assertFalse(h.instance.wantsMaster());
    }

    @Test
    void promoteMakesABackupMasterAtOnceAndDemoteTakesAMasterBackWithoutPriorityZero() {
        FakeScheduler clock = new FakeScheduler();
        Harness h = new Harness(params("VI_2", 2, 100), MasterGate.ALWAYS, clock).start(0);
        h.run(1);
        h.at(1.5, h.instance::promote).run(1.5);
        assertEquals(VrrpState.MASTER, h.instance.state());
        h.at(2.25, h.instance::demote).run(2.25);
        assertEquals(VrrpState.BACKUP, h.instance.state());
        assertEquals(List.of(
                "0 INIT->BACKUP STARTUP prio 100",
                "1.5 send prio 100",
                "1.5 add [192.0.2.102]",
                "1.5 announce [192.0.2.102] x5",
                "1.5 BACKUP->MASTER SYNC_GROUP prio 100",
                "2.25 remove [192.0.2.102]",
                "2.25 MASTER->BACKUP SYNC_GROUP prio 100"), h.events);
        // Back in BACKUP with a full master down timer from the demotion.
        h.run(2.25 + 3.609375 - 0.001);
        assertEquals(VrrpState.BACKUP, h.instance.state());
        h.run(2.25 + 3.609375);
        assertEquals(VrrpState.MASTER, h.instance.state());
    }

    @Test
    void promoteAndDemoteLeaveOtherStatesAlone() {
        Harness h = new Harness(params("VI_3", 3, 100));
        h.instance.promote();
        assertEquals(VrrpState.INIT, h.instance.state());
        h.instance.fault();
        h.start(0).run(0);
        assertEquals(VrrpState.FAULT, h.instance.state());
        h.instance.promote();
        h.instance.demote();
        assertEquals(VrrpState.FAULT, h.instance.state());
        assertTrue(h.instance.faulted());
    }
}
