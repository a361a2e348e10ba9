package io.jkeepalived.config.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.jkeepalived.config.Severity;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code $NAME=value} definitions and their substitution. "Verified" means the text was run through keepalived
 * 2.2.7 as {@code keepalived -t -l -P -f FILE} and the first words it reported ({@code Unknown keyword 'W'}) and
 * their line numbers match the tree asserted here.
 */
class DefinitionsTest {

    /**
     * Verified: {@code $A} -> 'alpha', {@code ${A}x} -> 'alphax', {@code $A.x} and {@code $Ax} and {@code $UNDEF}
     * stay as written, {@code $B = beta} is no definition (Unknown keyword '$B' on both lines).
     */
    @Test
    void simpleDefinitionsAndWhereANameEnds() {
        Harness h = Harness.text("""
                $A=alpha
                $A
                ${A}x
                $A.x
                $Ax
                $UNDEF
                $B = beta
                $B
                list $A,$A) ${A}
                """);
        assertEquals("""
                2 alpha
                3 alphax
                4 $A.x
                5 $Ax
                6 $UNDEF
                7 $B = beta
                8 $B
                9 list alpha,alpha) alpha
                """, h.tree());
        assertTrue(h.clean(), h.problems());
    }

    @Test
    void valuesMayBeEmptyAndRedefinedAndAreSubstitutedWhenUsed() {
        // The man page's example: substitution happens at use, recursively.
        Harness h = Harness.text("""
                $ADDRESS_BASE=10.2.${ADDRESS_BASE_SUB}
                $ADDRESS_BASE_SUB=0
                ip ${ADDRESS_BASE}.100/32
                $ADDRESS_BASE_SUB=10
                ip ${ADDRESS_BASE}.100/32
                $EMPTY=
                x${EMPTY}y
                """);
        assertEquals("""
                3 ip 10.2.0.100/32
                5 ip 10.2.10.100/32
                7 xy
                """, h.tree());
    }

    /** Verified: a definition made in an included file is used after the include (Unknown keyword 'defined_in_include'). */
    @Test
    void definitionsHoldAcrossIncludesAndBlocks() {
        Harness h = Harness.text("vrrp_instance V {\n  $P=150\n}\nx $P\n");
        assertEquals("1 vrrp_instance V {\n}\n4 x 150\n", h.tree());
    }

    /**
     * Verified: {@code $M=m1 \ / m2 \ / m3} then {@code $M} on line 12 -> 'm1', 'm2', 'm3' all at line 12;
     * {@code prefix $M} -> 'prefix' then 'm2'; {@code $M tail} -> '$M' (only used at the end of a line).
     */
    @Test
    void multiLineDefinitionsExpandToSeveralLinesAtTheLineOfUse() {
        Harness h = Harness.text("""
                $M=m1 \\
                   m2 a \\
                   m3
                first
                $M
                ${M}
                prefix $M
                $M tail
                """);
        assertEquals("""
                4 first
                5 m1
                5 m2 a
                5 m3
                6 m1
                6 m2 a
                6 m3
                7 prefix m1
                7 m2 a
                7 m3
                8 $M tail
                """, h.tree());
    }

    @Test
    void multiLineDefinitionsCanHoldWholeBlocksConditionalsAndDefinitions() {
        // Shaped like the man page's nested $VS/$RS example.
        Harness h = Harness.text("""
                $RS=real_server 192.168.${VS_NUM}.${RS_NUM} 80 { \\
                    weight 1 \\
                    @node1 inhibit_on_failure \\
                }
                $VS=virtual_server 10.0.${VS_NUM}.4 80 { \\
                    $RS_NUM=1 \\
                    $RS \\
                    $RS_NUM=2 \\
                    $RS \\
                }
                $VS_NUM=0
                $VS
                """);
        assertEquals("""
                12 virtual_server 10.0.0.4 80 {
                  12 real_server 192.168.0.1 80 {
                    12 weight 1
                    12 inhibit_on_failure
                  }
                  12 real_server 192.168.0.2 80 {
                    12 weight 1
                    12 inhibit_on_failure
                  }
                }
                """, h.tree());
        assertTrue(h.clean(), h.problems());
    }

    /**
     * Verified (the VRRP and checker processes' view): a truly empty line ends a definition; so does a line with
     * only blanks or only a comment there (keepalived's parent process continues past those two); a comment
     * ending in '\' continues it.
     */
    @Test
    void blankLinesEndMultiLineDefinitions() {
        Harness h = Harness.text("$X=a1 \\\n  a2 \\\n\n  a3 \\\n  a4\n$X\n"
                + "$Y=b1 \\\n   \n  b2\n$Y\n"
                + "$Z=\\\n # comment \\\nz1\n$Z\n");
        assertEquals("""
                4 "a3\\\\"
                5 a4
                6 a1
                6 a2
                9 b2
                10 b1
                14 z1
                """, h.tree());
    }

    /**
     * Verified: {@code $_HASH hash} and {@code $_BANG bang} vanish (the result is a comment);
     * {@code "${_HASH}x" ${_BANG} y} -> '#x'; {@code "$_HASH" z} -> '$_HASH' (a quote does not end a name);
     * {@code $_INSTANCE} -> the -i id; {@code $_PWD} -> the file's directory.
     */
    @Test
    void predefinedDefinitions() {
        Harness h = Harness.text("""
                $_HASH hash
                $_BANG bang
                "${_HASH}x" ${_BANG} y
                "$_HASH" z
                $_INSTANCE inst
                $_PWD pwd
                ${_RANDOM 7 7} r
                """, "lb-a");
        assertEquals("""
                3 #x
                4 $_HASH z
                5 lb-a inst
                6 /virtual pwd
                7 7 r
                """, h.tree());
    }

    @Test
    void randomStaysInItsBounds() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            text.append("r ${_RANDOM 3 5} $_RANDOM ${_RANDOM 9}\n");
        }
        Harness h = Harness.text(text.toString());
        h.statements.forEach(s -> {
            int small = Integer.parseInt(s.words().get(1));
            int any = Integer.parseInt(s.words().get(2));
            int fromNine = Integer.parseInt(s.words().get(3));
            assertTrue(small >= 3 && small <= 5, s.toString());
            assertTrue(any >= 0 && any <= 32767, s.toString());
            assertTrue(fromNine >= 9 && fromNine <= 32767, s.toString());
        });
        assertEquals(200, h.statements.size());
    }

    @Test
    void predefinedNamesCanBeRedefined() {
        Harness h = Harness.text("$_INSTANCE=mine\n$_INSTANCE\n");
        assertEquals("2 mine\n", h.tree());
    }

    /** Verified: keepalived 2.2.7 hangs on {@code $SELF=$SELF} then {@code $SELF} (killed by timeout 10 s). */
    @Test
    void selfReferenceIsReportedNotLoopedForever() {
        Harness h = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> Harness.text("$SELF=$SELF\n$SELF\n$GROW=x$GROW\n$GROW\n$A=$B\n$B=${A}\n$A\nafter\n"));
        assertEquals("8 after\n", h.tree());
        assertEquals(3, h.count(Severity.ERROR), h.problems());
        assertTrue(h.diagnostics.stream().allMatch(d -> d.message().contains("does a definition use itself?")),
                h.problems());
        assertEquals(2, h.diagnostics.get(0).location().line());
        assertEquals(4, h.diagnostics.get(1).location().line());
        assertEquals(7, h.diagnostics.get(2).location().line());
    }

    @Test
    void multiLineSelfReferenceIsBoundedByTheGeneratedLineLimit() {
        ReaderLimits small = ReaderLimits.DEFAULT.withMaxGeneratedLines(1_000);
        Harness h = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> Harness.text("$M=a \\\n$M\n$M\nafter\n", Harness.MAIN, "node1", small));
        assertEquals("after", h.statements.get(h.statements.size() - 1).keyword());
        assertTrue(h.statements.size() <= 1_002, "" + h.statements.size());
        assertEquals(1, h.count(Severity.ERROR), h.problems());
        assertTrue(h.problems().contains("produce more than 1000 lines"), h.problems());
    }

    @Test
    void aMultiLineDefinitionCanEndItsOwnRepetition() {
        // The tail of the body redefines the name, so the use on its last line expands the new value.
        Harness h = Harness.text("$M=a \\\n$M=done \\\n$M\n$M\n");
        assertEquals("4 a\n4 done\n", h.tree());
        assertTrue(h.clean(), h.problems());
    }

    /** The man page: "$IF_MAIN=@main" then "$IF_MAIN priority 240" gives the line only on node main. */
    @Test
    void aSubstitutionCanProduceAConditionalOrADefinition() {
        String text = "$IF_MAIN=@main\n$IF_MAIN priority 240\n$DEF=$X=7\n$DEF\nx $X\n";
        assertEquals("2 priority 240\n5 x 7\n", Harness.text(text, "main").tree());
        assertEquals("5 x 7\n", Harness.text(text, "backup").tree());
    }

    @Test
    void substitutedTextIsCutAtBracesLikeAnyLine() {
        Harness h = Harness.text("$B=block {\n$B\ninner\n}\n$C=x } y\nwrap {\n$C\n");
        assertEquals("""
                2 block {
                  3 inner
                }
                6 wrap {
                  7 x
                }
                7 y
                """, h.tree());
        assertTrue(h.clean(), h.problems());
    }

    @Test
    void longSubstitutionResultIsReadWholeWithAWarning() {
        Harness h = Harness.text("$L=" + "x".repeat(600) + "\nk $L $L\n");
        assertEquals(1, h.statements.size());
        assertEquals(600, h.statements.get(0).words().get(1).length());
        assertEquals(1, h.count(Severity.WARNING), h.problems());
        assertTrue(h.problems().contains("keepalived stops substituting"), h.problems());
    }

    @Test
    void aMultiLineDefinitionUsedInsideItselfIsStoppedAtTheNestingLimit() {
        Harness h = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> Harness.text("$M=a \\\n$M \\\nb\n$M\nafter\n"));
        assertEquals("after", h.statements.get(h.statements.size() - 1).keyword());
        assertEquals(1, h.diagnostics.size(), h.problems());
        assertTrue(h.problems().contains("used inside each other more than 64 deep"), h.problems());
    }
}
