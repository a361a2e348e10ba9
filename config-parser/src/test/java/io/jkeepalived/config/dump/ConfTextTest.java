package io.jkeepalived.config.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ConfTextTest {
    @Test
    void wordsAreQuotedOnlyWhenKeepalivedWouldOtherwiseSplitOrStripThem() {
        assertEquals("eth0:1", ConfText.quote("eth0:1"));
        assertEquals("ops@example.com", ConfText.quote("ops@example.com"));
        assertEquals("\"killall -0 sshd\"", ConfText.quote("killall -0 sshd"));
        assertEquals("\"a#b\"", ConfText.quote("a#b"), "'#' starts a comment outside quotes");
        assertEquals("\"a!b\"", ConfText.quote("a!b"));
        assertEquals("\"$HOME\"", ConfText.quote("$HOME"));
        assertEquals("\"@host\"", ConfText.quote("@host"), "a leading '@' makes a conditional line");
        assertEquals("\"{\"", ConfText.quote("{"));
        assertEquals("\"\"", ConfText.quote(""));
        assertThrows(IllegalArgumentException.class, () -> ConfText.quote("say \"hi\""));
        assertThrows(IllegalArgumentException.class, () -> ConfText.quote("ends with \\"));
    }

    @Test
    void layoutIsFourSpacesPerLevel() {
        StringBuilder out = new StringBuilder();
        new ConfText(out).open("vrrp_instance", "VI_1").open("track_script").line("chk", "weight", "-4").close()
                .close();
        assertEquals("vrrp_instance VI_1 {\n    track_script {\n        chk weight -4\n    }\n}\n", out.toString());
    }
}
