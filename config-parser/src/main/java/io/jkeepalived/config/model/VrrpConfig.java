package io.jkeepalived.config.model;

import java.util.List;
import java.util.Optional;

/**
 * The VRRP side of keepalived.conf, as effective values. Every cross-reference is resolved: each
 * {@link TrackedScript} names a script of {@link #scripts()}, each sync-group member names an instance of
 * {@link #instances()}, instance names are unique, and no two multicast instances share a VRID on one
 * interface, family and group.
 *
 * @param scripts          {@code vrrp_script}s that something tracks, in file order
 * @param syncGroups       {@code vrrp_sync_group}s, in file order
 * @param instances        {@code vrrp_instance}s, in file order
 * @param staticAddresses  {@code static_ipaddress}: added at startup and never moved
 * @param staticRoutes     {@code static_routes}, verbatim
 * @param staticRules      {@code static_rules}, verbatim
 * @param trackFiles       {@code track_file}s (and the deprecated {@code vrrp_track_file}s), in file order; FILE_CHECK
 *                         may use them too, so unused ones stay
 * @param untrackedScripts {@code vrrp_script}s nothing tracks, in file order: never run (keepalived removes them at
 *                         start), but they count for the script-security check of {@code -t}, as in keepalived
 */
public record VrrpConfig(List<VrrpScript> scripts, List<VrrpSyncGroup> syncGroups, List<VrrpInstance> instances,
                         List<VirtualAddress> staticAddresses, List<RouteSpec> staticRoutes,
                         List<RouteSpec> staticRules, List<TrackFile> trackFiles, List<VrrpScript> untrackedScripts) {
    public static final VrrpConfig EMPTY = new VrrpConfig(List.of(), List.of(), List.of(), List.of(), List.of(),
            List.of(), List.of(), List.of());

    public VrrpConfig {
        scripts = List.copyOf(scripts);
        syncGroups = List.copyOf(syncGroups);
        instances = List.copyOf(instances);
        staticAddresses = List.copyOf(staticAddresses);
        staticRoutes = List.copyOf(staticRoutes);
        staticRules = List.copyOf(staticRules);
        trackFiles = List.copyOf(trackFiles);
        untrackedScripts = List.copyOf(untrackedScripts);
    }

    public Optional<VrrpInstance> instance(String name) {
        return instances.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    public Optional<VrrpScript> script(String name) {
        return scripts.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The sync group {@code instanceName} belongs to, if any. */
    public Optional<VrrpSyncGroup> syncGroupOf(String instanceName) {
        return syncGroups.stream().filter(g -> g.instances().contains(instanceName)).findFirst();
    }
}
