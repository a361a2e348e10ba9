package io.jkeepalived.it.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lab builds command lines for sh; a word must come back from sh exactly as it went in. */
class ShellQuoteTest {

    @Test
    void wordsSurviveTheShellUnchanged() throws Exception {
        for (String word : List.of("plain", "/work/a b/c.jar", "it's", "$HOME", "`id`", "a\"b", "", "x\ny", "*", "a;b")) {
            assertEquals(word, echoThroughSh(KernelLab.shellQuote(word)), "word " + word);
        }
    }

    @Test
    void safeWordsStayReadable() {
        assertEquals("/usr/lib/jvm/java-17/bin/java", KernelLab.shellQuote("/usr/lib/jvm/java-17/bin/java"));
        assertEquals("-XX:TieredStopAtLevel=1", KernelLab.shellQuote("-XX:TieredStopAtLevel=1"));
        assertEquals("'a b'", KernelLab.shellQuote("a b"));
    }

    private static String echoThroughSh(String quoted) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", "printf '%s' " + quoted).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        return out;
    }
}
