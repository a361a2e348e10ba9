package io.jkeepalived.daemon.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.config.ConfigParser;
import io.jkeepalived.config.ParseOptions;
import io.jkeepalived.config.model.KeepalivedConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The VRRP part starts its runtime on the first configuration with instances and stops it when none is left. */
class VrrpOnDemandTest {
    @TempDir
    Path dir;

    private final List<String> events = new ArrayList<>();
    private boolean failStart;

    private KeepalivedConfig config(String... instances) throws IOException {
        StringBuilder s = new StringBuilder();
        int vrid = 50;
        for (String name : instances) {
            s.append("vrrp_instance ").append(name).append(" {\n interface lo\n virtual_router_id ").append(++vrid)
                    .append("\n virtual_ipaddress {\n 192.0.2.").append(vrid).append("\n }\n}\n");
        }
        Path file = Files.writeString(dir.resolve("k" + events.size() + instances.length + ".conf"), s.toString());
        return new ConfigParser(new ParseOptions("r2")).parse(file).config();
    }

    /** A fake runtime that records what it is asked, with the instance count of its configuration. */
    private Lifecycle.Part runtime(KeepalivedConfig config) {
        int serial = (int) events.stream().filter(e -> e.startsWith("new")).count() + 1;
        events.add("new#" + serial + " " + config.vrrp().instances().size());
        return new Lifecycle.Part() {
            @Override
            public String name() {
                return "VRRP";
            }

            @Override
            public void start() throws IOException {
                events.add("start#" + serial);
                if (failStart) {
                    throw new IOException("socket(2, 3, 112): EPERM");
                }
            }

            @Override
            public void reload(KeepalivedConfig next) {
                events.add("reload#" + serial + " " + next.vrrp().instances().size());
            }

            @Override
            public void stop() {
                events.add("stop#" + serial);
            }
        };
    }

    @Test
    void noInstanceAtStartRunsNothingUntilAReloadBringsOne() throws Exception {
        VrrpOnDemand part = new VrrpOnDemand(config(), this::runtime);
        part.start();
        part.reload(config());
        assertEquals(List.of(), events, "no runtime while there is no instance");
        assertFalse(part.active());

        part.reload(config("VI_1"));
        assertEquals(List.of("new#1 1", "start#1"), events);
        assertTrue(part.active());
        part.reload(config("VI_1", "VI_2"));
        assertEquals("reload#1 2", events.get(2), "a running runtime reloads, it is not restarted");

        // Every instance removed: they go as a reload removes them (priority 0, VIPs), then the runtime stops.
        part.reload(config());
        assertEquals(List.of("new#1 1", "start#1", "reload#1 2", "reload#1 0", "stop#1"), events);
        assertFalse(part.active());
        part.stop();
        assertEquals(5, events.size(), "nothing left to stop");

        // And back again: a fresh runtime.
        part.reload(config("VI_3"));
        part.stop();
        assertEquals(List.of("new#2 1", "start#2", "stop#2"), events.subList(5, 8));
    }

    @Test
    void instancesAtStartRunAtOnceAndStopAtStop() throws Exception {
        VrrpOnDemand part = new VrrpOnDemand(config("VI_1"), this::runtime);
        part.start();
        part.stop();
        assertEquals(List.of("new#1 1", "start#1", "stop#1"), events);
    }

    @Test
    void aRuntimeThatCannotStartOnReloadLeavesThePartIdleAndSaysSo() throws Exception {
        VrrpOnDemand part = new VrrpOnDemand(config(), this::runtime);
        part.start();
        failStart = true;
        KeepalivedConfig next = config("VI_1");
        IOException e = assertThrows(IOException.class, () -> part.reload(next));
        assertTrue(e.getMessage().contains("EPERM"), e.getMessage());
        assertFalse(part.active());
        failStart = false;
        part.reload(next);
        assertTrue(part.active(), "the next reload tries again");
    }
}
