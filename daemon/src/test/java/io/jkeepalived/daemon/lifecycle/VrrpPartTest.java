package io.jkeepalived.daemon.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jkeepalived.config.model.GlobalDefs;
import io.jkeepalived.config.model.KeepalivedConfig;
import io.jkeepalived.config.model.LvsConfig;
import io.jkeepalived.config.model.VrrpConfig;
import org.junit.jupiter.api.Test;

/**
 * The VRRP part takes a reload through the runtime (the reload itself is tested against keepalived in the vrrp
 * module's VrrpReloadNamespaceTest; running VRRP here would put it in the test machine's own namespace).
 */
class VrrpPartTest {
    private static final KeepalivedConfig EMPTY = new KeepalivedConfig(GlobalDefs.defaults(), VrrpConfig.EMPTY,
            LvsConfig.EMPTY);

    @Test
    void aReloadBeforeStartIsRefusedWithAReasonAndNotTheDefaultUnsupported() {
        VrrpPart part = new VrrpPart(EMPTY);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> part.reload(EMPTY));
        assertEquals("VRRP is not running", e.getMessage());
        part.stop();
        assertThrows(IllegalStateException.class, () -> part.reload(EMPTY), "nor after stop");
    }
}
