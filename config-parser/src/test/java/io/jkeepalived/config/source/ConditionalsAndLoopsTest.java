package io.jkeepalived.config.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.config.Severity;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code @id} conditional lines and {@code ~SEQ}/{@code ~LST} loops. "Verified" means the same text was run
 * through keepalived 2.2.7 ({@code keepalived -t -l -P -i ID -f FILE}) and the first words and line numbers it
 * reported match.
 */
class ConditionalsAndLoopsTest {

    /**
     * Verified with {@code -i myid}: '@myid cond_match' kept, '@otherid ...' dropped, '@^myid ...' dropped,
     * '@^otherid neg_match' kept, a lone '@myid' dropped; '@myid $C=cond' defines C.
     */
    @Test
    void conditionalLinesMatchTheConfigId() {
        String text = """
                @myid cond_match
                @otherid cond_nomatch
                @^myid neg_nomatch
                @^otherid neg_match
                @myid
                @myid\tpriority 150
                @myid $C=cond
                value $C
                unicast_peer {
                  @^myid 10.0.0.1
                  @^peer 10.0.0.2
                }
                """;
        assertEquals("""
                1 cond_match
                4 neg_match
                6 priority 150
                8 value cond
                9 unicast_peer {
                  11 10.0.0.2
                }
                """, Harness.text(text, "myid").tree());
        assertEquals("""
                2 cond_nomatch
                3 neg_nomatch
                8 value $C
                9 unicast_peer {
                  10 10.0.0.1
                  11 10.0.0.2
                }
                """, Harness.text(text, "otherid").tree());
        assertEquals("""
                3 neg_nomatch
                4 neg_match
                8 value $C
                9 unicast_peer {
                  10 10.0.0.1
                }
                """, Harness.text(text, "peer").tree());
    }

    @Test
    void conditionalBlocksAndIdsAreExact() {
        String text = "@main vrrp_instance VI {\n  priority 100\n}\n@mainx other\n@MAIN upper\n";
        assertEquals("1 vrrp_instance VI {\n  2 priority 100\n}\n", Harness.text(text, "main").tree());
    }

    /**
     * Verified: ~SEQ(i,1,3) -> s1..s3; ~SEQ(j,3) -> t1..t3; ~SEQ(k,5,-2,1) -> u5 u3 u1; ~SEQx(h,9,12) -> h9 ha hb
     * hc; ~SEQ(z,0) -> z1 z0; ~SEQ(y,-2) -> y-1 y-2; ~SEQ(o,010,0x0a) -> o8 o9 o10; ~SEQ(e, 2, 1) -> e2 e1;
     * ~SEQ(q,1,0,5) -> "Invalid ~SEQ values".
     */
    @Test
    void sequences() {
        Harness h = Harness.text("""
                ~SEQ(i,1,3) s$i
                ~SEQ(j,3) t$j
                ~SEQ(k,5,-2,1) u$k
                ~SEQx(h,9,12) h$h
                ~SEQ(z,0) z$z
                ~SEQ(y,-2) y$y
                ~SEQ(o,010,0x0a) o$o
                ~SEQ(e, 2, 1) e$e
                ~SEQ(q,1,0,5) q$q
                ~SEQ ( w , 1 , 2 )   w$w
                """);
        assertEquals("""
                1 s1
                1 s2
                1 s3
                2 t1
                2 t2
                2 t3
                3 u5
                3 u3
                3 u1
                4 h9
                4 ha
                4 hb
                4 hc
                5 z1
                5 z0
                6 y-1
                6 y-2
                7 o8
                7 o9
                7 o10
                8 e2
                8 e1
                10 w1
                10 w2
                """, h.tree());
        assertEquals("ERROR keepalived.conf:9 Invalid ~SEQ values '~SEQ(q,1,0,5) q$q'\n", h.problems());
    }

    /**
     * Verified: ~LST(v,a1,b2,c3) -> lsta1 lstb2 lstc3; ~LST({p,q},{x1,y1},{x2}) -> l2_x1_y1_end l2_x2__end;
     * ~LST({p,q},{1,2,3}) -> "~LST specification has too many values".
     */
    @Test
    void lists() {
        Harness h = Harness.text("""
                ~LST(v,a1,b2,c3) lst$v
                ~LST({p,q},{x1,y1},{x2}) l2_${p}_${q}_end
                ~LST({p,q},{1,2,3}) bad$p
                ~LST( { ip , ip1 } , { 10 , 1 } , { 20 , 4 } ) 192.168.${ip}.${ip1}
                ~LST(v a) broken
                """);
        assertEquals("""
                1 lsta1
                1 lstb2
                1 lstc3
                2 l2_x1_y1_end
                2 l2_x2__end
                4 192.168.10.1
                4 192.168.20.4
                """, h.tree());
        assertEquals("""
                ERROR keepalived.conf:3 ~LST specification has too many values '~LST({p,q},{1,2,3}) bad$p'
                ERROR keepalived.conf:5 Invalid ~LST specification '~LST(v a) broken'
                """, h.problems());
    }

    /**
     * Verified: ~SEQ(i,1,2) ~SEQ(j,1,2) n${i}_$j -> n1_1 n1_2 n2_1 n2_2; ~SEQ(r,1,2) ~LST(s,x,y) r${r}s$s ->
     * r1sx r1sy r2sx r2sy; the loop variables keep their last value after the loop.
     */
    @Test
    void nestedLoopsRunInnermostFirst() {
        Harness h = Harness.text("""
                ~SEQ(i,1,2) ~SEQ(j,1,2) n${i}_$j
                ~SEQ(r,1,2) ~LST(s,x,y) r${r}s$s
                final $i $j $r $s
                """);
        assertEquals("""
                1 n1_1
                1 n1_2
                1 n2_1
                1 n2_2
                2 r1sx
                2 r1sy
                2 r2sx
                2 r2sy
                3 final 2 2 2 y
                """, h.tree());
    }

    /**
     * Verified: ~SEQ(i,1,2) $MS with MS a two-line definition -> ms_1 ms2_1 ms_2 ms2_2 (a loop waits for the lines
     * of a definition it produced); $S=seqtxt$i then ~SEQ(i,1,2) $S -> seqtxt1 seqtxt2; $L=~SEQ(k,1,2) viadef$k
     * then $L -> viadef1 viadef2; ~SEQ(i,1,2) vs$i { -> vs1 { vs2 { (the brace is cut off each turn).
     */
    @Test
    void loopsAndDefinitionsTogether() {
        Harness h = Harness.text("""
                $MS=ms_$i \\
                ms2_$i
                ~SEQ(i,1,2) $MS
                $S=seqtxt$i
                ~SEQ(i,1,2) $S
                $L=~SEQ(k,1,2) viadef$k
                $L
                ~SEQ(x,1,2) vs$x {
                  a$x
                }
                }
                """);
        assertEquals("""
                3 ms_1
                3 ms2_1
                3 ms_2
                3 ms2_2
                5 seqtxt1
                5 seqtxt2
                7 viadef1
                7 viadef2
                8 vs1 {
                  8 vs2 {
                    9 a2
                  }
                }
                """, h.tree());
        assertTrue(h.clean(), h.problems());
    }

    /** '$i.' is not substituted ('.' does not end a name, as verified for '$A.x'), hence '${i}.' here. */
    @Test
    void loopsCanProduceWholeBlocks() {
        Harness h = Harness.text("""
                $VS=virtual_server 10.0.0.$i 80 { \\
                    ~SEQ(r,1,2) real_server 192.168.${i}.$r 80 { weight 1 } \\
                }
                ~SEQ(i,1,2) $VS
                """);
        assertEquals("""
                4 virtual_server 10.0.0.1 80 {
                  4 real_server 192.168.1.1 80 {
                    4 weight 1
                  }
                  4 real_server 192.168.1.2 80 {
                    4 weight 1
                  }
                }
                4 virtual_server 10.0.0.2 80 {
                  4 real_server 192.168.2.1 80 {
                    4 weight 1
                  }
                  4 real_server 192.168.2.2 80 {
                    4 weight 1
                  }
                }
                """, h.tree());
        assertTrue(h.clean(), h.problems());
    }

    /** Verified: '~SEQUENCE(x) y' -> "Invalid ~SEQ specification"; '~FOO bar' is an ordinary (unknown) keyword. */
    @Test
    void badLoopLines() {
        Harness h = Harness.text("""
                ~SEQUENCE(x) y
                ~FOO bar $UNSUBSTITUTED
                ~SEQ(w,1,3 nope
                ~SEQ(n,$N) n$n
                ~SEQ(,1) empty
                ~SEQx(h,-1,2) neg
                ~SEQ(m,1,2)
                after
                """);
        assertEquals("2 ~FOO bar $UNSUBSTITUTED\n8 after\n", h.tree());
        assertEquals("""
                ERROR keepalived.conf:1 Invalid ~SEQ specification '~SEQUENCE(x) y'
                ERROR keepalived.conf:3 ~SEQ missing terminating ')' '~SEQ(w,1,3 nope'
                ERROR keepalived.conf:4 Invalid ~SEQ definition '~SEQ(n,$N) n$n'
                ERROR keepalived.conf:5 Invalid ~SEQ definition '~SEQ(,1) empty'
                ERROR keepalived.conf:6 ~SEQx is only valid for positive numbers '~SEQx(h,-1,2) neg'
                """, h.problems());
    }

    @Test
    void hugeRangesAreCutAtTheGeneratedLineLimit() {
        ReaderLimits small = ReaderLimits.DEFAULT.withMaxGeneratedLines(5_000);
        Harness h = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Harness.text(
                "~SEQ(i,1,9223372036854775807) x$i\n~SEQ(j,-9223372036854775808,9223372036854775807) y\nlast\n",
                Harness.MAIN, "node1", small));
        assertEquals(5_001, h.statements.size());
        assertEquals("x5000", h.statements.get(4_999).keyword());
        assertEquals("last", h.statements.get(5_000).keyword());
        assertEquals(1, h.count(Severity.ERROR), h.problems());
    }

    @Test
    void sequenceAtTheEndOfTheLongRangeStopsWithoutOverflow() {
        ReaderLimits small = ReaderLimits.DEFAULT.withMaxGeneratedLines(100);
        Harness h = Harness.text("~SEQ(i,9223372036854775806,9223372036854775807) x$i\n"
                + "~SEQ(j,-9223372036854775807,-4611686018427387904,-9223372036854775808) y$j\n"
                + "~SEQ(k,99999999999999999999) z\n", Harness.MAIN, "node1", small);
        assertEquals("""
                1 x9223372036854775806
                1 x9223372036854775807
                2 y-9223372036854775807
                """, h.tree().lines().limit(3).map(l -> l + "\n").reduce("", String::concat));
        assertEquals("3 z", h.tree().lines().skip(3).findFirst().orElse(""));
        assertEquals(100, h.statements.size());
        assertEquals(1, h.count(Severity.ERROR), h.problems());
    }

    @Test
    void aLoopThatProducesItselfIsStoppedAtTheNestingLimit() {
        Harness h = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> Harness.text("$M=~SEQ(i,1,100000) $M\n$M\nafter\n"));
        assertEquals("3 after\n", h.tree());
        assertEquals(1, h.diagnostics.size(), h.problems());
        assertTrue(h.problems().contains("loops are nested more than 64 deep"), h.problems());
    }
}
