package io.jkeepalived.config.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.config.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Script lines: keepalived splits them twice with quote and escape processing, once the whole line, once the
 * command text.
 *
 * <p>Verified on a running keepalived 2.2.7 ({@code ip netns exec NS keepalived -n -l -P -f run.conf} in a
 * throw-away namespace, vrrp_scripts s1..s4 below running a script that logs its arguments): s1 got
 * [a b] [cA] [q] [d e]; s2 got [x] [y]; s3 got [p] [q]; s4 got [A] [z] [;semi] [//sl].
 */
class ScriptWordsTest {

    private static List<String> argv(Statement script) {
        EscapedWords.Result result = EscapedWords.split(script.words().get(1));
        assertTrue(result.ok(), result.toString());
        return result.words();
    }

    @Test
    void scriptCommandsSplitLikeKeepalived() {
        Harness h = Harness.text("""
                vrrp_script s1 {
                  script "/tmp/jkv-lx/argv.sh 'a b' c\\x41 \\"q\\" d\\\\ e"
                }
                vrrp_script s2 {
                  script '/tmp/jkv-lx/argv.sh x y'
                }
                vrrp_script s3 {
                  script /tmp/jkv-lx/argv.sh\\ p\\ q
                }
                vrrp_script s4 {
                  script "/tmp/jkv-lx/argv.sh \\101\\tz ;semi //sl"
                }
                """);
        assertTrue(h.clean(), h.problems());
        List<Statement> scripts = h.statements.stream().map(s -> s.children().get(0)).toList();
        assertEquals("/tmp/jkv-lx/argv.sh 'a b' cA \"q\" d\\ e", scripts.get(0).words().get(1));
        assertEquals(List.of("/tmp/jkv-lx/argv.sh", "a b", "cA", "q", "d e"), argv(scripts.get(0)));
        assertEquals(List.of("/tmp/jkv-lx/argv.sh", "x", "y"), argv(scripts.get(1)));
        assertEquals(List.of("/tmp/jkv-lx/argv.sh", "p", "q"), argv(scripts.get(2)));
        assertEquals(List.of("/tmp/jkv-lx/argv.sh", "A", "z", ";semi", "//sl"), argv(scripts.get(3)));
    }

    @Test
    void notifyScriptsKeepTheirUserWord() {
        Harness h = Harness.text("""
                notify_master "/etc/keepalived/notify.sh MASTER" root
                notify /etc/keepalived/notify.sh
                misc_path "/usr/bin/curl -s http://127.0.0.1/ok"
                """);
        assertEquals(List.of("notify_master", "/etc/keepalived/notify.sh MASTER", "root"), h.statements.get(0).words());
        assertEquals(List.of("notify", "/etc/keepalived/notify.sh"), h.statements.get(1).words());
        assertEquals(List.of("/usr/bin/curl", "-s", "http://127.0.0.1/ok"), argv(h.statements.get(2)));
    }

    /** Other keywords keep backslashes and single quotes: a password must reach VRRP byte for byte. */
    @Test
    void onlyScriptKeywordsAreEscaped() {
        Harness h = Harness.text("auth_pass 'pa\\x41ss'\n");
        assertEquals(List.of("auth_pass", "'pa\\x41ss'"), h.statements.get(0).words());
    }

    @Test
    void badScriptQuotingIsReported() {
        Harness h = Harness.text("script \"/bin/true 'x\"\nscript '/bin/true\n");
        // The first line's outer split succeeds; only the command split fails, as in keepalived.
        assertEquals("/bin/true 'x", h.statements.get(0).words().get(1));
        assertFalse(EscapedWords.split(h.statements.get(0).words().get(1)).ok());
        assertEquals(1, h.diagnostics.size(), h.problems());
        assertEquals(2, h.diagnostics.get(0).location().line());
        assertTrue(h.diagnostics.get(0).message().contains("missing terminating '"), h.problems());
    }

    @Test
    void escapes() {
        assertEquals(List.of("\u0007\b\u001b\f\n\r\t\u000b", "\\", "\"", "'", "z"),
                EscapedWords.split("\\a\\b\\E\\f\\n\\r\\t\\v \\\\ \\\" \\' \\z").words());
        assertEquals(List.of("A", "\u0001", "S", "\u0003"), EscapedWords.split("\\101 \\1 \\x414253 \\cc").words());
        assertEquals(List.of("abcd efg h jkl mnop"), EscapedWords.split("abcd\" efg h jkl \"mnop").words());
        assertEquals(List.of("abcd", "efg h jkl", "mnop"), EscapedWords.split("abcd \"efg h jkl\" mnop").words());
        assertEquals(List.of("", "x"), EscapedWords.split("'' x").words());
        assertTrue(EscapedWords.split("  ").words().isEmpty());
        assertFalse(EscapedWords.split("ends with \\").ok());
        assertFalse(EscapedWords.split("open \"quote").ok());
    }

    /** What the canonical writer relies on: quote() is read back by the reader and split() as the same word. */
    @Test
    void quoteIsTheInverseOfTheReadersScriptSplitting() {
        java.util.Random random = new java.util.Random(7);
        String alphabet = "ab \t\\\"'$#!{}@~;/\n\u0001x\u00e9中";
        for (int i = 0; i < 2_000; i++) {
            StringBuilder word = new StringBuilder();
            int length = random.nextInt(12);
            for (int k = 0; k < length; k++) {
                word.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String w = word.toString();
            assertEquals(List.of(w), EscapedWords.split(EscapedWords.quote(w)).words(), w);
            Harness h = Harness.text("notify_master " + EscapedWords.quote(w) + " root\n");
            assertTrue(h.clean(), w + " -> " + EscapedWords.quote(w) + ": " + h.problems());
            assertEquals(List.of("notify_master", w, "root"), h.statements.get(0).words(), EscapedWords.quote(w));
        }
        assertEquals("/bin/plain-1.sh", EscapedWords.quote("/bin/plain-1.sh"));
        assertEquals("\"\"", EscapedWords.quote(""));
    }

    @Test
    void bindersRejectCommandsKeepalivedCannotSplit() {
        var bound = io.jkeepalived.config.testing.TestConf.bind("""
                vrrp_script chk {
                  script "/bin/check 'unterminated"
                }
                vrrp_instance VI_1 {
                  interface eth0
                  virtual_router_id 1
                  priority 100
                  notify_master "/bin/notify \\"
                }
                """);
        assertTrue(bound.report().contains("2 ERROR script: cannot split the command into program and arguments"),
                bound.report());
        assertTrue(bound.report().contains("8 ERROR notify_master: cannot split the command"), bound.report());
    }
}
