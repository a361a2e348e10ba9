package io.jkeepalived.vrrp.runtime;

import io.jkeepalived.config.model.VrrpSyncGroup;
import io.jkeepalived.vrrp.MasterGate;
import io.jkeepalived.vrrp.StateChange;
import io.jkeepalived.vrrp.TransitionCause;
import io.jkeepalived.vrrp.VrrpInstance;
import io.jkeepalived.vrrp.VrrpState;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A vrrp_sync_group: its members change state together, as in keepalived 2.2.7.
 * <ul>
 * <li>A member may become MASTER only once every member wants to (its master down timer ran out too),
 *     or when the group is MASTER already; then the others follow at once.</li>
 * <li>A member that yields to a higher priority master takes the others to BACKUP (they send no
 *     priority 0 advert).</li>
 * <li>A member that steps down because one of its addresses was deleted takes the MASTER members with it
 *     the same way (priority 0 advert, back after the skew time).</li>
 * <li>A member in FAULT (its own tracking) puts every member in FAULT; they leave it together when no
 *     member has a fault of its own. (The runtime applies that; see {@link #anyOwnFault()}.)</li>
 * </ul>
 * The group's notify scripts run when the group's state changes. Owned by the event loop.
 */
final class SyncGroupRunner implements MasterGate {
    private static final Logger LOG = LoggerFactory.getLogger(SyncGroupRunner.class);

    /** Replaced by a reload that keeps the group's name. */
    VrrpSyncGroup model;
    final List<InstanceRunner> members = new ArrayList<>();
    private final Notifier notifier;
    private VrrpState state = VrrpState.INIT;

    SyncGroupRunner(VrrpSyncGroup model, Notifier notifier) {
        this.model = model;
        this.notifier = notifier;
    }

    String name() {
        return model.name();
    }

    VrrpState state() {
        return state;
    }

    @Override
    public boolean mayBecomeMaster(VrrpInstance instance) {
        if (state == VrrpState.MASTER) {
            return true;
        }
        for (InstanceRunner m : members) {
            if (m.instance() != instance && !m.instance().wantsMaster()) {
                return false;
            }
        }
        return true;
    }

    boolean anyOwnFault() {
        return members.stream().anyMatch(InstanceRunner::ownFault);
    }

    /**
     * A member leaves INIT, before its own notifications: keepalived 2.2.7 (vrrp_init_state) notifies a group that
     * starts in BACKUP or FAULT before any of its members (seen on its notify FIFO: {@code GROUP "G1" BACKUP 0}
     * first, then each instance's BACKUP). The rest of what the member's change means for the group is
     * {@link #memberChanged}'s, which then finds the group in that state already.
     */
    void memberStarting(VrrpState to) {
        if (state == VrrpState.INIT && (to == VrrpState.BACKUP || to == VrrpState.FAULT)) {
            state = to;
            notifier.groupChanged(name(), model.notifyScripts(), state, model.smtpAlert());
        }
    }

    /** A member changed state (after its own notifications). */
    void memberChanged(InstanceRunner who, StateChange change) {
        switch (change.to()) {
            case MASTER -> {
                if (state != VrrpState.MASTER) {
                    LOG.info("VRRP_Group({}) Syncing instances to MASTER state", name());
                    state = VrrpState.MASTER;
                    for (InstanceRunner m : members) {
                        if (m != who) {
                            m.instance().promote();
                        }
                    }
                    notifier.groupChanged(name(), model.notifyScripts(), state, model.smtpAlert());
                }
            }
            case BACKUP -> {
                if (state == VrrpState.MASTER && change.cause() == TransitionCause.STARTUP) {
                    // A member starting late (waiting for its scripts) joins a group that is already master.
                    who.instance().promote();
                } else if (state != VrrpState.BACKUP && change.cause() != TransitionCause.SYNC_GROUP) {
                    boolean othersMaster = members.stream().anyMatch(m -> m != who
                            && m.instance().state() == VrrpState.MASTER);
                    if (othersMaster) {
                        LOG.info("VRRP_Group({}) Syncing instances to BACKUP state", name());
                    }
                    state = VrrpState.BACKUP;
                    boolean briefly = change.cause() == TransitionCause.ADDRESS_DELETED;
                    for (InstanceRunner m : members) {
                        if (m == who) {
                            continue;
                        }
                        if (briefly) {
                            m.instance().stepDownWithGroup();
                        } else {
                            m.instance().demote();
                        }
                    }
                    notifier.groupChanged(name(), model.notifyScripts(), state, model.smtpAlert());
                }
            }
            case FAULT -> {
                if (state != VrrpState.FAULT) {
                    state = VrrpState.FAULT;
                    notifier.groupChanged(name(), model.notifyScripts(), state, model.smtpAlert());
                }
            }
            default -> {
                // INIT never comes back; STOP is notified once for the group at shutdown.
            }
        }
    }

    /**
     * After a reload changed the members: the group takes the state its members are in, as keepalived 2.2.7
     * works it out on reload. Every member MASTER: the group is MASTER. Otherwise a MASTER member cannot stay
     * one in a group that is not, so it goes to BACKUP (VIPs removed, no priority 0 advert) and the group is
     * BACKUP. The group's notify scripts run only if its state changed (a new group's too).
     */
    void adopt() {
        VrrpState before = state;
        boolean allMaster = !members.isEmpty()
                && members.stream().allMatch(m -> m.instance().state() == VrrpState.MASTER);
        boolean anyStarted = members.stream().anyMatch(m -> m.instance().state() != VrrpState.INIT);
        if (allMaster) {
            state = VrrpState.MASTER;
        } else if (anyStarted && state != VrrpState.FAULT) {
            if (members.stream().anyMatch(m -> m.instance().state() == VrrpState.MASTER)) {
                LOG.info("VRRP_Group({}) Syncing instances to BACKUP state", name());
            }
            state = VrrpState.BACKUP;
            for (InstanceRunner m : members) {
                m.instance().demote();
            }
        }
        if (state != before && state != VrrpState.INIT) {
            notifier.groupChanged(name(), model.notifyScripts(), state, model.smtpAlert());
        }
    }

    void stopped() {
        state = VrrpState.STOP;
        notifier.groupChanged(name(), model.notifyScripts(), state, model.smtpAlert());
    }
}
