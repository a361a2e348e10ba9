package io.jkeepalived.fifo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The lines keepalived 2.2.7 writes (vrrp_notify.c, ipwrapper.c, utils.c inet_sockaddrtotrio). */
class NotifyFifoLinesTest {

    @Test
    void vrrpLines() {
        assertEquals("INSTANCE \"VI_1\" MASTER 100", NotifyFifoLines.instance("VI_1", "MASTER", 100));
        assertEquals("INSTANCE \"VI 2\" MASTER_PRIORITY 90", NotifyFifoLines.instance("VI 2", "MASTER_PRIORITY", 90));
        assertEquals("GROUP \"G1\" STOP 0", NotifyFifoLines.group("G1", "STOP"));
    }

    @Test
    void lvsLines() throws Exception {
        String vs = NotifyFifoLines.trio(InetAddress.getByName("10.0.0.1"), "tcp", 80);
        String rs = NotifyFifoLines.trio(InetAddress.getByName("192.168.1.2"), "tcp", 8080);
        assertEquals("VS [10.0.0.1]:tcp:80 UP", NotifyFifoLines.virtualServer(vs, true));
        assertEquals("RS [192.168.1.2]:tcp:8080 [10.0.0.1]:tcp:80 DOWN", NotifyFifoLines.realServer(rs, vs, false));
        assertEquals("VS FWM 7 DOWN", NotifyFifoLines.virtualServer(NotifyFifoLines.fwmark(7), false));
        assertEquals("VS [web]:0 UP", NotifyFifoLines.virtualServer(NotifyFifoLines.serviceGroup("web", 0), true));
    }

    @Test
    void ipv6AsInetNtopWritesIt() throws Exception {
        assertEquals("[2001:db8::1]:udp:53", NotifyFifoLines.trio(InetAddress.getByName("2001:db8:0:0:0:0:0:1"), "udp", 53));
        assertEquals("::", NotifyFifoLines.text(InetAddress.getByName("::")));
        assertEquals("::1", NotifyFifoLines.text(InetAddress.getByName("::1")));
        assertEquals("fe80::1:0:0:2", NotifyFifoLines.text(InetAddress.getByName("fe80:0:0:0:1:0:0:2")));
        // A single zero word is not compressed; the first of two equal runs is.
        assertEquals("2001:db8:0:1:2:3:4:5", NotifyFifoLines.text(InetAddress.getByName("2001:db8:0:1:2:3:4:5")));
        assertEquals("1:0:0:2::3", NotifyFifoLines.text(InetAddress.getByName("1:0:0:2:0:0:0:3")));
        assertEquals("1::2:0:0:3:4", NotifyFifoLines.text(InetAddress.getByName("1:0:0:2:0:0:3:4")));
        assertEquals("::ffff:10.0.0.1", NotifyFifoLines.text(java.net.Inet6Address.getByAddress(null,
                new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 1}, null)));
    }
}
