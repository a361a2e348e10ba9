package io.jkeepalived.check;

import io.jkeepalived.config.model.GlobalDefs;
import io.jkeepalived.sched.PrioritySettings;

/** The checker_* process-priority settings of a configuration, for the checkers' threads. */
public final class CheckerPriorities {
    private CheckerPriorities() {
    }

    public static PrioritySettings of(GlobalDefs g) {
        return new PrioritySettings(g.checkerRtPriority(), g.checkerPriority(), g.checkerRlimitRttime(),
                g.checkerNoSwap(), g.maxAutoPriority(), g.minAutoPriorityDelay(),
                g.checkerCpuAffinity());
    }
}
