package io.jkeepalived.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.config.ScriptSecurity;
import io.jkeepalived.config.dump.CanonicalWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code -t} on real files through the real parser and the real script-security rule, as {@link Main} wires
 * them. Each file is in src/test/resources/script-security; keepalived 2.2.7 ({@code keepalived -t -l -f FILE}
 * in a network namespace with eth0) gave the exit code each test expects.
 */
class ScriptSecurityTest {
    private final TestHost host = new TestHost();

    ScriptSecurityTest() {
        host.loader = ConfigLoader.configParser();
        host.scriptsWithoutSecurity = ScriptSecurity::scriptsWithoutSecurity;
        host.dumper = config -> new CanonicalWriter().write(config);
    }

    private static Path file(String name) {
        try {
            return Path.of(ScriptSecurityTest.class.getResource("/script-security/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private int test(Path config) {
        return host.run("-t", "-f", config.toString());
    }

    /** keepalived: "SECURITY VIOLATION - scripts are being executed but script_security not enabled.", exit 6. */
    @Test
    void aNotifyScriptAloneIsAViolation() {
        Path config = file("notify-only.conf");
        assertEquals(6, test(config));
        assertEquals(config + ":9: SECURITY VIOLATION - scripts are configured (the first is here) but global_defs"
                + " has no enable_script_security; keepalived -t exits 6 for this\n", host.err());
    }

    @Test
    void aTrackedVrrpScriptIsAViolation() {
        Path config = file("tracked-script.conf");
        assertEquals(6, test(config));
        assertTrue(host.err().startsWith(config + ":2: SECURITY VIOLATION"), host.err());
        assertEquals(1, host.err().lines().count(), host.err());
    }

    /**
     * keepalived counts every vrrp_script once a vrrp_instance exists, tracked or not (exit 6), although it never
     * runs an untracked one; without any instance its VRRP check does not run (exit 0).
     */
    @Test
    void anUntrackedVrrpScriptCountsOnlyBesideAnInstance() {
        Path config = file("untracked-script.conf");
        assertEquals(6, test(config));
        assertTrue(host.err().startsWith(config + ":2: SECURITY VIOLATION"), host.err());

        TestHost alone = new TestHost();
        alone.loader = ConfigLoader.configParser();
        alone.scriptsWithoutSecurity = ScriptSecurity::scriptsWithoutSecurity;
        assertEquals(0, alone.run("-t", "-f", file("script-without-instance.conf").toString()));
        assertEquals("", alone.err());
    }

    /** keepalived: "SECURITY VIOLATION - check scripts are being executed but script_security not enabled.". */
    @Test
    void aMiscCheckIsAViolation() {
        Path config = file("misc-check.conf");
        assertEquals(6, test(config));
        assertEquals(config + ":8: SECURITY VIOLATION - scripts are configured (the first is here) but global_defs"
                + " has no enable_script_security; keepalived -t exits 6 for this\n", host.err());
    }

    /** The same scripts (tracked vrrp_script and MISC_CHECK) with enable_script_security: clean, exit 0. */
    @Test
    void enableScriptSecurityMakesItClean() {
        assertEquals(0, test(file("secure.conf")));
        assertEquals("", host.err());
        assertEquals(0, host.run("-t", "-d", "-f", file("secure.conf").toString()));
        assertTrue(host.out().contains("enable_script_security"), host.out());
    }
}
