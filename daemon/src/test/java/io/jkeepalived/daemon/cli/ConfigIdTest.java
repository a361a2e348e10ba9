package io.jkeepalived.daemon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigIdTest {
    @Test
    void theShortHostNameIsTheNodeNameUpToTheFirstDot() {
        assertEquals("lb1", ConfigId.fromNodeName("lb1.dc2.example.net"));
        assertEquals("lb1", ConfigId.fromNodeName("lb1"));
        assertEquals("", ConfigId.fromNodeName(".hidden"));
        assertEquals("lb1", ConfigId.fromNodeName("lb1."));
    }

    @Test
    void theNodeNameIsTheKernelsAsUnameReportsIt() throws IOException {
        // uname(2)'s nodename is what /proc/sys/kernel/hostname shows; `uname -n` prints the same.
        String kernel = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        assertEquals(kernel, ConfigId.currentNodeName(Map.of("HOSTNAME", "not-this-one")));
    }
}
