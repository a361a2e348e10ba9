package io.jkeepalived.it.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The timeline log of the seed-pools lab script, and the seed cutting it relies on; no VM needed. */
class TableTimelineTest {

    private static final String LOG = """
            @event stop-rs1 100.000000
            @table 100.500000
            -A -t 10.0.0.1:80 -s rr
            -a -t 10.0.0.1:80 -r 10.0.1.1:80 -g -w 1
            -a -t 10.0.0.1:80 -r 10.0.1.2:80 -g -w 1
            -A -t 10.0.0.2:8099 -s rr
            -a -t 10.0.0.2:8099 -r 10.0.1.1:8099 -m -w 1
            @end
            @table 102.250000
            -A -t 10.0.0.1:80 -s rr
            -a -t 10.0.0.1:80 -r 10.0.1.2:80 -g -w 1
            -A -t 10.0.0.2:8099 -s rr
            -a -t 10.0.0.2:8099 -r 10.0.1.1:8099 -m -w 1
            @end
            @table 103.000000
            -A -t 10.0.0.1:80 -s rr
            -a -t 10.0.0.1:80 -r 10.0.1.2:80 -g -w 1
            -A -t 10.0.0.2:8099 -s rr
            @end
            @settled stop-rs1 103.100000 matched polls=3 maxgap=1750ms
            @event daemon-stop 104.000000
            @table 104.400000

            @end
            @settled daemon-stop 105.000000 timeout
            """;

    @Test
    void readsStepsTablesAndWhenEachServiceReachedItsPart() {
        TableTimeline t = TableTimeline.parse(LOG);
        assertEquals(List.of("stop-rs1", "daemon-stop"), t.names());
        TableTimeline.Step step = t.step("stop-rs1");
        assertTrue(step.matched());
        assertEquals(1.75, step.maxPollGap(), 1e-9);
        assertEquals(0, t.step("daemon-stop").maxPollGap(), 1e-9);
        assertEquals(3, step.seen().size());
        List<String> expected = List.of("-A -t 10.0.0.1:80 -s rr", "-a -t 10.0.0.1:80 -r 10.0.1.2:80 -g -w 1",
                "-A -t 10.0.0.2:8099 -s rr");
        assertEquals(2.25, step.reached("10.0.0.1:80", expected).orElseThrow(), 1e-9);
        assertEquals(3.0, step.reached("10.0.0.2:8099", expected).orElseThrow(), 1e-9);
        assertEquals(TableTimeline.sorted(expected), step.finalTable());
        assertFalse(t.step("daemon-stop").matched());
        assertEquals(List.of(), t.step("daemon-stop").finalTable());
    }

    @Test
    void aServiceThatLeftItsTableAgainCountsFromItsReturn() {
        TableTimeline.Step step = TableTimeline.parse("""
                @event e 10.0
                @table 11.0
                -A -t 10.0.0.1:80 -s rr
                @end
                @table 12.0
                -A -t 10.0.0.1:80 -s rr
                -a -t 10.0.0.1:80 -r 10.0.1.1:80 -g -w 1
                @end
                @table 13.5
                -A -t 10.0.0.1:80 -s rr
                @end
                @settled e 14.0 matched
                """).step("e");
        assertEquals(Optional.of(3.5), step.reached("10.0.0.1:80", List.of("-A -t 10.0.0.1:80 -s rr")));
        assertEquals(Optional.of(1.0), step.firstSeen("10.0.0.1:80", List.of("-A -t 10.0.0.1:80 -s rr")));
        assertEquals(Optional.empty(), step.reached("10.0.0.1:80",
                List.of("-A -t 10.0.0.1:80 -s rr", "-a -t 10.0.0.1:80 -r 10.0.1.1:80 -g -w 1")));
    }

    @Test
    void aServicesPartIsMatchedByItsWholeAddressNotAPrefix() {
        List<String> table = List.of("-A -t 10.0.0.1:80 -s rr", "-A -t 10.0.0.1:8099 -s rr",
                "-a -t 10.0.0.1:8099 -r 10.0.0.1:80 -m -w 1");
        assertEquals(List.of("-A -t 10.0.0.1:80 -s rr"), TableTimeline.part(table, "10.0.0.1:80"));
    }

    @Test
    void aStepSettledInsideAnotherIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> TableTimeline.parse("@event a 1.0\n@settled b 2.0 matched\n"));
    }

    @Test
    void cutsTopLevelVirtualServerBlocksIgnoringBracesInComments() {
        List<String> blocks = SeedVirtualServers.blocks("""
                global_defs {
                   router_id x  # { not a brace
                }
                virtual_server 10.0.0.1 80 {
                    delay_loop 6
                    real_server 10.0.1.1 80 { #定义真实服务器 {
                        TCP_CHECK {
                            delay_before_retry 3
                        }
                    }
                }
                vrrp_instance VI_1 {
                    virtual_server_like_keyword 1
                }
                """);
        assertEquals(1, blocks.size());
        assertTrue(blocks.get(0).startsWith("virtual_server 10.0.0.1 80 {\n"));
        assertTrue(blocks.get(0).endsWith("    }\n}\n"));
        String retimed = SeedVirtualServers.retime(blocks.get(0), "delay_loop", "6", "3", 1);
        assertTrue(retimed.contains("    delay_loop 3\n"));
        assertThrows(IllegalArgumentException.class,
                () -> SeedVirtualServers.retime(blocks.get(0), "delay_before_retry", "3", "1", 2));
    }
}
