package io.jkeepalived.check.pool;

import io.jkeepalived.ipvs.reconcile.DesiredTable;

/**
 * Takes the whole desired IPVS table. Called on the checkers' loop: it must return at once (production:
 * {@link ReconcilingApplier}, which reconciles on its own thread and coalesces; tests: a recorder).
 */
@FunctionalInterface
public interface TableApplier {
    void apply(DesiredTable table);
}
