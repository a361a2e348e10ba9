package io.jkeepalived.config.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ModelInvariantsTest {
    @Test
    void authenticationDataIsThePasswordZeroPadded() {
        assertArrayEquals(new byte[] {'1', '1', '1', '1', 0, 0, 0, 0},
                new Authentication(Authentication.Type.PASS, "1111").authData());
        assertThrows(IllegalArgumentException.class, () -> new Authentication(Authentication.Type.PASS, "123456789"));
        assertThrows(IllegalArgumentException.class, () -> new Authentication(Authentication.Type.PASS, ""));
    }

    @Test
    void recordsRefuseValuesKeepalivedNeverProduces() throws Exception {
        InetAddress v6 = InetAddress.getByName("2001:db8::1");
        assertThrows(IllegalArgumentException.class, () -> new VirtualAddress(v6, 129, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), 0, false, false, false, false, false, false,
                false, OptionalLong.empty()));
        assertThrows(IllegalArgumentException.class, () -> new VirtualAddress(v6, 64, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of("eth0:1"), 0, false, false, false, false, false,
                false, false, OptionalLong.empty()));
        assertThrows(IllegalArgumentException.class, () -> new TrackedScript("x", 254, false));
        assertThrows(IllegalArgumentException.class, () -> VrrpInstance.builder("VI", 0).build());
        VrrpInstance.Builder b = VrrpInstance.builder("VI", 1);
        b.priority = 0;
        assertThrows(IllegalArgumentException.class, b::build);
    }

    @Test
    void scopeNames() {
        assertEquals("link", VirtualAddress.scopeName(253));
        assertEquals("17", VirtualAddress.scopeName(17));
        assertEquals(200, VirtualAddress.scopeNumber("site"));
        assertEquals(-1, VirtualAddress.scopeNumber("universe"));
    }
}
