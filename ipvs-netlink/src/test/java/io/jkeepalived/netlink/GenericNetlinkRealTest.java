package io.jkeepalived.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.jkeepalived.libc.Errno;
import io.jkeepalived.testing.RootRequired;
import io.jkeepalived.testing.TestNetns;

/** Generic netlink against the host kernel, inside a namespace the test creates. */
class GenericNetlinkRealTest {

    @BeforeAll
    static void root() {
        RootRequired.check();
    }

    @Test
    void resolvesTheControllerItself() throws Exception {
        try (TestNetns ns = TestNetns.create("genl"); GenericNetlink genl = GenericNetlink.open(ns.namespace())) {
            GenlFamily ctrl = genl.family("nlctrl");
            assertEquals("nlctrl", ctrl.name());
            assertEquals(Netlink.GENL_ID_CTRL, ctrl.id());
            assertTrue(ctrl.version() >= 1, "version " + ctrl.version());
            assertEquals(Netlink.GENL_ID_CTRL, ctrl.multicastGroups().get("notify"));
        }
    }

    @Test
    void absentFamilyIsTypedAndTheModuleLoaderIsAskedOnce() throws Exception {
        try (TestNetns ns = TestNetns.create("genl"); GenericNetlink genl = GenericNetlink.open(ns.namespace())) {
            GenericFamilyNotFoundException plain = assertThrows(GenericFamilyNotFoundException.class,
                    () -> genl.family("jkv-nl-none"));
            assertEquals(Errno.ENOENT, plain.errno());
            assertEquals("jkv-nl-none", plain.family());
            assertTrue(plain.getMessage().contains("jkv-nl-none"), plain.getMessage());

            List<String> asked = new ArrayList<>();
            GenericFamilyNotFoundException loaded = assertThrows(GenericFamilyNotFoundException.class,
                    () -> genl.family("jkv-nl-none", "jkv_nl_mod", module -> {
                        asked.add(module);
                        return new KernelModuleLoader.Result(false, "modprobe: FATAL: Module jkv_nl_mod not found");
                    }));
            assertEquals(List.of("jkv_nl_mod"), asked);
            assertEquals(1, loaded.getSuppressed().length);
            assertTrue(loaded.getSuppressed()[0].getMessage().contains("Module jkv_nl_mod not found"));
            // The connection still works after errors.
            assertEquals("nlctrl", genl.family("nlctrl").name());
        }
    }
}
