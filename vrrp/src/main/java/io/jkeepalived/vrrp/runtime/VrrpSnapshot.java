package io.jkeepalived.vrrp.runtime;

import io.jkeepalived.vrrp.DropReason;
import io.jkeepalived.vrrp.IpFamily;
import io.jkeepalived.vrrp.TransitionCause;
import io.jkeepalived.vrrp.VrrpState;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the VRRP part is doing, copied on its event loop at one instant for a status query or a dump: read-only
 * values, safe to hand to any thread. Times are ages in nanoseconds before {@link #takenAtNanos} on the loop's
 * clock, so that the reader turns them into wall-clock instants with its own clock.
 *
 * @param unroutedDrops packets dropped before reaching any instance (too short, a VRID nobody here runs), every
 *                      reason present, zero or not
 */
public record VrrpSnapshot(long takenAtNanos, List<Instance> instances, List<SyncGroup> syncGroups,
                           Map<DropReason, Long> unroutedDrops) {
    public VrrpSnapshot {
        instances = List.copyOf(instances);
        syncGroups = List.copyOf(syncGroups);
        unroutedDrops = Map.copyOf(unroutedDrops);
    }

    /**
     * One running vrrp_instance.
     *
     * @param priority          configured priority
     * @param effectivePriority after tracking weights
     * @param masterAddress     the master as far as the instance knows (itself when MASTER), empty before any
     * @param masterSinceAgeNanos how long it has been MASTER, empty when it is not
     * @param lastTransition    its last state change, empty while it never left INIT
     * @param syncGroup         the vrrp_sync_group it is a member of
     * @param drops             every {@link DropReason}, zero or not, in declaration order
     */
    public record Instance(String name, String interfaceName, int vrid, IpFamily family, int version,
                           VrrpState state, int priority, int effectivePriority,
                           Optional<InetAddress> masterAddress, Optional<Long> masterSinceAgeNanos,
                           Optional<Transition> lastTransition, List<Vip> virtualAddresses,
                           Optional<String> syncGroup, List<Tracked> tracked, Counters counters,
                           Map<DropReason, Long> drops) {
        public Instance {
            virtualAddresses = List.copyOf(virtualAddresses);
            tracked = List.copyOf(tracked);
        }
    }

    /** A state change, {@code ageNanos} before the snapshot. */
    public record Transition(long ageNanos, VrrpState from, VrrpState to, TransitionCause cause) {
    }

    /**
     * A virtual_ipaddress (or virtual_ipaddress_excluded when {@code excluded}).
     *
     * @param present the kernel has it on {@code device}, as rtnetlink last told the event loop
     */
    public record Vip(InetAddress address, int prefixLength, String device, boolean excluded, boolean present) {
    }

    /**
     * Something the instance tracks.
     *
     * @param type   "interface", "script" or "file"
     * @param status "up", "down", or "unknown" (a script that has not run yet); for a file, the number it holds
     */
    public record Tracked(String type, String name, int weight, boolean reverse, String status) {
    }

    /** keepalived's SIGUSR2 counters and ours. */
    public record Counters(long advertsSent, long advertsReceived, long priorityZeroSent, long priorityZeroReceived,
                           long becameMaster, long releasedMaster, long sendErrors, long dropped) {
    }

    public record SyncGroup(String name, VrrpState state, List<String> members) {
        public SyncGroup {
            members = List.copyOf(members);
        }
    }
}
