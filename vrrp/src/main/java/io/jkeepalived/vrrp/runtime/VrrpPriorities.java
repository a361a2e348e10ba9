package io.jkeepalived.vrrp.runtime;

import io.jkeepalived.config.model.GlobalDefs;
import io.jkeepalived.sched.PrioritySettings;

/** The vrrp_* process-priority settings of a configuration, for the VRRP event-loop thread. */
public final class VrrpPriorities {
    private VrrpPriorities() {
    }

    public static PrioritySettings of(GlobalDefs g) {
        return new PrioritySettings(g.vrrpRtPriority(), g.vrrpPriority(), g.vrrpRlimitRttime(), g.vrrpNoSwap(),
                g.maxAutoPriority(), g.minAutoPriorityDelay(),
                g.vrrpCpuAffinity());
    }
}
