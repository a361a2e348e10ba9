package io.jkeepalived.config.bind;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkeepalived.config.Severity;
import io.jkeepalived.config.model.NftablesOptions;
import io.jkeepalived.config.testing.Expect;
import io.jkeepalived.config.testing.TestConf;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The nftables global keywords, as keepalived 2.2.7's global_parser.c reads them (behaviour, not code). */
class NftablesOptionsTest {

    private static NftablesOptions of(String globals) {
        TestConf.Bound b = TestConf.bind("global_defs {\n" + globals + "\n}\n");
        Expect.noErrors(b);
        return b.config().globalDefs().nftables();
    }

    @Test
    void withoutKeywordsTheTableIsKeepalivedAtFilterMinusOne() {
        NftablesOptions o = of("");
        assertEquals(NftablesOptions.DEFAULTS, o);
        assertEquals("keepalived", o.tableName());
        assertEquals(-1, o.priority());
    }

    @Test
    void everyKeyword() {
        NftablesOptions o = of("nftables lb_fw\nnftables_priority -5\nnftables_counters\nnftables_ifindex");
        assertEquals(new NftablesOptions(Optional.of("lb_fw"), -5, true, true), o);
    }

    @Test
    void nftablesWithoutANameIsKeepalived() {
        assertEquals(Optional.of("keepalived"), of("nftables").table());
    }

    @Test
    void namingTheTablePutsAnEarlierPriorityBack() {
        assertEquals(-1, of("nftables_priority 7\nnftables mine").priority());
        assertEquals(7, of("nftables mine\nnftables_priority 7").priority());
    }

    @Test
    void aSecondNftablesAndAnOverlongNameAreIgnoredWithAnError() {
        TestConf.Bound b = TestConf.bind("global_defs {\nnftables first\nnftables second\n"
                + "}\n");
        Expect.reported(b, Severity.ERROR, 3, "nftables", "already specified");
        assertEquals(Optional.of("first"), b.config().globalDefs().nftables().table());
        TestConf.Bound longName = TestConf.bind("global_defs {\nnftables " + "x".repeat(32) + "\n}\n");
        Expect.reported(longName, Severity.ERROR, 2, "nftables", "longer than 31");
        assertEquals(Optional.empty(), longName.config().globalDefs().nftables().table());
    }
}
