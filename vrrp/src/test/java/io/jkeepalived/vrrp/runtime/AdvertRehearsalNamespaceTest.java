package io.jkeepalived.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkeepalived.libc.Libc;
import io.jkeepalived.libc.NetNamespace;
import io.jkeepalived.vrrp.Advertisement;
import io.jkeepalived.vrrp.AdvertisementCodec;
import io.jkeepalived.vrrp.VrrpParameters;
import io.jkeepalived.vrrp.net.Ipv4VrrpSocket;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The advert send rehearsal runs the send to the kernel's refusal: on the wire, nothing; then a real send is seen. */
class AdvertRehearsalNamespaceTest {
    private final Libc libc = Libc.get();

    @Test
    void aRehearsedAdvertNeverLeavesAndARealOneDoes() throws Exception {
        try (Lab lab = Lab.create("rh", "ax"); Wire wire = new Wire(lab, 'x')) {
            String dev = Lab.dev('a');
            int index = Integer.parseInt(lab.ip(lab.ns('a'), "-o", "link", "show", "dev", dev).split(":")[0].trim());
            InetAddress us = InetAddress.getByName("192.0.2.1");
            Ipv4VrrpSocket socket;
            try (NetNamespace ns = NetNamespace.named(libc, lab.ns('a'))) {
                socket = ns.call(() -> Ipv4VrrpSocket.open(libc, dev, index));
            }
            try (socket) {
                Advertisement advert = VrrpParameters.builder("rehearsal", 77, us)
                        .virtualAddresses(List.of(InetAddress.getByName("192.0.2.100"))).build().advertisement(100);
                byte[] message = AdvertisementCodec.encode(advert, us, Wire.GROUP);
                for (int i = 0; i < 300; i++) {
                    socket.rehearseSend(message, us, Wire.GROUP, 255);
                }
                Thread.sleep(300);
                assertEquals(List.of(), wire.from("192.0.2.1", 0), "a rehearsed advert reached the wire");
                socket.send(message, us, Wire.GROUP, 255);
                long deadline = System.nanoTime() + 3_000_000_000L;
                while (wire.from("192.0.2.1", 0).isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertEquals(1, wire.from("192.0.2.1", 0).size(), "the real advert, once");
                assertEquals(77, wire.from("192.0.2.1", 0).get(0).vrid());
            }
        }
    }
}
