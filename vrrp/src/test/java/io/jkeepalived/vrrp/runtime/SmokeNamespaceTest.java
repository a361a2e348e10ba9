package io.jkeepalived.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeepalived.vrrp.VrrpState;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeNamespaceTest {
    @TempDir
    Path dir;

    static String conf(char letter, int priority) {
        return "vrrp_instance VI_1 {\n interface " + Lab.dev(letter) + "\n virtual_router_id 51\n priority " + priority
                + "\n advert_int 1\n authentication {\n auth_type PASS\n auth_pass secret\n }\n"
                + " virtual_ipaddress {\n 192.0.2.100/24\n }\n}\n";
    }

    @Test
    void twoNodesElectOneMaster() throws Exception {
        try (Lab lab = Lab.create("smk", "abx");
             Node a = Node.start(lab, 'a', dir, conf('a', 150));
             Node b = Node.start(lab, 'b', dir, conf('b', 100))) {
            Node.await("a master", Duration.ofSeconds(6), () -> a.state("VI_1") == VrrpState.MASTER);
            Thread.sleep(1500);
            assertEquals(VrrpState.BACKUP, b.state("VI_1"));
            assertTrue(lab.hasAddress('a', "192.0.2.100"), lab.addresses('a'));
            System.out.println(a.runtime.status());
            System.out.println(b.runtime.status());
        }
    }
}
