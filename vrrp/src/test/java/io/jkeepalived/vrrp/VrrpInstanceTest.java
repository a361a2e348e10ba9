package io.jkeepalived.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The state machine against a fake clock and queued adverts, with exact times. */
class VrrpInstanceTest {
    static final List<InetAddress> VIP = Golden.ips("192.0.2.100");

    static VrrpParameters.Builder node(String address, int priority) {
        return VrrpParameters.builder("VI_1", 51, Golden.ip(address)).priority(priority).virtualAddresses(VIP);
    }

    @Test
    void aloneItBecomesMasterAfterThreeIntervalsPlusSkew() {
        // keepalived 2.2.7 measured here: "Entering BACKUP STATE (init)", master ~3.65 s later;
        // the RFC formula for priority 100 at advert_int 1 is 3 + 156/256 = 3.609375 s.
        Harness h = new Harness(node("192.0.2.1", 100).build()).start(0).run(10);
        assertEquals(List.of(
                "0 INIT->BACKUP STARTUP prio 100",
                "3.609375 send prio 100",
                "3.609375 add [192.0.2.100]",
                "3.609375 announce [192.0.2.100] x5",
                "3.609375 BACKUP->MASTER MASTER_DOWN prio 100",
                "4.609375 send prio 100",
                "5.609375 send prio 100",
                "6.609375 send prio 100",
                "7.609375 send prio 100",
                // two timers due at one instant run in the order they were set (in keepalived,
                // microseconds apart): the delayed GARP round was set first
                "8.609375 announce [192.0.2.100] x5",
                "8.609375 send prio 100",
                "9.609375 send prio 100"), h.events);
    }

    @Test
    void startupTimeFollowsPriorityAndInterval() {
        assertEquals(List.of("3.4140625 BACKUP->MASTER MASTER_DOWN prio 150"),
                new Harness(node("192.0.2.1", 150).build()).start(0).run(5).events("BACKUP->MASTER"));
        assertEquals(List.of("9.99609375 BACKUP->MASTER MASTER_DOWN prio 1"),
                new Harness(node("192.0.2.1", 1).interval(Duration.ofSeconds(3)).build()).start(0).run(11)
                        .events("BACKUP->MASTER"));
        // VRRPv3 at 1.5 s: 3 x 1.5 + (256 - 120) x 1.5 / 256 = 5.296875 s
        assertEquals(List.of("5.296875 BACKUP->MASTER MASTER_DOWN prio 120"),
                new Harness(node("192.0.2.1", 120).version(VrrpVersion.V3).interval(Duration.ofMillis(1500)).build())
                        .start(0).run(6).events("BACKUP->MASTER"));
    }

    @Test
    void theAddressOwnerIsMasterAtOnce() {
        Harness h = new Harness(node("192.0.2.1", 255).build()).start(0.5).run(1.6);
        assertEquals(List.of(
                "0.5 send prio 255",
                "0.5 add [192.0.2.100]",
                "0.5 announce [192.0.2.100] x5",
                "0.5 INIT->MASTER STARTUP prio 255",
                "1.5 send prio 255"), h.events);
    }

    @Test
    void aLiveMasterKeepsUsBackupAndItsSilenceMakesUsMaster() {
        Harness h = new Harness(node("192.0.2.2", 100).build()).start(0)
                .adverts(0.5, 1, 10.5, "192.0.2.1", 150).run(20);
        // Last advert at 10.5: master down at 10.5 + 3.609375.
        assertEquals(List.of("0 INIT->BACKUP STARTUP prio 100", "14.109375 BACKUP->MASTER MASTER_DOWN prio 100"),
                h.transitions());
        assertEquals(Golden.ip("192.0.2.2"), h.instance.masterAddress());
        assertEquals(11, h.instance.stats().advertsAccepted());
    }

    @Test
    void priorityZeroIsAnsweredByATakeoverAfterTheSkewTime() {
        // keepalived measured: 0.614 s after the priority 0 advert (skew 156/256 = 0.609375).
        Harness h = new Harness(node("192.0.2.2", 100).build()).start(0)
                .adverts(0.5, 1, 4.5, "192.0.2.1", 150).advert(5.0, "192.0.2.1", 0).run(8);
        assertEquals(List.of("5.609375 send prio 100"), h.events("send").subList(0, 1));
        assertEquals(List.of("5.609375 BACKUP->MASTER MASTER_DOWN prio 100"), h.events("->MASTER"));
        assertEquals(1, h.instance.stats().priorityZeroReceived());
    }

    @Test
    void aHigherPriorityBackupPreemptsALowerMasterWhenItsTimerRunsOut() {
        // We (150) start while 192.0.2.2 (100) is master: its adverts are discarded, so our startup
        // timer runs out at 3 + 106/256 s (keepalived measured: 3.426-3.47 s).
        Harness h = new Harness(node("192.0.2.1", 150).build()).start(0)
                .adverts(0.2, 1, 3.2, "192.0.2.2", 100).run(3.5);
        assertEquals(List.of("0 INIT->BACKUP STARTUP prio 150", "3.4140625 BACKUP->MASTER MASTER_DOWN prio 150"),
                h.transitions());
    }

    @Test
    void nopreemptStaysBackupUnderALowerMaster() {
        Harness h = new Harness(node("192.0.2.1", 150).preempt(false).build()).start(0)
                .adverts(0.2, 1, 30.2, "192.0.2.2", 100).run(31);
        assertEquals(List.of("0 INIT->BACKUP STARTUP prio 150"), h.transitions());
        assertEquals(List.of(), h.sent);
        assertEquals(100, h.instance.masterPriority());
    }

    @Test
    void nopreemptStillTakesOverFromASilentMaster() {
        Harness h = new Harness(node("192.0.2.1", 150).preempt(false).build()).start(0)
                .adverts(0.2, 1, 5.2, "192.0.2.2", 100).run(10);
        assertEquals(List.of("8.6140625 BACKUP->MASTER MASTER_DOWN prio 150"), h.events("->MASTER"));
    }

    @Test
    void preemptDelayHoldsOffPreemption() {
        // The first lower advert (0.5) starts a 5 s delay; adverts before 5.5 still count as the
        // master's, the one at 5.5 is discarded, so the timer set at 4.5 runs out at 4.5 + 3.4140625.
        Harness h = new Harness(node("192.0.2.1", 150).preemptDelay(Duration.ofSeconds(5)).build()).start(0)
                .adverts(0.5, 1, 12.5, "192.0.2.2", 100).run(13);
        assertEquals(List.of("7.9140625 BACKUP->MASTER MASTER_DOWN prio 150"), h.events("BACKUP->MASTER"));
    }

    @Test
    void aHigherAdvertStopsThePreemptDelay() {
        // Delay starts at 0.5 (prio 100 advert); an equal-or-higher advert at 2.5 stops it; the next
        // lower advert at 3.0 starts it again (until 8.0), so preemption comes at 7.5 + 3.4140625.
        Harness h = new Harness(node("192.0.2.1", 150).preemptDelay(Duration.ofSeconds(5)).build()).start(0)
                .adverts(0.5, 1, 1.5, "192.0.2.2", 100).advert(2.5, "192.0.2.3", 200)
                .adverts(3.0, 0.5, 20, "192.0.2.2", 100).run(12);
        assertEquals(List.of("10.9140625 BACKUP->MASTER MASTER_DOWN prio 150"), h.events("BACKUP->MASTER"));
    }

    @Test
    void asMasterAHigherPriorityAdvertSendsUsToBackupWithoutPriorityZero() {
        Harness h = new Harness(node("192.0.2.1", 100).build()).start(0).advert(5.0, "192.0.2.2", 150).run(5.5);
        assertEquals(List.of(
                "0 INIT->BACKUP STARTUP prio 100",
                "3.609375 send prio 100",
                "3.609375 add [192.0.2.100]",
                "3.609375 announce [192.0.2.100] x5",
                "3.609375 BACKUP->MASTER MASTER_DOWN prio 100",
                "4.609375 send prio 100",
                "5 remove [192.0.2.100]",
                "5 MASTER->BACKUP PREEMPTED prio 100"), h.events);
        // the delayed GARP round (due at 8.609375) is cancelled, and the master down timer runs
        h.run(9);
        assertEquals(List.of("8.609375 BACKUP->MASTER MASTER_DOWN prio 100"), h.events("->MASTER").subList(1, 2));
    }

    @Test
    void higherPrioSendAdvertSendsOneLastAdvertBeforeYielding() {
        Harness h = new Harness(node("192.0.2.1", 100).higherPrioritySendAdvert(true).build()).start(0)
                .advert(5.0, "192.0.2.2", 150).run(5.5);
        assertEquals(List.of("5 send prio 100", "5 remove [192.0.2.100]", "5 MASTER->BACKUP PREEMPTED prio 100"),
                h.events.stream().filter(e -> e.startsWith("5 ")).toList());
    }

    @Test
    void asMasterALowerPriorityAdvertForcesAnElectionAndGratuitousArps() {
        // keepalived: "Received advert ... with lower priority 50, ours 100, forcing new election":
        // an advert at once (the advert timer restarts from it), garp_lower_prio_repeat GARPs now and
        // after garp_lower_prio_delay.
        Harness h = new Harness(node("192.0.2.1", 100).build()).start(0).advert(5.0, "192.0.2.2", 50).run(10.7);
        assertEquals(List.of(
                "4.609375 send prio 100",
                "5 send prio 100",
                "5 announce [192.0.2.100] x5",
                "6 send prio 100",
                "7 send prio 100",
                "8 send prio 100",
                "8.609375 announce [192.0.2.100] x5",
                "9 send prio 100",
                "10 announce [192.0.2.100] x5",
                "10 send prio 100"),
                h.events.stream().filter(e -> !e.startsWith("3.") && !e.startsWith("0 ")).toList());
        assertEquals(VrrpState.MASTER, h.instance.state());
    }

    @Test
    void lowerPrioNoAdvertKeepsTheAdvertScheduleButStillSendsGratuitousArps() {
        Harness h = new Harness(node("192.0.2.1", 100).lowerPriorityNoAdvert(true).build()).start(0)
                .advert(5.0, "192.0.2.2", 50).run(6);
        assertEquals(List.of("4.609375 send prio 100", "5 announce [192.0.2.100] x5", "5.609375 send prio 100"),
                h.events.stream().filter(e -> e.startsWith("4") || e.startsWith("5")).toList());
    }

    @Test
    void asMasterAPriorityZeroAdvertIsAnsweredAtOnce() {
        Harness h = new Harness(node("192.0.2.1", 100).build()).start(0).advert(5.0, "192.0.2.2", 0).run(6.5);
        assertEquals(List.of("4.609375 send prio 100", "5 send prio 100", "6 send prio 100"),
                h.events.stream().filter(e -> e.startsWith("4") || e.startsWith("5") || e.startsWith("6")).toList());
    }

    @Test
    void equalPrioritiesAreBrokenByTheHigherAddress() {
        // We are master with the lower address: the peer's equal advert wins.
        Harness low = new Harness(node("192.0.2.1", 100).build()).start(0).advert(5.0, "192.0.2.2", 100).run(5.5);
        assertEquals(List.of("5 MASTER->BACKUP PREEMPTED prio 100"), low.events("MASTER->BACKUP"));
        // We are master with the higher address: we answer with an advert and stay master.
        Harness high = new Harness(node("192.0.2.2", 100).build()).start(0).advert(5.0, "192.0.2.1", 100).run(5.5);
        assertEquals(List.of("5 send prio 100", "5 announce [192.0.2.100] x5"),
                high.events.stream().filter(e -> e.startsWith("5 ")).toList());
        assertEquals(VrrpState.MASTER, high.instance.state());
        // Addresses compare as numbers, not as strings: .10 is higher than .9.
        Harness numeric = new Harness(node("192.0.2.9", 100).build()).start(0).advert(5.0, "192.0.2.10", 100).run(5.5);
        assertEquals(VrrpState.BACKUP, numeric.instance.state());
    }

    @Test
    void twoOwnersMeetingDropsOursTo254() {
        Harness h = new Harness(node("192.0.2.1", 255).build()).start(0).advert(2.5, "192.0.2.2", 255).run(3);
        assertEquals(List.of("2.5 priority 255->254", "2.5 remove [192.0.2.100]", "2.5 MASTER->BACKUP PREEMPTED prio 254"),
                h.events.stream().filter(e -> e.startsWith("2.5")).toList());
    }

    @Test
    void faultAsMasterSendsPriorityZeroAndRecoveryStartsOverAsBackup() {
        Harness h = new Harness(node("192.0.2.1", 100).build()).start(0);
        h.clock.at(5.0, h.instance::fault);
        h.advert(6.0, "192.0.2.2", 150);
        h.clock.at(8.0, h.instance::recover);
        h.run(13);
        assertEquals(List.of(
                "4.609375 send prio 100",
                "5 send prio 0",
                "5 remove [192.0.2.100]",
                "5 MASTER->FAULT FAULT prio 100",
                "8 FAULT->BACKUP RECOVERY prio 100",
                "11.609375 send prio 100",
                "11.609375 add [192.0.2.100]",
                "11.609375 announce [192.0.2.100] x5",
                "11.609375 BACKUP->MASTER MASTER_DOWN prio 100",
                "12.609375 send prio 100"),
                h.events.stream().filter(e -> !e.startsWith("0 ") && !e.startsWith("3.")).toList());
        assertEquals(DropReason.NOT_LISTENING, assertInstanceOf(Verdict.Dropped.class, h.verdicts.get(0)).reason());
        assertEquals(1, h.instance.stats().priorityZeroSent());
    }

    @Test
    void faultAsBackupIsSilentAndAFaultBeforeStartStartsInFault() {
        Harness h = new Harness(node("192.0.2.1", 100).build()).start(0);
        h.clock.at(2.0, h.instance::fault);
        h.run(10);
        assertEquals(List.of("0 INIT->BACKUP STARTUP prio 100", "2 BACKUP->FAULT FAULT prio 100"), h.events);

        Harness early = new Harness(node("192.0.2.1", 100).build());
        early.instance.fault();
        early.start(0).run(10);
        assertEquals(List.of("0 INIT->FAULT FAULT prio 100"), early.events);
    }

    @Test
    void theOwnerRecoversStraightToMaster() {
        Harness h = new Harness(node("192.0.2.1", 255).build()).start(0);
        h.clock.at(1.2, h.instance::fault);
        h.clock.at(2.0, h.instance::recover);
        h.run(2);
        assertEquals(List.of("2 send prio 255", "2 add [192.0.2.100]", "2 announce [192.0.2.100] x5",
                "2 FAULT->MASTER RECOVERY prio 255"), h.events.stream().filter(e -> e.startsWith("2 ")).toList());
    }

    @Test
    void trackingWeightsChangeTheAdvertisedPriorityClampedTo1Through254() {
        Harness h = new Harness(node("192.0.2.1", 100).build()).start(0);
        h.clock.at(5.0, () -> h.instance.setPriorityDelta(-60));
        h.clock.at(7.0, () -> h.instance.setPriorityDelta(-500));
        h.clock.at(9.0, () -> h.instance.setPriorityDelta(+500));
        h.run(10);
        assertEquals(List.of("5 priority 100->40", "7 priority 40->1", "9 priority 1->254"), h.events("priority "));
        List<Integer> sentPriorities = h.sent.stream().map(Advertisement::priority).toList();
        assertEquals(List.of(100, 100, 40, 40, 1, 1, 254), sentPriorities);
    }

    @Test
    void priority255NeverChanges() {
        Harness h = new Harness(node("192.0.2.1", 255).build()).start(0);
        h.clock.at(0.5, () -> h.instance.setPriorityDelta(-100));
        h.run(2);
        assertEquals(255, h.instance.effectivePriority());
        assertEquals(List.of(255, 255, 255), h.sent.stream().map(Advertisement::priority).toList());
    }

    @Test
    void aPriorityChangeInBackupMovesTheDeadlineByTheSkewDifference() {
        // Started at 0 with priority 100 (deadline 3.609375); at 1.0 priority becomes 150: the skew
        // shrinks from 156/256 to 106/256, so the deadline moves to 3.4140625.
        Harness h = new Harness(node("192.0.2.1", 100).build()).start(0);
        h.clock.at(1.0, () -> h.instance.setPriorityDelta(50));
        h.run(5);
        assertEquals(List.of("3.4140625 BACKUP->MASTER MASTER_DOWN prio 150"), h.events("BACKUP->MASTER"));
    }

    @Test
    void aV3BackupAdoptsTheMastersInterval() {
        // We use 1 s, the master advertises 0.5 s (50 cs): after its last advert at 4.0 we wait
        // 3 x 0.5 + 156 x 0.5 / 256 = 1.8046875 s.
        Harness h = new Harness(node("192.0.2.2", 100).version(VrrpVersion.V3).build()).start(0);
        for (double t = 0.5; t <= 4.0; t += 0.5) {
            h.advert(t, "192.0.2.1", 150, a -> Advertisement.v3(IpFamily.IPV4, a.vrid(), a.priority(), 50, a.addresses()));
        }
        h.run(6);
        assertEquals(List.of("5.8046875 BACKUP->MASTER MASTER_DOWN prio 100"), h.events("BACKUP->MASTER"));
        assertEquals(100, h.instance.masterIntervalCentis(), "our own interval again as master");
        // A priority 0 advert from a 0.5 s master means a skew of 156 x 0.5 / 256.
        Harness z = new Harness(node("192.0.2.2", 100).version(VrrpVersion.V3).build()).start(0);
        z.advert(0.5, "192.0.2.1", 150, a -> Advertisement.v3(IpFamily.IPV4, a.vrid(), a.priority(), 50, a.addresses()));
        z.advert(1.0, "192.0.2.1", 0, a -> Advertisement.v3(IpFamily.IPV4, a.vrid(), a.priority(), 50, a.addresses()));
        z.run(2);
        assertEquals(List.of("1.3046875 BACKUP->MASTER MASTER_DOWN prio 100"), z.events("BACKUP->MASTER"));
    }

    @Test
    void aFloodOfBadAdvertsChangesNoSchedule() {
        VrrpParameters p = node("192.0.2.2", 100).password("secret12").build();
        Harness backup = new Harness(p).start(0);
        Harness master = new Harness(p).start(0);
        List<byte[]> bad = badAdverts(p);
        for (Harness h : List.of(backup, master)) {
            int i = 0;
            for (double t = 0.001; t < 12; t += 0.002) {
                h.packet(t, bad.get(i++ % bad.size()));
            }
        }
        // the backup is left alone until 2.0, then a live master (.1, prio 150) keeps it backup
        backup.adverts(0.5, 1, 8.5, "192.0.2.1", 150).run(12);
        assertEquals(List.of("12.109375 BACKUP->MASTER MASTER_DOWN prio 100"), backup.run(12.2).events("->MASTER"));
        master.run(12);
        List<String> expected = new ArrayList<>();
        for (int k = 0; k <= 8; k++) {
            expected.add(Harness.seconds(3_609_375_000L + k * 1_000_000_000L) + " send prio 100");
        }
        assertEquals(expected, master.events("send"));
        assertEquals(6000, master.instance.drops().total());
        for (DropReason r : List.of(DropReason.CHECKSUM_INVALID, DropReason.AUTH_FAILURE, DropReason.TTL_INVALID,
                DropReason.INTERVAL_MISMATCH, DropReason.VERSION_MISMATCH, DropReason.LENGTH_MISMATCH)) {
            assertEquals(1000, master.instance.drops().count(r), r.toString());
        }
    }

    /** Adverts for our VRID at priority 255, each broken in one way. */
    private static List<byte[]> badAdverts(VrrpParameters p) {
        List<byte[]> out = new ArrayList<>();
        byte[] checksum = Harness.datagram(p.advertisement(255), "192.0.2.9");
        checksum[27] ^= 1;
        out.add(checksum);
        out.add(Harness.datagram(Advertisement.v2(51, 255, AuthType.PASS, AuthData.ofPassword("guess"), 1, VIP),
                "192.0.2.9"));
        byte[] ttl = Harness.datagram(p.advertisement(255), "192.0.2.9");
        ttl[8] = 64;
        out.add(ttl);
        out.add(Harness.datagram(Advertisement.v2(51, 255, AuthType.PASS, AuthData.ofPassword("secret12"), 2, VIP),
                "192.0.2.9"));
        out.add(Harness.datagram(Advertisement.v3(IpFamily.IPV4, 51, 255, 100, Golden.ips("192.0.2.100", "192.0.2.101",
                "192.0.2.102")), "192.0.2.9"));
        byte[] shortened = java.util.Arrays.copyOf(Harness.datagram(p.advertisement(255), "192.0.2.9"), 39);
        shortened[3] = 39;
        out.add(shortened);
        return out;
    }

    @Test
    void stopAsMasterSendsPriorityZeroAndRemovesTheAddresses() {
        Harness h = new Harness(node("192.0.2.1", 100).build()).start(0);
        h.clock.at(5.0, h.instance::stop);
        h.run(20);
        assertEquals(List.of("5 send prio 0", "5 remove [192.0.2.100]", "5 MASTER->STOP STOP prio 100"),
                h.events.stream().filter(e -> e.startsWith("5 ")).toList());
        assertEquals(0, h.clock.pending(), "no timer left");
        Harness b = new Harness(node("192.0.2.1", 100).build()).start(0);
        b.clock.at(1.0, b.instance::stop);
        b.run(20);
        assertEquals(List.of("0 INIT->BACKUP STARTUP prio 100", "1 BACKUP->STOP STOP prio 100"), b.events);
    }

    @Test
    void excludedAddressesAreAddedAndAnnouncedButNotAdvertised() {
        VrrpParameters p = node("192.0.2.1", 255).excludedAddresses(Golden.ips("2001:db8::100")).build();
        Harness h = new Harness(p).start(0).run(0);
        assertEquals(List.of("0 send prio 255", "0 add [192.0.2.100,2001:db8:0:0:0:0:0:100]",
                "0 announce [192.0.2.100,2001:db8:0:0:0:0:0:100] x5", "0 INIT->MASTER STARTUP prio 255"), h.events);
        assertEquals(VIP, h.sent.get(0).addresses());
    }

    @Test
    void garpRefreshRepeatsWhileMaster() {
        GarpSettings garp = new GarpSettings(Duration.ZERO, 1, Duration.ofSeconds(10), 2, Duration.ZERO, 0);
        Harness h = new Harness(node("192.0.2.1", 255).garp(garp).build()).start(0).run(35);
        assertEquals(List.of("0 announce [192.0.2.100] x1", "10 announce [192.0.2.100] x2",
                "20 announce [192.0.2.100] x2", "30 announce [192.0.2.100] x2"), h.events("announce"));
    }

    @Test
    void parametersRejectWhatKeepalivedRejects() {
        assertThrows(IllegalArgumentException.class, () -> node("192.0.2.1", 0).build());
        assertThrows(IllegalArgumentException.class, () -> node("192.0.2.1", 100).interval(Duration.ofMillis(500)).build());
        assertThrows(IllegalArgumentException.class,
                () -> node("192.0.2.1", 100).version(VrrpVersion.V3).password("x").build());
        assertThrows(IllegalArgumentException.class,
                () -> node("192.0.2.1", 100).virtualAddresses(Golden.ips("2001:db8::1")).build());
        assertEquals(50, node("192.0.2.1", 100).version(VrrpVersion.V3).interval(Duration.ofMillis(500)).build()
                .intervalCentis());
    }

    @Test
    void theMasterDownIntervalCountsFromWhenTheKernelReceivedTheAdvert() {
        Harness h = new Harness(node("192.0.2.2", 100).build()).start(0);
        byte[] datagram = Harness.datagram(h.params.advertisement(150), "192.0.2.1");
        // Handled at 1.0 s, received by the kernel 2 ms earlier: master down at 0.998 + 3.609375.
        h.at(1.0, () -> h.instance.receive(InboundPacket.ipv4(datagram).receivedAt(h.clock.nanoTime() - 2_000_000)));
        h.run(5);
        assertEquals(List.of("0 INIT->BACKUP STARTUP prio 100", "4.607375 BACKUP->MASTER MASTER_DOWN prio 100"),
                h.transitions());
        // A stamp from far away (a clock step) is believed only up to 100 ms.
        Harness far = new Harness(node("192.0.2.2", 100).build()).start(0);
        far.at(1.0, () -> far.instance.receive(InboundPacket.ipv4(datagram).receivedAt(far.clock.nanoTime()
                - 60_000_000_000L)));
        far.run(5);
        assertEquals(List.of("0 INIT->BACKUP STARTUP prio 100", "4.509375 BACKUP->MASTER MASTER_DOWN prio 100"),
                far.transitions());
    }

    @Test
    void aTakeoverPutsNothingBetweenAdvertVipsAndFramesAndLogsAfterThem() {
        // keepalived's order is advert, VIPs, gratuitous ARPs; a log line costs more than all three, so the
        // MASTER line and the VIP and frame reports (settle) wait until the frames are out.
        List<String> order = new ArrayList<>();
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                VrrpInstance.class);
        ch.qos.logback.core.AppenderBase<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.AppenderBase<>() {
                    @Override
                    protected void append(ch.qos.logback.classic.spi.ILoggingEvent e) {
                        if (e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.INFO)) {
                            order.add("log " + e.getFormattedMessage());
                        }
                    }
                };
        appender.setContext(log.getLoggerContext());
        appender.start();
        log.addAppender(appender);
        try {
            FakeScheduler clock = new FakeScheduler();
            InstanceSeams seams = new InstanceSeams(
                    advert -> order.add("advert " + advert.priority()),
                    new VirtualAddresses() {
                        @Override
                        public void add(List<InetAddress> addresses) {
                            order.add("add " + Harness.names(addresses));
                        }

                        @Override
                        public void remove(List<InetAddress> addresses) {
                            order.add("remove " + Harness.names(addresses));
                        }

                        @Override
                        public void settle() {
                            order.add("settle VIPs");
                        }
                    },
                    new Announcer() {
                        @Override
                        public void announce(List<InetAddress> addresses, int repeat) {
                            order.add("announce " + Harness.names(addresses) + " x" + repeat);
                        }

                        @Override
                        public void settle() {
                            order.add("settle frames");
                        }
                    },
                    new StateListener() {
                        @Override
                        public void stateChanged(StateChange c) {
                            order.add(c.from() + "->" + c.to());
                        }

                        @Override
                        public void priorityChanged(String instance, int from, int to) {
                        }
                    });
            VrrpInstance instance = new VrrpInstance(node("192.0.2.1", 100).build(), clock, seams);
            clock.at(0, instance::start);
            clock.runUntil(3.7);
            assertEquals(List.of(
                    "log (VI_1) Entering BACKUP STATE (init)",
                    "INIT->BACKUP",
                    "advert 100",
                    "add [192.0.2.100]",
                    "announce [192.0.2.100] x5",
                    "log (VI_1) Entering MASTER STATE",
                    "settle VIPs",
                    "settle frames",
                    "BACKUP->MASTER"), order);
            order.clear();
            clock.runUntil(8.7);
            assertEquals(List.of("advert 100", "advert 100", "advert 100", "advert 100",
                    "announce [192.0.2.100] x5", "settle frames", "advert 100"), order,
                    "the delayed round (garp_master_delay 5 s) reports its frames at once");
        } finally {
            log.detachAppender(appender);
        }
    }

    @Test
    void aDeletedAddressMakesTheMasterStepDownAndTakeItBackAfterTheSkewTime() {
        // keepalived 2.2.7 (set_vrrp_backup): BACKUP with a priority 0 advert, the other addresses removed,
        // and the master down timer set to the skew time alone, so the addresses come back (with GARPs).
        Harness h = new Harness(node("192.0.2.1", 100).build()).start(0);
        h.at(5, () -> h.instance.addressDeleted(VIP.get(0))).run(6.2);
        assertEquals(List.of(
                "5 send prio 0",
                "5 remove [192.0.2.100]",
                "5 MASTER->BACKUP ADDRESS_DELETED prio 100",
                "5.609375 send prio 100",
                "5.609375 add [192.0.2.100]",
                "5.609375 announce [192.0.2.100] x5",
                "5.609375 BACKUP->MASTER MASTER_DOWN prio 100"),
                h.events.stream().filter(e -> e.startsWith("5")).toList());
    }

    @Test
    void aDeletedAddressMeansNothingToABackup() {
        Harness h = new Harness(node("192.0.2.2", 100).build()).start(0)
                .adverts(0.5, 1, 9.5, "192.0.2.1", 150);
        h.at(5, () -> assertEquals(false, h.instance.addressDeleted(VIP.get(0)))).run(10);
        assertEquals(List.of("0 INIT->BACKUP STARTUP prio 100"), h.transitions());
    }

    @Test
    void aLowerPriorityBackupThatHeardThePriorityZeroAdvertHearsUsFirst() {
        // As the backup of the pair: the master (150) stepped down at 5 with priority 0; our skew (100) is
        // longer than its own (150), so its advert at 5.4140625 reaches us first and we stay BACKUP.
        Harness h = new Harness(node("192.0.2.2", 100).build()).start(0)
                .adverts(0.5, 1, 4.5, "192.0.2.1", 150).advert(5.0, "192.0.2.1", 0)
                .adverts(5.4140625, 1, 9.4140625, "192.0.2.1", 150).run(10);
        assertEquals(List.of("0 INIT->BACKUP STARTUP prio 100"), h.transitions());
    }
}
