package io.jkeepalived.vrrp;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One VRRP instance: the RFC 3768 / RFC 5798 state machine as keepalived 2.2.7 runs it, pure.
 * Time comes from a {@link VrrpScheduler}; everything it does to the world goes through
 * {@link InstanceSeams}. Not thread-safe: one event loop calls it and runs its timers.
 *
 * <p>keepalived's behaviour, which this follows:
 * <ul>
 * <li>Start: BACKUP with the master down timer (3 x interval + skew), whatever {@code state} the
 *     config says; priority 255 goes to MASTER at once.</li>
 * <li>BACKUP: an advert with priority 0 sets the timer to the skew time. An advert that is not
 *     lower than ours, or any advert with nopreempt or while a preempt delay runs, restarts the
 *     master down timer (VRRPv3: with the master's interval). A lower one is discarded without
 *     touching the timer, so we preempt when it runs out.</li>
 * <li>MASTER: adverts every interval. A priority 0 advert is answered with an advert at once. A
 *     lower one (or equal from a lower address) is answered with an advert and gratuitous ARPs
 *     (garp_lower_prio_*). A higher one (or equal from a higher address) sends us to BACKUP: VIPs
 *     removed, no priority 0 advert.</li>
 * <li>Becoming MASTER: advert, add VIPs, gratuitous ARPs now, again after garp_master_delay, and
 *     every garp_master_refresh; then the notification.</li>
 * <li>FAULT (from MASTER): priority 0 advert, VIPs removed. Recovery goes to BACKUP with a full
 *     master down timer (priority 255: straight to MASTER).</li>
 * <li>Stop: as master, priority 0 advert and VIPs removed; every instance notifies STOP.</li>
 * </ul>
 *
 * <p>Where we differ from keepalived, on purpose: a dropped packet never moves a timer (keepalived
 * re-arms a master's advert timer on any packet for its VRID, valid or not, so a flood of bad
 * packets can silence a master - seen with 2.2.7, see the golden probe capture); a fault sends one
 * priority 0 advert where 2.2.7's code sends two; GARP refresh rounds run on their own timer
 * instead of riding on the next advert tick. An owner that meets another owner drops to 254 and
 * stays there, as 2.2.7 does (2.4 goes back to 255 once the other owner is gone).
 */
public final class VrrpInstance {
    private static final Logger LOG = LoggerFactory.getLogger(VrrpInstance.class);
    private static final Duration LOG_WINDOW = Duration.ofSeconds(60);
    /** A receive time is believed up to this age; older (a clock step, a badly backed-up loop) counts as this old. */
    private static final long MAX_AGE_NANOS = 100_000_000L;

    private VrrpParameters params;
    private final VrrpScheduler scheduler;
    private final InstanceSeams seams;
    private ReceiveExpectations expectations;
    private String tag;

    private final DropCounters drops = new DropCounters();
    private final RateLimitedLog<DropReason> dropLog = new RateLimitedLog<>(LOG_WINDOW);
    private final RateLimitedLog<Anomaly> anomalyLog = new RateLimitedLog<>(LOG_WINDOW);

    private VrrpState state = VrrpState.INIT;
    private int basePriority;
    private int priorityDelta;
    private int effectivePriority;
    private boolean faulted;

    /** Master_Adver_Interval: ours, or (VRRPv3, as backup) the one the master advertises. */
    private int masterIntervalCentis;
    private InetAddress masterAddress;
    private int masterPriority = -1;

    private VrrpScheduler.Timer masterDownTimer;
    private long masterDownDeadline;
    /** When the master down timer last ran (scheduler time), for the takeover's debug line. */
    private long masterDownFiredAt;
    private VrrpScheduler.Timer advertTimer;
    private VrrpScheduler.Timer garpDelayTimer;
    private VrrpScheduler.Timer garpRefreshTimer;
    private VrrpScheduler.Timer lowerPriorityGarpTimer;
    private boolean preemptDelayRunning;
    private long preemptAt;
    /** keepalived's wantstate MASTER: our master down timer ran out (or we are master). */
    private boolean wantsMaster;

    // Timer callbacks made once, here: a lambda's first use costs the JVM milliseconds to link, and the
    // first use of these would otherwise fall on a takeover.
    private final Runnable onMasterDown = this::masterDownExpired;
    private final Runnable onAdvertTimer = this::advertTimerExpired;
    private final Runnable onGarpDelay = this::garpDelayExpired;
    private final Runnable onGarpRefresh = this::garpRefreshExpired;
    private final Runnable onLowerPriorityGarp = this::lowerPriorityGarpExpired;

    private long advertsSent;
    private long advertsAccepted;
    private long priorityZeroSent;
    private long priorityZeroReceived;
    private long becameMaster;
    private long releasedMaster;

    public VrrpInstance(VrrpParameters params, VrrpScheduler scheduler, InstanceSeams seams) {
        this.params = Objects.requireNonNull(params, "params");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.seams = Objects.requireNonNull(seams, "seams");
        this.expectations = params.receiveExpectations();
        this.tag = "(" + params.name() + ") ";
        this.basePriority = params.priority();
        this.effectivePriority = params.priority();
        this.masterIntervalCentis = params.intervalCentis();
    }

    // ---------------------------------------------------------------- events

    /** Leaves INIT: to FAULT if a fault was reported before, MASTER for priority 255, else BACKUP. */
    public void start() {
        if (state != VrrpState.INIT) {
            throw new IllegalStateException(tag + "already started, state " + state);
        }
        if (faulted) {
            LOG.info("{}Entering FAULT STATE (init)", tag);
            transition(VrrpState.FAULT, TransitionCause.FAULT);
        } else if (basePriority == Advertisement.PRIORITY_OWNER) {
            becomeMaster(TransitionCause.STARTUP);
        } else {
            LOG.info("{}Entering BACKUP STATE (init)", tag);
            enterBackup(TransitionCause.STARTUP);
        }
    }

    /**
     * A packet from the raw socket. Runs the receive checks, counts and (rate-limited) logs what
     * is dropped, and acts on an accepted advert.
     *
     * @return what became of the packet
     */
    public Verdict receive(InboundPacket packet) {
        if (state != VrrpState.BACKUP && state != VrrpState.MASTER) {
            // keepalived ignores adverts in FAULT and INIT without looking at them.
            drops.record(DropReason.NOT_LISTENING);
            return new Verdict.Dropped(DropReason.NOT_LISTENING, null, "instance is " + state);
        }
        Verdict verdict = AdvertValidator.validate(packet, expectations);
        if (verdict instanceof Verdict.Dropped dropped) {
            drops.record(dropped.reason());
            logDrop(dropped);
            return verdict;
        }
        Verdict.Accepted accepted = (Verdict.Accepted) verdict;
        advertsAccepted++;
        for (Map.Entry<Anomaly, String> e : accepted.anomalies().entrySet()) {
            anomalyLog.admit(e.getKey(), scheduler.nanoTime(), tag + "advert from "
                    + accepted.source().getHostAddress() + ": " + e.getValue()).ifPresent(LOG::info);
        }
        if (state == VrrpState.BACKUP) {
            // Count from when the kernel had the advert, if the socket said: our own wake-up latency
            // must not lengthen the master down interval.
            long now = scheduler.nanoTime();
            long arrival = packet.receivedAt();
            long age = arrival == InboundPacket.UNKNOWN_TIME ? 0 : Math.max(0, Math.min(MAX_AGE_NANOS, now - arrival));
            backupReceived(accepted.advertisement(), accepted.source(), age);
        } else {
            masterReceived(accepted.advertisement(), accepted.source());
        }
        return verdict;
    }

    /** A tracked object failed (interface down, weight-0 script failing). Idempotent. */
    public void fault() {
        if (faulted) {
            return;
        }
        faulted = true;
        wantsMaster = false;
        switch (state) {
            case MASTER -> {
                LOG.info("{}Entering FAULT STATE", tag);
                releaseMaster(true);
                transition(VrrpState.FAULT, TransitionCause.FAULT);
            }
            case BACKUP -> {
                LOG.info("{}Entering FAULT STATE", tag);
                cancelBackupTimers();
                transition(VrrpState.FAULT, TransitionCause.FAULT);
            }
            default -> {
                // INIT: start() goes to FAULT. FAULT, STOP: nothing to do.
            }
        }
    }

    /** The fault cleared. Idempotent. */
    public void recover() {
        if (!faulted) {
            return;
        }
        faulted = false;
        if (state != VrrpState.FAULT) {
            return;
        }
        masterIntervalCentis = params.intervalCentis();
        if (basePriority == Advertisement.PRIORITY_OWNER) {
            becomeMaster(TransitionCause.RECOVERY);
        } else {
            LOG.info("{}Entering BACKUP STATE", tag);
            enterBackup(TransitionCause.RECOVERY);
        }
    }

    /**
     * The sum of the weights of the tracked objects (scripts, interfaces, processes) that currently
     * count: effective priority = base + delta, clamped to 1-254. Priority 255 never changes.
     */
    public void setPriorityDelta(int delta) {
        priorityDelta = delta;
        if (basePriority == Advertisement.PRIORITY_OWNER) {
            return;
        }
        int updated = Math.max(1, Math.min(Advertisement.PRIORITY_OWNER - 1, basePriority + delta));
        changeEffectivePriority(updated);
    }

    /** Shutdown: as master, a priority 0 advert and the VIPs removed; STOP is notified in every state. */
    public void stop() {
        if (state == VrrpState.STOP) {
            return;
        }
        if (state == VrrpState.MASTER) {
            releaseMaster(true);
        }
        cancelBackupTimers();
        transition(VrrpState.STOP, TransitionCause.STOP);
    }

    /**
     * A reload removed the instance from the configuration: as on shutdown (as master, a priority 0 advert and
     * the VIPs removed), with {@link TransitionCause#REMOVED} for the listener.
     */
    public void remove() {
        if (state == VrrpState.STOP) {
            return;
        }
        if (state == VrrpState.MASTER) {
            releaseMaster(true);
        }
        cancelBackupTimers();
        transition(VrrpState.STOP, TransitionCause.REMOVED);
    }

    /**
     * A reload kept this virtual router (same interface, family, VRID and destination, as keepalived 2.2.7
     * matches them) with new parameters. Its state goes on: a MASTER stays MASTER with its advert timer running
     * and its addresses in place, a BACKUP stays BACKUP with its master down timer running, FAULT stays FAULT
     * until the runtime re-evaluates tracking. What changed takes effect:
     * <ul>
     * <li>priority: the effective priority follows at once (the tracking delta is kept until the runtime sets
     *     the new one); as BACKUP the master down deadline moves by the change of skew only;</li>
     * <li>as MASTER, anything in the advert changed (priority, interval, addresses, authentication): an advert
     *     goes out now and the advert timer restarts with the new interval, so the change is seen at once
     *     (keepalived sends one advert before and one right after every reload);</li>
     * <li>as MASTER, addresses no longer configured are removed, new ones (and {@code redefined} ones) added
     *     and announced with garp_master_repeat gratuitous ARPs / NAs; the others are not touched;</li>
     * <li>as BACKUP, a change of the master down interval (advert_int of a VRRPv2 instance, down_timer_adverts,
     *     version) restarts the master down timer from now, as keepalived does;</li>
     * <li>preempt, preempt_delay, garp settings, lower_prio_no_advert...: used from now on.</li>
     * </ul>
     *
     * @param redefined addresses kept by address whose kernel form changed (prefix, scope, device, label): as
     *                  master they are removed in their old form and added in the new one
     * @param priorityDelta what the instance's tracking (as the new configuration defines it) adds to the priority
     */
    public void reconfigure(VrrpParameters next, Set<InetAddress> redefined, int priorityDelta) {
        Objects.requireNonNull(next, "next");
        if (next.vrid() != params.vrid() || next.family() != params.family()) {
            throw new IllegalArgumentException(tag + "a reload cannot change the VRID or the family of an instance");
        }
        VrrpParameters old = params;
        Advertisement oldAdvert = old.advertisement(effectivePriority);
        int oldMasterInterval = masterIntervalCentis;
        params = next;
        expectations = next.receiveExpectations();
        tag = "(" + next.name() + ") ";
        if (!old.name().equals(next.name())) {
            LOG.info("{}renamed from {} by the reload", tag, old.name());
        }
        if (next.preemptDelay().isZero()) {
            preemptDelayRunning = false;
        }
        if (state != VrrpState.MASTER && (next.version() == VrrpVersion.V2 || masterPriority < 0)) {
            masterIntervalCentis = next.intervalCentis();
        }
        boolean timingChanged = oldMasterInterval != masterIntervalCentis || old.version() != next.version()
                || old.downTimerAdverts() != next.downTimerAdverts();
        basePriority = next.priority();
        this.priorityDelta = priorityDelta;
        int updated = basePriority == Advertisement.PRIORITY_OWNER ? basePriority
                : Math.max(1, Math.min(Advertisement.PRIORITY_OWNER - 1, basePriority + priorityDelta));
        changeEffectivePriority(updated);
        switch (state) {
            case MASTER -> reconfigureMaster(old, oldAdvert, redefined);
            case BACKUP -> {
                // A priority change moved the deadline by the change of skew above; any other change of the
                // master down interval restarts it, as keepalived restarts every backup's timer on reload.
                if (masterDownTimer != null && timingChanged) {
                    armMasterDown(masterDownNanos());
                }
            }
            default -> {
                // FAULT, INIT, STOP: the new parameters are used when the instance moves on.
            }
        }
    }

    private void reconfigureMaster(VrrpParameters old, Advertisement oldAdvert, Set<InetAddress> redefined) {
        masterIntervalCentis = params.intervalCentis();
        masterAddress = params.primaryAddress();
        masterPriority = effectivePriority;
        Set<InetAddress> before = new LinkedHashSet<>(old.allAddresses());
        Set<InetAddress> after = new LinkedHashSet<>(params.allAddresses());
        List<InetAddress> gone = new ArrayList<>();
        for (InetAddress a : before) {
            if (!after.contains(a) || redefined.contains(a)) {
                gone.add(a);
            }
        }
        List<InetAddress> added = new ArrayList<>();
        for (InetAddress a : after) {
            if (!before.contains(a) || redefined.contains(a)) {
                added.add(a);
            }
        }
        if (!gone.isEmpty()) {
            seams.addresses().remove(gone);
        }
        if (!params.advertisement(effectivePriority).equals(oldAdvert)) {
            sendAdvert(effectivePriority);
            armAdvertTimer();
        }
        if (!added.isEmpty()) {
            seams.addresses().add(added);
            if (params.garp().masterRepeat() > 0) {
                seams.announcer().announce(added, params.garp().masterRepeat());
            }
            seams.addresses().settle();
            seams.announcer().settle();
        }
        if (!old.garp().masterRefresh().equals(params.garp().masterRefresh())) {
            if (garpRefreshTimer != null) {
                garpRefreshTimer.cancel();
                garpRefreshTimer = null;
            }
            if (!params.garp().masterRefresh().isZero()) {
                armGarpRefresh();
            }
        }
    }

    /** {@link #reconfigure(VrrpParameters, Set, int)} with the tracking delta unchanged. */
    public void reconfigure(VrrpParameters next, Set<InetAddress> redefined) {
        reconfigure(next, redefined, priorityDelta);
    }

    /**
     * Sync group: the group goes MASTER because another member did, so a BACKUP member follows at once
     * (keepalived's vrrp_sync_master). Other states are left alone.
     */
    public void promote() {
        if (state == VrrpState.BACKUP) {
            becomeMaster(TransitionCause.SYNC_GROUP);
        }
    }

    /**
     * Sync group: another member yielded to a higher priority master, so a MASTER member goes to BACKUP
     * too, with its VIPs removed and, as keepalived's vrrp_sync_backup, without a priority 0 advert.
     */
    public void demote() {
        if (state != VrrpState.MASTER) {
            wantsMaster = false;
            return;
        }
        LOG.info("{}Entering BACKUP STATE", tag);
        releaseMaster(false);
        preemptDelayRunning = false;
        wantsMaster = false;
        transition(VrrpState.BACKUP, TransitionCause.SYNC_GROUP);
        armMasterDown(masterDownNanos());
    }

    /**
     * One of our virtual addresses was deleted behind our back while we are MASTER (keepalived 2.2.7 does
     * the same): step down with a priority 0 advert, remove the other addresses, and take over again after
     * the skew time, which puts every address back and announces it; a backup that also heard the
     * priority 0 advert waits its own, longer, skew and hears our advert first. Ignored in other states.
     *
     * @return whether the instance stepped down
     */
    public boolean addressDeleted(InetAddress address) {
        if (state != VrrpState.MASTER) {
            return false;
        }
        LOG.info("{}virtual address {} was deleted by someone else; stepping down to put it back", tag,
                address.getHostAddress());
        stepDownBriefly(TransitionCause.ADDRESS_DELETED);
        return true;
    }

    /**
     * Sync group: a member stepped down because an address of its was deleted; a MASTER member does the
     * same (priority 0 advert, skew-time return), as keepalived takes the whole group with it.
     */
    public void stepDownWithGroup() {
        if (state == VrrpState.MASTER) {
            stepDownBriefly(TransitionCause.SYNC_GROUP);
        }
    }

    private void stepDownBriefly(TransitionCause cause) {
        LOG.info("{}Entering BACKUP STATE", tag);
        releaseMaster(true);
        preemptDelayRunning = false;
        wantsMaster = false;
        transition(VrrpState.BACKUP, cause);
        armMasterDown(skewNanos());
    }

    // ---------------------------------------------------------------- BACKUP

    private void enterBackup(TransitionCause cause) {
        preemptDelayRunning = false;
        wantsMaster = false;
        transition(VrrpState.BACKUP, cause);
        armMasterDown(masterDownNanos());
    }

    private void backupReceived(Advertisement advert, InetAddress source, long age) {
        int priority = advert.priority();
        long now = scheduler.nanoTime();
        if (priority == Advertisement.PRIORITY_STOP) {
            priorityZeroReceived++;
            LOG.debug("{}Backup received priority 0 advertisement", tag);
            armMasterDown(Math.max(0, skewNanos() - age));
            return;
        }
        boolean delaying = !params.preemptDelay().isZero() && (!preemptDelayRunning || preemptAt > now);
        if (!params.preempt() || priority >= effectivePriority || delaying) {
            if (params.version() == VrrpVersion.V3 && advert.intervalCentis() > 0) {
                // RFC 5798 6.4.2: Master_Adver_Interval follows the master's advert.
                masterIntervalCentis = advert.intervalCentis();
            }
            masterAddress = source;
            masterPriority = priority;
            wantsMaster = false;
            if (!params.preemptDelay().isZero()) {
                if (priority >= effectivePriority) {
                    preemptDelayRunning = false;
                } else if (!preemptDelayRunning) {
                    LOG.debug("{}start preempt delay ({} s)", tag, params.preemptDelay().toMillis() / 1000.0);
                    preemptDelayRunning = true;
                    preemptAt = now + params.preemptDelay().toNanos();
                }
            }
            armMasterDown(Math.max(0, masterDownNanos() - age));
        } else {
            LOG.info("{}received lower priority ({}) advert from {} - discarding", tag, priority,
                    source.getHostAddress());
            masterAddress = source;
        }
    }

    private void armMasterDown(long delayNanos) {
        if (masterDownTimer != null) {
            masterDownTimer.cancel();
        }
        masterDownDeadline = scheduler.nanoTime() + delayNanos;
        masterDownTimer = scheduler.schedulePrecise(delayNanos, onMasterDown);
    }

    private void masterDownExpired() {
        if (state != VrrpState.BACKUP) {
            return;
        }
        masterDownTimer = null;
        // Taken now, logged once the takeover's frames are out (a log line costs more than they do).
        masterDownFiredAt = scheduler.nanoTime();
        wantsMaster = true;
        if (!seams.gate().mayBecomeMaster(this)) {
            // A sync group holds us back until every member wants MASTER; ask again after a full interval.
            LOG.debug("{}sync group not ready for MASTER, waiting", tag);
            armMasterDown(masterDownNanos());
            return;
        }
        becomeMaster(TransitionCause.MASTER_DOWN);
    }

    private void cancelBackupTimers() {
        if (masterDownTimer != null) {
            masterDownTimer.cancel();
            masterDownTimer = null;
        }
    }

    // ---------------------------------------------------------------- MASTER

    private void becomeMaster(TransitionCause cause) {
        cancelBackupTimers();
        // keepalived's order: the advert (the old master, if alive, must see it and drop the VIPs), then
        // the VIPs, then the gratuitous ARPs, so that no neighbour is pointed at us before the address
        // is ours. Nothing else runs between them: every log line (each costs more than the whole
        // sequence) and the kernel's answers to the VIP adds wait until the frames are out.
        VrrpState from = state;
        state = VrrpState.MASTER;
        wantsMaster = true;
        masterIntervalCentis = params.intervalCentis();
        masterAddress = params.primaryAddress();
        masterPriority = effectivePriority;
        sendAdvert(effectivePriority);
        long advertSent = scheduler.nanoTime();
        armAdvertTimer();
        List<InetAddress> all = params.allAddresses();
        if (!all.isEmpty()) {
            seams.addresses().add(all);
        }
        long vipsAdded = scheduler.nanoTime();
        GarpSettings garp = params.garp();
        if (garp.masterRepeat() > 0 && !all.isEmpty()) {
            seams.announcer().announce(all, garp.masterRepeat());
        }
        long framesSent = scheduler.nanoTime();
        LOG.info("{}Entering MASTER STATE", tag);
        seams.addresses().settle();
        seams.announcer().settle();
        if (cause == TransitionCause.MASTER_DOWN && LOG.isDebugEnabled()) {
            long deadline = masterDownDeadline;
            LOG.debug("{}takeover after the master down deadline: timer +{} us, advert sent +{} us, VIPs added +{} us,"
                    + " announcements sent +{} us", tag, (masterDownFiredAt - deadline) / 1000,
                    (advertSent - deadline) / 1000, (vipsAdded - deadline) / 1000, (framesSent - deadline) / 1000);
        }
        if (!garp.masterDelay().isZero()) {
            garpDelayTimer = scheduler.schedule(garp.masterDelay().toNanos(), onGarpDelay);
        }
        if (!garp.masterRefresh().isZero()) {
            armGarpRefresh();
        }
        becameMaster++;
        dropLog.reset();
        anomalyLog.reset();
        notifyTransition(from, VrrpState.MASTER, cause);
    }

    private void garpDelayExpired() {
        garpDelayTimer = null;
        if (state == VrrpState.MASTER) {
            announce(params.garp().masterRepeat());
        }
    }

    private void armGarpRefresh() {
        garpRefreshTimer = scheduler.schedule(params.garp().masterRefresh().toNanos(), onGarpRefresh);
    }

    private void garpRefreshExpired() {
        if (state == VrrpState.MASTER) {
            announce(params.garp().masterRefreshRepeat());
            armGarpRefresh();
        }
    }

    private void lowerPriorityGarpExpired() {
        lowerPriorityGarpTimer = null;
        if (state == VrrpState.MASTER) {
            announce(params.garp().lowerPriorityRepeat());
        }
    }

    private void armAdvertTimer() {
        if (advertTimer != null) {
            advertTimer.cancel();
        }
        advertTimer = scheduler.schedule(params.intervalCentis() * VrrpTiming.NANOS_PER_CENTI, onAdvertTimer);
    }

    private void advertTimerExpired() {
        if (state != VrrpState.MASTER) {
            return;
        }
        advertTimer = null;
        sendAdvert(effectivePriority);
        armAdvertTimer();
    }

    private void masterReceived(Advertisement advert, InetAddress source) {
        int priority = advert.priority();
        if (priority == Advertisement.PRIORITY_STOP) {
            priorityZeroReceived++;
            LOG.debug("{}Master received priority 0 message", tag);
            sendAdvert(effectivePriority);
            armAdvertTimer();
            return;
        }
        int addressOrder = compareAddresses(source, params.primaryAddress());
        if (priority == effectivePriority) {
            if (addressOrder == 0) {
                LOG.warn("{}equal priority advert received from remote host with our IP address {}", tag,
                        source.getHostAddress());
            } else if (effectivePriority == Advertisement.PRIORITY_OWNER) {
                LOG.error("{}CONFIGURATION ERROR: {} is also configured as address owner (priority 255), please fix"
                        + " - reducing local priority to 254", tag, source.getHostAddress());
                basePriority = Advertisement.PRIORITY_OWNER - 1;
                changeEffectivePriority(basePriority);
            }
        }
        boolean theyWin = priority > effectivePriority || (priority == effectivePriority && addressOrder > 0);
        if (theyWin) {
            if (params.higherPrioritySendAdvert()) {
                sendAdvert(effectivePriority);
            }
            LOG.info("{}Master received advert from {} with {} {}, ours {}", tag, source.getHostAddress(),
                    priority > effectivePriority ? "higher priority" : "same priority and higher address, priority",
                    priority, effectivePriority);
            if (params.version() == VrrpVersion.V3 && advert.intervalCentis() > 0) {
                masterIntervalCentis = advert.intervalCentis();
            }
            masterAddress = source;
            masterPriority = priority;
            LOG.info("{}Entering BACKUP STATE", tag);
            releaseMaster(false);
            preemptDelayRunning = false;
            wantsMaster = false;
            transition(VrrpState.BACKUP, TransitionCause.PREEMPTED);
            armMasterDown(masterDownNanos());
            return;
        }
        if (priority < effectivePriority || addressOrder < 0) {
            LOG.info("{}Received advert from {} with lower priority {}, ours {}{}", tag, source.getHostAddress(),
                    priority, effectivePriority, params.lowerPriorityNoAdvert() ? "" : ", forcing new election");
            if (!params.lowerPriorityNoAdvert()) {
                sendAdvert(effectivePriority);
                armAdvertTimer();
            }
            GarpSettings garp = params.garp();
            if (garp.lowerPriorityRepeat() > 0) {
                announce(garp.lowerPriorityRepeat());
                if (!garp.lowerPriorityDelay().isZero()) {
                    if (lowerPriorityGarpTimer != null) {
                        lowerPriorityGarpTimer.cancel();
                    }
                    lowerPriorityGarpTimer = scheduler.schedule(garp.lowerPriorityDelay().toNanos(),
                            onLowerPriorityGarp);
                }
            }
            seams.listener().masterReceivedLowerPriority(params.name(), effectivePriority);
        }
    }

    /** Stops being master: optionally a priority 0 advert first, then the VIPs go. Timers stop. */
    private void releaseMaster(boolean sendPriorityZero) {
        if (sendPriorityZero) {
            sendAdvert(Advertisement.PRIORITY_STOP);
            priorityZeroSent++;
        }
        for (VrrpScheduler.Timer t : Arrays.asList(advertTimer, garpDelayTimer, garpRefreshTimer,
                lowerPriorityGarpTimer)) {
            if (t != null) {
                t.cancel();
            }
        }
        advertTimer = null;
        garpDelayTimer = null;
        garpRefreshTimer = null;
        lowerPriorityGarpTimer = null;
        List<InetAddress> all = params.allAddresses();
        if (!all.isEmpty()) {
            seams.addresses().remove(all);
        }
        releasedMaster++;
        dropLog.reset();
        anomalyLog.reset();
    }

    // ---------------------------------------------------------------- shared

    private void changeEffectivePriority(int updated) {
        int old = effectivePriority;
        if (updated == old) {
            return;
        }
        LOG.info("{}Changing effective priority from {} to {}", tag, old, updated);
        long oldSkew = skewNanos();
        effectivePriority = updated;
        if (state == VrrpState.BACKUP && masterDownTimer != null) {
            // Keep the time already waited: move the deadline by the change in skew only.
            long deadline = masterDownDeadline + skewNanos() - oldSkew;
            armMasterDown(Math.max(0, deadline - scheduler.nanoTime()));
        }
        seams.listener().priorityChanged(params.name(), old, updated);
    }

    private void sendAdvert(int priority) {
        seams.adverts().send(params.advertisement(priority));
        advertsSent++;
    }

    private void announce(int repeat) {
        List<InetAddress> all = params.allAddresses();
        if (repeat > 0 && !all.isEmpty()) {
            seams.announcer().announce(all, repeat);
            seams.announcer().settle();
        }
    }

    private long skewNanos() {
        return VrrpTiming.skewNanos(params.version(), effectivePriority, masterIntervalCentis);
    }

    private long masterDownNanos() {
        return VrrpTiming.masterDownNanos(params.version(), effectivePriority, masterIntervalCentis,
                params.downTimerAdverts());
    }

    private void transition(VrrpState to, TransitionCause cause) {
        VrrpState from = state;
        state = to;
        notifyTransition(from, to, cause);
    }

    private void notifyTransition(VrrpState from, VrrpState to, TransitionCause cause) {
        seams.listener().stateChanged(new StateChange(params.name(), from, to, cause, effectivePriority));
    }

    private void logDrop(Verdict.Dropped dropped) {
        String from = dropped.source() == null ? "" : " from " + dropped.source().getHostAddress();
        String line = tag + "dropped packet" + from + " (" + dropped.reason().key() + "): " + dropped.detail();
        if (dropped.reason() == DropReason.OTHER_VRID) {
            LOG.debug(line);
            return;
        }
        dropLog.admit(dropped.reason(), scheduler.nanoTime(), line).ifPresent(LOG::info);
    }

    /** Numeric order of two addresses of one family (keepalived compares them as numbers). */
    static int compareAddresses(InetAddress a, InetAddress b) {
        return Arrays.compareUnsigned(a.getAddress(), b.getAddress());
    }

    // ---------------------------------------------------------------- queries

    public VrrpState state() {
        return state;
    }

    /**
     * keepalived's "wantstate MASTER": true while master, and once the master down timer has run out
     * until an advert from a master is taken (a sync group waits for every member to want it).
     */
    public boolean wantsMaster() {
        return wantsMaster;
    }

    /** Whether a fault reported through {@link #fault()} is still in force. */
    public boolean faulted() {
        return faulted;
    }

    public int effectivePriority() {
        return effectivePriority;
    }

    public String name() {
        return params.name();
    }

    public VrrpParameters parameters() {
        return params;
    }

    /** The current master as far as we know: ourselves as master, else the last advert's sender (null if none). */
    public InetAddress masterAddress() {
        return masterAddress;
    }

    /** Priority of the last accepted advert from the master, -1 if none. */
    public int masterPriority() {
        return masterPriority;
    }

    /** Master_Adver_Interval in centiseconds. */
    public int masterIntervalCentis() {
        return masterIntervalCentis;
    }

    public DropCounters drops() {
        return drops;
    }

    public Stats stats() {
        return new Stats(advertsSent, advertsAccepted, priorityZeroSent, priorityZeroReceived, becameMaster,
                releasedMaster, drops.total());
    }

    /** Counters for dumps (keepalived's SIGUSR2 stats). */
    public record Stats(long advertsSent, long advertsAccepted, long priorityZeroSent, long priorityZeroReceived,
                        long becameMaster, long releasedMaster, long dropped) {
    }
}
