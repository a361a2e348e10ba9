package io.jkeepalived.vrrp.net;

import java.io.IOException;

/** Puts a ready-made Ethernet frame on the wire of one interface. */
@FunctionalInterface
public interface FrameSender {
    /**
     * @param ifIndex        the interface to send from
     * @param frame          the whole frame, Ethernet header included
     * @param ethertype      the frame's Ethernet protocol (host order)
     * @param destinationMac the frame's destination, for the socket address
     */
    void send(int ifIndex, byte[] frame, int ethertype, byte[] destinationMac) throws IOException;
}
