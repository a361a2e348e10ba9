package io.jkeepalived.config.dump;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NftablesRoundTripTest {

    @Test
    void theCanonicalFormKeepsTheNftablesKeywordsInAnOrderThatReadsBackTheSame() {
        String text = CanonicalRoundTripTest.assertRoundTrip(
                "global_defs {\nnftables_priority 3\nnftables lb_fw\nnftables_priority -7\nnftables_counters\n}\n");
        assertTrue(text.indexOf("nftables lb_fw") < text.indexOf("nftables_priority -7"), text);
        assertTrue(text.contains("nftables_counters"), text);
    }
}
