package io.jkeepalived.ipvs.reconcile;

import io.jkeepalived.ipvs.IpvsChange;
import io.jkeepalived.libc.Errno;

/**
 * A change that did not happen, and why, in one line naming the object: "add service TCP 192.0.2.1:80
 * scheduler nosuch: ENOENT - no scheduler or persistence engine of that name (...)".
 *
 * @param change the change, or null when the failure is about reading the table
 * @param errno  the kernel's errno, or null when the failure was not the kernel's refusal
 */
public record ReconcileFailure(IpvsChange change, Errno errno, String message) {

    @Override
    public String toString() {
        return message;
    }
}
