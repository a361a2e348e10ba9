package io.jkeepalived.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link VrrpInstance#reconfigure} and {@link VrrpInstance#remove}: what a reload does to an instance that
 * persists or goes, against the fake clock, with exact times.
 */
class VrrpInstanceReloadTest {
    private static VrrpParameters.Builder node(String address, int priority, String... vips) {
        return VrrpParameters.builder("VI_1", 51, Golden.ip(address)).priority(priority)
                .virtualAddresses(Golden.ips(vips));
    }

    /** A master since 3.609375 (priority 100 alone on the segment), its adverts at x.609375. */
    private static Harness master(VrrpParameters p) {
        return new Harness(p).start(0).run(5);
    }

    private static List<String> after(Harness h, double t) {
        return h.events.stream().filter(e -> Double.parseDouble(e.substring(0, e.indexOf(' '))) >= t).toList();
    }

    @Test
    void anUnchangedMasterKeepsItsAdvertScheduleItsAddressesAndSendsNothingExtra() {
        VrrpParameters p = node("192.0.2.1", 100, "192.0.2.100").build();
        Harness h = master(p);
        h.at(5.2, () -> h.instance.reconfigure(p, Set.of())).run(8);
        assertEquals(List.of("5.609375 send prio 100", "6.609375 send prio 100", "7.609375 send prio 100"),
                after(h, 5));
        assertEquals(VrrpState.MASTER, h.instance.state());
    }

    @Test
    void aMasterAddsNewAddressesWithGratuitousArpsAndRemovesOldOnesLeavingTheRestAlone() {
        VrrpParameters p = node("192.0.2.1", 100, "192.0.2.100", "192.0.2.101").build();
        VrrpParameters next = node("192.0.2.1", 100, "192.0.2.100", "192.0.2.102").build();
        Harness h = master(p);
        h.at(5.2, () -> h.instance.reconfigure(next, Set.of())).run(6.7);
        // The advert carries the new list at once; the advert timer restarts from it.
        assertEquals(List.of(
                "5.2 remove [192.0.2.101]",
                "5.2 send prio 100",
                "5.2 add [192.0.2.102]",
                "5.2 announce [192.0.2.102] x5",
                "6.2 send prio 100"), after(h, 5.1));
        assertEquals(Golden.ips("192.0.2.100", "192.0.2.102"), h.sent.get(h.sent.size() - 1).addresses());
    }

    @Test
    void aRedefinedAddressIsRemovedAndAddedAgain() {
        VrrpParameters p = node("192.0.2.1", 100, "192.0.2.100").build();
        Harness h = master(p);
        h.at(5.2, () -> h.instance.reconfigure(p, Set.of(Golden.ip("192.0.2.100")))).run(5.5);
        assertEquals(List.of("5.2 remove [192.0.2.100]", "5.2 add [192.0.2.100]", "5.2 announce [192.0.2.100] x5"),
                after(h, 5.1));
    }

    @Test
    void aBackupChangesNoAddressesAndKeepsItsMasterDownTimer() {
        VrrpParameters p = node("192.0.2.2", 100, "192.0.2.100").build();
        VrrpParameters next = node("192.0.2.2", 100, "192.0.2.100", "192.0.2.101").build();
        Harness h = new Harness(p).start(0).adverts(0.5, 1, 4.5, "192.0.2.1", 150);
        h.at(4.8, () -> h.instance.reconfigure(next, Set.of())).run(9);
        // The last advert at 4.5 (carrying the old list, now a mismatch only logged): takeover 4.5 + 3.609375.
        assertEquals(List.of("0 INIT->BACKUP STARTUP prio 100", "8.109375 BACKUP->MASTER MASTER_DOWN prio 100"),
                h.transitions());
        assertEquals(List.of("8.109375 add [192.0.2.100,192.0.2.101]"), h.events("add"));
    }

    @Test
    void aHigherPriorityShowsInTheNextAdvertAtOnce() {
        Harness h = master(node("192.0.2.1", 100, "192.0.2.100").build());
        h.at(5.2, () -> h.instance.reconfigure(node("192.0.2.1", 200, "192.0.2.100").build(), Set.of())).run(6.5);
        assertEquals(List.of("5.2 priority 100->200", "5.2 send prio 200", "6.2 send prio 200"), after(h, 5.1));
    }

    @Test
    void aMasterWhosePriorityDropsBelowTheBackupsIsPreemptedByTheRules() {
        // Peer at 150 was backup behind our 200 (its adverts unheard while we are master); we drop to 100.
        Harness h = master(node("192.0.2.1", 200, "192.0.2.100").build());
        h.at(5.2, () -> h.instance.reconfigure(node("192.0.2.1", 100, "192.0.2.100").build(), Set.of()))
                // the backup preempts on its timer and its first advert (150) reaches us
                .advert(8.0, "192.0.2.2", 150).run(8.5);
        assertEquals(List.of("5.2 priority 200->100", "5.2 send prio 100", "6.2 send prio 100", "7.2 send prio 100",
                "8 remove [192.0.2.100]", "8 MASTER->BACKUP PREEMPTED prio 100"), after(h, 5.1));
    }

    @Test
    void aBackupRaisedAbovePreemptsTheMasterWhenItsTimerRunsOut() {
        // We (100) are backup behind 150; the reload at 4.8 makes us 200: the master's next adverts are lower,
        // discarded, so the timer set by the 4.5 advert runs out (its skew now that of 200): 4.5 + 3 + 56/256.
        VrrpParameters p = node("192.0.2.2", 100, "192.0.2.100").build();
        Harness h = new Harness(p).start(0).adverts(0.5, 1, 12.5, "192.0.2.1", 150);
        h.at(4.8, () -> h.instance.reconfigure(node("192.0.2.2", 200, "192.0.2.100").build(), Set.of())).run(9);
        assertEquals(List.of("7.71875 BACKUP->MASTER MASTER_DOWN prio 200"), h.events("BACKUP->MASTER"));
    }

    @Test
    void nopreemptAddedByAReloadKeepsABackupBehindALowerMaster() {
        VrrpParameters p = node("192.0.2.2", 200, "192.0.2.100").build();
        Harness h = new Harness(p).start(0);
        h.at(0.1, () -> h.instance.reconfigure(node("192.0.2.2", 200, "192.0.2.100").preempt(false).build(),
                Set.of())).adverts(0.5, 1, 20.5, "192.0.2.1", 150).run(21);
        assertEquals(List.of("0 INIT->BACKUP STARTUP prio 200"), h.transitions());
    }

    @Test
    void aNewAdvertIntervalRestartsTheBackupTimerAndPacesTheMaster() {
        VrrpParameters p = node("192.0.2.2", 100, "192.0.2.100").build();
        Harness b = new Harness(p).start(0).adverts(0.5, 1, 2.5, "192.0.2.1", 150);
        b.at(3.0, () -> b.instance.reconfigure(node("192.0.2.2", 100, "192.0.2.100").interval(Duration.ofSeconds(2))
                .build(), Set.of())).run(12);
        // From the reload: 3 x 2 + 156 / 256 s (VRRPv2's skew does not scale with the interval).
        assertEquals(List.of("9.609375 BACKUP->MASTER MASTER_DOWN prio 100"), b.events("BACKUP->MASTER"));

        Harness m = master(node("192.0.2.1", 100, "192.0.2.100").build());
        m.at(5.2, () -> m.instance.reconfigure(node("192.0.2.1", 100, "192.0.2.100").interval(Duration.ofSeconds(2))
                .build(), Set.of())).run(9.5);
        assertEquals(List.of("5.2 send prio 100", "7.2 send prio 100", "9.2 send prio 100"),
                after(m, 5.1).stream().filter(e -> e.contains("send")).toList());
    }

    @Test
    void aFaultedInstanceStaysInFaultAndComesBackWithTheNewParameters() {
        Harness h = master(node("192.0.2.1", 100, "192.0.2.100").build());
        h.at(5.1, h.instance::fault);
        h.at(5.2, () -> h.instance.reconfigure(node("192.0.2.1", 255, "192.0.2.101").build(), Set.of()));
        h.at(6.0, h.instance::recover).run(6.5);
        assertEquals(List.of(
                "5.1 send prio 0",
                "5.1 remove [192.0.2.100]",
                "5.1 MASTER->FAULT FAULT prio 100",
                "5.2 priority 100->255",
                "6 send prio 255",
                "6 add [192.0.2.101]",
                "6 announce [192.0.2.101] x5",
                "6 FAULT->MASTER RECOVERY prio 255"), after(h, 5.1));
    }

    @Test
    void aRemovedMasterSendsPriorityZeroAndRemovesItsAddresses() {
        Harness h = master(node("192.0.2.1", 100, "192.0.2.100").build());
        h.at(5.2, h.instance::remove).run(8);
        assertEquals(List.of("5.2 send prio 0", "5.2 remove [192.0.2.100]", "5.2 MASTER->STOP REMOVED prio 100"),
                after(h, 5.1));
        Harness b = new Harness(node("192.0.2.2", 100, "192.0.2.100").build()).start(0);
        b.at(1, b.instance::remove).run(8);
        assertEquals(List.of("0 INIT->BACKUP STARTUP prio 100", "1 BACKUP->STOP REMOVED prio 100"), b.events);
    }

    @Test
    void theVirtualRouterCannotChangeUnderAnInstance() {
        Harness h = master(node("192.0.2.1", 100, "192.0.2.100").build());
        VrrpParameters other = VrrpParameters.builder("VI_1", 52, Golden.ip("192.0.2.1")).build();
        assertThrows(IllegalArgumentException.class, () -> h.instance.reconfigure(other, Set.of()));
    }

}
