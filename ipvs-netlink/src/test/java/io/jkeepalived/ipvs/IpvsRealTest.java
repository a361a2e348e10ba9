package io.jkeepalived.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.jkeepalived.netlink.ModprobeLoader;
import io.jkeepalived.testing.RootRequired;
import io.jkeepalived.testing.TestNetns;

/**
 * What the running kernel says about IPVS, through our resolver in a test namespace. On this project's host
 * (no CONFIG_IP_VS, no module support) that is a clear "kernel has no IPVS"; in the lab VM, with ip_vs
 * loadable, the same test resolves the family and reads the version instead.
 */
class IpvsRealTest {

    @BeforeAll
    static void root() {
        RootRequired.check();
    }

    @Test
    void resolvesIpvsOrSaysClearlyThatTheKernelHasNone() throws Exception {
        boolean moduleSupport = Files.exists(Path.of("/proc/sys/kernel/modprobe"));
        try (TestNetns ns = TestNetns.create("ipvs")) {
            IpvsClient client = null;
            IpvsUnavailableException unavailable = null;
            try {
                client = IpvsClient.open(ns.namespace(), new ModprobeLoader());
            } catch (IpvsUnavailableException e) {
                unavailable = e;
            }
            // After the attempt, the kernel's own view decides which outcome is right.
            if (Files.exists(Path.of("/proc/net/ip_vs"))) {
                assertTrue(client != null, "IPVS is present, yet: " + unavailable);
                try (IpvsClient ipvs = client) {
                    assertTrue(ipvs.info().versionString().startsWith("1."), ipvs.info().toString());
                    assertEquals(0, ipvs.services().size(), "a fresh namespace has an empty IPVS table");
                }
            } else {
                assertTrue(unavailable != null, "no /proc/net/ip_vs, yet the IPVS family resolved");
                assertTrue(unavailable.getMessage().startsWith("kernel has no IPVS: generic netlink family IPVS is "
                        + "not registered and loading module ip_vs: "), unavailable.getMessage());
                // what the checker part logs at start-up: one line that says what to fix, no stack trace needed
                assertTrue(!unavailable.getMessage().contains("\n"), unavailable.getMessage());
                assertTrue(unavailable.getMessage().endsWith("(is CONFIG_IP_VS enabled?)"), unavailable.getMessage());
                if (!moduleSupport) {
                    assertTrue(unavailable.getMessage().contains("the kernel has no module support"),
                            unavailable.getMessage());
                }
            }
        }
    }
}
