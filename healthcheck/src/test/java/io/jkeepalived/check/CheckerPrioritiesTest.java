package io.jkeepalived.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkeepalived.config.model.GlobalDefs;
import io.jkeepalived.sched.PrioritySettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CheckerPrioritiesTest {

    @Test
    void theCheckerSettingsAndTheSharedAutoPrioritySettingsGoToTheCheckerThreads() {
        GlobalDefs.Builder b = GlobalDefs.builder();
        b.vrrpRtPriority = 40;
        b.vrrpPriority = -7;
        b.vrrpNoSwap = true;
        b.checkerRtPriority = 10;
        b.checkerPriority = 3;
        b.checkerRlimitRttime = 20_000;
        b.vrrpCpuAffinity = java.util.List.of(0);
        b.checkerCpuAffinity = java.util.List.of(1, 2);
        b.maxAutoPriority = -1;
        b.minAutoPriorityDelay = Duration.ofMillis(5);
        assertEquals(new PrioritySettings(10, 3, 20_000, false, -1, Duration.ofMillis(5), java.util.List.of(1, 2)),
                CheckerPriorities.of(b.build()));
    }
}
