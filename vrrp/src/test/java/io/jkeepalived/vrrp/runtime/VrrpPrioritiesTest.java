package io.jkeepalived.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jkeepalived.config.model.GlobalDefs;
import io.jkeepalived.sched.PrioritySettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class VrrpPrioritiesTest {

    @Test
    void theVrrpSettingsAndTheSharedAutoPrioritySettingsGoToTheVrrpThread() {
        GlobalDefs.Builder b = GlobalDefs.builder();
        b.vrrpRtPriority = 40;
        b.vrrpPriority = -7;
        b.vrrpRlimitRttime = 30_000;
        b.vrrpNoSwap = true;
        b.checkerRtPriority = 10;
        b.checkerPriority = 3;
        b.checkerRlimitRttime = 99;
        b.vrrpCpuAffinity = java.util.List.of(0, 3);
        b.checkerCpuAffinity = java.util.List.of(1);
        b.maxAutoPriority = 60;
        b.minAutoPriorityDelay = Duration.ofMillis(250);
        assertEquals(new PrioritySettings(40, -7, 30_000, true, 60, Duration.ofMillis(250), java.util.List.of(0, 3)),
                VrrpPriorities.of(b.build()));
    }

    @Test
    void keepalivedsDefaultsChangeNothing() {
        PrioritySettings s = VrrpPriorities.of(GlobalDefs.builder().build());
        assertFalse(s.changesThreads());
        assertFalse(s.noSwap());
        assertEquals(0, s.maxAutoPriority());
        assertEquals(Duration.ofSeconds(1), s.minAutoPriorityDelay());
        assertEquals(PrioritySettings.DEFAULT_RLIMIT_RTTIME_MICROS, s.rlimitRttimeMicros());
    }
}
