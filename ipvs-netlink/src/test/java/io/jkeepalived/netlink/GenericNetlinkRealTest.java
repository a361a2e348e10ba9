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

    @Test
    void kernelExtendedAckTextReachesTheException() throws Exception {
        try (TestNetns ns = TestNetns.create("genl"); GenericNetlink genl = GenericNetlink.open(ns.namespace())) {
            // CTRL_ATTR_FAMILY_ID is a u16 in the controller's policy: one byte is too short for it.
            NetlinkMessageBuilder bad = new NetlinkMessageBuilder()
                    .begin(Netlink.GENL_ID_CTRL, Netlink.NLM_F_REQUEST)
                    .genlHeader(Netlink.CTRL_CMD_GETFAMILY, 1)
                    .attrU8(Netlink.CTRL_ATTR_FAMILY_ID, Netlink.GENL_ID_CTRL);
            NetlinkErrorException e = assertThrows(NetlinkErrorException.class,
                    () -> genl.connection().execute(bad, "get family by a malformed id"));
            // 6.x kernels say ERANGE for an attribute below its minimum length, older ones EINVAL
            assertTrue(e.is(Errno.ERANGE) || e.is(Errno.EINVAL), e.getMessage());
            System.out.println("kernel's answer: " + e.getMessage());
            assertTrue(e.extAckMessage() != null && !e.extAckMessage().isEmpty(), "extended ack text expected");
            assertTrue(e.getMessage().contains("kernel says"), e.getMessage());
            assertTrue(e.extAckOffset() >= Netlink.HEADER_SIZE + Netlink.GENL_HEADER_SIZE, "offset " + e.extAckOffset());
        }
    }
}
