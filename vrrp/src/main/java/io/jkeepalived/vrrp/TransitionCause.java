package io.jkeepalived.vrrp;

/** Why an instance changed state, for logs and notify scripts. */
public enum TransitionCause {
    /** Leaving INIT. */
    STARTUP,
    /** The master down timer ran out: no (acceptable) advert for 3 x interval + skew, or skew after priority 0. */
    MASTER_DOWN,
    /** A higher priority advert (or an equal one from a higher address) reached us as master. */
    PREEMPTED,
    /** A tracked object failed. */
    FAULT,
    /** The fault cleared. */
    RECOVERY,
    /** Shutdown. */
    STOP,
    /** Another member of the instance's sync group changed state, and the group follows it. */
    SYNC_GROUP,
    /**
     * Someone else deleted one of the master's virtual addresses: it steps down with a priority 0 advert
     * and comes back after the skew time (putting the addresses back) unless another router takes over.
     */
    ADDRESS_DELETED,
    /**
     * A reload left the instance out of the configuration: it stops as on shutdown, but keepalived 2.2.7
     * (without notify_deleted) reports it with the FAULT notifications rather than STOP.
     */
    REMOVED
}
