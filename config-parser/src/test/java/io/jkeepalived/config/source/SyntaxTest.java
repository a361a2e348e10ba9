package io.jkeepalived.config.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.config.Severity;
import io.jkeepalived.config.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Words, comments, quotes, braces and line numbers.
 *
 * <p>"Verified" below means: the same text was given to Debian's keepalived 2.2.7 as
 * {@code keepalived -t -l -P -f FILE} and its messages (mostly {@code (Line N) Unknown keyword 'W'}, which shows
 * the first word of every statement it saw and the line it counted) agree with the tree asserted here.
 */
class SyntaxTest {

    @Test
    void wordsAreSeparatedByBlanksAndLinesKeepTheirNumbers() {
        Harness h = Harness.text("global_defs {\n\n   router_id\tnode-a  \n\f\n  vrrp_version 3\n}\n");
        assertEquals("""
                1 global_defs {
                  3 router_id node-a
                  5 vrrp_version 3
                }
                """, h.tree());
        assertTrue(h.clean(), h.problems());
        Statement global = h.statements.get(0);
        assertEquals("global_defs", global.keyword());
        assertEquals(List.of("node-a"), global.children().get(0).args());
    }

    @Test
    void formFeedVerticalTabAndCarriageReturnSeparateWordsToo() {
        Harness h = Harness.text("a\u000bb\rc\u000cd\r\n");
        assertEquals("1 a b c d\n", h.tree());
    }

    /** Verified: {@code a#b c} -> Unknown keyword 'a'; {@code x!y} -> 'x'; {@code "in#quote" t} -> 'in#quote'. */
    @Test
    void hashAndBangStartCommentsAnywhereOutsideDoubleQuotes() {
        Harness h = Harness.text("""
                # a comment line
                ! another
                a#b c
                x!y
                "in#quote" t ! gone
                router_id r1 # trailing
                      # indented comment
                """);
        assertEquals("""
                3 a
                4 x
                5 in#quote t
                6 router_id r1
                """, h.tree());
        assertTrue(h.clean(), h.problems());
    }

    /**
     * Verified: {@code "q r" s} -> 'q r'; {@code "glued"word} -> 'glued' (then a word 'word');
     * {@code w"glued2" z} -> 'w'; {@code abc"def} -> "Unterminated quote" and "Unmatched quote", keyword 'abc'.
     */
    @Test
    void doubleQuotesMakeOneWordAndAreRemoved() {
        Harness h = Harness.text("""
                "q r" s
                "glued"word
                w"glued2" z
                single 'a b' c\\d
                empty "" x
                abc"def
                """);
        assertEquals("""
                1 "q r" s
                2 glued word
                3 w glued2 z
                4 single 'a b' "c\\\\d"
                5 empty "" x
                6 abc
                """, h.tree());
        assertEquals("ERROR keepalived.conf:6 Unmatched quote: 'abc\"def'\n", h.problems());
    }

    /** Verified: {@code x\y z} -> Unknown keyword 'x\y'; {@code end \} -> 'end\' (keepalived glues the '\' on). */
    @Test
    void backslashesAreOrdinaryOutsideScriptsAndATrailingOneIsKept() {
        Harness h = Harness.text("x\\y z\nend \\\n");
        assertEquals("""
                1 "x\\\\y" z
                2 "end\\\\"
                """, h.tree());
    }

    /**
     * Verified (children's view): keepalived 2.2.7's VRRP/checker processes read {@code x \#y {} as {@code x}
     * only ("Extra '}' found" on the next line), although its parent process honours the escape.
     */
    @Test
    void escapedHashStartsACommentAsInKeepalivedsRunningProcesses() {
        Harness h = Harness.text("x \\#y {\n}\nq \"a\\#b\"\n");
        assertEquals("""
                1 x
                3 q "a\\\\#b"
                """, h.tree());
        assertEquals(2, h.diagnostics.size(), h.problems());
        assertTrue(h.diagnostics.get(0).message().contains("'\\#' or '\\!' starts a comment"), h.problems());
        assertEquals(1, h.diagnostics.get(0).location().line());
        assertEquals("Extra '}' found", h.diagnostics.get(1).message());
        assertEquals(2, h.diagnostics.get(1).location().line());
    }

    /**
     * Verified: {@code name{} -> 'name' then the '{'; {@code x { a }} -> 'x', 'a', '}' all on line 11;
     * {@code end } c} -> 'end', '}', 'c'.
     */
    @Test
    void bracesAreTokensWhereverTheyStand() {
        Harness h = Harness.text("""
                glued{
                  inner{deeper}
                }
                one { a } two { b c }
                next_line
                {
                  x
                }
                after_comment
                # between
                   {
                }
                empty {}
                """);
        assertEquals("""
                1 glued {
                  2 inner {
                    2 deeper
                  }
                }
                4 one {
                  4 a
                }
                4 two {
                  4 b c
                }
                5 next_line {
                  7 x
                }
                9 after_comment {
                }
                13 empty {
                }
                """, h.tree());
        assertTrue(h.clean(), h.problems());
        assertTrue(h.statements.get(4).hasBlock());
        assertTrue(h.statements.get(4).children().isEmpty());
    }

    /**
     * Verified: {@code foo "{" bar} -> Unknown keyword 'foo' and no "Unexpected '{'": a quoted brace is a word.
     * Deliberate difference: keepalived takes a statement that is only a quoted {@code "}"} as a closing brace
     * (verified: after {@code global_defs { / router_id a / "}"}, {@code router_id b} is an "Unknown keyword");
     * we keep it a word.
     */
    @Test
    void quotedBracesAreWords() {
        Harness h = Harness.text("foo \"{\" bar\nlist \"a}b\" {\n x\n \"}\"\n}\n");
        assertEquals("""
                1 foo "{" bar
                2 list "a}b" {
                  3 x
                  4 "}"
                }
                """, h.tree());
        assertTrue(h.clean(), h.problems());
    }

    /** Verified: {@code }include FILE} reads FILE after the '}' (the rest of a line is processed as a new line). */
    @Test
    void textAfterABraceIsProcessedLikeALine() {
        Harness h = Harness.text("a {\n} @node1 b { c }\n@other x } d\n", "node1");
        assertEquals("""
                1 a {
                }
                2 b {
                  2 c
                }
                """, h.tree());
        assertTrue(h.clean(), h.problems());
    }

    /** Verified: a stray '}' gives "Extra '}' found" (and keepalived's "Unknown keyword '}'"). */
    @Test
    void strayClosingBraceIsReportedAndIgnored() {
        Harness h = Harness.text("a {\n}\n}\nb\n");
        assertEquals("1 a {\n}\n4 b\n", h.tree());
        assertEquals("ERROR keepalived.conf:3 Extra '}' found\n", h.problems());
        assertEquals("ERROR keepalived.conf:1 Extra '}' found\n", Harness.text("}}}} } }\n").problems());
    }

    /** keepalived only says "There are 1 missing '}'s or extra '{'s" with no line; we name the opening line. */
    @Test
    void unclosedBlocksAreReportedWhereTheyOpen() {
        Harness h = Harness.text("vrrp_instance VI_1 {\n  state MASTER\n  authentication {\n    auth_type PASS\n");
        assertEquals("""
                1 vrrp_instance VI_1 {
                  2 state MASTER
                  3 authentication {
                    4 auth_type PASS
                  }
                }
                """, h.tree());
        assertEquals("""
                ERROR keepalived.conf:3 missing '}': the block of 'authentication' opened here is not closed at the end of the configuration
                ERROR keepalived.conf:1 missing '}': the block of 'vrrp_instance' opened here is not closed at the end of the configuration
                """, h.problems());
    }

    /**
     * Deliberate difference. Verified: keepalived says "Unexpected '{' - ignoring" and reads the block's lines at
     * the current level, its '}' then closing the enclosing block. We ignore the whole block.
     */
    @Test
    void braceWithoutAKeywordIgnoresItsBlock() {
        Harness h = Harness.text("""
                vrrp_instance VI_1 {
                  {
                    junk 1
                    { nested }
                  }
                  state MASTER
                }
                { top level }
                last
                """);
        assertEquals("""
                1 vrrp_instance VI_1 {
                  6 state MASTER
                }
                9 last
                """, h.tree());
        assertEquals("""
                ERROR keepalived.conf:2 '{' does not follow a keyword; the block it opens is ignored
                ERROR keepalived.conf:8 '{' does not follow a keyword; the block it opens is ignored
                """, h.problems());
    }

    /**
     * A keyword that takes no block in keepalived still gets one when '{' follows (the binders report and skip
     * it). Verified: keepalived reports "Unexpected '{' - ignoring" for {@code state MASTER} followed by '{'.
     */
    @Test
    void anyStatementFollowedByABraceOpensABlock() {
        Harness h = Harness.text("vrrp_instance VI_1 {\n  state MASTER\n  {\n    junk 1\n  }\n  priority 100\n}\n");
        assertEquals("""
                1 vrrp_instance VI_1 {
                  2 state MASTER {
                    4 junk 1
                  }
                  6 priority 100
                }
                """, h.tree());
        assertTrue(h.clean(), h.problems());
    }

    @Test
    void unknownKeywordsKeepTheirBlockInTheTree() {
        Harness h = Harness.text("vrrp_instance X {\n  no_such_thing {\n    priority 1\n  }\n  priority 2\n}\n");
        Statement unknown = h.statements.get(0).children().get(0);
        assertEquals("no_such_thing", unknown.keyword());
        assertEquals(1, unknown.children().size());
        assertEquals("priority 2", String.join(" ", h.statements.get(0).children().get(1).words()));
    }

    @Test
    void nestingDeeperThanTheLimitIsIgnoredWithAnError() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            text.append("level").append(i).append(" {\n");
        }
        text.append("deepest\n");
        text.append("}\n".repeat(100));
        text.append("after\n");
        Harness h = Harness.text(text.toString());
        assertEquals(2, h.statements.size());
        assertEquals("after", h.statements.get(1).keyword());
        int depth = 0;
        Statement s = h.statements.get(0);
        while (s.hasBlock() && !s.children().isEmpty()) {
            s = s.children().get(0);
            depth++;
        }
        assertEquals(ReaderLimits.DEFAULT.maxBlockDepth() - 1, depth);
        assertEquals(1, h.count(Severity.ERROR), h.problems());
        assertTrue(h.problems().contains("nested more than 64 deep"), h.problems());
    }

    @Test
    void millionsOfOpeningBracesNeitherOverflowTheStackNorTheHeap() {
        Harness h = Harness.text("x " + "{".repeat(200_000) + "\n" + "}".repeat(200_000) + "\nlast\n");
        assertEquals("last", h.statements.get(h.statements.size() - 1).keyword());
        assertEquals(1, h.count(Severity.ERROR), h.problems());
    }

    /** Verified: a file with {@code a\0b c} gives Unknown keyword 'a' only. */
    @Test
    void nulEndsTheLine() {
        Harness h = Harness.text("a\0b c\nd\n");
        assertEquals("1 a\n2 d\n", h.tree());
        assertEquals(1, h.count(Severity.WARNING));
    }

    /**
     * Deliberate difference. Verified: keepalived cuts a 2,100-byte line into 1023-byte pieces, the first piece
     * reported at the previous line's number and words cut in the middle. We read the line whole and warn.
     */
    @Test
    void linesLongerThanKeepalivedsBufferAreReadWholeWithAWarning() {
        String longWord = "y".repeat(2100);
        Harness h = Harness.text("first\nk1 " + longWord + " tail\nlast\n");
        assertEquals(3, h.statements.size());
        assertEquals(List.of("k1", longWord, "tail"), h.statements.get(1).words());
        assertEquals(2, h.statements.get(1).location().line());
        assertEquals(1, h.diagnostics.size());
        assertEquals(2, h.diagnostics.get(0).location().line());
        assertTrue(h.diagnostics.get(0).message().contains("2108 bytes long"), h.problems());
    }

    @Test
    void longLinesAreMeasuredInUtf8Bytes() {
        String chinese = "节".repeat(400);
        Harness h = Harness.text("k " + chinese + "\n");
        assertEquals(1, h.diagnostics.size(), h.problems());
        assertTrue(h.diagnostics.get(0).message().contains("1202 bytes"), h.problems());
        assertTrue(Harness.text("k " + "节".repeat(300) + "\n").clean());
    }

    @Test
    void byteOrderMarkIsKeptButReported() {
        Harness h = Harness.text("\uFEFFglobal_defs {\n}\n");
        assertEquals("\uFEFFglobal_defs", h.statements.get(0).keyword());
        assertEquals(1, h.count(Severity.WARNING));
    }

    @Test
    void emptyAndCommentOnlyInputGivesNoStatements() {
        assertTrue(Harness.text("").statements.isEmpty());
        assertTrue(Harness.text("\n\n  \t\n# x\n!y\n").statements.isEmpty());
        assertTrue(Harness.text("").clean());
    }

    @Test
    void lastLineWithoutNewlineIsRead() {
        Harness h = Harness.text("a\nb c");
        assertEquals("1 a\n2 b c\n", h.tree());
    }

    @Test
    void statementLinesWithoutBlockHaveNullBlock() {
        Harness h = Harness.text("a b\n");
        assertFalse(h.statements.get(0).hasBlock());
        assertNull(h.statements.get(0).block());
    }
}
