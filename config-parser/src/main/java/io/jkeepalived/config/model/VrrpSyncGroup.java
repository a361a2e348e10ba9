package io.jkeepalived.config.model;

import java.util.List;
import java.util.Objects;

/**
 * VRRP instances that change state together ({@code vrrp_sync_group NAME { group { ... } ... }}).
 *
 * @param name                  the group's name
 * @param instances             member instance names, in order; each names an instance of the model, and no
 *                              instance is in two groups (keepalived drops such entries with an error)
 * @param trackInterfaces       {@code track_interface}: applies to every member
 * @param trackScripts          {@code track_script}: applies to every member
 * @param trackFiles            {@code track_file}: applies to every member
 * @param notifyScripts         notify scripts of the group
 * @param smtpAlert             effective {@code smtp_alert} (default: global_defs smtp_alert_vrrp / smtp_alert)
 * @param trackingWeight        {@code sync_group_tracking_weight} (or the deprecated {@code global_tracking}):
 *                              members keep the weights of their own tracked scripts and interfaces; without
 *                              it keepalived zeroes them, and the model already shows that
 * @param notifyPriorityChanges effective {@code notify_priority_changes} (default: vrrp_notify_priority_changes)
 */
public record VrrpSyncGroup(String name, List<String> instances, List<TrackedInterface> trackInterfaces,
                            List<TrackedScript> trackScripts, List<TrackedFile> trackFiles, NotifyScripts notifyScripts, boolean smtpAlert,
                            boolean trackingWeight, boolean notifyPriorityChanges) {
    public VrrpSyncGroup {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(notifyScripts, "notifyScripts");
        instances = List.copyOf(instances);
        trackInterfaces = List.copyOf(trackInterfaces);
        trackScripts = List.copyOf(trackScripts);
        trackFiles = List.copyOf(trackFiles);
        if (instances.isEmpty()) {
            throw new IllegalArgumentException("a sync group has at least one instance");
        }
    }
}
