package io.jkeepalived.vrrp;

/** Told of state and priority changes: notify scripts, FIFO, D-Bus, logs. Must not block. */
public interface StateListener {
    void stateChanged(StateChange change);

    /** The effective priority changed (tracking); keepalived's notify_priority_changes. */
    default void priorityChanged(String instance, int from, int to) {
    }

    /** As master, an advert of lower priority arrived (keepalived's notify_master_rx_lower_pri). */
    default void masterReceivedLowerPriority(String instance, int priority) {
    }
}
