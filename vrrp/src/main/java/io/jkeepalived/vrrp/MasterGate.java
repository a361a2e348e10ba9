package io.jkeepalived.vrrp;

/**
 * Asked by a BACKUP instance whose master down timer ran out whether it may become MASTER now. A
 * sync group says no until every member wants to be master (keepalived prefers BACKUP to thrashing);
 * the instance then keeps its wish ({@link VrrpInstance#wantsMaster()}) and waits another master
 * down interval. Called on the instance's event loop; must not block.
 */
@FunctionalInterface
public interface MasterGate {
    /** The gate of an instance that belongs to no sync group. */
    MasterGate ALWAYS = instance -> true;

    boolean mayBecomeMaster(VrrpInstance instance);
}
